// @ts-check
// `pmset -g`, `-g custom`, `-g assertions`, `-g batt` for a Mac mini on AC power. The sleep timer
// comes from the state file (sleepMinutes, default 10); with `caffeinate` set, `caffeinate` holds
// PreventUserIdleSystemSleep as in a recorded `pmset -g assertions` (test/fixtures/power).
import { failed, printed } from '../lib/result.mjs';

const USAGE = "Usage: pmset <options>\nSee pmset(1) for details: 'man pmset'\n";
const USAGE_EXIT = 1;

/** @param {number} sleepMinutes */
function settingsLines(sleepMinutes) {
  return [
    ' standby              0',
    ' Sleep On Power Button 1',
    ' hibernatefile        /var/vm/sleepimage',
    ' powernap             1',
    ' networkoversleep     0',
    ' disksleep            10',
    ` sleep                ${sleepMinutes}`,
    ' hibernatemode        0',
    ' ttyskeepawake        1',
    ' displaysleep         10',
    ' tcpkeepalive         1',
    ' lowpowermode         0',
    ' womp                 1',
  ];
}

/** `2026-08-16 14:02:11 +1000`, the timestamp line that opens `pmset -g assertions`. @param {Date} date */
function timestamp(date) {
  const pad = (/** @type {number} */ value) => String(value).padStart(2, '0');
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}${pad(Math.abs(offset) % 60)}`;
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())} ${zone}`
  );
}

/** @type {import('../lib/result.mjs').Tool} */
export function pmset(argv, world) {
  if (argv[0] !== '-g' || argv.length > 2) return failed(USAGE, USAGE_EXIT);
  switch (argv[1]) {
    case undefined:
    case 'live':
      return printed(['System-wide power settings:', 'Currently in use:', ...settingsLines(world.sleepMinutes), ''].join('\n'));
    case 'custom':
      return printed(['AC Power:', ...settingsLines(world.sleepMinutes), ''].join('\n'));
    case 'batt':
      return printed("Now drawing from 'AC Power'\n");
    case 'assertions':
      return printed(
        [
          timestamp(new Date()),
          'Assertion status system-wide:',
          '   BackgroundTask                 0',
          '   ApplePushServiceTask           0',
          '   UserIsActive                   1',
          '   PreventUserIdleDisplaySleep    0',
          '   PreventSystemSleep             0',
          '   ExternalMedia                  0',
          `   PreventUserIdleSystemSleep     ${world.caffeinate ? 1 : 0}`,
          '   NetworkClientActive            0',
          'Listed by owning process:',
          '   pid 388(WindowServer): [0x0000a2b100098d2e] 00:00:00 UserIsActive named: "com.apple.iohideventsystem.queue.tickle serviceID:100000487 service:AppleUserHIDEventService product:Magic Keyboard eventType:3"',
          '        Timeout will fire in 600 secs Action=TimeoutActionRelease',
          ...(world.caffeinate ? ['   pid 3627(caffeinate): [0x0000123400098766] 04:12:10 PreventUserIdleSystemSleep named: "CAFFEINATE COMMAND-LINE TOOL"'] : []),
          'No kernel assertions.',
          '',
        ].join('\n'),
      );
    default:
      return failed(USAGE, USAGE_EXIT);
  }
}
