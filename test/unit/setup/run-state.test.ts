import { describe, expect, it } from 'vitest';
import { RunStates } from '../../../src/core/setup/run-state';
import type { StepRun } from '../../../src/core/setup/step-run';

const step = (id: string) => ({ recipe: { id: 'r' }, step: { id } });
const fakeRun = {} as StepRun;

describe('per-step run state', () => {
  it('lets one step hold the terminal at a time, through starting, running and verifying', () => {
    const runs = new RunStates();
    runs.beginStart(step('a'));
    expect(() => runs.beginStart(step('b'))).toThrow(/another step is running/);
    expect(runs.activeSession()).toBeNull();
    runs.started(step('a'), 'run-1', fakeRun);
    expect(runs.activeSession()).toEqual({ recipeId: 'r', stepId: 'a', sessionId: 'run-1' });
    expect(runs.runFor('run-1')).toBe(fakeRun);
    runs.verifying(step('a'));
    // Still the active session, but keystrokes no longer go anywhere.
    expect(runs.activeSession()?.sessionId).toBe('run-1');
    expect(runs.runFor('run-1')).toBeNull();
    runs.finish(step('a'));
    expect(runs.activeSession()).toBeNull();
    expect(runs.runFor('run-1')).toBeNull();
    expect(() => runs.runFor('run-2')).toThrow(/unknown setup session/);
    runs.beginStart(step('b'));
  });

  it('a step being checked is busy but leaves the terminal free for another step', () => {
    const runs = new RunStates();
    runs.beginCheck(step('a'));
    expect(() => runs.beginCheck(step('a'))).toThrow(/busy/);
    expect(() => runs.beginStart(step('a'))).toThrow(/busy/);
    runs.beginStart(step('b'));
    runs.finish(step('a'));
    expect(runs.isIdle(step('a'))).toBe(true);
  });
});
