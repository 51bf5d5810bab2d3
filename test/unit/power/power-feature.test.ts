// The glue between the power service and the app state: pure merges, the eGPU context, the tray
// title and the `status --json` power object.
import { describe, expect, it } from 'vitest';
import type { AppState, Device } from '../../../src/core/api/schemas';
import { PowerSettingsSchema, type UnplugHolder } from '../../../src/core/api/power';
import { nullLogger } from '../../../src/core/platform/logger';
import { createPowerFeature, egpuContextOf, unplugHoldersOf, wakeEvents, wakeHazard, withPower } from '../../../src/core/power/power-feature';
import { powerJson } from '../../../src/core/power/status';
import { trayTitleText } from '../../../src/main/tray-title';
import { SAMPLE_STATE } from '../../fakes/fake-api';

const GPU: Device = {
  key: 'gpu#0',
  index: 0,
  name: 'RTX 4090',
  vendor: 'nvidia',
  vendorId: null,
  deviceId: null,
  vramTotalMB: null,
  vramType: null,
  vramUsedMB: null,
  vramUsedSource: null,
  utilizationPct: null,
  link: { kind: 'thunderbolt4', label: 'Thunderbolt 4 (PCIe x4 Gen4)', pcieWidth: 4, pcieGen: 4, up: true },
  driver: null,
  extra: {},
  inUseBy: { pid: 4242, command: '/usr/bin/python3 train.py' },
};
const STATE: AppState = { ...SAMPLE_STATE, tray: 'ok', devices: [GPU], driver: { ...SAMPLE_STATE.driver, state: 'ready' } };
const SLEEP_SOON = { id: 'sleep-soon', severity: 'warning' as const, title: 'Mac sleeps in 42 s', why: '', actions: [], since: 1 };
const POWER = {
  status: { supported: true, sleepTimerMin: 2, idleSec: 78, secondsToSleep: 42, preventedBy: [], onBattery: false, keepAwake: { mode: 'off' as const, until: null, holding: false } },
  hazards: [SLEEP_SOON],
  preventedLine: null,
};

describe('power feature glue', () => {
  it('tells the power service about devices, link, driver and who uses the eGPU', () => {
    expect(egpuContextOf(STATE)).toEqual({
      devices: [{ key: 'gpu#0', name: 'RTX 4090', link: 'Thunderbolt 4 (PCIe x4 Gen4)' }],
      driverReady: true,
      users: ['/usr/bin/python3 train.py (pid 4242)'],
    });
    expect(unplugHoldersOf({ ...STATE, health: { ...STATE.health, serverRunning: true } }).map((h) => h.name)).toEqual(['python3', 'TinyGPU server']);
  });

  it('merges the sleep warning into the hazards, the tray and the power object', () => {
    const merged = withPower(STATE, POWER, 1000);
    expect(merged.hazards.map((h) => h.id)).toEqual(['sleep-soon']);
    // The icon stays about the eGPU; the tray title counts down instead.
    expect(merged.tray).toBe('ok');
    expect(merged.power).toMatchObject({ secondsToSleep: 42, warning: true, at: 1000, preventedLine: null });
    expect(withPower(STATE, { ...POWER, status: { ...POWER.status, supported: false }, hazards: [] }, 1000)).toBe(STATE);
  });

  it('turns a missing device after wake into a critical warning that replaces the milder one', () => {
    const results = [{ severity: 'critical' as const, outcome: 'missing' as const, message: 'RTX 4090 did not come back after sleep.', deviceKey: 'gpu#0' }];
    const hazard = wakeHazard(5, results[0]!);
    expect(hazard).toMatchObject({ severity: 'critical', title: 'eGPU did not come back after sleep' });
    const mild = { ...SLEEP_SOON, id: 'hot-plug-missing-after-wake:gpu#0' };
    const merged = withPower({ ...STATE, hazards: [mild] }, { ...POWER, hazards: [] }, 6, [hazard!]);
    expect(merged.hazards.map((h) => h.severity)).toEqual(['critical']);
    expect(wakeEvents(5, [{ severity: 'info', outcome: 'back', message: 'RTX 4090 is back after sleep.', deviceKey: 'gpu#0' }])[0]?.message).toBe('eGPU is back: RTX 4090 is back after sleep.');
  });

  it('shows a ticking tray title only while the warning shows', () => {
    const merged = withPower(STATE, POWER, 1000);
    expect(trayTitleText(merged, 1000)).toBe('Sleep 0:42');
    expect(trayTitleText(merged, 13_000)).toBe('Sleep 0:30');
    expect(trayTitleText(STATE, 1000)).toBe('');
  });

  it('prints the issue-shaped power object in status --json', () => {
    expect(powerJson(withPower(STATE, POWER, 1000).power)).toEqual({
      supported: true,
      sleepTimerMin: 2,
      idleSec: 78,
      secondsToSleep: 42,
      preventedBy: [],
      onBattery: false,
      keepAwake: { mode: 'off', until: null },
    });
    expect(powerJson(undefined)).toMatchObject({ supported: false, secondsToSleep: null });
  });

  it('lists the tinygrad server the app manages once, as its own, even when it is also the lock holder', () => {
    const managed: UnplugHolder = { pid: 4242, name: 'tinygrad server', command: 'tinygrad.llm --model llama3.2:1b', ownedByApp: true };
    expect(unplugHoldersOf(STATE, [managed])).toEqual([managed]);
    const other = { ...managed, pid: 900 };
    expect(unplugHoldersOf(STATE, [other]).map((h) => [h.name, h.pid, h.ownedByApp])).toEqual([
      ['python3', 4242, false],
      ['tinygrad server', 900, true],
    ]);
    // A running managed server counts as "in use" for keep-awake and the sleep warning.
    expect(egpuContextOf({ ...STATE, devices: [{ ...GPU, inUseBy: null }] }, [other]).users).toEqual(['tinygrad.llm --model llama3.2:1b (pid 900)']);
  });
});

