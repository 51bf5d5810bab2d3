// The speed view: live tok/s and TTFT over time, running a model on the eGPU (tinygrad's server), the
// speed-test form, its results and the table "this Mac vs the guide vs the card's limit" that the
// core computes from its expectations.
import { useEffect, useState } from 'react';
import type { InferenceServer, Measurement, SpeedComparisonRow } from '../../../core/api/inference';
import { formatGuideRange, formatTokensPerSecond, formatTtft, INFERENCE_GROUP_WORDS, SPEED_VERDICT_WORDS } from '../../../core/api/present';
import { ConnectClient } from '../components/ConnectClient';
import { ActionErrorBanner } from '../components/ActionErrorBanner';
import { Button } from '../components/controls';
import { ChevronLeftIcon } from '../components/icons';
import { InferencePanel } from '../components/InferencePanel';
import { ServerList } from '../components/ServerList';
import { SpeedChart } from '../components/SpeedChart';
import { SpeedTestForm } from '../components/SpeedTestForm';
import { TinygradListensBanner } from '../components/TinygradListensBanner';
import { TinygradServerCard } from '../components/TinygradServerCard';
import { navigate } from '../router';
import { useServerHealth } from '../server-health';
import { loadInferenceHistory, loadSpeedComparison } from '../inference-store';
import { useUi } from '../store';

const NO_SERVERS: InferenceServer[] = [];
const NOT_APPLICABLE = '—';

export function SpeedView() {
  const api = useUi((ui) => ui.api);
  const transport = useUi((ui) => ui.info?.transport);
  const history = useUi((ui) => ui.live.history);
  const reading = useUi((ui) => ui.live.reading);
  const measurements = useUi((ui) => ui.measurements);
  const servers = useUi((ui) => ui.inference?.servers ?? NO_SERVERS);
  useServerHealth();
  const [rows, setRows] = useState<SpeedComparisonRow[]>([]);
  const [results, setResults] = useState<Measurement[]>([]);
  const [saved, setSaved] = useState<Measurement[]>([]);

  // Re-read the comparison and the saved results whenever a new measurement lands.
  useEffect(() => {
    if (!api) return;
    void loadSpeedComparison().then(setRows);
    void loadInferenceHistory().then(setSaved);
  }, [api, measurements.length]);

  return (
    <div className="speed-view">
      <header className="speed-header">
        {/* The Mac app shows this view in its own window; a browser shows it in place of the popover. */}
        {transport !== 'electron' && (
          <Button variant="link" className="back-button" onClick={() => navigate('popover')}>
            <ChevronLeftIcon /> Back
          </Button>
        )}
        <h1>Inference speed</h1>
      </header>
      <ActionErrorBanner />
      <TinygradListensBanner />
      <section className="card">
        <div className="card-title">
          tok/s and TTFT over time
          {reading && (
            <span className="muted" data-testid="speed-live">
              {' '}
              · {reading.model} · {formatTokensPerSecond(reading.currentTokensPerSecond ?? reading.medianTokensPerSecond)} · TTFT {formatTtft(reading.ttftMs)}
            </span>
          )}
        </div>
        <SpeedChart saved={saved} live={history} />
      </section>
      <InferencePanel showServers={false} />
      <TinygradServerCard />
      {servers.length > 0 && (
        <section className="card" data-testid="speed-servers">
          <div className="card-title">Servers</div>
          <ServerList servers={servers} />
        </section>
      )}
      <ConnectClient />
      <SpeedTestForm onResults={setResults} />
      {results.length > 0 && <Results results={results} />}
      <Comparison rows={rows} />
    </div>
  );
}

function Results({ results }: { results: Measurement[] }) {
  return (
    <section className="card" data-testid="speed-results">
      <div className="card-title">Speed test</div>
      <table className="speed-table">
        <thead>
          <tr>
            <th>Run</th>
            <th>Model</th>
            <th>tok/s</th>
            <th>TTFT</th>
            <th>Tokens</th>
          </tr>
        </thead>
        <tbody>
          {results.map((m, i) => (
            <tr key={m.at + i}>
              <td>{i + 1}</td>
              <td>{m.model}</td>
              <td>{formatTokensPerSecond(m.tokensPerSecond)}</td>
              <td>{formatTtft(m.ttftMs)}</td>
              <td>{m.completionTokens ?? '—'}{m.estimated ? ' (estimated)' : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Comparison({ rows }: { rows: SpeedComparisonRow[] }) {
  return (
    <section className="card" data-testid="speed-comparison">
      <div className="card-title">This Mac vs the guide vs the card’s limit</div>
      {rows.length === 0 ? (
        <p className="muted">No results yet: run a speed test or a chat through the metering proxy.</p>
      ) : (
        <table className="speed-table">
          <thead>
            <tr>
              <th>Model</th>
              <th>Where</th>
              <th>This Mac</th>
              <th>Guide{rows[0]?.gpu ? ` (${rows[0].gpu})` : ''}</th>
              <th>Card’s limit</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.backend}|${r.model}`} className={`verdict-${r.verdict}`}>
                <td>{r.model}</td>
                <td>{INFERENCE_GROUP_WORDS[r.onEgpu ? 'egpu' : 'apple-gpu']}</td>
                <td>{formatTokensPerSecond(r.measuredTokensPerSecond)}</td>
                {/* The guide's range and the card's limit are eGPU figures: they do not apply to a baseline row. */}
                <td>{r.onEgpu ? formatGuideRange(r.guideMin, r.guideMax) : NOT_APPLICABLE}</td>
                <td>{r.onEgpu ? formatTokensPerSecond(r.limitTokensPerSecond) : NOT_APPLICABLE}</td>
                <td className="muted">{SPEED_VERDICT_WORDS[r.verdict]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
