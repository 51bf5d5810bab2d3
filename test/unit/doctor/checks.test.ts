import { describe, expect, it } from 'vitest';
import { cardView } from '../../../src/core/doctor/card-view';
import { attachedCheck } from '../../../src/core/doctor/checks/attached-check';
import { cardCheck } from '../../../src/core/doctor/checks/card-check';
import { computeCheck, type ComputeRun } from '../../../src/core/doctor/checks/compute-check';
import { driverCheck } from '../../../src/core/doctor/checks/driver-check';
import { leftoversCheck } from '../../../src/core/doctor/checks/leftovers-check';
import { macCheck } from '../../../src/core/doctor/checks/mac-check';
import { toolchainCheck } from '../../../src/core/doctor/checks/toolchain-check';
import { KNOWN_FAILURES } from '../../../src/core/doctor/known-failures';
import type { ToolchainFacts, ToolOutput } from '../../../src/core/doctor/probe-input';
import { probeFixture, type ProbeFixtureTool } from '../../fixtures/probe/fixtures';

const ok = (stdout: string): ToolOutput => ({ stdout, stderr: '', exitCode: 0, error: null });
const fixture = (tool: ProbeFixtureTool, file: string): ToolOutput => ok(probeFixture(tool, file));

describe('check 1, the Mac', () => {
  const mac = { platform: 'darwin', arm64: ok('1\n'), productVersion: ok('15.1\n'), chip: ok('Apple M4\n'), model: ok('Mac16,10\n') };
  it('passes an Apple Silicon Mac on macOS 13 or later, naming chip, model and version', () => {
    const check = macCheck(mac);
    expect(check.status).toBe('pass');
    expect(check.detail).toContain('Apple M4 · Mac16,10 · macOS 15.1');
  });
  it('stops on an Intel Mac', () => {
    const check = macCheck({ ...mac, arm64: ok('0\n'), chip: ok('Intel(R) Core(TM) i9-9980HK CPU @ 2.40GHz\n') });
    expect(check.status).toBe('fail');
    expect(check.next).toMatch(/do not run tinygrad/);
  });
  it('fails a macOS older than 13', () => {
    expect(macCheck({ ...mac, productVersion: ok('12.7.4\n') }).status).toBe('fail');
  });
  it('skips on a machine that is not a Mac', () => {
    expect(macCheck({ platform: 'linux', arm64: null, productVersion: null, chip: null, model: null }).status).toBe('skip');
  });
});

describe('check 2, the driver', () => {
  const app = { appInstalled: true, appVersion: null };
  it('passes an activated, enabled driver and gives its version', () => {
    const check = driverCheck({ ...app, systemExtensions: fixture('systemextensionsctl', 'ready.txt') });
    expect(check.status).toBe('pass');
    expect(check.evidence.join('\n')).toContain('org.tinygrad.tinygpu.driver2 (1.0.0/3) [activated enabled]');
  });
  it('names a stale row beside the active one', () => {
    const check = driverCheck({ ...app, systemExtensions: fixture('systemextensionsctl', 'stale-terminated-then-active.txt') });
    expect(check.status).toBe('warn');
    expect(check.detail).toContain('[terminated waiting to uninstall on reboot]');
    expect(check.evidence).toHaveLength(3);
  });
  it('asks for approval', () => {
    const check = driverCheck({ ...app, systemExtensions: fixture('systemextensionsctl', 'awaiting-approval.txt') });
    expect(check.status).toBe('fail');
    expect(check.next).toContain('Driver Extensions');
  });
  it('says TinyGPU is not installed when neither the app nor its row is there', () => {
    const check = driverCheck({ appInstalled: false, appVersion: null, systemExtensions: fixture('systemextensionsctl', 'not-installed.txt') });
    expect(check.status).toBe('fail');
    expect(check.detail).toBe('TinyGPU is not installed.');
  });
});

