// The sandboxed preload. It is bundled to one CommonJS file that may only require 'electron', and it
// exposes exactly the RawTransport shape as `window.companion`. It never hands ipcRenderer itself to
// the page; main validates every name, sender and payload again.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { InvokeResult } from '../core/api/contract';
import type { RawTransport } from '../core/api/transport';
import { CompanionChannel, isWellFormedApiName } from './channels';

type PayloadListener = (payload: unknown) => void;

/** Page listeners per event; main is told about an event only when its first listener arrives. */
const listenersByEvent = new Map<string, Set<PayloadListener>>();

ipcRenderer.on(CompanionChannel.event, (_event: IpcRendererEvent, eventName: unknown, payload: unknown) => {
  if (typeof eventName !== 'string') return;
  const listeners = listenersByEvent.get(eventName);
  if (!listeners) return;
  for (const listener of [...listeners]) {
    try {
      listener(payload);
    } catch (error) {
      // One failing page listener must not starve the others.
      console.error(`companion: listener for ${eventName} threw`, error);
    }
  }
});

function failure(code: 'unknown-command' | 'unavailable', message: string): InvokeResult {
  return { ok: false, error: { code, message } };
}

const companion: RawTransport = {
  invoke(command: string, input: unknown): Promise<InvokeResult> {
    if (!isWellFormedApiName(command)) {
      return Promise.resolve(failure('unknown-command', `unknown command: ${String(command).slice(0, 80)}`));
    }
    return (ipcRenderer.invoke(CompanionChannel.invoke, command, input) as Promise<InvokeResult>).catch(
      // Only happens before main has registered its handler or while it is shutting down.
      (error: unknown) => failure('unavailable', error instanceof Error ? error.message : 'the app is not ready'),
    );
  },

  subscribe(event: string, listener: (payload: unknown) => void): () => void {
    if (!isWellFormedApiName(event)) throw new TypeError(`unknown event: ${String(event).slice(0, 80)}`);
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    let listeners = listenersByEvent.get(event);
    if (!listeners) {
      listeners = new Set();
      listenersByEvent.set(event, listeners);
      ipcRenderer.send(CompanionChannel.subscribe, event);
    }
    listeners.add(listener);

    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      const current = listenersByEvent.get(event);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) {
        listenersByEvent.delete(event);
        ipcRenderer.send(CompanionChannel.unsubscribe, event);
      }
    };
  },
};

contextBridge.exposeInMainWorld('companion', companion);
