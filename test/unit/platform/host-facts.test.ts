// Host facts from the kernel and the Mac's own tools; the Rosetta case must not fool anyone.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/core/api/settings';
import { buildDiagnostics, hostFacts } from '../../../src/core/diagnostics';
import { describeArch, gatherHostFacts, readHostArch, type HostProbeDeps } from '../../../src/core/platform/host-facts';
import { nullLogger } from '../../../src/core/platform/logger';
import type { RunOptions, RunResult } from '../../../src/core/platform/run-command';
import { SAMPLE_STATE } from '../../fakes/fake-api';

const ok = (stdout: string, exitCode = 0): RunResult => ({
  stdout,
  stderr: '',
  exitCode,
  signal: null,
  durationMs: 1,
  error: null,
  timedOut: false,
  truncated: false,
  aborted: false,
});

/** An Apple Silicon Mac on macOS 15.1 with two Thunderbolt ports, seen from an x64 (Rosetta) process. */
function rosettaMac(answers: Record<string, RunResult> = {}): HostProbeDeps & { ran: string[] } {
  const ran: string[] = [];
  const defaults: Record<string, RunResult> = {
    '/usr/sbin/sysctl': ok('1\n'),
    '/usr/bin/sw_vers': ok('15.1\n'),
    '/usr/sbin/system_profiler': ok(JSON.stringify({ SPThunderboltDataType: [{ receptacle_1_tag: {}, receptacle_2_tag: {} }] })),
    '/usr/bin/which': ok('', 1),
  };
  return {
    platform: 'darwin',
    processArch: 'x64',
    logger: nullLogger,
    ran,
    run: async (options: RunOptions) => {
      const file = options.argv[0] ?? '';
      ran.push(options.argv.join(' '));
      return answers[file] ?? defaults[file] ?? ok('', 127);
    },
  };
}

describe('host arch', () => {
  it('is arm64 under Rosetta: the kernel says hw.optional.arm64 = 1 while process.arch says x64', async () => {
    const mac = rosettaMac();
    expect(await readHostArch(mac)).toBe('arm64');
    expect(mac.ran).toContain('/usr/sbin/sysctl -n hw.optional.arm64');
  });

  it('is x86_64 on an Intel Mac, where the key is missing', async () => {
    expect(await readHostArch(rosettaMac({ '/usr/sbin/sysctl': ok('', 1) }))).toBe('x86_64');
  });

  it('is unknown off a Mac, without running anything', async () => {
    const linux = { ...rosettaMac(), platform: 'linux' as const };
    expect(await readHostArch(linux)).toBeNull();
    expect(linux.ran).toEqual([]);
  });

  it('reads as one line for people', () => {
    expect(describeArch('arm64', 'x64')).toBe('arm64 (this process runs as x64 under Rosetta)');
    expect(describeArch('arm64', 'arm64')).toBe('arm64');
    expect(describeArch(null, 'x64')).toBe('x64');
  });
});

describe('gatherHostFacts', () => {
  it('reports Apple Silicon, the macOS version and the ports of a Rosetta-run Mac', async () => {
    const facts = await gatherHostFacts(os.tmpdir(), rosettaMac());
    expect(facts).toMatchObject({ platform: 'darwin', arch: 'x64', appleSilicon: true, macosVersion: '15.1', thunderboltPorts: 2 });
  });
});

describe('diagnostics', () => {
  it('report arm64 for an x64 process under Rosetta, not process.arch', async () => {
    const lines = await hostFacts(rosettaMac());
    expect(lines).toContain('Architecture: arm64 (this process runs as x64 under Rosetta)');
  });

  it('include the newest lines of the app log', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'egpu-diag-'));
    const { path: file, text } = await buildDiagnostics({
      dataDir,
      appVersion: '0.1.0',
      state: SAMPLE_STATE,
      snapshot: null,
      events: [],
      settings: DEFAULT_SETTINGS,
      now: Date.UTC(2026, 0, 2),
      recentLog: ['2026-01-02T00:00:00.000Z WARN  tinygpu list did not answer within 5 s'],
      host: rosettaMac(),
    });
    expect(text).toMatch(/== Recent log\n2026-01-02T00:00:00.000Z WARN {2}tinygpu list did not answer within 5 s/);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});
