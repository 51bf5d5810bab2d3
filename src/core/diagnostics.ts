// "Copy diagnostics": what a good bug report to the driver's maintainers contains, as plain text.
import os from 'node:os';
import path from 'node:path';
import si from 'systeminformation';
import type { AppState, MonitorEvent } from './api/schemas';
import type { Settings } from './api/settings';
import { describeArch, defaultHostProbeDeps, readHostArch, type HostProbeDeps } from './platform/host-facts';
import { nullLogger, type LoggerPort } from './platform/logger';
import { driverLogSection } from './probe/driver-log';
import type { Snapshot } from './probe/types';
import { writeFileAtomic } from './store/atomic-file';

export interface DiagnosticsInput {
  dataDir: string;
  appVersion: string;
  state: AppState;
  snapshot: Snapshot | null;
  events: MonitorEvent[];
  settings: Settings;
  now: number;
  /** The newest lines of the app's own log, oldest first. */
  recentLog?: readonly string[];
  logger?: LoggerPort;
  /** How host facts are read; tests replace the platform and the commands. */
  host?: HostProbeDeps;
}

export async function buildDiagnostics(input: DiagnosticsInput): Promise<{ path: string; text: string }> {
  const text = formatDiagnostics(input, await hostFacts(input.host ?? defaultHostProbeDeps(input.logger))) + (await driverLogSection(input.settings.monitor)).join('\n');
  const stamp = new Date(input.now).toISOString().replace(/[:.]/g, '-');
  const file = path.join(input.dataDir, 'diagnostics', `egpu-companion-diagnostics-${stamp}.txt`);
  await writeFileAtomic(file, text, 0o644);
  return { path: file, text };
}

export async function hostFacts(deps: HostProbeDeps = defaultHostProbeDeps()): Promise<string[]> {
  const logger = deps.logger ?? nullLogger;
  const unknown = (what: string) => (error: unknown) => {
    logger.debug(`diagnostics: ${what} unknown`, error);
    return null;
  };
  const [osInfo, system, cpu, arch] = await Promise.all([
    si.osInfo().catch(unknown('OS')),
    si.system().catch(unknown('model')),
    si.cpu().catch(unknown('CPU')),
    // The kernel's answer, not process.arch, which says x64 under Rosetta on Apple Silicon.
    readHostArch(deps),
  ]);
  return [
    `OS: ${osInfo ? `${osInfo.distro} ${osInfo.release} (${osInfo.build || osInfo.kernel})` : `${os.type()} ${os.release()}`}`,
    `Architecture: ${describeArch(arch, deps.processArch)}`,
    `Model: ${system ? `${system.manufacturer} ${system.model}`.trim() : 'unknown'}`,
    `CPU: ${cpu ? `${cpu.manufacturer} ${cpu.brand} (${cpu.cores} cores)` : os.cpus()[0]?.model ?? 'unknown'}`,
    `Memory: ${Math.round(os.totalmem() / 1024 ** 3)} GB`,
  ];
}

/** Pure: the report's text. */
export function formatDiagnostics(input: DiagnosticsInput, host: string[]): string {
  const { state, snapshot } = input;
  const lines: string[] = [
    'eGPU Companion diagnostics',
    `Generated: ${new Date(input.now).toISOString()}`,
    `App version: ${input.appVersion}`,
    '',
    '== Host',
    ...host,
    '',
    '== Status',
    `Summary: ${state.summary}`,
    `Tray: ${state.tray}`,
    `Driver: ${state.driver.state}${state.driver.version ? ` ${state.driver.version}` : ''}${state.driver.detail ? ` — ${state.driver.detail}` : ''}`,
    `Health: driver bound=${fmt(state.health.driverBound)}, TinyGPU server running=${fmt(state.health.serverRunning)}, dead link=${fmt(state.health.deadLink)}`,
    `Probe: source=${state.probe.source ?? 'none'}, last=${state.probe.lastAt ? new Date(state.probe.lastAt).toISOString() : 'never'}, error=${state.probe.error ?? 'none'}`,
    '',
    '== Devices',
    ...(state.devices.length === 0
      ? ['(none)']
      : state.devices.map(
          (d) =>
            `#${d.index} ${d.name} vendor=${d.vendorId ?? d.vendor} device=${d.deviceId ?? '?'} VRAM=${d.vramTotalMB ?? '?'} MB ${d.vramType ?? ''} link=${d.link.label}`,
        )),
    '',
    '== Active warnings',
    ...(state.hazards.length === 0 ? ['(none)'] : state.hazards.map((h) => `[${h.severity}] ${h.title} — ${h.why}`)),
    '',
    '== Raw probe output (last poll)',
  ];
  for (const raw of snapshot?.raw ?? []) {
    lines.push(
      `--- ${raw.argv.join(' ')} (exit ${raw.exitCode ?? '-'}${raw.signal ? `, signal ${raw.signal}` : ''}, ${raw.durationMs} ms)${raw.error ? ` error: ${raw.error.message}` : ''}`,
      raw.stdout.trimEnd() || '(no output)',
    );
    if (raw.stderr.trim()) lines.push('[stderr]', raw.stderr.trimEnd());
  }
  lines.push(
    '',
    '== Recent events',
    ...(input.events.length === 0 ? ['(none)'] : input.events.map((e) => `${new Date(e.at).toISOString()} [${e.severity}] ${e.kind}: ${e.message}`)),
    '',
    '== Settings',
    JSON.stringify(input.settings, null, 2),
    '',
    '== Recent log',
    ...(input.recentLog && input.recentLog.length > 0 ? input.recentLog : ['(none)']),
    '',
  );
  return lines.join('\n');
}

function fmt(value: boolean | null): string {
  return value === null ? 'unknown' : value ? 'yes' : 'no';
}
