// Listeners of the CompanionApi events: a listener that throws never stops the others.
import type { CompanionApi, EventName, EventPayload } from './api/contract';
import { describeError, nullLogger, type LoggerPort } from './platform/logger';

type AnyListener = (payload: never) => void;

export class EventHub {
  private readonly listeners = new Map<EventName, Set<AnyListener>>();

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
    return () => void set.delete(entry);
  };
}
