import { describe, expect, it } from 'vitest';
import type { ProbeResult } from '../../../src/core/setup/probe-runner';
import { decideOutcome } from '../../../src/core/setup/run-outcome';
import type { StepRunResult } from '../../../src/core/setup/step-run';

const exited = (exitCode: number, meaning: StepRunResult['meaning'] = null): StepRunResult => ({
  outcome: 'exited',
  exitCode,
  reason: exitCode === 0 ? null : `exited with code ${exitCode}`,
  meaning,
});
const probe = (passed: boolean): ProbeResult => ({ passed, detail: passed ? 'found it' : 'nothing installed', exitCode: passed ? 0 : 1, output: '' });

describe('how a run ends up', () => {
  it('is done when the commands succeed and the verify (if any) agrees', () => {
    expect(decideOutcome(exited(0), null)).toEqual({ status: 'done', reason: null });
    expect(decideOutcome(exited(0), probe(true))).toEqual({ status: 'done', reason: null });
    expect(decideOutcome(exited(0), probe(false))).toEqual({ status: 'failed', reason: 'verify failed: nothing installed' });
  });

  it('lets the verify overrule a wrapper that failed after doing the work', () => {
    expect(decideOutcome(exited(1), probe(true))).toEqual({ status: 'done', reason: null });
    expect(decideOutcome(exited(1), null)).toEqual({ status: 'failed', reason: 'exited with code 1' });
    expect(decideOutcome(exited(1), probe(false))).toEqual({ status: 'failed', reason: 'exited with code 1; verify failed: nothing installed' });
  });

  it('waits for approval when the recipe says the exit means so, unless the verify finds nothing', () => {
    expect(decideOutcome(exited(4, 'needs-approval'), probe(true))).toEqual({ status: 'waiting-approval', reason: 'waiting for your approval' });
    expect(decideOutcome(exited(4, 'needs-approval'), null)).toEqual({ status: 'waiting-approval', reason: 'waiting for your approval' });
    expect(decideOutcome(exited(4, 'needs-approval'), probe(false)).status).toBe('failed');
  });

  it('never calls a cancelled or timed-out run done', () => {
    const cancelled: StepRunResult = { outcome: 'cancelled', exitCode: null, reason: 'cancelled', meaning: null };
    expect(decideOutcome(cancelled, null)).toEqual({ status: 'failed', reason: 'cancelled' });
  });
});
