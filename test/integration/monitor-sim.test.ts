// The real core against the real simulator processes: spawn → parse → reduce → hazards → tray.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MonitorEvent } from '../../src/core/api/schemas';
import { createCompanion } from '../../src/core/companion';
import type { CompanionCore } from '../../src/core/companion-types';
import { liveChildCount } from '../../src/core/platform/run-command';
import type { Notification } from '../../src/core/ports';
import { simBinDir, writeSimState, type SimScenario } from '../../src/core/sim/sim-control';
import { trayIconFor, trayMenuTemplate } from '../../src/main/tray-menu';

const START = 1_800_000_000_000;
// Well past the hot-plug grace window after start, so every change below is "while awake".
const STEP_MS = 120_000;

interface Harness {
  core: CompanionCore;
  advance(ms: number): void;
  setScenario(scenario: SimScenario): Promise<unknown>;
  events: MonitorEvent[];
  notifications: Notification[];
  dataDir: string;
  flip(scenario: SimScenario): Promise<Awaited<ReturnType<CompanionCore['refresh']>>>;
}

let running: CompanionCore | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

async function startCore(probeTimeoutMs?: number): Promise<Harness> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'egpu-monitor-'));
  const simStateFile = path.join(dataDir, 'sim-state.json');
  await writeSimState(simStateFile, { scenario: 'connected', gpu: 'rtx4090' });
  let clock = START;
  const events: MonitorEvent[] = [];
  const notifications: Notification[] = [];
  const core = createCompanion({
    dataDir,
    transport: 'direct',
    demo: { simStateFile, simBinDir: simBinDir() },
    notifier: { notify: (n) => notifications.push(n) },
    now: () => clock,
  });
  core.on('monitorEvent', (event) => events.push(event));
  await core.start();
  if (probeTimeoutMs) await core.updateSettings({ monitor: { probeTimeoutMs } });
  running = core;
  return {
    core,
    events,
    notifications,
    dataDir,
    advance: (ms) => void (clock += ms),
    setScenario: (scenario) => writeSimState(simStateFile, { scenario, gpu: 'rtx4090' }),
    flip: async (scenario) => {
      clock += STEP_MS;
      await writeSimState(simStateFile, { scenario, gpu: 'rtx4090' });
      return core.refresh({});
    },
  };
}

const kinds = (events: MonitorEvent[]) => events.map((event) => `${event.kind}:${event.severity}`);
const hazardIds = (state: { hazards: Array<{ id: string }> }) => state.hazards.map((hazard) => hazard.id);
const KEY = 'NVIDIA GeForce RTX 4090#0';
const menuLabels = (state: Parameters<typeof trayMenuTemplate>[0]) =>
  trayMenuTemplate(state, { refresh() {}, openPopover() {}, openSetup() {}, copyDiagnostics() {}, setLaunchAtLogin() {}, quit() {} }, { launchAtLogin: false })
    .map((item) => item.label)
    .filter(Boolean);