describe('checks 3 and 4, the card and the driver attached', () => {
  it('passes a bound RTX 4090 that tinygrad knows', () => {
    const view = cardView({ pci: fixture('system-profiler-pci', 'egpu-rtx4090.json'), ioreg: fixture('ioreg', 'pci-egpu-bound.txt'), thunderbolt: fixture('system-profiler-thunderbolt', 'usb4-80gbps-device.json') });
    expect(view.cards).toHaveLength(1);
    expect(view.enclosure).toBe('Other World Computing Envoy Ultra');
    expect(cardCheck(view).evidence).toContain('enclosure: Other World Computing Envoy Ultra');
    const card = cardCheck(view);
    expect(card.status).toBe('pass');
    expect(card.detail).toContain('10de:2684');
    expect(attachedCheck(view, true).status).toBe('pass');
  });
  it('fails a 3D Controller that macOS matched but never started', () => {
    const view = cardView({ pci: fixture('system-profiler-pci', '3d-controller-h100.json'), ioreg: fixture('ioreg', 'pci-3d-controller-matched.txt') });
    expect(cardCheck(view).status).toBe('fail');
    expect(cardCheck(view).detail).toContain('3D Controller');
    const attached = attachedCheck(view, true);
    expect(attached.status).toBe('fail');
    expect(attached.detail).toContain('never started');
  });
  it('calls all-ones ids a dead link', () => {
    const check = cardCheck(cardView({ pci: fixture('system-profiler-pci', 'dead-link.json'), ioreg: null }));
    expect(check.status).toBe('fail');
    expect(check.detail).toContain('dead');
  });
  it('fails when no GPU is behind Thunderbolt, and skips the attach check', () => {
    const view = cardView({ pci: fixture('system-profiler-pci', 'empty.json'), ioreg: fixture('ioreg', 'empty.txt') });
    expect(cardCheck(view).status).toBe('fail');
    expect(attachedCheck(view, true).status).toBe('skip');
  });
});

describe('check 5, leftovers', () => {
  it('counts leftover driver processes and says to restart', () => {
    const check = leftoversCheck(fixture('ps', 'leftover-driver-processes.txt'), []);
    expect(check.status).toBe('warn');
    expect(check.detail).toContain('25 driver processes');
    expect(check.next).toBe('Restart the Mac to clear them.');
  });
  it('names the lock holder', () => {
    const check = leftoversCheck(fixture('ps', 'server-running.txt'), [{ pid: 4242, command: 'python3' }]);
    expect(check.status).toBe('warn');
    expect(check.detail).toContain('python3 (pid 4242)');
    expect(check.evidence).toContain('1 TinyGPU server process');
  });
  it('passes one driver process and a free card', () => {
    expect(leftoversCheck(fixture('ps', 'server-running.txt'), []).status).toBe('pass');
  });
});

