// The popover's one power line: "Mac sleeps in 0:42" (live) or what already prevents sleep, and the
// Keep awake pop-up. The sleep warning's three choices are in the pop-up: "While attached", "For 1
// hour" and, while the warning shows, "Let it sleep".
import { useEffect, useId, useState } from 'react';
import type { AppPower, KeepAwakeMode, SleepNotificationActionId } from '../../../core/api/power';
import { POWER_WORDS, secondsLeftAt, sleepCountdownLine } from '../../../core/api/present';

/** "Sleeps in 0:42": the line's icon already says it is the Mac; never "0:00". */
function shortCountdown(seconds: number): string {
  return sleepCountdownLine(seconds).replace(/^Mac sleeps in /, 'Sleeps in ');
}
import { runAction } from '../store';
import { PopUp } from './controls';
import { MoonIcon } from './icons';

const MODES: readonly KeepAwakeMode[] = ['off', 'while-attached', 'while-in-use', 'until'];
const LET_IT_SLEEP = 'let-it-sleep';
const WARNING_ANSWERS: Partial<Record<string, SleepNotificationActionId>> = {
  'while-attached': 'keep-awake-while-attached',
  until: 'keep-awake-1h',
  [LET_IT_SLEEP]: 'let-it-sleep',
};

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

export function PowerRow({ power, sleepWhy }: { power: AppPower; sleepWhy: string | null }) {
  const seconds = useCountdown(power, power.warning);
  const selectId = useId();
  if (!power.supported) return null;
  const warning = power.warning && seconds !== null;
  const choose = (value: string) => {
    // While the warning shows, its choices answer it as the notification's buttons do.
    const answer = warning ? WARNING_ANSWERS[value] : undefined;
    if (answer) return void runAction((api) => api.powerNotificationAction({ action: answer }));
    const mode = MODES.find((m) => m === value) ?? 'off';
    void runAction((api) => api.setKeepAwake(mode === 'until' ? { mode, hours: 1 } : { mode }));
  };
  return (
    <section className={warning ? 'line power-line power-line-warning' : 'line power-line'} data-testid="power-row" aria-label="Sleep and power">
      <MoonIcon />
      <span className="line-text">
        {warning ? (
          <span className="power-countdown" role="timer" data-testid="sleep-countdown" title={sleepWhy ?? POWER_WORDS.lidNote}>
            {shortCountdown(seconds)}
          </span>
        ) : power.preventedLine ? (
          <span data-testid="sleep-prevented">{power.preventedLine}</span>
        ) : (
          <span className="muted">{power.secondsToSleep === null ? POWER_WORDS.noIdleSleep : 'Idle sleep as set in System Settings'}</span>
        )}
      </span>
      <label className="power-keep-awake-label" htmlFor={selectId}>
        {POWER_WORDS.keepAwake}
      </label>
      <PopUp id={selectId} value={power.keepAwake.mode} onChange={(event) => choose(event.target.value)}>
        {MODES.map((mode) => (
          <option key={mode} value={mode}>
            {POWER_WORDS.keepAwakeModes[mode]}
          </option>
        ))}
        {warning && <option value={LET_IT_SLEEP}>{POWER_WORDS.sleepSoonActions[LET_IT_SLEEP]}</option>}
      </PopUp>
    </section>
  );
}
