// Backend URLs as the settings may hold them. Pure (no Node imports): the renderer imports the contract.
import { z } from 'zod';

/** Longer than any real local address; keeps the URL usable as a label and inside a measurement. */
export const MAX_SERVER_URL_LENGTH = 200;

/** user:password@ between the scheme and the host, if any. */
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i;

/** The URL with any user:password removed, the rest unchanged; for everything shown, logged or labelled. */
export function withoutUserinfo(url: string): string {
  return url.replace(USERINFO, '$1');
}

/**
 * An http:// or https:// URL without credentials, at most MAX_SERVER_URL_LENGTH characters. Refused at
 * save time with a message that says why, rather than failing every measurement later.
 */
export const ServerUrlSchema = z
  .string()
  .max(MAX_SERVER_URL_LENGTH, `a server URL may be at most ${MAX_SERVER_URL_LENGTH} characters`)
  .refine((url) => URL.canParse(url), 'not a URL')
  .refine((url) => /^https?:\/\//i.test(url), 'a server URL starts with http:// or https://')
  .refine((url) => !USERINFO.test(url), 'a server URL may not hold a user name or password (user:password@): they would show in the status and /metrics');