describe('prepare to unplug in the power feature', () => {
  function setup() {
    let state: AppState = { ...STATE, devices: [{ ...GPU, inUseBy: null }] };
    let managed: UnplugHolder | null = { pid: 900, name: 'tinygrad server', command: 'tinygrad.llm --model llama3.2:1b', ownedByApp: true };
    const stopped: number[] = [];
    let now = 1_000;
    const feature = createPowerFeature({
      port: null,
      settings: () => PowerSettingsSchema.parse({}),
      monitorState: () => state,
      appState: () => state,
      probeNow: async () => state,
      changed: () => undefined,
      event: () => undefined,
      notify: () => undefined,
      persistKeepAwake: async () => undefined,
      now: () => now,
      logger: nullLogger,
      ownHolders: () => (managed ? [managed] : []),
      stopOwnHolder: async (holder) => {
        stopped.push(holder.pid ?? -1);
        managed = null;
      },
    });
    return {
      feature,
      stopped,
      setDevices: (devices: Device[]) => {
        state = { ...state, devices };
        feature.egpuChanged();
      },
      advance: (ms: number) => void (now += ms),
    };
  }

  it('stops only what the app started, then says safe; the unplug that follows is expected until a device arrives', async () => {
    const { feature, stopped, setDevices } = setup();
    feature.egpuChanged();
    const first = await feature.prepareUnplug();
    expect(first).toMatchObject({ safeToUnplug: false, message: 'In use by tinygrad server (pid 900): stop it before unplugging' });
    expect(feature.isPreparedUnplug()).toBe(false);

    await feature.stopUnplugHolder(4242);
    expect(stopped).toEqual([]);
    const after = await feature.stopUnplugHolder(900);
    expect(stopped).toEqual([900]);
    expect(after).toMatchObject({ safeToUnplug: true, message: 'Safe to unplug', holders: [] });
    expect(feature.isPreparedUnplug()).toBe(true);

    setDevices([]);
    expect(feature.isPreparedUnplug()).toBe(true);
    setDevices([{ ...GPU, inUseBy: null }]);
    expect(feature.isPreparedUnplug()).toBe(false);
  });

  it('a prepared unplug expires after ten minutes', async () => {
    const { feature, stopped, advance } = setup();
    feature.egpuChanged();
    await feature.prepareUnplug();
    await feature.stopUnplugHolder(900);
    expect(stopped).toEqual([900]);
    expect(feature.isPreparedUnplug()).toBe(true);
    advance(10 * 60_000 + 1);
    expect(feature.isPreparedUnplug()).toBe(false);
  });
});
