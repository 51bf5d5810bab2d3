// The eGPU part of the speed-test form: tinygrad's own --benchmark on a model from tinygrad's closed
// list, its progress and log while it runs, and the result against the card's memory bandwidth. A run
// can last many minutes: it does not hold the UI's busy flag, and a form opened during it shows it.
import { useEffect, useState } from 'react';
import { tinygradDeviceForVendor, type TinygradBenchmarkProgress, type TinygradBenchmarkResult } from '../../../core/api/inference';
import {
  BENCHMARK_WORDS,
  benchmarkProgressLine,
  benchmarkResultLine,
  preferredTinygradModel,
} from '../../../core/api/present';
import { cancelTinygradBenchmark, checkTinygradReadiness, runTinygradBenchmark } from '../inference-store';
import { useUi } from '../store';
import { TinygradModelDevice } from './TinygradModelDevice';

const TOKEN_CHOICES = [20, 50, 100, 200] as const;
const LOG_LINES = 6;

export function TinygradBenchmarkFields() {
  const api = useUi((ui) => ui.api);
  const inference = useUi((ui) => ui.inference);
  const vendor = useUi((ui) => ui.state?.devices[0]?.vendor ?? null);
  const benchmarkRunning = useUi((ui) => ui.inference?.tinygrad.benchmarkRunning ?? false);
  const [starting, setStarting] = useState(false);
  const [model, setModel] = useState('');
  const [device, setDevice] = useState<'NV' | 'AMD' | null>(null);
  const [tokens, setTokens] = useState<number>(TOKEN_CHOICES[0]);
  const [progress, setProgress] = useState<TinygradBenchmarkProgress | null>(null);
  const [log, setLog] = useState<string[]>([]);
  const [result, setResult] = useState<TinygradBenchmarkResult | null>(null);

  // Whether python3 and tinygrad are there is asked only while this form is shown; the answer is pushed.
  useEffect(() => {
    if (api) checkTinygradReadiness();
  }, [api]);

  useEffect(() => {
    if (!api) return;
    return api.on('tinygradBenchmarkProgress', (p) => {
      setProgress(p);
      const line = p.line;
      if (line !== null) setLog((lines) => [...lines, line].slice(-LOG_LINES));
    });
  }, [api]);

  const models = inference?.tinygrad.models ?? [];
  const chosenModel = model || preferredTinygradModel(models);
  const chosenDevice = device ?? tinygradDeviceForVendor(vendor);
  // The latest progress says whether the run goes on; before any (a form opened during a run), the core's status.
  const running = progress ? progress.running : benchmarkRunning;

  const run = () => {
    setResult(null);
    setLog([]);
    setStarting(true);
    void runTinygradBenchmark(chosenModel, chosenDevice, tokens).then((reply) => {
      setResult(reply ?? null);
      setStarting(false);
    });
  };
  const stop = () => cancelTinygradBenchmark();

  return (
    <>
      <TinygradModelDevice models={models} model={chosenModel} device={chosenDevice} onModel={setModel} onDevice={setDevice} idPrefix="benchmark" />
      <label>
        {BENCHMARK_WORDS.tokens}{' '}
        <select value={tokens} onChange={(e) => setTokens(Number(e.target.value))} data-testid="benchmark-tokens">
          {TOKEN_CHOICES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>{' '}
      {running ? (
        <button type="button" onClick={stop} data-testid="benchmark-stop">
          {BENCHMARK_WORDS.stop}
        </button>
      ) : (
        <button type="button" className="primary" disabled={starting || chosenModel === ''} onClick={run} data-testid="benchmark-run">
          Run
        </button>
      )}
      {running && (
        <div className="benchmark-progress" data-testid="benchmark-progress">
          {progress ? (
            <>
              <progress max={progress.tokensTotal} value={progress.tokensDone} />{' '}
              <span className="muted">{progress.tokensDone === 0 ? BENCHMARK_WORDS.loading : benchmarkProgressLine(progress.tokensDone, progress.tokensTotal)}</span>
            </>
          ) : (
            <>
              <progress />{' '}
              <span className="muted">{BENCHMARK_WORDS.running}</span>
            </>
          )}
        </div>
      )}
      {log.length > 0 && (
        <pre className="benchmark-log" data-testid="benchmark-log">
          {log.join('\n')}
        </pre>
      )}
      {result && (
        <p className="benchmark-result" data-testid="benchmark-result">
          {benchmarkResultLine({
            model: result.measurement.model,
            tokensPerSecond: result.measurement.tokensPerSecond,
            gbPerSecond: result.measurement.gbPerSecond,
            mbUsed: result.measurement.mbUsed,
            bandwidthText: result.bandwidth?.text ?? null,
          })}
        </p>
      )}
    </>
  );
}
