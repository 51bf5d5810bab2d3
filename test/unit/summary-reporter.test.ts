// The run's last line: CI parses "N passed, N failed, N skipped"; a person reads why tests were skipped.
import { describe, expect, it } from 'vitest';
import type { TestModule } from 'vitest/node';
import { countRun, summaryLine } from '../summary-reporter';

type Result = { state: 'passed' | 'failed' } | { state: 'skipped'; note: string | undefined };

function moduleOf(results: Result[], state = 'passed'): TestModule {
  const tests = results.map((result) => ({ result: () => ({ ...result, errors: undefined }) }));
  return { state: () => state, children: { allTests: () => tests.values() } } as unknown as TestModule;
}

describe('the summary line', () => {
  it('names why tests were skipped after the counts, each reason once, keeping the plain form parseable', () => {
    const counts = countRun(
      [
        moduleOf([{ state: 'passed' }, { state: 'skipped', note: 'prometheus not installed: apt-get install prometheus' }]),
        moduleOf([{ state: 'passed' }, { state: 'failed' }, { state: 'skipped', note: undefined }]),
        moduleOf([{ state: 'skipped', note: 'prometheus not installed: apt-get install prometheus' }]),
      ],
      0,
    );
    const line = summaryLine(counts);
    expect(line).toBe('Tests: 2 passed, 1 failed, 3 skipped (prometheus not installed: apt-get install prometheus)');
    expect(/^Tests: (\d+) passed, (\d+) failed, (\d+) skipped/.exec(line)?.slice(1)).toEqual(['2', '1', '3']);
  });

  it('has no parentheses when nothing said why, and counts a file that failed to load and unhandled errors', () => {
    expect(summaryLine(countRun([moduleOf([], 'failed'), moduleOf([{ state: 'passed' }])], 2))).toBe('Tests: 1 passed, 3 failed, 0 skipped');
  });
});
