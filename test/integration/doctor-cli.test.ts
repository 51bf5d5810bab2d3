// `egpu-companion doctor --json --compute` against the simulator's macOS tools, a stand-in python3,
// docker and lsof: the JSON a script reads, the exit code, and that nothing is left running.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDoctorCli, type DoctorJson } from '../../src/cli/doctor';
import { liveChildCount } from '../../src/core/platform/run-command';
import { simToolPaths, writeSimState } from '../../src/core/sim/sim-control';

const FAKES = path.resolve(__dirname, '../fixtures/doctor');

let home: string;
let env: NodeJS.ProcessEnv;

async function setUp(settings: Record<string, unknown> = {}): Promise<void> {
  home = mkdtempSync(path.join(os.tmpdir(), 'egpu-doctor-'));
  const dataDir = path.join(home, 'config', 'egpu-companion');
  mkdirSync(dataDir, { recursive: true });
  const tmp = path.join(home, 'tmp');
  mkdirSync(tmp);
  const state = path.join(home, 'sim.json');
  await writeSimState(state, { scenario: 'connected', gpu: 'rtx4090', tinygradRunning: false });
  writeFileSync(
    path.join(dataDir, 'settings.json'),
    JSON.stringify({ monitor: { paths: { ...simToolPaths(), lsof: path.join(FAKES, 'lsof') } }, doctor: { computeTimeoutSec: 5 }, ...settings }),
  );
  env = {
    PATH: `${FAKES}:/usr/bin:/bin`,
    HOME: home,
    TMPDIR: tmp,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    EGPU_SIM_STATE: state,
    FAKE_COMPUTE_MARK: path.join(home, 'compute-started'),
    FAKE_COMPUTE_CHILD: path.join(home, 'compute-child.pid'),
  };
}

async function doctor(args: Record<string, string | boolean>, compute: string): Promise<{ code: number; json: DoctorJson; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runDoctorCli({ values: args, positionals: [] }, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { ...env, FAKE_COMPUTE: compute } });
  return { code, json: JSON.parse(stdout) as DoctorJson, stderr };
}

/** Running, that is: a zombie waiting for a reaper that never comes (pid 1 in a container) has ended. */
function alive(pid: number): boolean {
  if (!existsSync('/proc')) {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

beforeEach(async () => setUp());
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('egpu-companion doctor --json --compute', () => {
  it('says the eGPU works, with both copy rates, and keeps the result in the data folder', async () => {
    const { code, json } = await doctor({ json: true, compute: true }, 'pass');
    expect(code).toBe(0);
    expect(json.verdict).toBe('works');
    expect(json.checks.map((c) => c.id)).toEqual(['mac', 'driver', 'card', 'attached', 'leftovers', 'toolchain', 'compute']);
    expect(json.checks.find((c) => c.id === 'compute')).toMatchObject({ status: 'pass', title: 'Compute check' });
    expect(json.copy).toEqual({ hostToDeviceGBps: 3.104, deviceToHostGBps: 2.874 });
    expect(json.failure).toBeNull();
    const saved = JSON.parse(readFileSync(path.join(env.XDG_CONFIG_HOME!, 'egpu-companion', 'doctor.json'), 'utf8'));
    expect(saved.lastCompute).toMatchObject({ ok: true, failureId: null, deviceKey: '0x10de:0x2684' });
    expect(saved.rates['0x10de:0x2684'].hostToDeviceGBps).toBe(3.104);
  });

  it.each([
    ['arch-garbage.txt', 'nv-arch-garbage', 'https://github.com/tinygrad/tinygrad/issues/15652'],
    ['rpc-timeout.txt', 'nv-gsp-rpc-timeout', 'https://github.com/tinygrad/tinygrad/issues/15652'],
    ['server-no-driver-crlf.txt', 'server-no-driver', 'https://github.com/tinygrad/tinygrad/issues/16476'],
  ])('names the known failure in %s', async (fixture, id, source) => {
    const { code, json } = await doctor({ json: true, compute: true }, fixture);
    expect(code).toBe(1);
    expect(json.verdict).toBe('broken');
    expect(json.failure).toMatchObject({ id, source });
    expect(json.copy).toBeNull();
  });

  it('calls an unreported failure unknown, never a guess', async () => {
    const { code, json } = await doctor({ json: true, compute: true }, 'unknown.txt');
    expect(code).toBe(1);
    expect(json.failure).toMatchObject({ id: 'unknown', title: 'Unknown failure', source: null });
    expect(json.checks.find((c) => c.id === 'compute')!.detail).toContain('tinygrad failed');
  });

  it('stops a hung check at its bound and leaves nothing running', async () => {
    const started = Date.now();
    const { code, json } = await doctor({ json: true, compute: true }, 'hang');
    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(json.checks.find((c) => c.id === 'compute')!.detail).toContain('did not finish within 5 s');
    const child = Number(readFileSync(env.FAKE_COMPUTE_CHILD!, 'utf8'));
    expect(alive(child)).toBe(false);
    expect(liveChildCount()).toBe(0);
  }, 20_000);

  it('refuses while another process holds the card, and starts nothing', async () => {
    writeFileSync(path.join(env.TMPDIR!, 'nv_usb4.lock'), '');
    const { code, json } = await doctor({ json: true, compute: true }, 'pass');
    expect(code).toBe(1);
    expect(json.verdict).toBe('unknown');
    const compute = json.checks.find((c) => c.id === 'compute')!;
    expect(compute.status).toBe('warn');
    expect(compute.detail).toBe('Not run: python3 (pid 4242) holds the eGPU\'s lock.');
    expect(existsSync(env.FAKE_COMPUTE_MARK!)).toBe(false);
  });

  it('--report writes the issue-ready report', async () => {
    const file = path.join(home, 'report.md');
    const { code } = await doctor({ json: true, compute: true, report: file }, 'rpc-timeout.txt');
    expect(code).toBe(1);
    const report = readFileSync(file, 'utf8');
    expect(report).toContain('## eGPU check report');
    expect(report).toContain('Timeout waiting for RPC response for command 103');
    expect(report).toContain('(`nv-gsp-rpc-timeout`)');
  });

  it('exits 2 on a vendor it does not know', async () => {
    await expect(doctor({ json: true, device: 'INTEL' }, 'pass')).rejects.toThrow(/--device must be NV or AMD/);
  });
});
