// Web mode: the RawTransport over the WebSocket bridge, with reconnect and re-subscribe.
import type { InvokeResult } from '../../../core/api/contract';
import type { RawTransport } from '../../../core/api/transport';
import { ServerMessageSchema, TOKEN_PARAM, WS_PATH, WS_PROTOCOL, tokenProtocol, type ClientMessage } from '../../../core/api/ws-protocol';

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface WsTransport extends RawTransport {
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}

const RECONNECT_MS = [250, 500, 1000, 2000, 4000];

const TOKEN_KEY = 'egpu-companion.token';

/** The WebSocket endpoint next to the page: same host, same per-session path prefix. */
export function wsUrlFromLocation(location: Pick<Location, 'protocol' | 'host' | 'pathname'>): string {
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const base = location.pathname.slice(0, location.pathname.lastIndexOf('/') + 1);
  return `${protocol}//${location.host}${base}${WS_PATH}`;
}

export interface SessionWindow {
  location: Pick<Location, 'pathname' | 'search' | 'hash'>;
  history: Pick<History, 'replaceState' | 'state'>;
  sessionStorage: Pick<Storage, 'getItem' | 'setItem'>;
}

/**
 * Takes the session token out of the page URL into this tab's sessionStorage (scoped to this exact
 * origin, port included) and rewrites the history entry without it, so neither browser history nor
 * a later navigation carries it. A reload finds it in sessionStorage.
 */
export function takeSessionToken(win: SessionWindow): string {
  const params = new URLSearchParams(win.location.search);
  const fromUrl = params.get(TOKEN_PARAM);
  if (fromUrl) {
    win.sessionStorage.setItem(TOKEN_KEY, fromUrl);
    params.delete(TOKEN_PARAM);
    const query = params.toString();
    win.history.replaceState(win.history.state, '', `${win.location.pathname}${query ? `?${query}` : ''}${win.location.hash}`);
    return fromUrl;
  }
  return win.sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/** Subprotocols to offer: the protocol name, then the token (never put in the URL). */
export function sessionProtocols(token: string): string[] {
  return [WS_PROTOCOL, tokenProtocol(token)];
}

export function createWsTransport(url: string, protocols: string[], WebSocketImpl: typeof WebSocket = WebSocket): WsTransport {
  let socket: WebSocket | null = null;
  let nextId = 1;
  let attempts = 0;
  let closedByUser = false;
  const pending = new Map<number, (result: InvokeResult) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  const queue: ClientMessage[] = [];

  const setConnection = (state: ConnectionState) => connectionListeners.forEach((listener) => listener(state));

  const send = (message: ClientMessage) => {
    if (socket && socket.readyState === WebSocketImpl.OPEN) socket.send(JSON.stringify(message));
    else queue.push(message);
  };

  const connect = () => {
    setConnection('connecting');
    const ws = new WebSocketImpl(url, protocols);
    socket = ws;
    ws.onopen = () => {
      attempts = 0;
      setConnection('open');
      for (const event of listeners.keys()) ws.send(JSON.stringify({ t: 'subscribe', event }));
      for (const message of queue.splice(0)) ws.send(JSON.stringify(message));
    };
    ws.onmessage = (message: MessageEvent) => {
      let data: unknown;
      try {
        data = JSON.parse(String(message.data));
      } catch {
        return; // The server only sends JSON; anything else is not a message of ours to act on.
      }
      const parsed = ServerMessageSchema.safeParse(data);
      if (!parsed.success) return;
      const msg = parsed.data;
      if (msg.t === 'result') {
        pending.get(msg.id)?.(msg.result);
        pending.delete(msg.id);
      } else if (msg.t === 'event') {
        listeners.get(msg.event)?.forEach((listener) => listener(msg.payload));
      }
    };
    ws.onclose = () => {
      socket = null;
      for (const [id, resolve] of pending) {
        resolve({ ok: false, error: { code: 'disconnected', message: 'lost the connection to eGPU Companion' } });
        pending.delete(id);
      }
      setConnection('closed');
      if (closedByUser) return;
      const delay = RECONNECT_MS[Math.min(attempts, RECONNECT_MS.length - 1)]!;
      attempts += 1;
      setTimeout(connect, delay);
    };
  };
  connect();

  return {
    invoke(command, input) {
      const id = nextId++;
      return new Promise<InvokeResult>((resolve) => {
        pending.set(id, resolve);
        send({ t: 'invoke', id, command, input });
      });
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) {
        listeners.set(event, (set = new Set()));
        send({ t: 'subscribe', event });
      }
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) {
          listeners.delete(event);
          send({ t: 'unsubscribe', event });
        }
      };
    },
    onConnectionChange(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    close() {
      closedByUser = true;
      socket?.close();
    },
  };
}
