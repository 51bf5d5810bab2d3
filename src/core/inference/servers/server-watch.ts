// When the servers are asked what they are, and what they said last. A check runs on start, when
// someone asks for the status (answers younger than FRESH_MS are reused) and, only while someone
// listens for the servers' health, once every CHECK_EVERY_MS. Nobody listening: no timer at all.
import type { InferenceServer, ServerRates } from '../../api/inference';
import { realClock, type Clock } from '../../platform/clock';
import { describeError, nullLogger, type LoggerPort } from '../../platform/logger';
import { llamaCppRates, type LlamaCppCounters } from './llamacpp-metrics';
import { meanTtftMs } from './vllm-metrics';
import { serverOf, type Endpoint, type Observation } from './server-directory';
import { withBusyTinygrad, type ServerIdentity } from './server-identity';

export interface ServerWatchOptions {
  endpoints: () => Endpoint[];
  identify: (endpoint: Endpoint, signal: AbortSignal) => Promise<ServerIdentity>;
  /** llama.cpp's or vLLM's /metrics counters; null when it has none. */
  readCounters: (endpoint: Endpoint, signal: AbortSignal, kind: MetricsKind) => Promise<LlamaCppCounters | null>;
  /** After a check that changed what the rows say. */
  onChange: (servers: InferenceServer[]) => void;
  clock?: Clock;
  logger?: LoggerPort;
}

/** The servers whose own /metrics the watch reads, on its schedule only (a check while someone looks). */
type MetricsKind = 'llamacpp' | 'vllm';
const hasMetrics = (kind: ServerIdentity['kind']): kind is MetricsKind => kind === 'llamacpp' || kind === 'vllm';

export const FRESH_MS = 10_000;
export const CHECK_EVERY_MS = 60_000;

const UNRECOGNISED: ServerIdentity = { state: 'unrecognised', kind: null, version: null };

export class ServerWatch {
  readonly #o: ServerWatchOptions;
  readonly #clock: Clock;
  readonly #logger: LoggerPort;
  readonly #seen = new Map<string, Observation>();
  readonly #counters = new Map<string, LlamaCppCounters>();
  #lastCheckAt: number | null = null;
  #inFlight: Promise<void> | null = null;
  /** One check after the one in flight, shared by everyone who asked for a check that starts after their call. */
  #followUp: Promise<void> | null = null;
  #abort = new AbortController();
  #timer: unknown = null;
  #listeners = 0;
  #stopped = false;
  #lastPublished = '';

  constructor(options: ServerWatchOptions) {
    this.#o = options;
    this.#clock = options.clock ?? realClock;
    this.#logger = options.logger ?? nullLogger;
  }

  /** The rows as last observed; no I/O. */
  servers(): InferenceServer[] {
    return this.#o.endpoints().map((e) => serverOf(e, this.#seen.get(e.origin)));
  }

