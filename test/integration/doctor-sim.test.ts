// Every doctor scenario of the simulator, through `egpu-companion doctor --sim-state FILE --json --compute`:
// the demo shows each doctor result because the stand-in tools and python3 print the real formats.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoctorCli, type DoctorJson } from '../../src/cli/doctor';
import { writeSimState, type SimScenario } from '../../src/core/sim/sim-control';

let home: string;
beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'egpu-doctor-sim-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

async function doctorIn(scenario: SimScenario, gpu: 'rtx4090' | 'rx7900xtx' = 'rtx4090'): Promise<{ code: number; json: DoctorJson }> {
  const state = path.join(home, `${scenario}-${gpu}.json`);
  await writeSimState(state, { scenario, gpu });
  let stdout = '';
  const env = { PATH: '/usr/bin:/bin', HOME: home, TMPDIR: home, XDG_CONFIG_HOME: path.join(home, 'config') };
  const code = await runDoctorCli({ values: { json: true, compute: true, 'sim-state': state }, positionals: [] }, { stdout: (t) => (stdout += t), stderr: () => undefined, env });
  return { code, json: JSON.parse(stdout) as DoctorJson };
}

const status = (json: DoctorJson, id: string) => json.checks.find((c) => c.id === id)?.status;

describe('the simulator acts out every doctor result', () => {
  it('connected: every check passes and the copy rate is a Thunderbolt one', async () => {
    const { code, json } = await doctorIn('connected');
    expect(json.checks.map((c) => `${c.id}:${c.status}`)).toEqual(['mac:pass', 'driver:pass', 'card:pass', 'attached:pass', 'leftovers:pass', 'toolchain:pass', 'compute:pass']);
    expect(code).toBe(0);
    expect(json.copy?.hostToDeviceGBps).toBeCloseTo(3.1);
  });

  it.each([
    ['arch-garbage', 'nv-arch-garbage'],
    ['rpc-timeout', 'nv-gsp-rpc-timeout'],
    ['server-no-driver', 'server-no-driver'],
    ['3d-controller', 'class-3d-controller'],
    ['docker-missing', 'no-docker'],
  ] as const)('%s: broken, named %s', async (scenario, id) => {
    const { code, json } = await doctorIn(scenario);
    expect(code).toBe(1);
    expect(json.verdict).toBe('broken');
    expect(json.failure?.id).toBe(id);
  });

  it('3d-controller and server-no-driver: the card and attach checks say why', async () => {
    expect(status((await doctorIn('3d-controller')).json, 'card')).toBe('fail');
    expect(status((await doctorIn('server-no-driver')).json, 'attached')).toBe('fail');
  });

  it('leftover-driver-processes: computes, but asks for a restart', async () => {
    const { code, json } = await doctorIn('leftover-driver-processes');
    expect(json.verdict).toBe('works');
    expect(code).toBe(1);
    expect(json.checks.find((c) => c.id === 'leftovers')).toMatchObject({ status: 'warn', next: 'Restart the Mac to clear them.' });
  });

  it('usb3-slow-link: computes at USB3 speed', async () => {
    const { json } = await doctorIn('usb3-slow-link');
    expect(json.verdict).toBe('works');
    expect(json.copy?.hostToDeviceGBps).toBeCloseTo(0.277);
  });

  it('AMD: checks the comgr library and runs DEV=AMD', async () => {
    const { json } = await doctorIn('connected', 'rx7900xtx');
    expect(json.checks.find((c) => c.id === 'toolchain')!.detail).toContain('comgr');
    expect(json.verdict).toBe('works');
  });
});
