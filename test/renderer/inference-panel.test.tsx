// The popover's live inference section, driven by inference events from a fake CompanionApi.
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InferenceStatus, Measurement } from '../../src/core/api/inference';
import { EMPTY_LIVE } from '../../src/renderer/src/live-series';
import { bindApi, useUi } from '../../src/renderer/src/store';
import { InferencePanel } from '../../src/renderer/src/components/InferencePanel';
import { tinygradStatus } from '../builders/inference';
import { createFakeApi, SAMPLE_STATE, type FakeApi } from '../fakes/fake-api';

const measurement = (model: string, onEgpu: boolean, tokensPerSecond: number): Measurement => ({
  at: 1, source: 'proxy', backend: onEgpu ? 'tinygrad' : 'http://127.0.0.1:11434', model, onEgpu, gpu: null, link: null, outcome: 'completed',
  tokensPerSecond, ttftMs: 180, promptTokensPerSecond: null, promptTokens: 20, completionTokens: 100, estimated: false, gbPerSecond: null, mbUsed: null,
});

const STATUS: InferenceStatus = {
  servers: [],
  proxy: { running: true, url: 'http://127.0.0.1:11435', target: 'http://127.0.0.1:11434', error: null },
  tinygrad: tinygradStatus({ models: [] }),
  lastByModel: [measurement('llama3.1:8b', false, 31.2), measurement('llama3.1:8b', true, 47.5)],
  resident: [
    { serverId: 'ollama', model: 'llama3.1:8b', gpuPercent: 100, offloaded: false },
    { serverId: 'ollama', model: 'llama3.1:70b', gpuPercent: 62, offloaded: true },
  ],
};

let fake: FakeApi;
let unbind: () => void;

beforeEach(() => {
  useUi.setState({ state: null, events: [], actionError: null, busy: false, live: EMPTY_LIVE, trayTitle: null, measurements: [], inference: null });
  fake = createFakeApi({
    getState: () => SAMPLE_STATE,
    getAppInfo: () => ({ name: 'eGPU Companion', version: '0.1.0', transport: 'direct', demo: false, platform: 'darwin-arm64', dataDir: '/tmp' }),
    getEventLog: () => [],
    getInferenceStatus: () => STATUS,
  });
  unbind = bindApi(fake.api);
  render(<InferencePanel />);
});
afterEach(() => {
  cleanup();
  unbind?.();
});

const live = (tokens: number, current: number | null, running = true) =>
  act(() => fake.emit('inferenceLive', { generationId: 1, model: 'qwen3:8b', tokens, currentTokensPerSecond: current, medianTokensPerSecond: 40, ttftMs: 212, onEgpu: true, running }));

describe('live inference in the Speed window', () => {
  it('shows the running generation with a sparkline that follows the readings', async () => {
    await screen.findByTestId('inference');
    live(5, 38);
    live(10, 42);
    const path = () => screen.getByTestId('sparkline').querySelector('path')?.getAttribute('d');
    const before = path();
    live(15, 44);
    expect(path()).not.toBe(before);
    expect(screen.getByTestId('live-model').textContent).toBe('Generating · qwen3:8b');
    expect(screen.getByTestId('live-current').textContent).toBe('now 44.0 tok/s');
    expect(screen.getByTestId('live-median').textContent).toBe('median 40.0 tok/s');
    expect(screen.getByTestId('live-ttft').textContent).toBe('TTFT 212 ms');
  });

  it('keeps the Apple-GPU servers in their own group, apart from the eGPU figures', async () => {
    const apple = await screen.findByTestId('group-apple-gpu');
    const egpu = screen.getByTestId('group-egpu');
    expect(within(apple).getByText('Apple GPU (baseline)')).toBeTruthy();
    expect(apple.textContent).toContain('31.2 tok/s');
    expect(apple.textContent).not.toContain('47.5');
    expect(within(egpu).getByText('eGPU (tinygrad)')).toBeTruthy();
    expect(egpu.textContent).toContain('47.5 tok/s');
  });

  it('badges Ollama models that are partly offloaded to the CPU', async () => {
    const badges = await screen.findAllByTestId('offload-badge');
    expect(badges.map((b) => b.textContent)).toEqual(['100% Apple GPU', '62% GPU / 38% CPU · offloaded, slower']);
  });

  it('keeps the tray title the core sends and drops it when the generation ends', async () => {
    await screen.findByTestId('inference');
    act(() => fake.emit('inferenceTrayTitle', { text: '42 tok/s' }));
    expect(useUi.getState().trayTitle).toBe('42 tok/s');
    act(() => fake.emit('inferenceTrayTitle', { text: null }));
    expect(useUi.getState().trayTitle).toBeNull();
  });
});
