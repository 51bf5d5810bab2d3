// Composes the power features: reads idle time on the schedule the forecast allows, raises the
// sleep warning, holds the Mac awake on request, compares the eGPU across sleep, and publishes one
// state object. The composition root constructs it and renders what it emits.
import type { KeepAwakeMode, KeepAwakeStatus, PowerSettings, PowerStatus, SleepNotification, SleepNotificationActionId } from '../api/power';
import type { Hazard } from '../api/schemas';
import { HOUR_MS } from '../api/durations';
import type { Clock } from '../platform/clock';
import { describeError, type LoggerPort } from '../platform/logger';
import { compareAfterWake, onBatteryHazard, recordBeforeSleep, type EgpuContext, type SleepRecord, type WakeResult } from './around-sleep';
import { ageForecast, forecastIdleSleep, preventedByOf, type SleepForecast } from './forecast';
import { planIdleCheck } from './idle-schedule';
import { KeepAwakeController, type KeepAwakeConditions } from './keep-awake';
import { UNKNOWN_ASSERTIONS, UNKNOWN_BATTERY, UNKNOWN_SLEEP_SETTINGS, type AssertionsInfo, type BatteryInfo, type PowerPort, type SleepSettings } from '../ports';
import { sleepSoonNotification, sleepSoonWarning, preventedByLine, type SleepWarning } from './sleep-warning';
import { buildPowerStatus } from './status';

export interface PowerState {
  status: PowerStatus;
  /** sleep-soon and on-battery hazards, for the monitor to merge with its own. */
  hazards: Hazard[];
  /** "Sleep prevented by caffeinate, Music", or null. */
  preventedLine: string | null;
}

export type PowerServiceEvent =
  | { kind: 'state'; state: PowerState }
  | { kind: 'sleep-soon'; at: number; secondsToSleep: number; hazard: Hazard }
  | { kind: 'notify'; notification: SleepNotification }
  | { kind: 'woke'; at: number; results: WakeResult[] }
  /** The user picked a keep-awake mode; the host persists the persistable ones. */
  | { kind: 'keep-awake-changed'; keepAwake: KeepAwakeStatus };

export interface PowerServiceOptions {
  port: PowerPort;
  clock: Clock;
  /** The eGPU as the monitor last saw it. */
  egpu: () => EgpuContext;
  /** Probes at once after wake; defaults to `egpu`. */
  egpuAfterWake?: () => Promise<EgpuContext>;
  emit: (event: PowerServiceEvent) => void;
  settings: PowerSettings;
  logger: LoggerPort;
}

/** Near the deadline pmset is re-read this often too, so a new assertion (caffeinate started) clears the warning. */
export const NEAR_FULL_READ_MS = 10_000;
export const OWN_HOLD_LABEL = 'eGPU Companion';
/** Idle time that starts later than this (beyond reading jitter) means the user was active again. */
export const ACTIVE_AGAIN_MS = 5_000;

export class PowerService {
  readonly #o: PowerServiceOptions;
  readonly #keepAwake: KeepAwakeController;
  #settings: PowerSettings;
  #running = false;
  #unsubscribe: Array<() => void> = [];
  #checkTimer: unknown = null;
  #untilTimer: unknown = null;
  #checking = false;
  #pendingFull: boolean | null = null;
  #lastFullAt = Number.NEGATIVE_INFINITY;
  #sleep: SleepSettings = UNKNOWN_SLEEP_SETTINGS;
  #assertions: AssertionsInfo = UNKNOWN_ASSERTIONS;
  #battery: BatteryInfo = UNKNOWN_BATTERY;
  #idleSec: number | null = null;
  #forecast: SleepForecast = { kind: 'unknown' };
  #forecastAt = 0;
  #warning: SleepWarning | null = null;
  /** When the idle period the user chose "Let it sleep" for began; null = not chosen. */
  #letItSleepFor: number | null = null;
  #suspended: SleepRecord | null = null;
  #lastSeen: SleepRecord | null = null;
  #state: PowerState;

