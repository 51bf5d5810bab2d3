// The speed view's eGPU benchmark and the warning while tinygrad's server is open to the network,
// driven by a fake CompanionApi: what the user picks, sees while it runs, and reads at the end.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InferenceStatus, TinygradBenchmarkProgress, TinygradBenchmarkResult } from '../../src/core/api/inference';
import { TINYGRAD_LISTENS_HAZARD_ID } from '../../src/core/api/inference';
import type { AppState } from '../../src/core/api/schemas';
import { EMPTY_LIVE } from '../../src/renderer/src/live-series';
import { bindApi, useUi } from '../../src/renderer/src/store';
import { Popover } from '../../src/renderer/src/views/Popover';
import { SpeedView } from '../../src/renderer/src/views/SpeedView';
import { trayTinygradItems } from '../../src/main/tray-inference-menu';
import { tinygradStatus } from '../builders/inference';
import { appState, device, hazard } from '../builders/app-state';
import { server } from '../builders/inference';
import { createFakeApi, type FakeApi } from '../fakes/fake-api';

// uPlot needs a real canvas; the chart is not what these tests look at.
vi.mock('../../src/renderer/src/components/SpeedChart', () => ({ SpeedChart: () => null }));

const STATUS: InferenceStatus = {
  servers: [
    server({ id: 'ollama', name: 'Ollama', kind: 'ollama', state: 'up', url: 'http://127.0.0.1:11434' }),
    server({ id: 'tinygrad', name: 'tinygrad (eGPU)', kind: 'tinygrad', state: 'up', url: 'http://127.0.0.1:8000/v1' }),
  ],
  proxy: { running: false, url: null, target: 'http://127.0.0.1:11434', error: null },
  tinygrad: tinygradStatus({ models: ['llama3.2:1b', 'llama3.1:8b', 'qwen3:8b'] }),
  lastByModel: [],
  resident: [],
};

const RESULT: TinygradBenchmarkResult = {
  measurement: {
    at: 1, source: 'tinygrad-benchmark', backend: 'tinygrad', model: 'llama3.1:8b', onEgpu: true, gpu: 'NVIDIA GeForce RTX 4090', link: 'Thunderbolt 4 · PCIe x4 Gen4',
    outcome: 'completed', tokensPerSecond: 35.21, ttftMs: null, promptTokensPerSecond: null, promptTokens: null, completionTokens: 20, estimated: false, gbPerSecond: 523.12, mbUsed: 14523,
  },
  bandwidth: { percent: 52, text: "achieved 523 GB/s = 52 % of the RTX 4090's 1008 GB/s" },
  mbAllocated: 18023,
};

const LISTENS = hazard({
  id: TINYGRAD_LISTENS_HAZARD_ID,
  severity: 'info',
  title: "tinygrad's server accepts connections from your network on port 8000",
  why: 'tinygrad listens on all network interfaces, not only on this Mac, and asks no password. Stop it when you are on an untrusted network.',
  actions: [],
});

let fake: FakeApi;
let unbind: () => void;
let finish: (() => void) | null;

function start(state: AppState, status: InferenceStatus = STATUS) {
  useUi.setState({ state: null, events: [], actionError: null, busy: false, live: EMPTY_LIVE, trayTitle: null, measurements: [], inference: null });
  finish = null;
  fake = createFakeApi({
    getState: () => state,
    getAppInfo: () => ({ name: 'eGPU Companion', version: '0.1.0', transport: 'direct', demo: false, platform: 'darwin-arm64', dataDir: '/tmp' }),
    getEventLog: () => [],
    getInferenceStatus: () => status,
    getSpeedComparison: () => [],
    getServerModels: () => ({ models: [], error: null }),
    // Resolves when the test says the run is over, as the core does after the last token.
    runTinygradBenchmark: () => new Promise((resolve) => (finish = () => resolve(RESULT))),
    cancelTinygradBenchmark: () => ({ ok: true }),
    stopTinygrad: () => ({ ok: true }),
  });
  unbind = bindApi(fake.api);
}

const progress = (p: Partial<TinygradBenchmarkProgress>) =>
  act(() => fake.emit('tinygradBenchmarkProgress', { model: 'llama3.1:8b', tokensDone: 0, tokensTotal: 20, line: null, running: true, ...p }));