  /** The rows, checked again first unless the last check is younger than `maxAgeMs`. */
  async fresh(maxAgeMs = FRESH_MS): Promise<InferenceServer[]> {
    const age = this.#lastCheckAt === null ? Infinity : this.#clock.now() - this.#lastCheckAt;
    if (this.#inFlight) await this.#inFlight;
    else if (age >= maxAgeMs && !this.#stopped) await this.#check();
    return this.servers();
  }

  /**
   * A check that starts after this call (something changed on a port, say), then the rows. A check
   * already running may have asked before the change, so one more follows it, shared by all who ask meanwhile.
   */
  async recheck(): Promise<InferenceServer[]> {
    if (this.#stopped) return this.servers();
    if (this.#inFlight) {
      this.#followUp ??= this.#inFlight.then(() => {
        this.#followUp = null;
        return this.#stopped ? undefined : this.#check();
      });
      await this.#followUp;
    } else {
      await this.#check();
    }
    return this.servers();
  }

  /** The first check, without waiting for it. */
  start(): void {
    this.#stopped = false;
    void this.fresh(0);
  }

  /** Aborts a check in flight and drops the timer; later calls answer from memory. */
  stop(): Promise<void> {
    this.#stopped = true;
    this.#abort.abort();
    this.#cancelTimer();
    return this.#followUp ?? this.#inFlight ?? Promise.resolve();
  }

  /** How many listen for the servers' health: the periodic check runs only while this is above 0. */
  setListeners(count: number): void {
    this.#listeners = count;
    if (count === 0) this.#cancelTimer();
    else this.#schedule();
  }

  #check(): Promise<void> {
    this.#inFlight ??= this.#run().finally(() => {
      this.#inFlight = null;
      this.#schedule();
    });
    return this.#inFlight;
  }

  async #run(): Promise<void> {
    if (this.#abort.signal.aborted) this.#abort = new AbortController();
    const { signal } = this.#abort;
    const endpoints = this.#o.endpoints();
    const observed = await Promise.all(endpoints.map((e) => this.#observe(e, signal)));
    if (this.#stopped) return;
    this.#lastCheckAt = this.#clock.now();
    this.#seen.clear();
    endpoints.forEach((e, i) => this.#seen.set(e.origin, observed[i]!));
    for (const origin of this.#counters.keys()) if (!this.#seen.has(origin)) this.#counters.delete(origin);
    this.#publishIfChanged();
  }

  /** One endpoint; whatever goes wrong here stays with its row. */
  async #observe(endpoint: Endpoint, signal: AbortSignal): Promise<Observation> {
    const before = this.#seen.get(endpoint.origin);
    let identity: ServerIdentity;
    try {
      identity = withBusyTinygrad(await this.#o.identify(endpoint, signal), before?.lastKind ?? null);
    } catch (error) {
      this.#logger.debug(`inference servers: asking ${endpoint.origin} failed`, describeError(error));
      identity = UNRECOGNISED;
    }
    const lastKind = identity.kind ?? before?.lastKind ?? null;
    const rates = hasMetrics(identity.kind) && identity.state === 'up' ? await this.#rates(endpoint, identity.kind, before?.rates ?? null, signal) : (before?.rates ?? null);
    return { identity, checkedAt: this.#clock.now(), lastKind, rates: identity.kind === null || hasMetrics(identity.kind) ? rates : null };
  }

  /** Rates between this read of /metrics and the previous one; the last known ones while idle. */
  async #rates(endpoint: Endpoint, kind: MetricsKind, previous: ServerRates | null, signal: AbortSignal): Promise<ServerRates | null> {
    let counters: LlamaCppCounters | null;
    try {
      counters = await this.#o.readCounters(endpoint, signal, kind);
    } catch {
      counters = null;
    }
    const before = this.#counters.get(endpoint.origin);
    if (counters === null) {
      this.#counters.delete(endpoint.origin);
      return null;
    }
    this.#counters.set(endpoint.origin, counters);
    if (!before) return previous;
    const restarted = counters.predictedTokens < before.predictedTokens || counters.promptTokens < before.promptTokens;
    if (restarted) return null;
    const r = llamaCppRates(before, counters);
    const ttftMs = meanTtftMs(before, counters);
    if (r.tokensPerSecond === null && r.promptTokensPerSecond === null && ttftMs === null) return previous;
    return {
      promptTokensPerSecond: r.promptTokensPerSecond ?? previous?.promptTokensPerSecond ?? null,
      tokensPerSecond: r.tokensPerSecond ?? previous?.tokensPerSecond ?? null,
      ...(kind === 'vllm' ? { ttftMs: ttftMs ?? previous?.ttftMs ?? null } : {}),
      at: this.#clock.now(),
    };
  }

  #publishIfChanged(): void {
    const servers = this.servers();
    // The check time changes every time; only what a row shows counts as a change.
    const key = JSON.stringify(servers.map(({ checkedAt: _checkedAt, ...rest }) => rest));
    if (key === this.#lastPublished) return;
    this.#lastPublished = key;
    try {
      this.#o.onChange(servers);
    } catch (error) {
      this.#logger.debug('inference servers: a listener threw', describeError(error));
    }
  }

  /** The next periodic check, CHECK_EVERY_MS after the last one of any kind. */
  #schedule(): void {
    this.#cancelTimer();
    if (this.#stopped || this.#listeners === 0 || this.#inFlight) return;
    const age = this.#lastCheckAt === null ? CHECK_EVERY_MS : this.#clock.now() - this.#lastCheckAt;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = null;
      void this.#check();
    }, Math.max(0, CHECK_EVERY_MS - age));
  }

  #cancelTimer(): void {
    if (this.#timer === null) return;
    this.#clock.cancel(this.#timer);
    this.#timer = null;
  }
}
