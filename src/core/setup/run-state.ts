// What each step is doing right now, as one explicit state per step. A step is idle unless it is
// starting a run, running one in the terminal, verifying after its run, or being checked. At most
// one step has a terminal session (starting, running or verifying) at a time.
import { ApiError } from '../api/contract';
import type { StepRun } from './step-run';

export type StepRunState =
  | { kind: 'idle' }
  /** Preflight and log opening before the pty exists; holds the terminal so two clicks cannot start two runs. */
  | { kind: 'starting' }
  | { kind: 'running'; sessionId: string; run: StepRun }
  /** The run ended; its verify decides the result. The session still counts as active until then. */
  | { kind: 'verifying'; sessionId: string }
  /** A check or verify probe without a run ("Check", "Done, check again", resume). */
  | { kind: 'checking' };

export type StepRunKind = StepRunState['kind'];

/** A recipe's step, as resolved from the recipes (only the ids matter here). */
export interface StepTarget {
  recipe: { id: string };
  step: { id: string };
}

export interface StepKey {
  recipeId: string;
  stepId: string;
}

export interface ActiveSession extends StepKey {
  sessionId: string;
}

/** Ended sessions remembered so late acks/resizes from the terminal are harmless no-ops. */
const MAX_ENDED_SESSIONS = 50;

const IDLE: StepRunState = Object.freeze({ kind: 'idle' });

export class RunStates {
  private readonly states = new Map<string, StepRunState>();
  private readonly endedSessions: string[] = [];

  state(ref: StepTarget): StepRunState {
    return this.states.get(keyOf(ref)) ?? IDLE;
  }

  /** The step that holds the terminal, if any. */
  terminalHolder(): (StepKey & { state: Exclude<StepRunState, { kind: 'idle' } | { kind: 'checking' }> }) | null {
    for (const [key, state] of this.states) {
      if (state.kind === 'starting' || state.kind === 'running' || state.kind === 'verifying') return { ...parseKey(key), state };
    }
    return null;
  }

  /** The session the wizard's terminal shows (running or verifying). */
  activeSession(): ActiveSession | null {
    const holder = this.terminalHolder();
    if (!holder || holder.state.kind === 'starting') return null;
    return { recipeId: holder.recipeId, stepId: holder.stepId, sessionId: holder.state.sessionId };
  }

  /** The running step's terminal run for a session id; null for a session that already ended. */
  runFor(sessionId: string): StepRun | null {
    for (const state of this.states.values()) {
      if (state.kind === 'running' && state.sessionId === sessionId) return state.run;
      if (state.kind === 'verifying' && state.sessionId === sessionId) return null;
    }
    if (this.endedSessions.includes(sessionId)) return null;
    throw new ApiError('invalid-payload', `unknown setup session "${sessionId}"`);
  }

  /** idle → starting: the step and the terminal must both be free. */
  beginStart(ref: StepTarget): void {
    if (this.terminalHolder()) throw new ApiError('unavailable', 'another step is running; wait for it or cancel it first');
    this.assertIdle(ref);
    this.set(ref, { kind: 'starting' });
  }

  /** idle → checking. */
  beginCheck(ref: StepTarget): void {
    this.assertIdle(ref);
    this.set(ref, { kind: 'checking' });
  }

  started(ref: StepTarget, sessionId: string, run: StepRun): void {
    this.expect(ref, 'starting');
    this.set(ref, { kind: 'running', sessionId, run });
  }

  verifying(ref: StepTarget): void {
    const current = this.state(ref);
    if (current.kind !== 'running') throw new Error(`step ${keyOf(ref)} is ${current.kind}, not running`);
    this.set(ref, { kind: 'verifying', sessionId: current.sessionId });
  }

  /** Back to idle from any state; a session it held is remembered as ended. */
  finish(ref: StepTarget): void {
    const current = this.state(ref);
    if (current.kind === 'running' || current.kind === 'verifying') this.rememberEnded(current.sessionId);
    this.states.delete(keyOf(ref));
  }

  isIdle(ref: StepTarget): boolean {
    return this.state(ref).kind === 'idle';
  }

  assertIdle(ref: StepTarget): void {
    if (!this.isIdle(ref)) throw new ApiError('unavailable', `step "${ref.step.id}" is busy; wait for it to finish`);
  }

  private expect(ref: StepTarget, kind: StepRunKind): void {
    const current = this.state(ref);
    if (current.kind !== kind) throw new Error(`step ${keyOf(ref)} is ${current.kind}, not ${kind}`);
  }

  private set(ref: StepTarget, state: StepRunState): void {
    this.states.set(keyOf(ref), state);
  }

  private rememberEnded(sessionId: string): void {
    this.endedSessions.push(sessionId);
    if (this.endedSessions.length > MAX_ENDED_SESSIONS) this.endedSessions.shift();
  }
}

function keyOf(ref: StepTarget): string {
  return `${ref.recipe.id}/${ref.step.id}`;
}

function parseKey(key: string): StepKey {
  const slash = key.indexOf('/');
  return { recipeId: key.slice(0, slash), stepId: key.slice(slash + 1) };
}
