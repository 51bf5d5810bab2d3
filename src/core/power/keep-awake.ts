// Keep awake: at most one holder (one power-save blocker id or one caffeinate child) at a time,
// released when its condition ends, when the mode changes and on dispose (quit).
import type { KeepAwakeMode, KeepAwakeStatus } from '../api/power';
import { describeError, type LoggerPort } from '../platform/logger';
import type { AwakeHold } from '../ports';

export interface KeepAwakeConditions {
  egpuAttached: boolean;
  egpuInUse: boolean;
  now: number;
}

/** Pure: should a holder be active for this mode right now? */
export function wantsHold(mode: KeepAwakeMode, until: number | null, c: KeepAwakeConditions): boolean {
  switch (mode) {
    case 'off':
      return false;
    case 'while-attached':
      return c.egpuAttached;
    case 'while-in-use':
      return c.egpuInUse;
    case 'until':
      return until !== null && c.now < until;
  }
}

export type HoldAwake = (reason: string) => AwakeHold | null;

export class KeepAwakeController {
  #mode: KeepAwakeMode = 'off';
  #until: number | null = null;
  #hold: AwakeHold | null = null;
  readonly #holdAwake: HoldAwake;
  readonly #logger: LoggerPort;

  constructor(holdAwake: HoldAwake, logger: LoggerPort) {
    this.#holdAwake = holdAwake;
    this.#logger = logger;
  }

  status(): KeepAwakeStatus {
    return { mode: this.#mode, until: this.#until, holding: this.#hold !== null };
  }

  /** When an "until" hold expires; the owner sets a timer and calls evaluate then. */
  deadline(): number | null {
    return this.#mode === 'until' ? this.#until : null;
  }

  setMode(mode: KeepAwakeMode, until: number | null, conditions: KeepAwakeConditions): void {
    const nextUntil = mode === 'until' ? until : null;
    if (mode === this.#mode && nextUntil === this.#until) {
      this.evaluate(conditions);
      return;
    }
    this.#release();
    this.#mode = mode;
    this.#until = nextUntil;
    this.evaluate(conditions);
  }

  evaluate(conditions: KeepAwakeConditions): void {
    if (this.#mode === 'until' && (this.#until === null || conditions.now >= this.#until)) {
      this.#mode = 'off';
      this.#until = null;
    }
    const want = wantsHold(this.#mode, this.#until, conditions);
    if (want && this.#hold === null) {
      this.#hold = this.#holdAwake(`eGPU Companion: keep awake (${this.#mode})`);
      if (this.#hold === null) this.#logger.debug('keep awake: the host could not hold the Mac awake');
    } else if (!want) {
      this.#release();
    }
  }

  dispose(): void {
    this.#release();
  }

  #release(): void {
    const hold = this.#hold;
    this.#hold = null;
    if (!hold) return;
    try {
      hold.release();
    } catch (error) {
      this.#logger.debug('keep awake: release failed', describeError(error));
    }
  }
}
