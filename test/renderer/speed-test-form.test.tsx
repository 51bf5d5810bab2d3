// The speed-test form's server list: every server the core knows is listed with its state, a running
// one is picked for the user, and a server that is not running cannot be measured.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InferenceStatus, Measurement } from '../../src/core/api/inference';
import { SpeedTestForm } from '../../src/renderer/src/components/SpeedTestForm';
import { EMPTY_LIVE } from '../../src/renderer/src/live-series';
import { bindApi, useUi } from '../../src/renderer/src/store';
import { appState } from '../builders/app-state';
import { server, tinygradStatus } from '../builders/inference';
import { createFakeApi } from '../fakes/fake-api';

const STATUS: InferenceStatus = {
  servers: [
    server({ id: 'lmstudio-1234', name: 'LM Studio', kind: 'lmstudio', state: 'down' }),
    server({ id: 'ollama-11434', name: 'Ollama', kind: 'ollama', state: 'up' }),
    server({ id: 'llamacpp-8080', name: 'llama.cpp', kind: 'llamacpp', state: 'slow' }),
  ],
  proxy: { running: false, url: null, target: 'http://127.0.0.1:11434', error: null },
  tinygrad: tinygradStatus({ models: [] }),
  lastByModel: [],
  resident: [],
};

let unbind: () => void;
beforeEach(() => {
  const fake = createFakeApi({
    getState: () => appState(),
    getInferenceStatus: () => STATUS,
    getServerModels: () => ({ models: [], error: null }),
  });
  unbind = bindApi(fake.api);
  useUi.setState({ busy: false, live: EMPTY_LIVE, inference: STATUS });
});
afterEach(() => {
  cleanup();
  unbind();
});

describe('the speed-test form', () => {
  it('offers a tinygrad server the models it can serve, not the settings\u2019 GGUF choice', async () => {
    useUi.setState({
      inference: {
        ...STATUS,
        servers: [...STATUS.servers, server({ id: 'tinygrad-8000', name: 'tinygrad', kind: 'tinygrad', state: 'up' })],
        tinygrad: tinygradStatus({ models: ['llama3.1:8b', 'gguf'] }),
      },
    });
    render(<SpeedTestForm onResults={() => undefined} />);
    fireEvent.change(await screen.findByTestId('speed-server'), { target: { value: 'tinygrad-8000' } });
    const options = [...(screen.getByTestId('speed-model') as HTMLSelectElement).options].map((o) => o.value);
    expect(options).toEqual(['', 'llama3.1:8b']);
  });

  it('lists each server with its state and starts on one that is running', async () => {
    render(<SpeedTestForm onResults={() => undefined} />);
    const select = (await screen.findByTestId('speed-server')) as HTMLSelectElement;
    expect(screen.getByRole('option', { name: 'LM Studio (not running)' })).toBeTruthy();
    expect(screen.getByRole('option', { name: 'llama.cpp (slow to answer)' })).toBeTruthy();
    expect(select.value).toBe('ollama-11434');
    expect((screen.getByTestId('speed-run') as HTMLButtonElement).disabled).toBe(false);
  });

  it('will not run against a server that is not running, and says why', async () => {
    render(<SpeedTestForm onResults={() => undefined} />);
    fireEvent.change(await screen.findByTestId('speed-server'), { target: { value: 'lmstudio-1234' } });
    const run = screen.getByTestId('speed-run') as HTMLButtonElement;
    expect(run.disabled).toBe(true);
    expect(run.title).toBe('LM Studio is not running');
  });

  it('turns Run into Stop while a test runs; Stop asks the core to end it and Run comes back with the results', async () => {
    let finish: (results: Measurement[]) => void = () => undefined;
    const fake = createFakeApi({
      getState: () => appState(),
      getInferenceStatus: () => STATUS,
      getServerModels: () => ({ models: [], error: null }),
      runSpeedTest: () => new Promise<Measurement[]>((resolve) => (finish = resolve)),
      cancelSpeedTest: () => {
        finish([]);
        return { ok: true };
      },
    });
    unbind();
    unbind = bindApi(fake.api);
    useUi.setState({ busy: false, live: EMPTY_LIVE, inference: STATUS });
    const results: Measurement[][] = [];
    render(<SpeedTestForm onResults={(r) => results.push(r)} />);
    fireEvent.click(await screen.findByTestId('speed-run'));
    fireEvent.click(await screen.findByRole('button', { name: 'Stop' }));
    expect(fake.calls.some((c) => c.command === 'cancelSpeedTest')).toBe(true);
    expect(await screen.findByTestId('speed-run')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull();
    expect(results).toEqual([[]]);
  });
});
