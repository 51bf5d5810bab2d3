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

/** Query parameter carrying the session token in the page URL and the WebSocket URL. */
export const TOKEN_PARAM = 'token';
export const WS_PATH = '/api';