  constructor(options: PowerServiceOptions) {
    this.#o = options;
    this.#settings = options.settings;
    this.#keepAwake = new KeepAwakeController((reason) => options.port.holdAwake(reason), options.logger);
    this.#state = this.#buildState(this.#o.clock.now());
  }

  /** As of now: the countdown is aged by the clock between readings. */
  state(): PowerState {
    return this.#running ? this.#buildState(this.#o.clock.now()) : this.#state;
  }

  /** Resolves after the first reading (at once where the port reads nothing). */
  start(): Promise<void> {
    if (this.#running) return Promise.resolve();
    this.#running = true;
    const { port } = this.#o;
    this.#unsubscribe = [
      port.on('suspend', () => this.#onSuspend()),
      port.on('resume', () => void this.#onResume()),
      port.on('on-battery', () => this.#onBatteryChange(true)),
      port.on('on-ac', () => this.#onBatteryChange(false)),
      port.on('shutdown', () => this.stop()),
    ];
    this.#keepAwake.setMode(this.#settings.keepAwake, null, this.#conditions());
    this.#publish();
    return port.supported ? this.checkNow(true) : Promise.resolve();
  }

  /** Quit: releases any hold, ends every timer and listener. */
  stop(): void {
    if (!this.#running) return;
    this.#running = false;
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    this.#clearCheck();
    this.#clearUntil();
    this.#keepAwake.dispose();
  }

  /** The monitor calls this when devices or what uses them change. */
  egpuChanged(): void {
    if (!this.#running) return;
    this.#recompute();
    if (this.#checkTimer === null && this.#watching() && this.#o.port.supported) void this.checkNow(true);
    else if (!this.#watching()) this.#clearCheck();
  }

  updateSettings(settings: PowerSettings): void {
    const modeChanged = settings.keepAwake !== this.#settings.keepAwake;
    this.#settings = settings;
    if (modeChanged && this.#running && this.#keepAwake.status().mode !== 'until') {
      this.#keepAwake.setMode(settings.keepAwake, null, this.#conditions());
    }
    this.#recompute();
  }

  setKeepAwake(mode: KeepAwakeMode, until: number | null = null): void {
    if (!this.#running) return;
    this.#keepAwake.setMode(mode, until, this.#conditions());
    this.#scheduleUntil();
    this.#o.emit({ kind: 'keep-awake-changed', keepAwake: this.#keepAwake.status() });
    this.#recompute();
    // A new hold shows up as an assertion: read it now so the warning clears at once.
    if (this.#o.port.supported) void this.checkNow(true);
  }

  handleNotificationAction(id: SleepNotificationActionId): void {
    const now = this.#o.clock.now();
    if (id === 'keep-awake-while-attached') this.setKeepAwake('while-attached');
    else if (id === 'keep-awake-1h') this.setKeepAwake('until', now + HOUR_MS);
    else {
      this.#letItSleepFor = this.#idleSince() ?? now;
      this.#recompute();
    }
  }

  /** One reading of idle time (and with `full`, of pmset too), then the next one is planned. */
  async checkNow(full: boolean): Promise<void> {
    if (!this.#running) return;
    if (this.#checking) {
      // Run once more when this one ends, so a request made mid-read is not lost.
      this.#pendingFull = (this.#pendingFull ?? false) || full;
      return;
    }
    this.#checking = true;
    this.#clearCheck();
    const { port } = this.#o;
    try {
      // Read everything first and take it over at once, so state() never mixes two readings.
      let pmset: [SleepSettings, AssertionsInfo, BatteryInfo] | null = null;
      if (full || this.#o.clock.now() - this.#lastFullAt >= NEAR_FULL_READ_MS) {
        this.#lastFullAt = this.#o.clock.now();
        pmset = await Promise.all([port.readSleepSettings(), port.readAssertions(), port.readBattery()]);
      }
      const idleSec = await port.idleSeconds();
      if (pmset) [this.#sleep, this.#assertions, this.#battery] = pmset;
      this.#idleSec = idleSec;
    } catch (error) {
      // Ports answer unknown rather than throw; a throwing one is a bug to log, not a crash.
      this.#o.logger.debug('power: reading failed', describeError(error));
    } finally {
      this.#checking = false;
    }
    if (!this.#running) return;
    this.#forecast = forecastIdleSleep({ sleep: this.#sleep, assertions: this.#assertions, idleSec: this.#idleSec });
    this.#forecastAt = this.#o.clock.now();
    this.#recompute();
    const pending = this.#pendingFull;
    this.#pendingFull = null;
    if (pending !== null) void this.checkNow(pending);
    else this.#scheduleCheck();
  }

  /** The forecast as of now; our own hold prevents sleep before pmset has been read again. */
  #currentForecast(now: number): SleepForecast {
    const aged = ageForecast(this.#forecast, now - this.#forecastAt);
    if (this.#keepAwake.status().holding && aged.kind !== 'prevented' && aged.kind !== 'never') {
      return { kind: 'prevented', preventedBy: [OWN_HOLD_LABEL] };
    }
    return aged;
  }

  /** When the user last touched keyboard or mouse, as of the last reading; null = unknown. */
  #idleSince(): number | null {
    return this.#idleSec === null ? null : this.#forecastAt - this.#idleSec * 1000;
  }

  #conditions(): KeepAwakeConditions {
    const ctx = this.#egpu();
    return { egpuAttached: ctx.devices.length > 0, egpuInUse: ctx.users.length > 0, now: this.#o.clock.now() };
  }

  #egpu(): EgpuContext {
    try {
      return this.#o.egpu();
    } catch (error) {
      this.#o.logger.debug('power: eGPU context failed', describeError(error));
      return { devices: [], driverReady: null, users: [] };
    }
  }

  #watching(): boolean {
    const ctx = this.#egpu();
    return ctx.devices.length > 0 || ctx.users.length > 0;
  }

  #recompute(): void {
    const now = this.#o.clock.now();
    const ctx = this.#egpu();
    this.#keepAwake.evaluate({ egpuAttached: ctx.devices.length > 0, egpuInUse: ctx.users.length > 0, now });
    this.#lastSeen = recordBeforeSleep(ctx, now);

    const forecast = this.#currentForecast(now);
    const warning = this.#o.port.supported
      ? sleepSoonWarning({ forecast, egpuAttached: ctx.devices.length > 0, egpuInUse: ctx.users.length > 0, leadTimeSec: this.#settings.leadTimeSec, now })
      : null;
    // "Let it sleep" holds for this idle period: until the user is active again (or the Mac wakes).
    const idleSince = this.#idleSince();
    if (this.#letItSleepFor !== null && idleSince !== null && idleSince > this.#letItSleepFor + ACTIVE_AGAIN_MS) this.#letItSleepFor = null;
    const shown = this.#letItSleepFor !== null ? null : warning;
    if (shown && !this.#warning) {
      const since = { ...shown.hazard, since: now };
      this.#o.emit({ kind: 'sleep-soon', at: now, secondsToSleep: shown.secondsToSleep, hazard: since });
      if (this.#settings.notifySleepSoon) this.#o.emit({ kind: 'notify', notification: sleepSoonNotification(shown) });
    }
    // Keep the first `since`, so the UI does not treat each tick as a new hazard.
    this.#warning = shown && this.#warning ? { ...shown, hazard: { ...shown.hazard, since: this.#warning.hazard.since } } : shown;
    this.#publish();
  }

  #buildState(now: number): PowerState {
    const ctx = this.#egpu();
    const forecast = this.#currentForecast(now);
    const status = buildPowerStatus({
      supported: this.#o.port.supported,
      sleep: this.#sleep,
      idleSec: this.#idleSec,
      forecast,
      battery: this.#battery,
      keepAwake: this.#keepAwake.status(),
    });
    const battery = onBatteryHazard(ctx.devices.length > 0, this.#battery.onBattery, now);
    const hazards = [this.#warning?.hazard, battery].filter((h): h is Hazard => h != null);
    return { status, hazards, preventedLine: preventedByLine(preventedByOf(forecast)) };
  }

  #publish(): void {
    const next = this.#buildState(this.#o.clock.now());
    if (sameState(next, this.#state)) return;
    this.#state = next;
    this.#o.emit({ kind: 'state', state: next });
  }

  #scheduleCheck(): void {
    this.#clearCheck();
    // While our own hold keeps the Mac up, the slow "prevented" pace is enough.
    const now = this.#o.clock.now();
    const timer = this.#sleep.sleepTimerMin;
    const secondsToTimer = timer === null || this.#idleSec === null ? null : timer * 60 - this.#idleSec - (now - this.#forecastAt) / 1000;
    const plan = planIdleCheck(this.#currentForecast(now), this.#settings.leadTimeSec, this.#watching(), secondsToTimer);
    if (!plan || !this.#running) return;
    this.#checkTimer = this.#o.clock.setTimeout(() => {
      this.#checkTimer = null;
      void this.checkNow(plan.full);
    }, plan.delayMs);
  }

  #clearCheck(): void {
    if (this.#checkTimer !== null) this.#o.clock.cancel(this.#checkTimer);
    this.#checkTimer = null;
  }

  #scheduleUntil(): void {
    this.#clearUntil();
    const deadline = this.#keepAwake.deadline();
    if (deadline === null) return;
    this.#untilTimer = this.#o.clock.setTimeout(
      () => {
        this.#untilTimer = null;
        this.#keepAwake.evaluate(this.#conditions());
        // The hour is over: back to the mode the user keeps in settings.
        if (this.#keepAwake.status().mode === 'off') this.#keepAwake.setMode(this.#settings.keepAwake, null, this.#conditions());
        this.#o.emit({ kind: 'keep-awake-changed', keepAwake: this.#keepAwake.status() });
        this.#recompute();
      },
      Math.max(0, deadline - this.#o.clock.now()),
    );
  }

  #clearUntil(): void {
    if (this.#untilTimer !== null) this.#o.clock.cancel(this.#untilTimer);
    this.#untilTimer = null;
  }

  #onSuspend(): void {
    const now = this.#o.clock.now();
    this.#suspended = recordBeforeSleep(this.#egpu(), now);
    // Nothing to read while asleep; resume plans afresh.
    this.#clearCheck();
  }

  async #onResume(): Promise<void> {
    // Without a suspend event (plain Node sees only the clock jump), the last state seen awake stands in.
    const record = this.#suspended ?? this.#lastSeen;
    // Duplicate resume events (a known macOS quirk) must not compare twice.
    this.#suspended = null;
    this.#lastSeen = null;
    this.#forecast = { kind: 'unknown' };
    this.#letItSleepFor = null;
    if (record) {
      let after: EgpuContext;
      try {
        after = this.#o.egpuAfterWake ? await this.#o.egpuAfterWake() : this.#egpu();
      } catch (error) {
        this.#o.logger.debug('power: probe after wake failed', describeError(error));
        after = { devices: [], driverReady: null, users: [] };
      }
      if (!this.#running) return;
      this.#o.emit({ kind: 'woke', at: this.#o.clock.now(), results: compareAfterWake(record, after) });
    }
    this.#recompute();
    if (this.#o.port.supported && this.#watching()) void this.checkNow(true);
  }

  #onBatteryChange(onBattery: boolean): void {
    this.#battery = { ...this.#battery, onBattery };
    this.#recompute();
  }
}

function sameState(a: PowerState, b: PowerState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
