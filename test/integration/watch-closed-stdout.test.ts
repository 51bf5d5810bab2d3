// `egpu-companion watch | head -n 1`: watch prints events for a reader; once that reader has gone it
// ends cleanly (exit 0) at its next event instead of writing into a closed pipe. Needs `npm run build`.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { simBinDir, writeSimState } from '../../src/core/sim/sim-control';
import { spawnTracked, stopProcess } from '../support/started-processes';
import { ROOT } from '../support/web-app';

it('watch ends with exit 0 when its stdout is closed', async () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'egpu-watch-'));
  const state = path.join(home, 'sim.json');
  await writeSimState(state, { scenario: 'connected', gpu: 'rtx4090' });
  mkdirSync(path.join(home, 'egpu-companion'));
  const settings = { version: 1, monitor: { pollIntervalSec: 0.5, paths: { tinygpu: path.join(simBinDir(), 'tinygpu') } } };
  writeFileSync(path.join(home, 'egpu-companion', 'settings.json'), JSON.stringify(settings));
  const child = spawnTracked(process.execPath, [path.join(ROOT, 'bin', 'egpu-companion.mjs'), 'watch', '--json'], {
    env: { ...process.env, XDG_CONFIG_HOME: home, EGPU_SIM_STATE: state },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    // What `head -n 1` does: read the first line, then leave.
    await expect.poll(() => out.includes('\n'), { timeout: 15_000 }).toBe(true);
    child.stdout?.destroy();
    await writeSimState(state, { scenario: 'absent', gpu: 'rtx4090' });
    expect(await exited).toBe(0);
    expect(err).toBe('');
  } finally {
    await stopProcess(child);
  }
}, 40_000);