beforeEach(() => start(appState()));
afterEach(() => {
  cleanup();
  unbind?.();
});

describe('the eGPU benchmark in the speed-test form', () => {
  it('runs tinygrad --benchmark with the model, DEV and tokens picked, shows progress and log, then the share of the card\u2019s bandwidth', async () => {
    render(<SpeedView />);
    const server = await screen.findByTestId('speed-server');
    await screen.findByRole('option', { name: 'tinygrad --benchmark (no server)' });
    fireEvent.change(server, { target: { value: 'benchmark:tinygrad' } });
    expect(screen.getByTestId('speed-form').textContent).toContain('Speed test on the eGPU (tinygrad --benchmark)');
    expect((screen.getByTestId('benchmark-model') as HTMLSelectElement).value).toBe('llama3.1:8b');
    expect((screen.getByTestId('benchmark-device') as HTMLSelectElement).value).toBe('NV');
    fireEvent.change(screen.getByTestId('benchmark-tokens'), { target: { value: '50' } });
    fireEvent.click(screen.getByTestId('benchmark-run'));
    await vi.waitFor(() => expect(fake.calls.some((c) => c.command === 'runTinygradBenchmark')).toBe(true));
    expect(fake.calls.find((c) => c.command === 'runTinygradBenchmark')?.input).toEqual({ model: 'llama3.1:8b', device: 'NV', tokens: 50 });

    progress({ tokensTotal: 50 });
    expect(screen.getByTestId('benchmark-progress').textContent).toContain('loading the model');
    progress({ tokensTotal: 50, tokensDone: 12, line: ' 28.42 ms,  35.19 tok/s,  523.12 GB/s, 14523/18023 MB  --  Hello world' });
    expect(screen.getByTestId('benchmark-progress').textContent).toContain('12 of 50 tokens');
    expect(screen.getByTestId('benchmark-log').textContent).toContain('523.12 GB/s');
    // Stop stays available while the run goes on.
    fireEvent.click(screen.getByTestId('benchmark-stop'));
    expect(fake.calls.some((c) => c.command === 'cancelTinygradBenchmark')).toBe(true);

    progress({ tokensTotal: 50, tokensDone: 50, running: false });
    await act(async () => finish?.());
    const result = await screen.findByTestId('benchmark-result');
    expect(result.textContent).toBe("llama3.1:8b on the eGPU: 35.2 tok/s · achieved 523 GB/s = 52 % of the RTX 4090's 1008 GB/s · 14523 MB moved per token");
    expect(screen.queryByTestId('benchmark-progress')).toBeNull();
  });

  it('shows a run it finds going on, when opened again during it: Stop and its progress, not Run', async () => {
    cleanup();
    unbind();
    start(appState(), { ...STATUS, tinygrad: { ...STATUS.tinygrad, benchmarkRunning: true } });
    render(<SpeedView />);
    fireEvent.change(await screen.findByTestId('speed-server'), { target: { value: 'benchmark:tinygrad' } });
    await screen.findByTestId('benchmark-stop');
    expect(screen.queryByTestId('benchmark-run')).toBeNull();
    expect(screen.getByTestId('benchmark-progress').textContent).toContain('tinygrad --benchmark is running on the eGPU');

    progress({ tokensDone: 12 });
    expect(screen.getByTestId('benchmark-progress').textContent).toContain('12 of 20 tokens');
    fireEvent.click(screen.getByTestId('benchmark-stop'));
    expect(fake.calls.some((c) => c.command === 'cancelTinygradBenchmark')).toBe(true);
    progress({ tokensDone: 12, running: false });
    expect(screen.queryByTestId('benchmark-stop')).toBeNull();
    expect(screen.getByTestId('benchmark-run')).toBeTruthy();
  });

  it('leaves the rest of the view usable during a run, and shows the run again on coming back to the form', async () => {
    render(<SpeedView />);
    const server = await screen.findByTestId('speed-server');
    await screen.findByRole('option', { name: 'tinygrad --benchmark (no server)' });
    fireEvent.change(server, { target: { value: 'benchmark:tinygrad' } });
    fireEvent.click(screen.getByTestId('benchmark-run'));
    await vi.waitFor(() => expect(fake.calls.some((c) => c.command === 'runTinygradBenchmark')).toBe(true));
    // As the core does: the first progress, and the server's status saying a benchmark holds the eGPU.
    progress({ tokensDone: 3 });
    act(() => fake.emit('tinygradStatus', { ...STATUS.tinygrad, benchmarkRunning: true }));

    fireEvent.change(server, { target: { value: 'ollama' } });
    const speedRun = (await screen.findByTestId('speed-run')) as HTMLButtonElement;
    expect(speedRun.disabled).toBe(false);
    expect(speedRun.textContent).toBe('Run');

    fireEvent.change(server, { target: { value: 'benchmark:tinygrad' } });
    expect(screen.queryByTestId('benchmark-run')).toBeNull();
    expect(screen.getByTestId('benchmark-stop')).toBeTruthy();
    expect(screen.getByTestId('benchmark-progress').textContent).toContain('tinygrad --benchmark is running on the eGPU');
    progress({ tokensDone: 7 });
    expect(screen.getByTestId('benchmark-progress').textContent).toContain('7 of 20 tokens');
    progress({ tokensDone: 20, running: false });
    await act(async () => finish?.());
    expect(screen.getByTestId('benchmark-run')).toBeTruthy();
  });

  it('calls the GGUF file from the settings as the server card does', async () => {
    cleanup();
    unbind();
    start(appState(), { ...STATUS, tinygrad: { ...STATUS.tinygrad, models: ['llama3.1:8b', 'gguf'] } });
    render(<SpeedView />);
    fireEvent.change(await screen.findByTestId('speed-server'), { target: { value: 'benchmark:tinygrad' } });
    const options = [...(screen.getByTestId('benchmark-model') as HTMLSelectElement).options].map((o) => o.textContent);
    expect(options).toEqual(['llama3.1:8b', 'GGUF file from settings']);
    expect([...(screen.getByTestId('tinygrad-model') as HTMLSelectElement).options].map((o) => o.textContent)).toEqual(options);
  });

  it('picks DEV=AMD for an AMD card', async () => {
    cleanup();
    unbind();
    start(appState({ devices: [device({ name: 'AMD Radeon RX 7900 XTX', vendor: 'amd' })] }));
    render(<SpeedView />);
    fireEvent.change(await screen.findByTestId('speed-server'), { target: { value: 'benchmark:tinygrad' } });
    await vi.waitFor(() => expect((screen.getByTestId('benchmark-device') as HTMLSelectElement).value).toBe('AMD'));
  });
});

