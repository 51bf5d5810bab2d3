// Same tools in, same answer out: for every simulator scenario, eGPU and power alike,
// `egpu-companion status --json` and the state the popover renders (the companion API on the same
// simulated Mac) agree — the power object and the sleep warning included.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DemoScenarioSchema, type AppState } from '../../src/core/api/schemas';
import { createCompanion } from '../../src/core/companion';
import type { CompanionCore } from '../../src/core/companion-types';
import { SLEEP_SOON_HAZARD_ID } from '../../src/core/api/power';
import { simPowerPort } from '../../src/core/power/sim-power-port';
import { SettingsSchema } from '../../src/core/api/settings';
import { simBinDir, writeSimState, type SimStateInput } from '../../src/core/sim/sim-control';
import { main } from '../../src/cli/index';
import { statusJson, type StatusJson } from '../../src/cli/status-report';
import { nullLogger } from '../../src/core/platform/logger';
import { powerJson } from '../../src/core/power/status';

let configHome = '';
let running: CompanionCore | null = null;

beforeAll(() => {
  configHome = mkdtempSync(path.join(os.tmpdir(), 'egpu-status-popover-'));
});

afterEach(async () => {
  await running?.stop();
  running = null;
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

/** The real CLI entry point, as `egpu-companion status --json --sim-state FILE` runs it. */
async function statusCommand(simStateFile: string): Promise<{ code: number; json: StatusJson }> {
  vi.stubEnv('XDG_CONFIG_HOME', configHome);
  let stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  });
  const code = await main(['status', '--json', '--sim-state', simStateFile]);
  vi.restoreAllMocks();
  return { code, json: JSON.parse(stdout) as StatusJson };
}

/** Scenarios where every simulated tool misbehaves, pmset and ioreg too: power stays unknown on both sides. */
const TOOLS_BROKEN = new Set(['hung', 'crashing', 'garbage']);

async function popoverState(simStateFile: string, powerReadable: boolean): Promise<AppState> {
  const core = createCompanion({
    dataDir: path.join(configHome, 'egpu-companion'),
    transport: 'direct',
    demo: { simStateFile, simBinDir: simBinDir() },
    power: await simPowerPort(simStateFile, SettingsSchema.parse({}).monitor, nullLogger),
  });
  running = core;
  await core.start();
  // The state after the first probe, as `status` prints after its one probe (a later refresh would be
  // a second probe, and two failures in a row rightly add the probe-failing hazard).
  return vi.waitFor(
    async () => {
      const state = await core.getState({});
      if (state.probe.lastAt === null && state.probe.consecutiveFailures === 0) throw new Error('no probe yet');
      if (powerReadable && state.power?.idleSec === null) throw new Error('no power reading yet');
      return state;
    },
    { timeout: 15_000, interval: 20 },
  );
}

/** What both must agree on; `since` times and wording of the moment are not compared. */
function comparable(json: StatusJson) {
  return {
    tray: json.tray,
    summary: json.summary,
    ready: json.ready,
    source: json.source,
    error: json.error,
    driver: json.driver,
    devices: json.devices,
    hazardIds: json.hazards.map((hazard) => hazard.id),
    // The countdown runs between the two looks: compared to the second below.
    power: json.power ? { ...json.power, secondsToSleep: json.power.secondsToSleep === null ? null : 'counting' } : null,
  };
}

/** `status --json`'s fields for the popover's state, through the same power feature code. */
function popoverJson(state: AppState): StatusJson {
  return statusJson(state, { power: powerJson(state.power) });
}

async function bothOn(sim: SimStateInput, name: string): Promise<{ status: { code: number; json: StatusJson }; popover: AppState }> {
  const simStateFile = path.join(configHome, `sim-${name}.json`);
  await writeSimState(simStateFile, sim);
  const status = await statusCommand(simStateFile);
  const popover = await popoverState(simStateFile, !TOOLS_BROKEN.has(sim.scenario));
  return { status, popover };
}

function expectAgreement(status: StatusJson, popover: AppState): void {
  const shown = popoverJson(popover);
  expect(comparable(status)).toEqual(comparable(shown));
  const [a, b] = [status.power?.secondsToSleep ?? null, shown.power?.secondsToSleep ?? null];
  if (a === null || b === null) expect(a).toBe(b);
  else expect(Math.abs(a - b)).toBeLessThanOrEqual(5);
}

