// The only main-process module that touches ipcMain. Commands go through the contract's dispatch()
// (which validates names and inputs); events are forwarded only to windows that asked for them.
import { ipcMain } from 'electron';
import {
  ApiErrorPayloadSchema,
  type ApiErrorCode,
  type CompanionApi,
  type EventName,
  type EventPayload,
  type InvokeResult,
} from '../core/api/contract';
import { dispatch, subscribeEvent, validateEventName } from '../core/api/transport';
import { CompanionChannel } from '../preload/channels';
import type { FrameLike } from './app-origin';

/** The parts of a WebContents this module uses (Electron's WebContents satisfies it). */
export interface IpcWebContents {
  readonly id: number;
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
  once(event: 'destroyed', listener: () => void): unknown;
}

/** The parts of IpcMainEvent / IpcMainInvokeEvent this module reads. */
export interface IpcEventLike {
  readonly sender: IpcWebContents;
  readonly senderFrame: FrameLike | null;
}

/** The parts of ipcMain this module uses; tests pass a fake. */
export interface IpcMainPort {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
  on(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown;
}

export interface CompanionIpcOptions {
  /** True only for a top-level frame showing one of our own pages (see isTrustedFrame). */
  isTrustedSender(frame: FrameLike | null): boolean;
  /** Where rejected messages are reported; defaults to console.warn. */
  log?: (message: string) => void;
}

export interface CompanionIpc {
  /** Removes the handlers and every event subscription. */
  dispose(): void;
}

/** Wires the real ipcMain; index.ts calls this so no other module needs ipcMain. */
export function attachCompanionIpc(core: CompanionApi, options: CompanionIpcOptions): CompanionIpc {
  return registerCompanionIpc(ipcMain, core, options);
}

export function registerCompanionIpc(ipc: IpcMainPort, core: CompanionApi, options: CompanionIpcOptions): CompanionIpc {
  const log = options.log ?? ((message: string) => console.warn(message));
  const forwarder = new EventForwarder(core, log);

  ipc.handle(CompanionChannel.invoke, async (event: IpcEventLike, command: unknown, input: unknown): Promise<InvokeResult> => {
    if (!options.isTrustedSender(event.senderFrame)) {
      log(`companion: rejected ${CompanionChannel.invoke} from an untrusted sender`);
      return apiFailure('unavailable', 'this page may not call eGPU Companion');
    }
    return dispatch(core, typeof command === 'string' ? command : '', input);
  });

  const onSubscribe = (event: IpcEventLike, eventName: unknown): void => {
    if (!options.isTrustedSender(event.senderFrame)) {
      log(`companion: rejected ${CompanionChannel.subscribe} from an untrusted sender`);
      return;
    }
    if (!validateEventName(eventName)) {
      log(`companion: ignored a subscription to unknown event ${String(eventName).slice(0, 80)}`);
      return;
    }
    forwarder.subscribe(event.sender, eventName);
  };

  const onUnsubscribe = (event: IpcEventLike, eventName: unknown): void => {
    // No sender check needed to stop traffic, but only known names are looked up.
    if (validateEventName(eventName)) forwarder.unsubscribe(event.sender, eventName);
  };

  ipc.on(CompanionChannel.subscribe, onSubscribe);
  ipc.on(CompanionChannel.unsubscribe, onUnsubscribe);

  return {
    dispose() {
      ipc.removeHandler(CompanionChannel.invoke);
      ipc.removeListener(CompanionChannel.subscribe, onSubscribe);
      ipc.removeListener(CompanionChannel.unsubscribe, onUnsubscribe);
      forwarder.dispose();
    },
  };
}

/** Typed main → renderer send; a destroyed window is skipped instead of throwing. */
export function sendCompanionEvent<E extends EventName>(contents: IpcWebContents, event: E, payload: EventPayload<E>): boolean {
  if (contents.isDestroyed()) return false;
  contents.send(CompanionChannel.event, event, payload);
  return true;
}

/** Per-window core subscriptions, dropped when the window's WebContents is destroyed. */
class EventForwarder {
  private readonly windows = new Map<number, Map<EventName, () => void>>();

  constructor(
    private readonly core: CompanionApi,
    private readonly log: (message: string) => void,
  ) {}

  subscribe(contents: IpcWebContents, event: EventName): void {
    let subscriptions = this.windows.get(contents.id);
    if (!subscriptions) {
      subscriptions = new Map();
      this.windows.set(contents.id, subscriptions);
      contents.once('destroyed', () => this.dropWindow(contents.id));
    }
    // A repeat subscription means the page reloaded and lost its listeners: replace the old one so
    // the new page also gets the core's initial emission (the current state).
    subscriptions.get(event)?.();
    const unsubscribe = subscribeEvent(this.core, event, (payload) => {
      try {
        if (!sendCompanionEvent(contents, event, payload)) this.dropWindow(contents.id);
      } catch (error) {
        this.log(`companion: could not send ${event}: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    subscriptions.set(event, unsubscribe);
  }

  unsubscribe(contents: IpcWebContents, event: EventName): void {
    const subscriptions = this.windows.get(contents.id);
    subscriptions?.get(event)?.();
    subscriptions?.delete(event);
  }

  dispose(): void {
    for (const id of [...this.windows.keys()]) this.dropWindow(id);
  }

  private dropWindow(id: number): void {
    const subscriptions = this.windows.get(id);
    if (!subscriptions) return;
    this.windows.delete(id);
    for (const unsubscribe of subscriptions.values()) unsubscribe();
  }
}

function apiFailure(code: ApiErrorCode, message: string): InvokeResult {
  return { ok: false, error: ApiErrorPayloadSchema.parse({ code, message }) };
}
