// Tiered probing against the simulator: with a steady device each poll spawns one process, the
// details refresh at most once a minute, and a link change shows (and refreshes details) at once.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/core/api/settings';
import * as runner from '../../../src/core/platform/run-command';
import type { ProbeSource, SourceContext } from '../../../src/core/probe/sources/source';
import { TierCache } from '../../../src/core/probe/sources/tiers';
import { createTinygpuAppSource } from '../../../src/core/probe/sources/tinygpu-app';
import { createTinygpuCliSource } from '../../../src/core/probe/sources/tinygpu-cli';
import type { Snapshot } from '../../../src/core/probe/types';
import { simToolPaths, writeSimState, type SimScenario } from '../../../src/core/sim/sim-control';

vi.mock('../../../src/core/platform/run-command', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/core/platform/run-command')>();
  return { ...real, runCommand: vi.fn(real.runCommand) };
});

const POLL_MS = 2_000;
const POLLS = 30;

interface Rig {
  source: ProbeSource;
  poll(detail?: 'auto' | 'force'): Promise<{ snapshot: Snapshot; spawned: number }>;
  setScenario(scenario: SimScenario): Promise<void>;
}

async function rig(kind: 'cli' | 'app'): Promise<Rig> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'egpu-tiers-'));
  const stateFile = path.join(dir, 'sim.json');
  await writeSimState(stateFile, { scenario: 'connected', gpu: 'rtx4090' });
  let clock = 1_800_000_000_000;
  const sim = simToolPaths();
  const ctx: SourceContext = {
    monitor: { ...DEFAULT_SETTINGS.monitor, probeTimeoutMs: 20_000, paths: { ...DEFAULT_SETTINGS.monitor.paths, ...sim, lsof: path.join(dir, 'no-lsof') } },
    // TMPDIR without lock files: nothing uses the GPU, so no lsof run.
    env: { ...process.env, EGPU_SIM_STATE: stateFile, TMPDIR: dir },
    now: () => clock,
    tiers: new TierCache(),
  };
  const source = kind === 'cli' ? createTinygpuCliSource(ctx, sim.tinygpu) : createTinygpuAppSource(ctx);
  const spawns = vi.mocked(runner.runCommand);
  return {
    source,
    async poll(detail = 'auto') {
      const before = spawns.mock.calls.length;
      const snapshot = await source.probe({ detail });
      clock += POLL_MS;
      return { snapshot, spawned: spawns.mock.calls.length - before };
    },
    setScenario: (scenario) => writeSimState(stateFile, { scenario, gpu: 'rtx4090' }).then(() => undefined),
  };
}



describe.each(['cli', 'app'] as const)('tiered probing (%s path)', (kind) => {
  it('spawns one process per steady poll plus at most one detail refresh per minute', async () => {
    const { poll } = await rig(kind);
    const first = await poll('force');
    expect(first.snapshot.devices).toHaveLength(1);
    expect(first.spawned).toBeGreaterThan(1);
    const perPoll: number[] = [];
    for (let i = 0; i < POLLS; i += 1) perPoll.push((await poll()).spawned);
    const detailPolls = perPoll.filter((count) => count > 1).length;
    // 30 polls × 2 s = 60 s after the forced one: the minute's refresh falls inside, once.
    expect(detailPolls).toBeLessThanOrEqual(1);
    expect(perPoll.filter((count) => count === 1).length).toBeGreaterThanOrEqual(POLLS - 1);
    expect(perPoll.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(POLLS + first.spawned);
  }, 120_000);

  it('reports a link change on the next poll and refreshes the details then', async () => {
    const { poll, setScenario } = await rig(kind);
    await poll('force');
    const steady = await poll();
    expect(steady.spawned).toBe(1);
    expect(steady.snapshot.devices[0]?.link.pcieWidth).toBe(4);
    await setScenario('degraded-link');
    const changed = await poll();
    expect(changed.snapshot.devices[0]?.link.pcieWidth).toBe(1);
    expect(changed.spawned).toBeGreaterThan(1);
    expect(changed.snapshot.detailCached).not.toBe(true);
  }, 60_000);

  it('runs the details when asked, even with nothing changed', async () => {
    const { poll } = await rig(kind);
    await poll('force');
    expect((await poll()).spawned).toBe(1);
    expect((await poll('force')).spawned).toBeGreaterThan(1);
  }, 60_000);
});