describe('check 6, the toolchain', () => {
  const base: ToolchainFacts = {
    device: 'NV', python: '/opt/homebrew/bin/python3', pythonSetting: 'python3', tinygrad: ok('0.12.0\n'),
    docker: '/usr/local/bin/docker', dockerInfo: ok('27.3.1 Docker Desktop\n'), nvcc: null, comgr: null, tmpdir: '/var/folders/x4/T/', home: '/Users/alex',
  };
  it('passes tinygrad with a running Docker daemon for NVIDIA', () => {
    const check = toolchainCheck(base);
    expect(check.status).toBe('pass');
    expect(check.evidence).toContain('tinygrad 0.12.0');
  });
  it('fails without Docker on the login-shell PATH', () => {
    expect(toolchainCheck({ ...base, docker: null, dockerInfo: null }).detail).toContain('Docker is not on your login shell');
  });
  it('fails when the Docker daemon is stopped', () => {
    const stopped = { stdout: '', stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?', exitCode: 1, error: null };
    expect(toolchainCheck({ ...base, dockerInfo: stopped }).next).toBe('Start Docker Desktop, then check again.');
  });
  it('applies the TMPDIR rule to colima', () => {
    const check = toolchainCheck({ ...base, dockerInfo: ok('27.3.1 Ubuntu 24.04 LTS (colima)\n') });
    expect(check.status).toBe('warn');
    expect(check.next).toContain('TMPDIR');
    expect(toolchainCheck({ ...base, dockerInfo: ok('27.3.1 colima\n'), tmpdir: '/Users/alex/.tmp' }).status).toBe('pass');
  });
  it('asks for the comgr library for AMD', () => {
    expect(toolchainCheck({ ...base, device: 'AMD', comgr: null }).status).toBe('fail');
    expect(toolchainCheck({ ...base, device: 'AMD', comgr: '/opt/homebrew/lib/libamd_comgr.3.dylib' }).status).toBe('pass');
  });
  it('fails when tinygrad is missing', () => {
    const check = toolchainCheck({ ...base, tinygrad: { stdout: '', stderr: '', exitCode: 3, error: null } });
    expect(check.status).toBe('fail');
    expect(check.next).toContain('pip install tinygrad');
  });
});

describe('check 7, the compute check', () => {
  const ran = (file: string, extra: Partial<{ exitCode: number | null; timedOut: boolean; aborted: boolean }> = {}): ComputeRun => ({
    kind: 'ran',
    device: 'NV',
    timeoutSec: 120,
    output: { stdout: probeFixture('compute-check', file), stderr: '', exitCode: 1, error: null, timedOut: false, aborted: false, ...extra },
  });
  it('passes on [5 7 9] and reads both copy rates and the first-kernel time', () => {
    const verdict = computeCheck(ran('pass.txt', { exitCode: 0 }), KNOWN_FAILURES);
    expect(verdict.check.status).toBe('pass');
    expect(verdict.copy).toEqual({ hostToDeviceGBps: 3.104, deviceToHostGBps: 2.874 });
    expect(verdict.firstKernelSec).toBe(4.812);
    expect(verdict.check.detail).toContain('3.1 GB/s host→device');
  });
  it.each([
    ['arch-garbage.txt', 'nv-arch-garbage'],
    ['rpc-timeout.txt', 'nv-gsp-rpc-timeout'],
    ['server-no-driver-crlf.txt', 'server-no-driver'],
    ['docker-missing-ansi.txt', 'no-docker'],
  ])('names %s as %s', (file, id) => {
    const verdict = computeCheck(ran(file), KNOWN_FAILURES);
    expect(verdict.check.status).toBe('fail');
    expect(verdict.match?.kind === 'known' && verdict.match.failure.id).toBe(id);
  });
  it('calls an unreported failure unknown and keeps its last lines', () => {
    const verdict = computeCheck(ran('unknown.txt'), KNOWN_FAILURES);
    expect(verdict.match?.kind).toBe('unknown');
    expect(verdict.check.evidence.at(-1)).toBe('RuntimeError: something nobody has reported yet');
  });
  it('fails a wrong sum even with exit 0', () => {
    const verdict = computeCheck(ran('wrong-sum.txt', { exitCode: 0 }), KNOWN_FAILURES);
    expect(verdict.passed).toBe(false);
    expect(verdict.check.detail).toContain('[5 7 8]');
  });
  it('says a hung run was stopped at the bound', () => {
    const verdict = computeCheck({ kind: 'ran', device: 'NV', timeoutSec: 120, output: { stdout: '', stderr: '', exitCode: null, error: 'timeout', timedOut: true, aborted: false } }, KNOWN_FAILURES);
    expect(verdict.check.detail).toContain('did not finish within 120 s');
  });
  it('reports a refusal with its reason and is skipped when not asked', () => {
    expect(computeCheck({ kind: 'refused', reason: 'tinygrad server holds the eGPU.' }, KNOWN_FAILURES).check.detail).toContain('tinygrad server holds');
    expect(computeCheck({ kind: 'not-asked' }, KNOWN_FAILURES).check.status).toBe('skip');
  });
});
