// The Speed window's live section: the running generation's sparkline and figures, then the
// last result per model, with the Apple-GPU servers in their own group (they are not eGPU figures).
import type { InferenceStatus, Measurement } from '../../../core/api/inference';
import { formatTokensPerSecond, formatTtft, INFERENCE_GROUP_WORDS, INFERENCE_WORDS, offloadBadge } from '../../../core/api/present';
import { useServerHealth } from '../server-health';
import { toggleMeteringProxy } from '../inference-store';
import { useUi } from '../store';
import { ServerList } from './ServerList';
import { Sparkline } from './Sparkline';
import { TinygradServerRow } from './TinygradServerRow';

export function InferencePanel({ showServers = true }: { showServers?: boolean } = {}) {
  const status = useUi((ui) => ui.inference);
  const live = useUi((ui) => ui.live);
  const reading = live.reading;
  const running = reading?.running ?? false;
  useServerHealth();
  return (
    <section className="card inference-card" data-testid="inference">
      <div className="inference-head">
        <span className="card-title">Live</span>
      </div>
      {reading ? (
        <div className={running ? 'live live-running' : 'live'} data-testid="live">
          <Sparkline values={live.samples.map((s) => s.tokensPerSecond)} />
          <div className="live-figures">
            <span data-testid="live-model">{[running ? INFERENCE_WORDS.live : null, reading.model, reading.server].filter(Boolean).join(' · ')}</span>
            {/* "now" only while it runs: after the generation there is no current rate, only the result. */}
            {running && (
              <span data-testid="live-current">
                {INFERENCE_WORDS.current} {formatTokensPerSecond(reading.currentTokensPerSecond)}
              </span>
            )}
            <span data-testid="live-median">
              {INFERENCE_WORDS.median} {formatTokensPerSecond(reading.medianTokensPerSecond)}
            </span>
            <span data-testid="live-ttft">
              {INFERENCE_WORDS.ttft} {formatTtft(reading.ttftMs)}
            </span>
          </div>
        </div>
      ) : (
        <p className="muted">{INFERENCE_WORDS.idle}</p>
      )}
      <TinygradServerRow />
      {status && <ProxyLine status={status} />}
      {status && showServers && <ServerList servers={status.servers} compact />}
      {status && <LastResults last={status.lastByModel} />}
      {status && <Resident resident={status.resident} />}
    </section>
  );
}

function ProxyLine({ status }: { status: InferenceStatus }) {
  const { proxy } = status;
  const toggle = () => void toggleMeteringProxy(proxy.running);
  return (
    <div className="proxy-line">
      <span className="muted" data-testid="proxy-state">
        {proxy.running && proxy.url ? `Metering proxy on ${proxy.url}` : proxy.error ?? 'Metering proxy off'}
      </span>
      <button type="button" className="link-button" onClick={toggle}>
        {proxy.running ? 'Stop' : 'Start'}
      </button>
    </div>
  );
}

function LastResults({ last }: { last: Measurement[] }) {
  if (last.length === 0) return null;
  const groups = [
    { key: 'egpu' as const, rows: last.filter((m) => m.onEgpu) },
    { key: 'apple-gpu' as const, rows: last.filter((m) => !m.onEgpu) },
  ].filter((g) => g.rows.length > 0);
  return (
    <div className="last-results" data-testid="last-results">
      {groups.map((group) => (
        <div key={group.key} className="result-group" data-testid={`group-${group.key}`}>
          <div className="result-group-title">{INFERENCE_GROUP_WORDS[group.key]}</div>
          {group.rows.map((m) => (
            <div key={`${m.backend}|${m.model}`} className="result-row">
              <span className="result-model">
                {m.model}
                {m.server ? <span className="muted"> · {m.server}</span> : null}
              </span>
              <span>{formatTokensPerSecond(m.tokensPerSecond)}</span>
              <span className="muted">{formatTtft(m.ttftMs)}</span>
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}

function Resident({ resident }: { resident: InferenceStatus['resident'] }) {
  if (resident.length === 0) return null;
  return (
    <div className="resident" data-testid="resident">
      {resident.map((r) => (
        <div key={`${r.serverId}|${r.model}`} className="result-row">
          <span className="result-model">{r.model}</span>
          <span className={r.offloaded ? 'badge badge-warning' : 'badge'} data-testid="offload-badge">
            {offloadBadge(r.gpuPercent, r.offloaded)}
          </span>
        </div>
      ))}
    </div>
  );
}
