// Whether python3 and tinygrad are there is asked only by the views that offer tinygrad, when they are
// shown; the popover's status reads never ask. The answer arrives as a `tinygradStatus` event.
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InferenceStatus, TinygradStatus } from '../../src/core/api/inference';
import { TinygradBenchmarkFields } from '../../src/renderer/src/components/TinygradBenchmarkFields';
import { TinygradServerCard } from '../../src/renderer/src/components/TinygradServerCard';
import { EMPTY_LIVE } from '../../src/renderer/src/live-series';
import { bindApi, useUi } from '../../src/renderer/src/store';
import { appState } from '../builders/app-state';
import { tinygradStatus } from '../builders/inference';
import { createFakeApi, type FakeApi } from '../fakes/fake-api';

const inference = (tinygrad: TinygradStatus): InferenceStatus => ({
  servers: [],
  proxy: { running: false, url: null, target: 'http://127.0.0.1:11434', error: null },
  tinygrad,
  lastByModel: [],
  resident: [],
});
const MISSING = 'tinygrad is not installed for /usr/bin/python3 (pip install tinygrad, or set inference.tinygrad.python)';

let unbind = (): void => undefined;
afterEach(() => {
  cleanup();
  unbind();
});

async function bound(): Promise<FakeApi> {
  useUi.setState({ state: null, events: [], actionError: null, busy: false, live: EMPTY_LIVE, trayTitle: null, measurements: [], inference: null });
  const fake = createFakeApi({
    getState: () => appState(),
    getAppInfo: () => ({ name: 'eGPU Companion', version: '0.1.0', transport: 'direct', demo: false, platform: 'darwin-arm64', dataDir: '/tmp' }),
    getEventLog: () => [],
    getInferenceStatus: () => inference(tinygradStatus()),
    checkTinygradReadiness: () => tinygradStatus({ unavailable: MISSING }),
  });
  unbind = bindApi(fake.api);
  await vi.waitFor(() => expect(useUi.getState().inference).not.toBeNull());
  return fake;
}

const asked = (fake: FakeApi) => fake.calls.filter((c) => c.command === 'checkTinygradReadiness').length;

describe('tinygrad readiness', () => {
  it('is not asked by reading the status, and is asked once when the server card is shown; the pushed answer shows', async () => {
    const fake = await bound();
    expect(asked(fake)).toBe(0);
    render(<TinygradServerCard />);
    await vi.waitFor(() => expect(asked(fake)).toBe(1));
    act(() => fake.emit('tinygradStatus', tinygradStatus({ unavailable: MISSING })));
    expect(await screen.findByText(MISSING)).toBeTruthy();
  });

  it('is asked when the benchmark form is shown', async () => {
    const fake = await bound();
    render(<TinygradBenchmarkFields />);
    await vi.waitFor(() => expect(asked(fake)).toBe(1));
  });
});
