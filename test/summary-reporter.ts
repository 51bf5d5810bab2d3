// Prints one closing line that any CI can read: "Tests: N passed, N failed, N skipped", followed by why
// tests were skipped when they said so ("… 1 skipped (prometheus not installed: apt-get install prometheus)").
// Under CI=true a skipped test fails the run: CI installs everything the tests need, so a skip there
// means something is missing.
import type { Reporter, TestModule } from 'vitest/node';

export interface RunCounts {
  passed: number;
  failed: number;
  skipped: number;
  /** Why tests were skipped, each reason once, as the tests gave it (ctx.skip(reason)). */
  skipReasons: string[];
}

export function summaryLine(counts: RunCounts): string {
  const reasons = counts.skipReasons.length > 0 ? ` (${counts.skipReasons.join('; ')})` : '';
  return `Tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped${reasons}`;
}

export function countRun(testModules: ReadonlyArray<TestModule>, unhandledErrors: number): RunCounts {
  const counts: RunCounts = { passed: 0, failed: unhandledErrors, skipped: 0, skipReasons: [] };
  for (const module of testModules) {
    for (const test of module.children.allTests()) {
      const result = test.result();
      if (result.state === 'passed') counts.passed += 1;
      else if (result.state === 'failed') counts.failed += 1;
      else {
        counts.skipped += 1;
        const note = result.state === 'skipped' ? result.note : undefined;
        if (note && !counts.skipReasons.includes(note)) counts.skipReasons.push(note);
      }
    }
    // A file that failed to load has no tests but is still a failure.
    if (module.state() === 'failed' && [...module.children.allTests()].length === 0) counts.failed += 1;
  }
  return counts;
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    const counts = countRun(testModules, unhandledErrors.length);
    if (process.env.CI === 'true' && counts.skipped > 0) {
      process.stdout.write(`\nCI runs every test, but ${counts.skipped} was skipped: install what it needs (.ci/run does)\n`);
      process.exitCode = 1;
    }
    process.stdout.write(`\n${summaryLine(counts)}\n`);
  }
}
