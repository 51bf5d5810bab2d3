// The renderer's one way to reach the core: the CompanionApi, over whichever transport exists.
import type { CompanionApi } from '../../core/api/contract';
import { createApiClient } from '../../core/api/transport';
import { createWsTransport, sessionProtocols, takeSessionToken, wsUrlFromLocation, type ConnectionState } from './transport/ws-transport';

export interface Connection {
  api: CompanionApi;
  transport: 'electron' | 'web';
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
}

export function connect(win: Window = window): Connection {
  if (win.companion) {
    return { api: createApiClient(win.companion), transport: 'electron', onConnectionChange: () => () => undefined };
  }
  const ws = createWsTransport(wsUrlFromLocation(win.location), sessionProtocols(takeSessionToken(win)));
  return { api: createApiClient(ws), transport: 'web', onConnectionChange: (listener) => ws.onConnectionChange(listener) };
}
