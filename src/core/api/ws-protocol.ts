// Messages on the web-mode WebSocket bridge. Both ends validate every message with these schemas.
import { z } from 'zod';
import { InvokeResultSchema } from './contract';

export const ClientMessageSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('invoke'), id: z.number().int().nonnegative(), command: z.string().max(100), input: z.unknown() }),
  z.object({ t: z.literal('subscribe'), event: z.string().max(100) }),
  z.object({ t: z.literal('unsubscribe'), event: z.string().max(100) }),
]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

export const ServerMessageSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('result'), id: z.number().int().nonnegative(), result: InvokeResultSchema }),
  z.object({ t: z.literal('event'), event: z.string(), payload: z.unknown() }),
  z.object({ t: z.literal('error'), message: z.string() }),
]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;

/**
 * The session token travels as a second WebSocket subprotocol (`Sec-WebSocket-Protocol`), never in a
 * URL the browser might log or hand to another origin; the server answers with WS_PROTOCOL alone.
 */
export const WS_PROTOCOL = 'egpu-companion.v1';
const TOKEN_PROTOCOL_PREFIX = 'token.';
export function tokenProtocol(token: string): string {
  return `${TOKEN_PROTOCOL_PREFIX}${token}`;
}
/** The token offered in a Sec-WebSocket-Protocol list, or null. */
export function tokenFromProtocols(protocols: Iterable<string>): string | null {
  for (const protocol of protocols) if (protocol.startsWith(TOKEN_PROTOCOL_PREFIX)) return protocol.slice(TOKEN_PROTOCOL_PREFIX.length);
  return null;
}

/** Query parameter of the printed page URL; the page moves it to sessionStorage and drops it from history. */
export const TOKEN_PARAM = 'token';
/** The WebSocket endpoint, relative to the per-session path prefix. */
export const WS_PATH = 'api';
