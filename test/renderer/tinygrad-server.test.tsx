// "Run a model on the eGPU": the speed view's card and the popover's row for the managed tinygrad
// server, driven by a fake CompanionApi and the core's tinygradStatus events.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InferenceStatus, TinygradStatus } from '../../src/core/api/inference';
import type { AppState } from '../../src/core/api/schemas';
import { ActionErrorBanner } from '../../src/renderer/src/components/ActionErrorBanner';
import { TinygradServerCard } from '../../src/renderer/src/components/TinygradServerCard';
import { EMPTY_LIVE } from '../../src/renderer/src/live-series';
import { bindApi, useUi } from '../../src/renderer/src/store';
import { Popover } from '../../src/renderer/src/views/Popover';
import { appState, device, disconnectedState } from '../builders/app-state';
import { tinygradStatus } from '../builders/inference';
import { createFakeApi, type FakeApi } from '../fakes/fake-api';

vi.mock('../../src/renderer/src/components/SpeedChart', () => ({ SpeedChart: () => null }));

const inference = (tinygrad: TinygradStatus): InferenceStatus => ({
  servers: [],
  proxy: { running: false, url: null, target: 'http://127.0.0.1:11434', error: null },
  tinygrad,
  lastByModel: [],
  resident: [],
});

const SERVING = tinygradStatus({ running: true, phase: 'serving', model: 'llama3.1:8b', choice: 'llama3.1:8b', device: 'NV', log: ['using device NV for llama3.1:8b', 'listening on 8000'] });
const REQUEST = { at: 2, prefillTokensPerSecond: 850, genTokensPerSecond: 35, outTokens: 12, interrupted: false };

let fake: FakeApi;
let unbind: () => void;

function start(options: { state?: AppState; tinygrad?: TinygradStatus; startTinygrad?: (input: unknown) => unknown } = {}) {
  useUi.setState({ state: null, events: [], actionError: null, busy: false, live: EMPTY_LIVE, trayTitle: null, measurements: [], inference: null });
  let current = inference(options.tinygrad ?? tinygradStatus());
  fake = createFakeApi({
    getState: () => options.state ?? appState(),
    getAppInfo: () => ({ name: 'eGPU Companion', version: '0.1.0', transport: 'direct', demo: false, platform: 'darwin-arm64', dataDir: '/tmp' }),
    getEventLog: () => [],
    getInferenceStatus: () => current,
    startTinygrad:
      options.startTinygrad ??
      ((input) => {
        current = inference(tinygradStatus({ running: true, phase: 'starting', model: (input as { model: string }).model }));
        return current;
      }),
    stopTinygrad: () => {
      current = inference(tinygradStatus({ ...current.tinygrad, running: false, phase: 'stopped' }));
      return { ok: true };
    },
  });
  unbind = bindApi(fake.api);
}

const status = (s: Partial<TinygradStatus>) => act(() => fake.emit('tinygradStatus', tinygradStatus(s)));
const select = (testId: string) => screen.getByTestId(testId) as HTMLSelectElement;
const startButton = () => screen.getByTestId('tinygrad-start') as HTMLButtonElement;

beforeEach(() => start());
afterEach(() => {
  cleanup();
  unbind?.();
  window.location.hash = '';
});

