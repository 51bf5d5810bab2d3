// The TinyGPU driver's own log lines for diagnostics: `log show` filtered to the dext's sender.
// The dext logs `tinygpu: opened device ven=… dev=…`, `tinygpu: Open() failed 0x…` and more
// (TinyGPUDriver.cpp). The compact line layout is macOS's; no capture from a TinyGPU Mac yet.
import type { Settings } from '../api/settings';
import { runCommand } from '../platform/run-command';
import { isExecutable } from '../platform/which';

export const DRIVER_LOG_ARGS = ['show', '--last', '1h', '--style', 'compact', '--predicate', 'sender CONTAINS "tinygpu"'] as const;
// `log show` scans the whole unified log: slow, so a long timeout, and only for diagnostics.
const LOG_TIMEOUT_MS = 20_000;
const LOG_CAP_BYTES = 512 * 1024;
const KEEP_LINES = 200;

/** What tinygrad's "RPC failed: Driver not available" means; the hazards quote it too. */
export const DRIVER_NOT_AVAILABLE_TEXT =
  'tinygrad found the GPU on the PCI bus, but the TinyGPU driver extension is not attached to it, so the first command fails with "RPC failed: Driver not available". Check that TinyGPU is switched on in System Settings › General › Login Items & Extensions › Driver Extensions, that the board presents itself as a display (VGA) controller, and restart the Mac with the eGPU connected.';

export interface DriverLogSummary {
  lines: string[];
  openedDevices: Array<{ vendorId: string; deviceId: string }>;
  openFailures: string[];
}

/** Pure: the dext's lines and what they say. Never throws. */
export function summarizeDriverLog(stdout: string): DriverLogSummary {
  const lines = stdout.split(/\r?\n/).filter((line) => /tinygpu/i.test(line));
  const openedDevices: DriverLogSummary['openedDevices'] = [];
  const openFailures: string[] = [];
  for (const line of lines) {
    const opened = /tinygpu: opened device ven=(0x[0-9a-f]+) dev=(0x[0-9a-f]+)/i.exec(line);
    if (opened) openedDevices.push({ vendorId: (opened[1] ?? '').toLowerCase(), deviceId: (opened[2] ?? '').toLowerCase() });
    const failed = /tinygpu: Open\(\) failed (0x[0-9a-f]+)/i.exec(line);
    if (failed) openFailures.push(failed[1] ?? '');
  }
  return { lines: lines.slice(-KEEP_LINES), openedDevices, openFailures };
}

/** The diagnostics section: the last hour of the driver's log and how to read it. */
export async function driverLogSection(monitor: Settings['monitor'], env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const header = ['', `== TinyGPU driver log (log ${DRIVER_LOG_ARGS.join(' ')})`];
  const footer = ['', 'If tinygrad fails with "RPC failed: Driver not available":', DRIVER_NOT_AVAILABLE_TEXT, ''];
  if (!(await isExecutable(monitor.paths.log))) return [...header, `(${monitor.paths.log} is not available on this machine)`, ...footer];
  const result = await runCommand({ argv: [monitor.paths.log, ...DRIVER_LOG_ARGS], label: 'log show', timeoutMs: LOG_TIMEOUT_MS, maxOutputBytes: LOG_CAP_BYTES, env });
  if (result.error) return [...header, `(could not read the log: ${result.error.message})`, ...footer];
  const summary = summarizeDriverLog(result.stdout);
  const notes = [
    summary.openedDevices.length > 0
      ? `The driver opened: ${summary.openedDevices.map((d) => `ven=${d.vendorId} dev=${d.deviceId}`).join(', ')}.`
      : 'The driver did not open a GPU in the last hour.',
    ...(summary.openFailures.length > 0 ? [`Open() failed ${summary.openFailures.length}× (last code ${summary.openFailures.at(-1)}).`] : []),
  ];
  return [...header, ...notes, ...(summary.lines.length > 0 ? summary.lines : ['(no lines from the driver)']), ...footer];
}