describe('monitor driven through the simulator', () => {
  it('plug → unplug → replug → degraded link → awaiting approval: exact events, hazards and tray', async () => {
    const h = await startCore();

    const connected = await h.core.refresh({});
    expect(connected.tray).toBe('ok');
    expect(connected.devices.map((d) => [d.name, d.vramTotalMB, d.link.label])).toEqual([['NVIDIA GeForce RTX 4090', 24576, 'Thunderbolt 4 (PCIe x4 Gen4)']]);
    expect(kinds(h.events.splice(0))).toEqual(['note:info']);
    expect(trayIconFor(connected.tray).file).toMatch(/trayOkTemplate/);

    const unplugged = await h.flip('absent');
    expect(kinds(h.events.splice(0))).toEqual(['device-lost:critical']);
    expect(unplugged.tray).toBe('disconnected');
    expect(hazardIds(unplugged)).toEqual([`hot-plug-lost:${KEY}`]);
    expect(unplugged.hazards[0]?.title).toBe('eGPU disconnected while in use');

    const replugged = await h.flip('connected');
    expect(kinds(h.events.splice(0))).toEqual(['device-connected:info', 'hot-plug:warning']);
    expect(replugged.tray).toBe('warning');
    expect(hazardIds(replugged)).toEqual([`hot-plug-appeared:${KEY}`]);

    const degraded = await h.flip('degraded-link');
    expect(kinds(h.events.splice(0))).toEqual(['link-degraded:warning']);
    expect(degraded.devices[0]?.link).toMatchObject({ kind: 'thunderbolt3', pcieWidth: 1, pcieGen: 3 });
    expect(hazardIds(degraded)).toEqual([`link-degraded:${KEY}`, `hot-plug-appeared:${KEY}`]);
    expect(degraded.hazards[0]?.why).toMatch(/Thunderbolt 3.*x1/);
    expect(menuLabels(degraded)).toContain('Warning: eGPU link is slower than expected');

    const approval = await h.flip('awaiting-approval');
    // The driver hides the GPU from its CLI: a driver change, not an unplug.
    expect(kinds(h.events.splice(0))).toEqual(['driver-state-changed:warning']);
    expect(approval.tray).toBe('warning');
    expect(hazardIds(approval)).toContain('driver-awaiting-approval');
    const approvalHazard = approval.hazards.find((hazard) => hazard.id === 'driver-awaiting-approval');
    expect(approvalHazard?.actions).toContainEqual({
      kind: 'open-url',
      label: 'Open System Settings',
      url: 'x-apple.systempreferences:com.apple.LoginItems-Settings.extension',
    });
    expect(approval.driver.state).toBe('awaiting-approval');

    // One notification per new warning, none repeated while it stays.
    const titles = h.notifications.map((n) => n.title);
    expect(titles).toEqual([
      'eGPU disconnected while in use',
      'eGPU was connected while the Mac was awake',
      'eGPU link is slower than expected',
      'TinyGPU is waiting for your approval',
    ]);
    await h.core.refresh({});
    expect(h.notifications).toHaveLength(4);
    expect(h.events).toHaveLength(0);

    // The event log on disk has the whole story.
    await h.core.stop();
    running = null;
    const log = JSON.parse(readFileSync(path.join(h.dataDir, 'events.json'), 'utf8')) as unknown;
    expect(JSON.stringify(log)).toContain('link degraded');
  });

  it('an eGPU gone across sleep is not a hot-plug; the wake check reports it', async () => {
    const h = await startCore();
    await h.core.refresh({});
    h.events.splice(0);
    h.core.handlePowerEvent('suspend');
    await h.setScenario('absent');
    h.advance(3_600_000);
    h.core.handlePowerEvent('resume');
    const afterWake = await h.core.refresh({});
    expect(kinds(h.events.splice(0))).toEqual(['woke:info', 'device-lost:warning']);
    expect(afterWake.tray).toBe('disconnected');
    // Not a hot-plug: a warning that the GPU did not survive sleep, with what to do.
    expect(hazardIds(afterWake)).toEqual([`hot-plug-missing-after-wake:${KEY}`]);
    expect(afterWake.hazards[0]?.title).toBe('eGPU did not come back after sleep');
    // Connected right after waking, as the guide says to: a normal connect, no hot-plug warning.
    h.advance(10_000);
    await h.setScenario('connected');
    const reconnected = await h.core.refresh({});
    expect(kinds(h.events.splice(0))).toEqual(['device-connected:info']);
    expect(reconnected.tray).toBe('ok');
  });

  it('keeps quiet about notifications the user switched off', async () => {
    const h = await startCore();
    await h.core.refresh({});
    await h.core.updateSettings({ notifications: { hotPlug: false } });
    await h.flip('absent');
    // Only the switched-off kind is asserted: on a loaded machine a slow probe may rightly notify too.
    expect(h.notifications.map((n) => n.id).filter((id) => id.startsWith('hot-plug-'))).toEqual([]);
    expect(h.events.map((e) => e.kind)).toContain('device-lost');
  });

  // Only the hung probe needs a short timeout; the others get room for a busy machine.
  it.each([
    ['hung', 2000, /did not answer within 2 s/],
    ['crashing', 10_000, /crashed \(SIGSEGV\)/],
    ['flood', 10_000, /printed more than 1 MiB; stopped it/],
    ['garbage', 10_000, /printed something unexpected/],
  ] as const)('a %s probe leaves the state unknown with a clear message and no child behind', async (scenario, timeoutMs, message) => {
    const h = await startCore(timeoutMs);
    await h.core.refresh({});
    const state = await h.flip(scenario);
    expect(state.tray).toBe('unknown');
    expect(state.devices).toEqual([]);
    expect(state.probe.error).toMatch(message);
    expect(state.summary).toMatch(/^Can't read the eGPU status: /);
    expect(liveChildCount()).toBe(0);
    // Still responsive: commands answer and the next good probe recovers.
    expect((await h.core.getSettings({})).monitor.probeTimeoutMs).toBe(timeoutMs);
    const recovered = await h.flip('connected');
    expect(recovered.tray).not.toBe('unknown');
    expect(kinds(h.events).slice(-1)).toEqual(['probe-recovered:info']);
  });

  it('writes a diagnostics bundle with the raw probe output', async () => {
    const h = await startCore();
    await h.core.refresh({});
    const { path: file, text } = await h.core.copyDiagnostics({});
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(text).toContain('Device 0: NVIDIA GeForce RTX 4090');
    expect(text).toMatch(/--- .*tinygpu list \(exit 0/);
    expect(text).toContain('== Recent events');
  });
});