describe('status --json and the popover', () => {
  it.each(DemoScenarioSchema.options)('agree on devices, driver, tray and hazards when the simulator acts out "%s"', async (scenario) => {
    const simStateFile = path.join(configHome, `sim-${scenario}.json`);
    await writeSimState(simStateFile, { scenario, gpu: 'rtx4090' });

    const status = await statusCommand(simStateFile);
    const popover = await popoverState(simStateFile, !TOOLS_BROKEN.has(scenario));

    expectAgreement(status.json, popover);
    expect(status.json.tray).toBe(popover.tray);
    expect(popover.demo).toEqual({ scenario });
    // The exit code follows what the popover shows.
    const shownDriver = popover.devices[0]?.driver ?? popover.driver;
    const ready = popover.devices.length > 0 && shownDriver.state === 'ready';
    const expectedCode = popover.tray === 'unknown' ? 2 : ready ? 0 : 1;
    expect(status.code).toBe(expectedCode);
  }, 60_000);

  const POWER_SCENARIOS: Record<string, Omit<SimStateInput, 'scenario'>> = {
    'sleep soon': { sleepMinutes: 10, idleSeconds: 570 },
    'user active': { sleepMinutes: 10, idleSeconds: 12 },
    'caffeinate holds': { sleepMinutes: 10, idleSeconds: 570, caffeinate: true },
    'sleep never': { sleepMinutes: 0, idleSeconds: 570 },
  };
  const cases = Object.entries(POWER_SCENARIOS).flatMap(([name, power]) => (['connected', 'absent'] as const).map((scenario) => [name, scenario, power] as const));

  it.each(cases)('agree on the power object and the sleep warning when "%s" with the eGPU %s', async (name, scenario, power) => {
    const { status, popover } = await bothOn({ scenario, gpu: 'rtx4090', ...power }, `${name.replace(/\W+/g, '-')}-${scenario}`);
    expectAgreement(status.json, popover);
    expect(status.json.power?.supported).toBe(true);
  }, 60_000);
});

describe('status --json on a Mac about to sleep', () => {
  it('counts down and warns with the timer at 10 min, 570 s idle and an eGPU attached', async () => {
    const { status } = await bothOn({ scenario: 'connected', gpu: 'rtx4090', sleepMinutes: 10, idleSeconds: 570 }, 'about-to-sleep');
    expect(status.json.power?.sleepTimerMin).toBe(10);
    expect(status.json.power?.idleSec).toBe(570);
    expect(status.json.power?.secondsToSleep).toBeGreaterThanOrEqual(25);
    expect(status.json.power?.secondsToSleep).toBeLessThanOrEqual(30);
    expect(status.json.hazards.map((hazard) => hazard.id)).toContain(SLEEP_SOON_HAZARD_ID);
  }, 60_000);

  it('neither counts down nor warns while caffeinate holds the Mac awake', async () => {
    const { status } = await bothOn({ scenario: 'connected', gpu: 'rtx4090', sleepMinutes: 10, idleSeconds: 570, caffeinate: true }, 'caffeinated');
    expect(status.json.power?.secondsToSleep).toBeNull();
    expect(status.json.power?.preventedBy).toContain('caffeinate');
    expect(status.json.hazards.map((hazard) => hazard.id)).not.toContain(SLEEP_SOON_HAZARD_ID);
  }, 60_000);

  it('prints the countdown as a Power line in text', async () => {
    const simStateFile = path.join(configHome, 'sim-text.json');
    await writeSimState(simStateFile, { scenario: 'connected', gpu: 'rtx4090', sleepMinutes: 10, idleSeconds: 570 });
    vi.stubEnv('XDG_CONFIG_HOME', configHome);
    let stdout = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += chunk.toString();
      return true;
    });
    await main(['status', '--sim-state', simStateFile]);
    vi.restoreAllMocks();
    expect(stdout).toMatch(/^Power: Mac sleeps in 0:(2\d|30) — eGPU attached$/m);
  }, 60_000);
});