describe("tinygrad's server open to the network", () => {
  it('the speed view warns while it runs and offers to stop it; the popover lists the same warning', async () => {
    cleanup();
    unbind();
    start(appState({ hazards: [LISTENS] }));
    const view = render(<SpeedView />);
    const banner = await screen.findByTestId('tinygrad-listens');
    expect(within(banner).getByTestId('tinygrad-listens-text').textContent).toBe(
      "tinygrad's server accepts connections from your network on port 8000; stop it when you are on an untrusted network.",
    );
    const stop = within(banner).getByRole('button', { name: 'Stop the tinygrad server' });
    // The tray menu says it the same way.
    expect(trayTinygradItems({ running: true, model: null }, () => undefined).find((i) => i.id === 'stop-tinygrad')?.label).toBe(stop.textContent);
    expect(trayTinygradItems({ running: true, model: 'llama3.1:8b' }, () => undefined).find((i) => i.id === 'stop-tinygrad')?.label).toBe('Stop the tinygrad server (llama3.1:8b)');
    fireEvent.click(stop);
    await vi.waitFor(() => expect(fake.calls.some((c) => c.command === 'stopTinygrad')).toBe(true));
    view.unmount();

    render(<Popover />);
    const listed = (await screen.findAllByTestId('hazard')).find((el) => el.dataset.hazardId === TINYGRAD_LISTENS_HAZARD_ID);
    expect(listed?.textContent).toContain("tinygrad's server accepts connections from your network on port 8000");
    if (listed) fireEvent.click(within(listed).getByRole('button', { name: 'Details' }));
    expect(listed?.textContent).toContain('Stop it when you are on an untrusted network.');
  });

  it('shows no warning when the server is not running', async () => {
    render(<SpeedView />);
    await screen.findByTestId('speed-form');
    expect(screen.queryByTestId('tinygrad-listens')).toBeNull();
  });
});
