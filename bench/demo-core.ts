// The real demo core with a stand-in page folder, for benchmarks that put the real web server in front of it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCompanion } from '../src/core/companion';
import type { CompanionCore } from '../src/core/companion-types';
import { simBinDir, writeSimState } from '../src/core/sim/sim-control';

export interface DemoCore {
  core: CompanionCore;
  rendererDir: string;
  /** Stops the core and removes its data folder. */
  dispose(): Promise<void>;
}

/** A started demo core on a connected simulated eGPU, in a fresh data folder named after `prefix`. */
export async function startDemoCore(prefix: string): Promise<DemoCore> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const rendererDir = path.join(dataDir, 'renderer');
  const simStateFile = path.join(dataDir, 'sim.json');
  await writeSimState(simStateFile, { scenario: 'connected' });
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>eGPU Companion</title>');
  const core = createCompanion({ dataDir, transport: 'web', demo: { simStateFile, simBinDir: simBinDir() } });
  await core.start();
  return {
    core,
    rendererDir,
    async dispose() {
      await core.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
