// What `status` prints and which exit code it returns: pure functions of the app state.
import { SEVERITY_WORDS, driverLine, linkText, powerStatusLine, vramLine, vramSourceNote } from '../core/api/present';
import { egpuOf } from '../core/api/egpu';
import { computeStateText, measuredRateText } from '../core/api/present-doctor';
import type { AppState } from '../core/api/schemas';
import type { PowerJson } from '../core/power/status';

/** The monitor's part of `status --json`; each feature adds its own key (`power`, …) through its statusFields. */
export interface BaseStatusJson {
  tray: AppState['tray'];
  summary: string;
  ready: boolean;
  source: AppState['probe']['source'];
  error: string | null;
  driver: { state: AppState['driver']['state']; version: string | null };
  devices: Array<{
    name: string;
    vramTotalMB: number | null;
    vramUsedMB: number | null;
    vramUsedSource: AppState['devices'][number]['vramUsedSource'];
    link: { kind: string; pcieWidth: number | null; pcieGen: number | null; label: string };
    driver: { state: string; version: string | null };
  }>;
  hazards: Array<{ id: string; severity: string; title: string; why: string }>;
  /** The last compute check of this card (egpu-companion doctor --compute); null when none stands. */
  check: { at: number; ok: boolean; failureId: string | null } | null;
}

export type StatusJson = BaseStatusJson & { power?: PowerJson } & Record<string, unknown>;

export const EXIT_READY = 0;
export const EXIT_NOT_READY = 1;
export const EXIT_PROBE_ERROR = 2;

export function statusJson(state: AppState, featureFields: Record<string, unknown> = {}): StatusJson {
  return {
    tray: state.tray,
    summary: state.summary,
    ready: statusExitCode(state) === EXIT_READY,
    source: state.probe.source,
    error: state.probe.error,
    driver: { state: state.driver.state, version: state.driver.version },
    devices: state.devices.map((device) => ({
      name: device.name,
      vramTotalMB: device.vramTotalMB,
      vramUsedMB: device.vramUsedMB,
      vramUsedSource: device.vramUsedSource,
      link: { kind: device.link.kind, pcieWidth: device.link.pcieWidth, pcieGen: device.link.pcieGen, label: device.link.label },
      driver: { state: (device.driver ?? state.driver).state, version: (device.driver ?? state.driver).version },
    })),
    hazards: state.hazards.map(({ id, severity, title, why }) => ({ id, severity, title, why })),
    check: state.doctor?.check ? { at: state.doctor.check.at, ok: state.doctor.check.ok, failureId: state.doctor.check.failureId } : null,
    ...featureFields,
  };
}

export function statusExitCode(state: AppState): number {
  if (state.probe.error !== null || state.tray === 'unknown') return EXIT_PROBE_ERROR;
  const device = egpuOf(state);
  if (!device) return EXIT_NOT_READY;
  // The driver may say ready while the GPU failed tinygrad's own check: that is not ready.
  if (state.doctor?.check && !state.doctor.check.ok) return EXIT_NOT_READY;
  return (device.driver ?? state.driver).state === 'ready' ? EXIT_READY : EXIT_NOT_READY;
}

export function statusText(state: AppState): string {
  const lines: string[] = [];
  if (state.probe.error) lines.push(`Cannot read the eGPU status: ${state.probe.error}`);
  else if (state.devices.length === 0) lines.push(state.summary);
  for (const device of state.devices) {
    const note = vramSourceNote(device);
    lines.push(
      device.name,
      `  VRAM    ${vramLine(device)}${note ? ` (${note})` : ''}`,
      `  Link    ${linkText(device.link)}`,
      `  Driver  ${driverLine(device.driver ?? state.driver)}`,
      ...doctorLines(state, device.index === 0),
    );
  }
  if (state.devices.length === 0 && !state.probe.error) lines.push(`Driver: ${driverLine(state.driver)}`);
  const power = powerStatusLine(state.power, egpuOf(state) !== null);
  if (power !== null) lines.push(`Power: ${power}`);
  lines.push(state.hazards.length === 0 ? 'No warnings.' : 'Warnings:');
  for (const hazard of state.hazards) lines.push(`  [${SEVERITY_WORDS[hazard.severity]}] ${hazard.title}: ${hazard.why}`);
  return `${lines.join('\n')}\n`;
}

/** The first device's compute check and measured link rate, timed against the probe. */
function doctorLines(state: AppState, first: boolean): string[] {
  if (!first || !state.doctor) return [];
  const now = state.probe.lastAt ?? Date.now();
  const check = computeStateText(state.doctor, now);
  const measured = state.doctor.measured;
  return [...(check ? [`  GPU     ${check}`] : []), ...(measured ? [`  Copy    ${measuredRateText(measured.hostToDeviceGBps)}`] : [])];
}
