// Hand-built Snapshots, devices and contexts for monitor tests. Defaults describe the guide's
// sample: an RTX 4090 on Thunderbolt 4, PCIe x4 Gen4, driver ready.
import type { Device, DriverInfo, DriverState, Hazard, Health, Link, MonitorEvent, ProbeError } from '../../src/core/api/schemas';
import { deriveHazards } from '../../src/core/monitor/hazards';
import { initialMonitorState, type MonitorContext, type MonitorState, type PollOutcome } from '../../src/core/monitor/monitor-state';
import { reduce } from '../../src/core/monitor/reducer';
import type { Snapshot } from '../../src/core/probe/types';

export const T0 = 1_750_000_000_000;
export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;

export function link(overrides: Partial<Link> = {}): Link {
  return { kind: 'thunderbolt4', label: 'Thunderbolt 4 (PCIe x4 Gen4)', pcieWidth: 4, pcieGen: 4, up: true, ...overrides };
}

export function rtx4090(overrides: Partial<Device> = {}): Device {
  return {
    key: '0x10de:0x2684@Thunderbolt@3,0,0',
    index: 0,
    name: 'NVIDIA GeForce RTX 4090',
    vendor: 'nvidia',
    vendorId: '0x10de',
    deviceId: '0x2684',
    vramTotalMB: 24576,
    vramType: 'GDDR6X',
    vramUsedMB: null,
    vramUsedSource: null,
    utilizationPct: null,
    link: link(),
    driver: null,
    extra: {},
    ...overrides,
  };
}

export function rtx3090(overrides: Partial<Device> = {}): Device {
  return rtx4090({ key: '0x10de:0x2204@Thunderbolt@3,0,0', name: 'NVIDIA GeForce RTX 3090', deviceId: '0x2204', ...overrides });
}

export function rtx2080(overrides: Partial<Device> = {}): Device {
  return rtx4090({
    key: '0x10de:0x1e87@Thunderbolt@3,0,0',
    name: 'NVIDIA GeForce RTX 2080',
    deviceId: '0x1e87',
    vramTotalMB: 8192,
    vramType: 'GDDR6',
    ...overrides,
  });
}

export function rtx5090(overrides: Partial<Device> = {}): Device {
  return rtx4090({ key: '0x10de:0x2b85@Thunderbolt@3,0,0', name: 'NVIDIA GeForce RTX 5090', deviceId: '0x2b85', vramTotalMB: 32768, vramType: 'GDDR7', ...overrides });
}

export function arcB580(overrides: Partial<Device> = {}): Device {
  return rtx4090({
    key: '0x8086:0xe20b@Thunderbolt@3,0,0',
    name: 'Intel Arc B580',
    vendor: 'intel',
    vendorId: '0x8086',
    deviceId: '0xe20b',
    vramTotalMB: 12288,
    vramType: 'GDDR6',
    ...overrides,
  });
}

export function driver(state: DriverState = 'ready', overrides: Partial<DriverInfo> = {}): DriverInfo {
  return { state, name: 'TinyGPU', version: '1.0.2', signing: 'Apple Signed', detail: null, ...overrides };
}

export function health(overrides: Partial<Health> = {}): Health {
  return { driverBound: true, serverRunning: null, deadLink: false, hostArch: 'arm64', ...overrides };
}

export function snapshot(at: number, devices: Device[], overrides: Partial<Snapshot> = {}): Snapshot {
  return { at, source: 'tinygpu', driver: driver(), devices, health: health(), errors: [], raw: [], ...overrides };
}

/** A successful poll at `at` seeing `devices`. */
export function seen(at: number, devices: Device[], overrides: Partial<Snapshot> = {}): PollOutcome {
  return { kind: 'snapshot', snapshot: snapshot(at, devices, overrides) };
}

export function timeoutError(message = 'tinygpu did not answer within 3 s'): ProbeError {
  return { source: 'tinygpu', kind: 'timeout', message };
}

export function failed(at: number, error: ProbeError = timeoutError()): PollOutcome {
  return { kind: 'failure', at, error, raw: [] };
}

export function ctx(overrides: Partial<MonitorContext> = {}): MonitorContext {
  return {
    now: overrides.now ?? T0,
    appStartedAt: T0,
    lastResumeAt: null,
    asleep: false,
    hostArch: 'arm64',
    intervalMs: 2_000,
    ...overrides,
  };
}

/** A context whose clock matches the outcome, the way the service builds it. */
export function ctxAt(outcome: PollOutcome, overrides: Partial<MonitorContext> = {}): MonitorContext {
  const now = outcome.kind === 'snapshot' ? outcome.snapshot.at : outcome.at;
  return ctx({ now, ...overrides });
}

export type Step = PollOutcome | { outcome: PollOutcome; ctx: Partial<MonitorContext> };

export interface StepResult {
  state: MonitorState;
  events: MonitorEvent[];
  hazards: Hazard[];
  ctx: MonitorContext;
}

/** Feeds outcomes through the reducer the way the service does; one result per step. */
export function runPolls(steps: Step[], start: MonitorState = initialMonitorState()): StepResult[] {
  const results: StepResult[] = [];
  let state = start;
  for (const step of steps) {
    const outcome = 'outcome' in step ? step.outcome : step;
    const context = ctxAt(outcome, 'outcome' in step ? step.ctx : {});
    const result = reduce(state, outcome, context);
    state = result.state;
    results.push({ state, events: result.events, hazards: deriveHazards(state, context), ctx: context });
  }
  return results;
}

/** The last result of runPolls. */
export function finalOf(results: StepResult[]): StepResult {
  const last = results[results.length - 1];
  if (!last) throw new Error('no steps were run');
  return last;
}

/** "kind/severity: message" lines, easy to compare whole. */
export function eventLines(events: MonitorEvent[]): string[] {
  return events.map((event) => `${event.kind}/${event.severity}: ${event.message}`);
}
