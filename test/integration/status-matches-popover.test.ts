// Same tools in, same answer out: for every simulator scenario, `egpu-companion status --json` and
// the state the popover renders (the companion API, as serve --demo runs it) agree.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DemoScenarioSchema, type AppState } from '../../src/core/api/schemas';
import { createCompanion } from '../../src/core/companion';
import type { CompanionCore } from '../../src/core/companion-types';
import { simBinDir, writeSimState } from '../../src/core/sim/sim-control';
import { main } from '../../src/cli/index';
import { statusJson, type StatusJson } from '../../src/cli/status-report';

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

async function popoverState(simStateFile: string): Promise<AppState> {
  const core = createCompanion({
    dataDir: path.join(configHome, 'egpu-companion'),
    transport: 'direct',
    demo: { simStateFile, simBinDir: simBinDir() },
  });
  running = core;
  await core.start();
  // The state after the first probe, as `status` prints after its one probe (a later refresh would be
  // a second probe, and two failures in a row rightly add the probe-failing hazard).
  return vi.waitFor(
    async () => {
      const state = await core.getState({});
      if (state.probe.lastAt === null && state.probe.consecutiveFailures === 0) throw new Error('no probe yet');
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
  };
}

describe('status --json and the popover', () => {
  it.each(DemoScenarioSchema.options)('agree on devices, driver, tray and hazards when the simulator acts out "%s"', async (scenario) => {
    const simStateFile = path.join(configHome, `sim-${scenario}.json`);
    await writeSimState(simStateFile, { scenario, gpu: 'rtx4090' });

    const status = await statusCommand(simStateFile);
    const popover = await popoverState(simStateFile);

    expect(comparable(status.json)).toEqual(comparable(statusJson(popover)));
    expect(status.json.tray).toBe(popover.tray);
    expect(popover.demo).toEqual({ scenario });
    // The exit code follows what the popover shows.
    const shownDriver = popover.devices[0]?.driver ?? popover.driver;
    const ready = popover.devices.length > 0 && shownDriver.state === 'ready';
    const expectedCode = popover.tray === 'unknown' ? 2 : ready ? 0 : 1;
    expect(status.code).toBe(expectedCode);
  }, 60_000);
});
