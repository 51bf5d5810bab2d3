// Listeners of the CompanionApi events: a listener that throws never stops the others.
import type { CompanionApi, EventName, EventPayload } from './api/contract';
import { describeError, nullLogger, type LoggerPort } from './platform/logger';

type AnyListener = (payload: never) => void;

export class EventHub {
  private readonly listeners = new Map<EventName, Set<AnyListener>>();
  private readonly countWatchers = new Map<EventName, Set<(count: number) => void>>();

  constructor(private readonly logger: LoggerPort = nullLogger) {}

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        (listener as (p: EventPayload<E>) => void)(payload);
      } catch (error) {
        // A broken listener must not stop the monitor.
        this.logger.debug(`listener of ${event} threw`, { error: describeError(error) });
      }
    }
  }

  readonly on: CompanionApi['on'] = (event, listener) => {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const entry = listener as AnyListener;
    set.add(entry);
    this.countChanged(event);
    return () => {
      if (set.delete(entry)) this.countChanged(event);
    };
  };

  /** Tells `watcher` how many listen to `event`, now and on every change (work that runs only while someone looks). */
  watchListeners(event: EventName, watcher: (count: number) => void): () => void {
    let set = this.countWatchers.get(event);
    if (!set) this.countWatchers.set(event, (set = new Set()));
    set.add(watcher);
    watcher(this.listeners.get(event)?.size ?? 0);
    return () => void set.delete(watcher);
  }

  private countChanged(event: EventName): void {
    const count = this.listeners.get(event)?.size ?? 0;
    for (const watcher of this.countWatchers.get(event) ?? []) watcher(count);
  }
}
