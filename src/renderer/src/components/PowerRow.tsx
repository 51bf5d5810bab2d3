// The popover's power row: a live "Mac sleeps in 0:42" while the sleep warning shows, what already
// prevents sleep, the keep-awake choice and "Prepare to unplug".
import { useEffect, useState } from 'react';
import { SleepNotificationActionIdSchema, type AppPower, type KeepAwakeMode, type UnplugStatus } from '../../../core/api/power';
import type { Hazard } from '../../../core/api/schemas';
import { POWER_WORDS, describeHolder, secondsLeftAt, sleepCountdownLine } from '../../../core/api/present';
import { runAction } from '../store';

const MODES: readonly KeepAwakeMode[] = ['off', 'while-attached', 'while-in-use', 'until'];
/** The same three choices as the notification, in the same order. */
const SLEEP_SOON_ACTIONS = SleepNotificationActionIdSchema.options;

/** Seconds left, re-rendered every second from the reading's timestamp. */
export function useCountdown(power: Pick<AppPower, 'secondsToSleep' | 'at'>, active: boolean): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return undefined;
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [active, power.at]);
  return secondsLeftAt(power, now);
}

export function PowerRow({ power, sleepSoon }: { power: AppPower; sleepSoon: Hazard | null }) {
  const seconds = useCountdown(power, power.warning);
  const [unplug, setUnplug] = useState<UnplugStatus | null>(null);
  if (!power.supported) return null;
  const prepare = async () => setUnplug((await runAction((api) => api.prepareUnplug({}))) ?? null);
  const stop = async (pid: number) => setUnplug((await runAction((api) => api.stopUnplugHolder({ pid }))) ?? null);
  return (
    <section className="card power-row" data-testid="power-row" aria-label="Sleep and power">
      {power.warning && seconds !== null && (
        <div className="power-warning">
          <div className="power-countdown" role="timer" data-testid="sleep-countdown">
            {sleepCountdownLine(seconds)}
          </div>
          <div className="muted">{sleepSoon?.why ?? POWER_WORDS.lidNote}</div>
          <div className="power-actions">
            {SLEEP_SOON_ACTIONS.map((action) => (
              <button key={action} type="button" onClick={() => void runAction((api) => api.powerNotificationAction({ action }))}>
                {POWER_WORDS.sleepSoonActions[action]}
              </button>
            ))}
          </div>
        </div>
      )}
      {power.preventedLine && (
        <div className="muted" data-testid="sleep-prevented">
          {power.preventedLine}
        </div>
      )}
      <label className="power-keep-awake">
        {POWER_WORDS.keepAwake}
        <select
          aria-label={POWER_WORDS.keepAwake}
          value={power.keepAwake.mode}
          onChange={(event) => {
            const mode = MODES.find((m) => m === event.target.value) ?? 'off';
            void runAction((api) => api.setKeepAwake(mode === 'until' ? { mode, hours: 1 } : { mode }));
          }}
        >
          {MODES.map((mode) => (
            <option key={mode} value={mode}>
              {POWER_WORDS.keepAwakeModes[mode]}
            </option>
          ))}
        </select>
      </label>
      <div className="power-unplug">
        <button type="button" className="link-button" onClick={() => void prepare()}>
          {POWER_WORDS.prepareUnplug}
        </button>
        {unplug && (
          <span className={unplug.safeToUnplug ? 'power-safe' : 'muted'} data-testid="unplug-status">
            {unplug.message}
          </span>
        )}
      </div>
      {unplug && unplug.holders.length > 0 && (
        <ul className="power-holders" data-testid="unplug-holders">
          {unplug.holders.map((holder) => (
            <li key={`${holder.pid ?? holder.name}`}>
              <span title={holder.command ?? undefined}>{describeHolder(holder)}</span>
              {holder.ownedByApp && holder.pid !== null && (
                <button type="button" className="link-button" onClick={() => void stop(holder.pid ?? 0)}>
                  {POWER_WORDS.stopHolder}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
