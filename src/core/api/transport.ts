// Generic plumbing shared by all transports. The raw transport moves unknown values; the typed
// client and the dispatcher validate them against the contract on each side of the boundary.
import {
  ApiError,
  ApiErrorPayloadSchema,
  commandNames,
  commands,
  events,
  isCommandName,
  isEventName,
  type CommandName,
  type CommandOutput,
  type CommandParsedInput,
  type CompanionApi,
  type CompanionCommands,
  type EventListener,
  type EventName,
  type EventPayload,
  type InvokeResult,
} from './contract';

/** The slice of the core's LoggerPort this file uses (the contract may not import platform code). */
export interface DebugLog {
  debug(message: string): void;
}
const silent: DebugLog = { debug: () => undefined };

/** What IPC (preload's window.companion) and the WebSocket client both provide. */
export interface RawTransport {
  invoke(command: string, input: unknown): Promise<InvokeResult>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}

/** Builds the typed CompanionApi on top of a raw transport; validates what comes back. */
export function createApiClient(transport: RawTransport, onInvalid?: (message: string) => void): CompanionApi {
  const client: Record<string, unknown> = {};
  for (const name of commandNames) {
    client[name] = async (input: unknown) => {
      const result = await transport.invoke(name, input ?? {});
      if (!result.ok) throw new ApiError(result.error.code, result.error.message);
      const parsed = commands[name].output.safeParse(result.value);
      if (!parsed.success) throw new ApiError('invalid-payload', `reply to ${name} does not match the contract: ${parsed.error.message}`);
      return parsed.data;
    };
  }
  const on = <E extends EventName>(event: E, listener: (payload: never) => void) =>
    transport.subscribe(event, (payload) => {
      const parsed = events[event].safeParse(payload);
      if (parsed.success) (listener as (p: unknown) => void)(parsed.data);
      else onInvalid?.(`event ${event} does not match the contract`);
    });
  return { ...(client as CompanionCommands), on } as CompanionApi;
}

/** What a core implements: one handler per command, receiving the already-validated input. */
export type CommandHandlers = {
  [K in CommandName]: (input: CommandParsedInput<K>) => Promise<CommandOutput<K>>;
};

/**
 * Marks an API whose own `on` already delivers the current state to a new `state` subscriber. A symbol
 * property (not a WeakSet) so that it survives `{ ...bindHandlers(…) }` in hosts that extend the API.
 */
const DELIVERS_INITIAL_STATE = Symbol('deliversInitialState');

/**
 * Subscribes `listener` to `event` and, for `state`, hands it the current state once — the contract's
 * "once on subscribe" promise. Server sides of IPC and the WebSocket call this; direct calls get the
 * same through bindHandlers. A live emission that arrives first wins over the (older) initial one.
 */
export function subscribeEvent<E extends EventName>(impl: CompanionApi, event: E, listener: EventListener<E>): () => void {
  if (event !== 'state' || DELIVERS_INITIAL_STATE in impl) return impl.on(event, listener);
  return subscribeWithInitialState(impl.on.bind(impl), () => impl.getState({}), listener as EventListener<'state'>);
}

function subscribeWithInitialState(
  on: CompanionApi['on'],
  getState: () => Promise<EventPayload<'state'>>,
  listener: EventListener<'state'>,
  log: DebugLog = silent,
): () => void {
  let live = true;
  let sawLiveEvent = false;
  const unsubscribe = on('state', (payload) => {
    sawLiveEvent = true;
    listener(payload);
  });
  Promise.resolve().then(getState).then(
    (state) => {
      if (live && !sawLiveEvent) listener(state);
    },
    // The next poll publishes a state anyway; nothing the subscriber can act on.
    (error: unknown) => log.debug(`could not read the state for a new subscriber: ${error instanceof Error ? error.message : String(error)}`),
  );
  return () => {
    live = false;
    unsubscribe();
  };
}

/**
 * The CompanionApi for direct calls (CLI, tests, hosts): every input goes through the contract's
 * schema first, exactly as it does behind IPC and the WebSocket, so defaults apply and bad input is refused.
 */
export function bindHandlers(handlers: CommandHandlers, on: CompanionApi['on'], log: DebugLog = silent): CompanionApi {
  const subscribe = (<E extends EventName>(event: E, listener: EventListener<E>) =>
    event === 'state'
      ? subscribeWithInitialState(on, () => handlers.getState({}), listener as EventListener<'state'>, log)
      : on(event, listener)) as CompanionApi['on'];
  const api: Record<string | symbol, unknown> = { on: subscribe };
  for (const name of commandNames) {
    api[name] = async (input: unknown) => {
      const parsed = commands[name].input.safeParse(input ?? {});
      if (!parsed.success) throw new ApiError('invalid-payload', `invalid input for ${name}: ${summarizeIssues(parsed.error.issues)}`);
      return (handlers[name] as (value: unknown) => Promise<unknown>)(parsed.data);
    };
  }
  api[DELIVERS_INITIAL_STATE] = true;
  return api as unknown as CompanionApi;
}

/** Server side of every transport: checks the name and input, calls the implementation. */
export async function dispatch(impl: CompanionApi, command: string, input: unknown): Promise<InvokeResult> {
  if (!isCommandName(command)) return failure('unknown-command', `unknown command: ${String(command).slice(0, 80)}`);
  const parsed = commands[command].input.safeParse(input ?? {});
  if (!parsed.success) return failure('invalid-payload', `invalid input for ${command}: ${summarizeIssues(parsed.error.issues)}`);
  try {
    const call = impl[command] as (value: unknown) => Promise<unknown>;
    const value = await call.call(impl, parsed.data);
    return { ok: true, value };
  } catch (error) {
    if (error instanceof ApiError) return failure(error.code, error.message);
    return failure('failed', error instanceof Error ? error.message : String(error));
  }
}

export function validateEventName(name: unknown): name is EventName {
  return typeof name === 'string' && isEventName(name);
}

function failure(code: ApiError['code'], message: string): InvokeResult {
  return { ok: false, error: ApiErrorPayloadSchema.parse({ code, message }) };
}

function summarizeIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  return issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

export type { CommandName };
