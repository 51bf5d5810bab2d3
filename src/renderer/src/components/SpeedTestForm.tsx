// The speed-test form: a server and a model from the closed lists the core returns, and a run count;
// or tinygrad's own --benchmark on the eGPU, which needs no server.
import { useEffect, useState } from 'react';
import type { Measurement } from '../../../core/api/inference';
import { BENCHMARK_WORDS, GGUF_MODEL_CHOICE, INFERENCE_GROUP_WORDS, SERVER_STATE_WORDS } from '../../../core/api/present';
import { cancelSpeedTest, loadServerModels, runSpeedTest } from '../inference-store';
import { useUi } from '../store';
import { TinygradBenchmarkFields } from './TinygradBenchmarkFields';

/** Not a server id (those never hold a colon): the choice of tinygrad's --benchmark. */
const BENCHMARK_CHOICE = 'benchmark:tinygrad';

const RUN_CHOICES = [1, 3, 5, 10] as const;

export function SpeedTestForm({ onResults }: { onResults: (results: Measurement[]) => void }) {
  const status = useUi((ui) => ui.inference);
  const busy = useUi((ui) => ui.busy);
  const [serverId, setServerId] = useState<string>('');
  const [model, setModel] = useState<string>('');
  const [runs, setRuns] = useState<number>(3);
  const [listed, setListed] = useState<string[]>([]);
  /** A test of this form is running: Run becomes Stop. */
  const [testing, setTesting] = useState(false);
  const api = useUi((ui) => ui.api);
  const benchmark = serverId === BENCHMARK_CHOICE;
  // Until the user picks one, the first server that answers (a down one is listed, but not chosen for them).
  const server = benchmark
    ? undefined
    : (status?.servers.find((s) => s.id === serverId) ?? status?.servers.find((s) => s.state === 'up') ?? status?.servers[0]);
  const unreachable = server !== undefined && (server.state === 'down' || server.state === 'unrecognised');
  const chosenId = server?.id ?? null;
  // The models the chosen server lists, as the core reads them from the server itself.
  useEffect(() => {
    setListed([]);
    setModel('');
    if (!api || !chosenId) return;
    let live = true;
    void loadServerModels(chosenId).then((models) => live && setListed(models));
    return () => {
      live = false;
    };
  }, [api, chosenId]);
  if (!status) return null;
  // tinygrad's names, but not its "gguf" choice: that stands for a file, and a server knows it by its own name.
  const tinygradNames = server?.device === 'egpu' ? status.tinygrad.models.filter((m) => m !== GGUF_MODEL_CHOICE) : [];
  const models = server ? [...new Set([...listed, ...status.lastByModel.filter((m) => m.backend === server.name).map((m) => m.model), ...tinygradNames])] : [];
  const run = () => {
    if (!server) return;
    setTesting(true);
    void runSpeedTest(server.id, model === '' ? null : model, runs).then((results) => {
      setTesting(false);
      if (results) onResults(results);
    });
  };
  // The test returns what it measured until then; its own reply shows the results.
  const stop = () => cancelSpeedTest();
  const serverFields = (
    <>
      <label>
        Model{' '}
        <select value={model} onChange={(e) => setModel(e.target.value)} data-testid="speed-model">
          <option value="">the server’s first model</option>
          {models.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>{' '}
      <label>
        Runs{' '}
        <select value={runs} onChange={(e) => setRuns(Number(e.target.value))} data-testid="speed-runs">
          {RUN_CHOICES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>{' '}
      {testing ? (
        <button type="button" onClick={stop} data-testid="speed-stop">
          Stop
        </button>
      ) : (
        <button
          type="button"
          className="primary"
          disabled={busy || !server || unreachable}
          title={unreachable ? `${server.name} is ${SERVER_STATE_WORDS[server.state]}` : undefined}
          onClick={run}
          data-testid="speed-run"
        >
          {busy ? 'Running…' : 'Run'}
        </button>
      )}
    </>
  );
  return (
    <section className="card speed-form" data-testid="speed-form">
      <div className="card-title">{benchmark ? BENCHMARK_WORDS.title : 'Speed test (“Explain CUDA in one paragraph”, warm-up excluded)'}</div>
      <label>
        Server{' '}
        <select value={benchmark ? BENCHMARK_CHOICE : (server?.id ?? '')} onChange={(e) => setServerId(e.target.value)} data-testid="speed-server">
          {(['egpu', 'apple-gpu'] as const).map((device) => (
            <optgroup key={device} label={INFERENCE_GROUP_WORDS[device]}>
              {status.servers
                .filter((s) => s.device === device)
                .map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.state === 'up' ? s.name : `${s.name} (${SERVER_STATE_WORDS[s.state]})`}
                  </option>
                ))}
              {device === 'egpu' && <option value={BENCHMARK_CHOICE}>{BENCHMARK_WORDS.choice}</option>}
            </optgroup>
          ))}
        </select>
      </label>{' '}
      {benchmark ? <TinygradBenchmarkFields /> : serverFields}
    </section>
  );
}