describe('the "Run a model on the eGPU" card', () => {
  it('names the tinygrad it found and offers that version’s exact model names', async () => {
    render(<TinygradServerCard />);
    await screen.findByTestId('tinygrad-server');
    status({ version: 'tinygrad 0.13.0 (master)', models: ['llama3.1:8b', 'qwen3.6:27b', 'qwen3.6:35b-a3b'] });
    expect(screen.getByTestId('tinygrad-version').textContent).toBe(' · tinygrad 0.13.0 (master)');
    expect([...select('tinygrad-model').options].map((o) => o.textContent)).toEqual(['llama3.1:8b', 'qwen3.6:27b', 'qwen3.6:35b-a3b']);
  });

  it('offers tinygrad’s models and DEV for the card the app sees, warns that tinygrad listens on all interfaces, and starts it', async () => {
    render(<TinygradServerCard />);
    await screen.findByTestId('tinygrad-server');
    const options = [...select('tinygrad-model').options].map((o) => o.textContent);
    expect(options).toEqual(['llama3.2:1b', 'llama3.2:3b', 'llama3.1:8b', 'qwen3:0.6b', 'qwen3:1.7b', 'qwen3:8b', 'qwen3:30b-a3b', 'olmoe']);
    expect(select('tinygrad-model').value).toBe('llama3.1:8b');
    expect(select('tinygrad-device').value).toBe('NV');
    expect(screen.getByTestId('tinygrad-listens-note').textContent).toBe(
      "tinygrad's server listens on all network interfaces (port 8000) with no password: anyone on your network can use it while it runs.",
    );
    expect(screen.getByTestId('tinygrad-phase').textContent).toBe('Stopped');
    // Before the readiness check says which tinygrad is installed, no version is claimed.
    expect(screen.queryByTestId('tinygrad-version')).toBeNull();

    fireEvent.change(select('tinygrad-model'), { target: { value: 'qwen3:8b' } });
    fireEvent.click(startButton());
    await vi.waitFor(() => expect(fake.calls.find((c) => c.command === 'startTinygrad')?.input).toEqual({ model: 'qwen3:8b', device: 'NV' }));
    await vi.waitFor(() => expect(screen.getByTestId('tinygrad-phase').textContent).toBe('Starting tinygrad…'));
  });

  it('reads the status once per Start and once per Stop', async () => {
    render(<TinygradServerCard />);
    await screen.findByTestId('tinygrad-server');
    await vi.waitFor(() => expect(fake.calls.filter((c) => c.command === 'getInferenceStatus')).toHaveLength(1));
    const reads = () => fake.calls.filter((c) => c.command === 'getInferenceStatus' || c.command === 'startTinygrad').length;

    fireEvent.click(startButton());
    const stop = (await screen.findByTestId('tinygrad-stop')) as HTMLButtonElement;
    await vi.waitFor(() => expect(stop.disabled).toBe(false));
    await act(async () => undefined);
    // Start's reply is the status.
    expect(reads()).toBe(2);

    fireEvent.click(stop);
    await screen.findByTestId('tinygrad-start');
    await vi.waitFor(() => expect(startButton().disabled).toBe(false));
    await act(async () => undefined);
    expect(reads()).toBe(3);
  });

  it('offers the GGUF file from the settings only when one is set, by that name', async () => {
    cleanup();
    unbind();
    start({ tinygrad: tinygradStatus({ models: ['llama3.1:8b', 'gguf'] }) });
    render(<TinygradServerCard />);
    await screen.findByTestId('tinygrad-server');
    expect([...select('tinygrad-model').options].map((o) => o.textContent)).toEqual(['llama3.1:8b', 'GGUF file from settings']);
    fireEvent.change(select('tinygrad-model'), { target: { value: 'gguf' } });
    fireEvent.click(startButton());
    await vi.waitFor(() => expect(fake.calls.find((c) => c.command === 'startTinygrad')?.input).toEqual({ model: 'gguf', device: 'NV' }));
  });

  it('picks DEV=AMD for an AMD card', async () => {
    cleanup();
    unbind();
    start({ state: appState({ devices: [device({ name: 'AMD Radeon RX 7900 XTX', vendor: 'amd' })] }) });
    render(<TinygradServerCard />);
    await vi.waitFor(() => expect(select('tinygrad-device').value).toBe('AMD'));
  });

  it('follows the server: loading with its log, serving on its port, the last request’s prefill and gen tok/s, then Stop', async () => {
    render(<TinygradServerCard />);
    await screen.findByTestId('tinygrad-server');
    status({ running: true, phase: 'loading', model: 'llama3.1:8b', choice: 'llama3.1:8b', device: 'NV', log: ['using device NV for llama3.1:8b'] });
    expect(screen.getByTestId('tinygrad-phase').textContent).toBe('Loading the model (the first run downloads it)…');
    expect(screen.getByTestId('tinygrad-log').textContent).toBe('using device NV for llama3.1:8b');
    expect(screen.queryByTestId('tinygrad-listens-note')).toBeNull();
    expect(select('tinygrad-model').disabled).toBe(true);

    status(SERVING);
    expect(screen.getByTestId('tinygrad-phase').textContent).toBe('Serving on port 8000 (http://127.0.0.1:8000/v1)');
    expect(screen.getByTestId('tinygrad-request').textContent).toBe('No request yet: point an OpenAI-compatible client at it.');
    status({ ...SERVING, lastRequest: REQUEST });
    expect(screen.getByTestId('tinygrad-request').textContent).toBe('Last request: prefill 850 tok/s · gen 35.0 tok/s · 12 tokens');

    fireEvent.click(screen.getByTestId('tinygrad-stop'));
    await vi.waitFor(() => expect(fake.calls.some((c) => c.command === 'stopTinygrad')).toBe(true));
    await vi.waitFor(() => expect(screen.getByTestId('tinygrad-phase').textContent).toBe('Stopped'));
    expect(screen.getByTestId('tinygrad-start')).toBeTruthy();
  });

  it('says why it failed, with the log that shows it', async () => {
    render(<TinygradServerCard />);
    await screen.findByTestId('tinygrad-server');
    status({
      phase: 'failed',
      model: 'llama3.1:8b',
      error: 'tinygrad exited with code 1: RuntimeError: out of memory allocating 18023 MB on NV',
      log: ['Traceback (most recent call last):', 'RuntimeError: out of memory allocating 18023 MB on NV'],
    });
    expect(screen.getByTestId('tinygrad-phase').textContent).toBe('Failed: tinygrad exited with code 1: RuntimeError: out of memory allocating 18023 MB on NV');
    expect(screen.getByTestId('tinygrad-log').textContent).toContain('RuntimeError');
    expect(startButton().disabled).toBe(false);
  });

  it('shows a refused start in the card', async () => {
    cleanup();
    unbind();
    start({
      startTinygrad: () => {
        throw new Error('port 8000 is already in use by another program: stop it, or set inference.tinygrad.port in settings.json');
      },
    });
    render(
      <>
        <ActionErrorBanner />
        <TinygradServerCard />
      </>,
    );
    await screen.findByTestId('tinygrad-server');
    fireEvent.click(startButton());
    expect((await screen.findByRole('alert')).textContent).toBe('port 8000 is already in use by another program: stop it, or set inference.tinygrad.port in settings.json');
  });

  it.each([
    ['a --benchmark run holds the eGPU', { tinygrad: tinygradStatus({ benchmarkRunning: true }) }, 'A tinygrad benchmark is running on the eGPU: wait for it or stop it first.'],
    ['no eGPU is connected', { state: disconnectedState() }, 'No eGPU is connected: connect it to run a model on it.'],
    [
      'tinygrad is missing',
      { tinygrad: tinygradStatus({ unavailable: 'tinygrad is not installed for /usr/bin/python3 (pip install tinygrad, or set inference.tinygrad.python)' }) },
      'tinygrad is not installed for /usr/bin/python3 (pip install tinygrad, or set inference.tinygrad.python)',
    ],
  ])('cannot start while %s, and says so', async (_case, options, reason) => {
    cleanup();
    unbind();
    start(options);
    render(<TinygradServerCard />);
    await vi.waitFor(() => expect(screen.getByTestId('tinygrad-blocked').textContent).toBe(reason));
    expect(startButton().disabled).toBe(true);
    expect(screen.queryByTestId('tinygrad-listens-note')).toBeNull();
  });

  it('says a reason once when the start failed for it', async () => {
    const reason = 'tinygrad is not installed for /usr/bin/python3 (pip install tinygrad, or set inference.tinygrad.python)';
    cleanup();
    unbind();
    start({ tinygrad: tinygradStatus({ phase: 'failed', error: reason, unavailable: reason }) });
    render(<TinygradServerCard />);
    await vi.waitFor(() => expect(screen.getByTestId('tinygrad-phase').textContent).toBe(`Failed: ${reason}`));
    expect(screen.queryByTestId('tinygrad-blocked')).toBeNull();
    expect(startButton().disabled).toBe(true);
  });

  it('becomes available again when the benchmark ends', async () => {
    cleanup();
    unbind();
    start({ tinygrad: tinygradStatus({ benchmarkRunning: true }) });
    render(<TinygradServerCard />);
    await vi.waitFor(() => expect(startButton().disabled).toBe(true));
    status({ benchmarkRunning: false });
    expect(startButton().disabled).toBe(false);
    expect(screen.queryByTestId('tinygrad-blocked')).toBeNull();
  });
});

describe('the popover', () => {
  it('links to the card while nothing runs', async () => {
    render(<Popover />);
    fireEvent.click(await screen.findByRole('button', { name: 'Run a model on the eGPU…' }));
    expect(window.location.hash).toBe('#/speed/run-egpu');
  });

  it('shows what runs on the eGPU and the last request’s gen tok/s, with Stop', async () => {
    cleanup();
    unbind();
    start({ tinygrad: { ...SERVING, lastRequest: REQUEST } });
    render(<Popover />);
    expect((await screen.findByTestId('tinygrad-row-text')).textContent).toBe('tinygrad · llama3.1:8b on the eGPU · 35.0 tok/s');
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    await vi.waitFor(() => expect(fake.calls.some((c) => c.command === 'stopTinygrad')).toBe(true));
    await screen.findByRole('button', { name: 'Run a model on the eGPU…' });
  });
});
