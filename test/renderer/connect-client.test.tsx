// "Connect a client": a block per metering route with the text to paste and a switch that sends the route's id only.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InferenceServerSchema, type InferenceStatus, type MeteringRouteStatus } from '../../src/core/api/inference';
import { ConnectClient } from '../../src/renderer/src/components/ConnectClient';
import { EMPTY_LIVE } from '../../src/renderer/src/live-series';
import { bindApi, useUi } from '../../src/renderer/src/store';
import { tinygradStatus } from '../builders/inference';
import { createFakeApi, type FakeApi } from '../fakes/fake-api';

const ollamaRoute: MeteringRouteStatus = {
  id: 'proxy-11435', listen: 11435, target: 'http://127.0.0.1:11434', label: 'Ollama', serverId: 'port-11434', dialect: 'ollama', source: 'settings', running: true, url: 'http://127.0.0.1:11435', error: null,
};
const lmStudioRoute: MeteringRouteStatus = {
  id: 'proxy-1235', listen: 1235, target: 'http://127.0.0.1:1234/v1', label: 'LM Studio', serverId: 'port-1234', dialect: 'openai', source: 'discovered', running: false, url: null, error: null,
};

function status(routes: MeteringRouteStatus[]): InferenceStatus {
  return {
    servers: [
      InferenceServerSchema.parse({ id: 'port-11434', name: 'Ollama', dialect: 'ollama', device: 'apple-gpu', url: 'http://127.0.0.1:11434', kind: 'ollama', state: 'up' }),
      InferenceServerSchema.parse({ id: 'port-1234', name: 'LM Studio', dialect: 'openai', device: 'apple-gpu', url: 'http://127.0.0.1:1234/v1', kind: 'lmstudio', state: 'up' }),
    ],
    proxy: { running: true, url: 'http://127.0.0.1:11435', target: 'http://127.0.0.1:11434', error: null },
    routes,
    tinygrad: tinygradStatus({ models: [] }),
    lastByModel: [],
    resident: [],
  };
}

let fake: FakeApi;
let unbind: () => void;
let lmStudioRunning = false;
const current = () => status([ollamaRoute, lmStudioRunning ? { ...lmStudioRoute, running: true, url: 'http://127.0.0.1:1235' } : lmStudioRoute]);

beforeEach(() => {
  lmStudioRunning = false;
  useUi.setState({ state: null, events: [], actionError: null, busy: false, live: EMPTY_LIVE, trayTitle: null, measurements: [], inference: current() });
  fake = createFakeApi({
    getInferenceStatus: current,
    startMeteringProxy: () => {
      lmStudioRunning = true;
      return current();
    },
  });
  unbind = bindApi(fake.api);
  render(<ConnectClient />);
});
afterEach(() => {
  cleanup();
  unbind?.();
});

describe('connect a client', () => {
  it('gives each route the text each client needs', () => {
    const ollama = within(screen.getByTestId('route-proxy-11435'));
    expect(ollama.getByText('127.0.0.1:11435 → 127.0.0.1:11434')).toBeTruthy();
    expect(within(ollama.getByTestId('client-openai')).getByText('http://127.0.0.1:11435/v1')).toBeTruthy();
    expect(within(ollama.getByTestId('client-ollama')).getByText('OLLAMA_HOST=127.0.0.1:11435')).toBeTruthy();
    expect(within(ollama.getByTestId('client-open-webui')).getByText('http://127.0.0.1:11435')).toBeTruthy();
    expect(ollama.queryByTestId('client-lmstudio')).toBeNull();

    const lmStudio = within(screen.getByTestId('route-proxy-1235'));
    expect(lmStudio.queryByTestId('client-ollama')).toBeNull();
    expect(within(lmStudio.getByTestId('client-lmstudio')).getByText('http://127.0.0.1:1235/v1')).toBeTruthy();
    expect(lmStudio.getAllByRole('button', { name: /^Copy the/ })).toHaveLength(3);
  });

  it('switches a route on by its id alone', async () => {
    const toggle = screen.getByRole('switch', { name: 'Meter LM Studio on port 1235' });
    expect((toggle as HTMLInputElement).checked).toBe(false);
    await act(async () => void fireEvent.click(toggle));
    expect(fake.calls.filter((c) => c.command === 'startMeteringProxy').map((c) => c.input)).toEqual([{ routeId: 'proxy-1235' }]);
    expect((screen.getByRole('switch', { name: 'Meter LM Studio on port 1235' }) as HTMLInputElement).checked).toBe(true);
  });
});
