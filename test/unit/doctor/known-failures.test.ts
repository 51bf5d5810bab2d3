import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entriesMatching, matchFacts, matchOutput } from '../../../src/core/doctor/failure-matcher';
import { KNOWN_FAILURES, loadKnownFailures } from '../../../src/core/doctor/known-failures';
import data from '../../../resources/known-failures.json';

const byId = (id: string) => KNOWN_FAILURES.find((f) => f.id === id)!;

describe('the known-failure catalogue', () => {
  it('holds every failure of the field notes', () => {
    expect(KNOWN_FAILURES.map((f) => f.id)).toEqual([
      'nv-arch-garbage', 'nv-gsp-rpc-timeout', 'nv-fsp-timeout', 'nv-link-dropped', 'nv-booter-failed', 'reset-no-return',
      'dext-leftovers', 'server-no-driver', 'class-3d-controller', 'dext-not-launched', 'amd-id-unknown', 'intel-mac-panic',
      'iommu-panic', 'nvcc-tmp-unmounted', 'no-docker', 'second-card', 'slow-untuned',
    ]);
  });

  it.each(KNOWN_FAILURES.map((f) => [f.id, f] as const))('%s matches its own example and no other entry', (id, failure) => {
    expect(entriesMatching(KNOWN_FAILURES, failure.example)).toEqual([id]);
  });

  it('rejects a catalogue whose pattern does not compile or whose source is not a tinygrad thread', () => {
    const entry = structuredClone(data.entries[0]!);
    expect(() => loadKnownFailures({ about: '', entries: [{ ...entry, match: { output: ['(unclosed'] } }] })).toThrow();
    expect(() => loadKnownFailures({ about: '', entries: [{ ...entry, sources: [{ label: 'x', url: 'https://example.com/1' }] }] })).toThrow();
    expect(() => loadKnownFailures({ about: '', entries: [entry, entry] })).toThrow(/unique/);
  });
});

describe('matching a failed compute check', () => {
  it('sees through colours, CRLF and other line numbers', () => {
    const coloured = '\u001b[31mTraceback (most recent call last):\u001b[0m\r\n  File "nvdev.py", line 9999, in _early_ip_init\r\n\u001b[1;31mKeyError\u001b[0m: 63\r\n';
    const match = matchOutput(KNOWN_FAILURES, coloured);
    expect(match.kind === 'known' && match.failure.id).toBe('nv-arch-garbage');
  });

  it('finds the cause inside an exception group', () => {
    const output = [
      '  + Exception Group Traceback (most recent call last):',
      'ExceptionGroup: No interface for NV:0 is available is available (2 sub-exceptions)',
      '  +-+---------------- 1 ----------------',
      '    | RuntimeError: NVKIface: /dev/nvidiactl never created',
      '    +---------------- 2 ----------------',
      '    | Traceback (most recent call last):',
      '    |   File "tinygrad/runtime/ops_nv.py", line 612, in _select_iface',
      '    | RuntimeError: Timeout waiting for RPC response for command 4097',
      '    +------------------------------------',
    ].join('\n');
    const match = matchOutput(KNOWN_FAILURES, output);
    expect(match.kind === 'known' && match.failure.id).toBe('nv-gsp-rpc-timeout');
  });

  it('names the failure raised last when an earlier line mentions another', () => {
    const output = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\nretrying\nRuntimeError: FSP didn\'t respond to message';
    const match = matchOutput(KNOWN_FAILURES, output);
    expect(match.kind === 'known' && match.failure.id).toBe('nv-fsp-timeout');
  });

  it('calls an unrecognised failure unknown and shows its last lines', () => {
    const output = Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n') + '\nRuntimeError: something new';
    const match = matchOutput(KNOWN_FAILURES, output);
    expect(match.kind).toBe('unknown');
    expect(match.lines.at(-1)).toBe('RuntimeError: something new');
    expect(match.lines.length).toBeLessThanOrEqual(12);
  });

  it('does not name an old failure from far above the last traceback', () => {
    const output = ['KeyError: 63', ...Array.from({ length: 40 }, (_, i) => `noise ${i}`), 'RuntimeError: something new'].join('\n');
    expect(matchOutput(KNOWN_FAILURES, output).kind).toBe('unknown');
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (text) => {
        const match = matchOutput(KNOWN_FAILURES, text);
        expect(['known', 'unknown']).toContain(match.kind);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.anything(), (facts) => {
        expect(Array.isArray(matchFacts(KNOWN_FAILURES, facts as never))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('matching probed facts', () => {
  it('names nothing from facts it does not know', () => {
    expect(matchFacts(KNOWN_FAILURES, {})).toEqual([]);
  });

  it('treats kernel search as advice, not a failure', () => {
    expect(byId('slow-untuned').advice).toBe(true);
    expect(byId('nv-arch-garbage').advice).toBe(false);
  });
});
