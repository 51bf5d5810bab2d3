// The inference servers the core knows, grouped by where they compute: tinygrad on the eGPU apart
// from the Apple-GPU baseline, each with its state. Compact (the popover) folds the ones not running
// into one line per group.
import type { InferenceServer } from '../../../core/api/inference';
import { formatServerRates, INFERENCE_GROUP_WORDS, SERVER_STATE_WORDS } from '../../../core/api/present';

const GROUPS = ['egpu', 'apple-gpu'] as const;

const BADGE_CLASS: Record<InferenceServer['state'], string> = {
  up: 'badge badge-ok',
  loading: 'badge badge-warning',
  busy: 'badge badge-ok',
  slow: 'badge badge-warning',
  down: 'badge',
  unrecognised: 'badge badge-warning',
};

export function ServerList({ servers, compact = false }: { servers: InferenceServer[]; compact?: boolean }) {
  if (servers.length === 0) return null;
  return (
    <div className={compact ? 'server-list server-list-compact' : 'server-list'} data-testid="server-list">
      {GROUPS.map((group) => {
        const rows = servers.filter((s) => s.device === group);
        if (rows.length === 0) return null;
        const shown = compact ? rows.filter((s) => s.state !== 'down') : rows;
        const folded = compact ? rows.filter((s) => s.state === 'down') : [];
        return (
          <div key={group} className="server-group" data-testid={`server-group-${group}`}>
            <div className="result-group-title">{INFERENCE_GROUP_WORDS[group]}</div>
            {shown.map((s) => (
              <ServerRow key={s.id} server={s} />
            ))}
            {folded.length > 0 && (
              <div className="server-folded muted" data-testid="servers-not-running">
                {SERVER_STATE_WORDS.down}: {folded.map((s) => s.name).join(', ')}
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}

function ServerRow({ server }: { server: InferenceServer }) {
  const rates = formatServerRates(server.rates);
  return (
    <div className="server-row" data-testid={`server-row-${server.id}`}>
      <span className="server-name">
        {server.name}
        {server.version && <span className="muted"> {server.version}</span>}
      </span>
      {rates && (
        <span className="server-rates muted" data-testid="server-rates">
          {rates}
        </span>
      )}
      <span className={BADGE_CLASS[server.state]} data-testid="server-state">
        {SERVER_STATE_WORDS[server.state]}
      </span>
    </div>
  );
}
