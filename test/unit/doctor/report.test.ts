import { describe, expect, it } from 'vitest';
import type { DoctorResult } from '../../../src/core/api/doctor';
import { computeCheck } from '../../../src/core/doctor/checks/compute-check';
import { leftoversCheck } from '../../../src/core/doctor/checks/leftovers-check';
import { KNOWN_FAILURES } from '../../../src/core/doctor/known-failures';
import type { DoctorProbe, ToolOutput } from '../../../src/core/doctor/probe-input';
import { redact } from '../../../src/core/doctor/redact';
import { buildReport, UPSTREAM_NEW_ISSUE } from '../../../src/core/doctor/report';
import { probeFixture } from '../../fixtures/probe/fixtures';

const ok = (stdout: string): ToolOutput => ({ stdout, stderr: '', exitCode: 0, error: null });
const SECRETS = { userName: 'alexmorgan', home: '/Users/alexmorgan', hostName: 'Alexs-Mac-mini.local' };
const SERIAL = 'C02XK0ABJGH5';
const UUID = '6E1B0C52-8D0F-4A7B-9E21-3F5C7D9A2B44';
const MAC = 'a4:83:e7:1c:2f:90';

function probe(): DoctorProbe {
  return {
    mac: { platform: 'darwin', arm64: ok('1'), productVersion: ok('15.1'), chip: ok('Apple M4'), model: ok('Mac16,10') },
    appInstalled: true,
    appVersion: '1.0.0',
    systemExtensions: ok(probeFixture('systemextensionsctl', 'ready.txt')),
    pci: null,
    thunderbolt: null,
    ioreg: null,
    processes: ok(probeFixture('ps', 'leftover-driver-processes.txt')),
    lockHolders: [],
    toolchain: { device: 'NV', python: '/Users/alexmorgan/.venv/bin/python3', pythonSetting: 'python3', tinygrad: ok('0.12.0'), docker: null, dockerInfo: null, nvcc: null, comgr: null, tmpdir: null, home: SECRETS.home },
  };
}

describe('the issue-ready report', () => {
  const compute = computeCheck(
    { kind: 'ran', device: 'NV', timeoutSec: 120, output: { stdout: probeFixture('compute-check', 'arch-garbage.txt').replaceAll('/Users/alex/', '/Users/alexmorgan/'), stderr: '', exitCode: 1, error: null, timedOut: false, aborted: false } },
    KNOWN_FAILURES,
  );
  const leftovers = leftoversCheck(ok(probeFixture('ps', 'leftover-driver-processes.txt')), []);
  const result: DoctorResult = {
    at: 1_700_000_000_000,
    verdict: 'broken',
    checks: [
      { id: 'mac', status: 'pass', title: 'This Mac', detail: `Apple M4 on Alexs-Mac-mini, serial ${SERIAL}`, next: null, evidence: [`Serial Number (system): ${SERIAL}`, `Hardware UUID: ${UUID}`] },
      leftovers,
      { ...compute.check, evidence: [...compute.check.evidence, `"IOPlatformSerialNumber" = "${SERIAL}"`, `en0 ether ${MAC}`] },
    ],
    failure: { id: 'nv-arch-garbage', title: "The GPU's registers read garbage (KeyError: 63)", next: 'Power-cycle', source: 'https://github.com/tinygrad/tinygrad/issues/15652', cause: 'garbage' },
    copy: null,
    firstKernelSec: null,
    deviceKey: '0x10de:0x2684',
    deviceName: 'NVIDIA GeForce RTX 4090',
    advice: [],
  };
  const report = buildReport(
    { result, probe: probe(), computeTail: compute.tail, driverLog: [`2026-12-07 17:00:01.123 Df kernel[0:1a2b] (tinygpu) tinygpu: opened device ven=0x10de dev=0x2684 on Alexs-Mac-mini ${MAC}`], appVersion: '0.1.0' },
    SECRETS,
  );

  it('holds no user name, home path, host name, serial, hardware UUID or MAC address', () => {
    for (const secret of ['alexmorgan', '/Users/alexmorgan', 'Alexs-Mac-mini', SERIAL, UUID, UUID.toLowerCase(), MAC]) expect(report.markdown).not.toContain(secret);
    expect(report.markdown).toContain('~/tinygrad/tinygrad/runtime/support/nv/nvdev.py');
    expect(report.markdown).toContain('<serial>');
    expect(report.markdown).toContain('<mac>');
  });

  it('carries versions, every check with its evidence, the failure and the last lines', () => {
    expect(report.markdown).toContain('| macOS | 15.1 |');
    expect(report.markdown).toContain('| tinygrad | 0.12.0 |');
    expect(report.markdown).toContain('25 driver processes');
    expect(report.markdown).toContain('KeyError: 63');
    expect(report.markdown).toContain('Source: https://github.com/tinygrad/tinygrad/issues/15652');
    expect(report.markdown).toContain('tinygpu: opened device ven=0x10de');
  });

  it('opens upstream with a title only', () => {
    const url = new URL(report.issueUrl);
    expect(`${url.origin}${url.pathname}`).toBe(UPSTREAM_NEW_ISSUE);
    expect([...url.searchParams.keys()]).toEqual(['title']);
    expect(url.searchParams.get('title')).toBe("TinyGPU: The GPU's registers read garbage (KeyError: 63)");
  });
});

describe('redaction', () => {
  it('takes a pasted path of another account and a bare host name out too', () => {
    expect(redact('/Users/someone/x on alexs-mac-mini', SECRETS)).toBe('/Users/<user>/x on <host>');
  });
  it('keeps /Users/Shared', () => {
    expect(redact('/Users/Shared/models', SECRETS)).toBe('/Users/Shared/models');
  });
});
