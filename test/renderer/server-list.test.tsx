// The inference servers in the popover: grouped eGPU (tinygrad) vs Apple GPU (baseline), each with its
// state in words, kept current by the core's events only while the window is visible.
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InferenceServer, InferenceStatus } from '../../src/core/api/inference';
import { server, tinygradStatus } from '../builders/inference';
import { ServerList } from '../../src/renderer/src/components/ServerList';
import { EMPTY_LIVE } from '../../src/renderer/src/live-series';
import { bindApi, useUi } from '../../src/renderer/src/store';
import { InferencePanel } from '../../src/renderer/src/components/InferencePanel';
import { createFakeApi, SAMPLE_STATE, type FakeApi } from '../fakes/fake-api';

const SERVERS: InferenceServer[] = [
  server({ id: 'ollama-11434', name: 'Ollama', kind: 'ollama', state: 'up', version: '0.11.4' }),
  server({ id: 'llamacpp-8080', name: 'llama.cpp', kind: 'llamacpp', state: 'up', rates: { promptTokensPerSecond: 812, tokensPerSecond: 42.1, at: 1 } }),
  server({ id: 'lmstudio-1234', name: 'LM Studio', kind: 'lmstudio', state: 'down' }),
  server({ id: 'vllm-8001', name: 'vLLM :8001', kind: 'vllm', state: 'slow' }),
  server({ id: 'lmstudio-1235', name: 'LM Studio :1235', kind: 'lmstudio', state: 'unrecognised' }),
  server({ id: 'tinygrad-8000', name: 'tinygrad', kind: 'tinygrad', state: 'loading' }),
];

const STATUS: InferenceStatus = {
  servers: SERVERS,
  proxy: { running: false, url: null, target: 'http://127.0.0.1:11434', error: null },
  tinygrad: tinygradStatus({ models: [] }),
  lastByModel: [],
  resident: [],
};

let fake: FakeApi;
let unbind: () => void;

const setVisibility = (state: 'visible' | 'hidden') =>
  act(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
    document.dispatchEvent(new Event('visibilitychange'));
  });

beforeEach(() => {
  useUi.setState({ state: null, events: [], actionError: null, busy: false, live: EMPTY_LIVE, trayTitle: null, measurements: [], inference: null });
  fake = createFakeApi({
    getState: () => SAMPLE_STATE,
    getAppInfo: () => ({ name: 'eGPU Companion', version: '0.1.0', transport: 'direct', demo: false, platform: 'darwin-arm64', dataDir: '/tmp' }),
    getEventLog: () => [],
    getInferenceStatus: () => STATUS,
  });
  unbind = bindApi(fake.api);
});
afterEach(() => {
  cleanup();
  unbind?.();
  setVisibility('visible');
});

describe('inference servers in the popover', () => {
  it('groups tinygrad under the eGPU and the rest under the Apple GPU, with their states in words', async () => {
    render(<InferencePanel />);
    const egpu = await screen.findByTestId('server-group-egpu');
    const apple = screen.getByTestId('server-group-apple-gpu');
    expect(egpu.textContent).toContain('eGPU (tinygrad)');
    expect(within(egpu).getByTestId('server-row-tinygrad-8000').textContent).toContain('loading model');
    expect(within(egpu).queryByText(/Ollama|llama\.cpp|vLLM/)).toBeNull();
    expect(apple.textContent).toContain('Apple GPU (baseline)');
    const ollama = within(apple).getByTestId('server-row-ollama-11434');
    expect(ollama.textContent).toContain('Ollama 0.11.4');
    expect(within(ollama).getByTestId('server-state').textContent).toBe('running');
    expect(within(apple).getByTestId('server-row-llamacpp-8080').textContent).toContain('prompt 812 tok/s · gen 42.1 tok/s');
    expect(within(apple).getByTestId('server-row-vllm-8001').textContent).toContain('slow to answer');
    expect(within(apple).getByTestId('server-row-lmstudio-1235').textContent).toContain('not an inference server');
    // Compact: what is not running folds into one line.
    expect(within(apple).queryByTestId('server-row-lmstudio-1234')).toBeNull();
    expect(within(apple).getByTestId('servers-not-running').textContent).toBe('not running: LM Studio');
  });

  it('follows the core’s events while visible and stops listening while hidden', async () => {
    render(<InferencePanel />);
    await screen.findByTestId('server-row-ollama-11434');
    expect(fake.listenerCount('inferenceServers')).toBe(1);
    act(() => fake.emit('inferenceServers', { servers: SERVERS.map((s) => (s.id === 'ollama-11434' ? { ...s, state: 'down' as const } : s)) }));
    expect(screen.queryByTestId('server-row-ollama-11434')).toBeNull();
    expect(screen.getByTestId('servers-not-running').textContent).toBe('not running: Ollama, LM Studio');
    setVisibility('hidden');
    expect(fake.listenerCount('inferenceServers')).toBe(0);
    const reads = fake.calls.filter((c) => c.command === 'getInferenceStatus').length;
    setVisibility('visible');
    expect(fake.listenerCount('inferenceServers')).toBe(1);
    expect(fake.calls.filter((c) => c.command === 'getInferenceStatus').length).toBe(reads + 1);
  });

  it('shows every server with its badge in the full list (speed view)', () => {
    render(<ServerList servers={SERVERS} />);
    expect(screen.getByTestId('server-row-lmstudio-1234').textContent).toContain('not running');
    expect(screen.getAllByTestId('server-state').map((b) => b.textContent)).toEqual([
      'loading model',
      'running',
      'running',
      'not running',
      'slow to answer',
      'not an inference server',
    ]);
  });
});
