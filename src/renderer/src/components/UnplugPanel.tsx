// "Prepare to unplug": a bold verdict first ("Safe to unplug" / "Not yet: tinygrad server (pid 812)
// holds the eGPU"), then each holder with what to do about it.
import type { UnplugHolder, UnplugStatus } from '../../../core/api/power';
import { describeHolder, POWER_WORDS } from '../../../core/api/present';
import { runAction } from '../store';
import { Button } from './controls';
import { CheckIcon, WarningIcon } from './icons';

export function unplugVerdict(status: UnplugStatus): string {
  if (status.safeToUnplug) return POWER_WORDS.safeToUnplug;
  const [first, ...others] = status.holders;
  if (!first) return status.message;
  const more = others.length > 0 ? ` and ${others.length} more` : '';
  return `Not yet: ${describeHolder(first)}${more} ${others.length > 0 ? 'hold' : 'holds'} the eGPU`;
}

export async function prepareUnplug(): Promise<UnplugStatus | null> {
  return (await runAction((api) => api.prepareUnplug({}))) ?? null;
}

export function UnplugPanel({ status, onChange, onClose }: { status: UnplugStatus; onChange: (status: UnplugStatus | null) => void; onClose: () => void }) {
  const stop = async (pid: number) => onChange((await runAction((api) => api.stopUnplugHolder({ pid }))) ?? status);
  return (
    <section className={status.safeToUnplug ? 'unplug unplug-safe' : 'unplug'} aria-label={POWER_WORDS.prepareUnplug}>
      <div className="unplug-head">
        {status.safeToUnplug ? <CheckIcon className="severity-ok" /> : <WarningIcon className="severity-warning" />}
        <strong className="unplug-verdict" data-testid="unplug-status" role="status">
          {unplugVerdict(status)}
        </strong>
        <Button variant="link" onClick={onClose}>
          Done
        </Button>
      </div>
      {status.holders.length > 0 && (
        <ul className="unplug-holders" data-testid="unplug-holders">
          {status.holders.map((holder) => (
            <HolderRow key={`${holder.pid ?? holder.name}`} holder={holder} onStop={(pid) => void stop(pid)} />
          ))}
        </ul>
      )}
      {!status.safeToUnplug && (
        <Button variant="link" onClick={() => void prepareUnplug().then((next) => next && onChange(next))}>
          {POWER_WORDS.checkAgain}
        </Button>
      )}
    </section>
  );
}

function HolderRow({ holder, onStop }: { holder: UnplugHolder; onStop: (pid: number) => void }) {
  return (
    <li>
      <span title={holder.command ?? undefined}>{describeHolder(holder)}</span>
      {holder.ownedByApp && holder.pid !== null ? (
        <Button onClick={() => onStop(holder.pid ?? 0)}>
          {POWER_WORDS.stopHolder}
        </Button>
      ) : (
        <span className="muted">Quit it, then check again</span>
      )}
    </li>
  );
}
