// Vitest global setup: gives the run a registry folder for the servers its test files start, and at
// the end kills, by process group, any a test file left behind (a failed set-up, a crashed worker).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { killRecorded, REGISTRY_ENV } from './started-processes';

export default function setup(): () => Promise<void> {
  const registry = mkdtempSync(path.join(os.tmpdir(), 'egpu-test-servers-'));
  // Test processes start after the global setup and inherit this.
  process.env[REGISTRY_ENV] = registry;
  return async () => {
    const killed = await killRecorded(registry);
    if (killed > 0) process.stderr.write(`global teardown: stopped ${killed} server(s) a test file left running\n`);
    rmSync(registry, { recursive: true, force: true });
  };
}
