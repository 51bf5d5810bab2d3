// A CompanionApi whose commands record their calls; tests give the replies they need.
import { commandNames, type CommandName, type CompanionApi, type EventName, type EventPayload } from '../../src/core/api/contract';
import type { AppState } from '../../src/core/api/schemas';

export const SAMPLE_STATE: AppState = {
  tray: 'ok',
  summary: 'RTX 4090 · 24 GB · Thunderbolt 4 x4 Gen4',
  devices: [],
  driver: { state: 'ready', name: 'TinyGPU', version: '1.0.2', signing: 'Apple Signed', detail: null },
  health: { driverBound: true, serverRunning: false, deadLink: false, hostArch: 'arm64' },
  hazards: [],
  probe: { lastAt: 1_700_000_000_000, source: 'tinygpu', error: null, consecutiveFailures: 0, intervalMs: 2000 },
  notices: [],
  demo: null,
};

export interface FakeApi {
  api: CompanionApi;
  calls: Array<{ command: CommandName; input: unknown }>;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  listenerCount(event: EventName): number;
}

export function createFakeApi(replies: Partial<Record<CommandName, (input: unknown) => unknown>> = {}): FakeApi {
  const calls: FakeApi['calls'] = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const defaults: Partial<Record<CommandName, (input: unknown) => unknown>> = {
    getState: () => SAMPLE_STATE,
    refresh: () => SAMPLE_STATE,
  };
  const api: Record<string, unknown> = {};
  for (const name of commandNames) {
    api[name] = async (input: unknown) => {
      calls.push({ command: name, input });
      const reply = replies[name] ?? defaults[name];
      if (!reply) throw new Error(`${name} is not faked`);
      return reply(input);
    };
  }
  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  };
  return {
    api: api as unknown as CompanionApi,
    calls,
    emit: (event, payload) => listeners.get(event)?.forEach((listener) => listener(payload)),
    listenerCount: (event) => listeners.get(event)?.size ?? 0,
  };
}
