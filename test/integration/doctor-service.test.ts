// The doctor as a feature of the app: one run at a time, the compute check stopped by cancel (its whole
// process group), the app's own holders refused, and the result kept across a restart.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DoctorStatus } from '../../src/core/api/doctor';
import { SettingsSchema } from '../../src/core/api/settings';
import { DoctorService } from '../../src/core/doctor/doctor-service';
import { liveChildCount } from '../../src/core/platform/run-command';
import { processEnvironment } from '../../src/core/platform/user-env';
import { simToolPaths, writeSimState } from '../../src/core/sim/sim-control';
import { appState, device } from '../builders/app-state';

const FAKES = path.resolve(__dirname, '../fixtures/doctor');
let home: string;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'egpu-doctor-service-'));
  mkdirSync(path.join(home, 'tmp'));
  const state = path.join(home, 'sim.json');
  await writeSimState(state, { scenario: 'connected', gpu: 'rtx4090', tinygradRunning: false });
  env = { PATH: `${FAKES}:/usr/bin:/bin`, HOME: home, TMPDIR: path.join(home, 'tmp'), EGPU_SIM_STATE: state, FAKE_COMPUTE_CHILD: path.join(home, 'child.pid') };
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function service(compute: string, options: { holders?: string[]; timeoutSec?: number } = {}) {
  const settings = SettingsSchema.parse({ monitor: { paths: simToolPaths() }, doctor: { computeTimeoutSec: options.timeoutSec ?? 60 } });
  const pushed: DoctorStatus[] = [];
  const doctor = new DoctorService({
    dataDir: home,
    settings: () => settings,
    appVersion: '0.1.0',
    userEnv: processEnvironment({ ...env, FAKE_COMPUTE: compute }),
    otherHolders: async () => options.holders ?? [],
    emit: (status) => pushed.push(status),
    changed: () => undefined,
    secrets: () => ({ userName: null, home, hostName: null }),
  });
  return { doctor, pushed };
}

describe('DoctorService', () => {
  it('answers a second request with the run already going, and pushes each check as it finishes', async () => {
    const { doctor, pushed } = service('pass');
    const [a, b] = await Promise.all([doctor.run({ compute: true }), doctor.run({ compute: true })]);
    expect(a).toBe(b);
    const counts = pushed.filter((s) => s.running).map((s) => s.checks.length);
    expect(counts).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(doctor.status()).toMatchObject({ running: false, computeRunning: false, lastCompute: { ok: true } });
    // A working card without kernel search gets the catalogue's advice, not a failure.
    expect(a.result.advice).toEqual(['Generation may be slow without kernel search: Set JITBEAM=2 when you run tinygrad: it searches faster kernels (the first run is slower).']);
    expect(a.result.failure).toBeNull();
  });

  it('stops the compute check and its process group on cancel', async () => {
    const { doctor } = service('hang');
    const run = doctor.run({ compute: true });
    await expect.poll(() => { try { return readFileSync(env.FAKE_COMPUTE_CHILD!, 'utf8'); } catch { return ''; } }, { timeout: 15_000 }).not.toBe('');
    expect(doctor.busy()).toBe(true);
    doctor.cancel();
    const { result } = await run;
    expect(result.checks.at(-1)).toMatchObject({ id: 'compute', status: 'skip', detail: 'Cancelled; tinygrad was stopped.' });
    expect(liveChildCount()).toBe(0);
    // A cancelled check is no answer: nothing is remembered.
    expect(doctor.status().lastCompute).toBeNull();
  }, 30_000);

  it("refuses while the app's own tinygrad server holds the card", async () => {
    const { doctor } = service('pass', { holders: ['the tinygrad server the app started (pid 4321) holds the eGPU'] });
    const { result } = await doctor.run({ compute: true });
    expect(result.checks.at(-1)!.detail).toBe('Not run: the tinygrad server the app started (pid 4321) holds the eGPU.');
  });

  it('keeps a failed check across a restart, and forgets it once the card changed', async () => {
    const first = service('arch-garbage.txt');
    await first.doctor.run({ compute: true });
    const second = service('pass');
    await second.doctor.start();
    const shown = appState({ devices: [device({ vendorId: '0x10de', deviceId: '0x2684' })] });
    expect(second.doctor.decorate(shown).summary).toBe("Driver ready, but the GPU failed its check: The GPU's registers read garbage (KeyError: 63)");
    second.doctor.observe(appState({ devices: [] }));
    await expect.poll(() => JSON.parse(readFileSync(path.join(home, 'doctor.json'), 'utf8')).lastCompute, { timeout: 5000 }).toBeNull();
    expect(second.doctor.decorate(shown).tray).toBe('ok');
  });

  it('sets a corrupt results file aside with a notice', async () => {
    writeFileSync(path.join(home, 'doctor.json'), '{ not json');
    const notice = await service('pass').doctor.start();
    expect(notice?.message).toContain('could not be read');
  });
});
