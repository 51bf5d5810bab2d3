// Takes what identifies the user or the machine out of a report before anything shows or saves it:
// the user name and home path, the host name, serial numbers, hardware UUIDs and MAC addresses.
export interface RedactionSecrets {
  userName: string | null;
  home: string | null;
  hostName: string | null;
}

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const MAC = /\b[0-9a-f]{2}(?:[:-][0-9a-f]{2}){5}\b/gi;
// "Serial Number (system): C02XK0ABJGH5", "IOPlatformSerialNumber" = "C02…", "serial-number" = <…>, "serial C02…".
// Keyed on the word: a bare pattern for Apple serials would also hit public ids such as TinyGPU's team id.
const SERIAL = /((?:serial[ _-]?(?:number)?|IOPlatformSerialNumber)(?:\s*\([^)]*\))?"?\s*[:=]?\s*)(?:"[^"\n]*"|<[^>\n]*>|[^\s,;]+)/gi;
// /Users/<name>/… where the name is not the one we were told (a report pasted from another account).
const USERS_PATH = /\/Users\/(?!Shared\b)[^/\s"'`]+/g;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Pure. Longer secrets are replaced first, so a home path goes before the user name inside it. */
export function redact(text: string, secrets: RedactionSecrets): string {
  let out = text;
  if (secrets.home && secrets.home.length > 1) out = out.replace(new RegExp(escape(secrets.home), 'g'), '~');
  out = out.replace(USERS_PATH, '/Users/<user>');
  out = out.replace(SERIAL, '$1<serial>').replace(UUID, '<uuid>').replace(MAC, '<mac>');
  const host = secrets.hostName?.replace(/\.local$/i, '');
  if (host && host.length > 2) out = out.replace(new RegExp(`${escape(host)}(?:\\.local)?`, 'gi'), '<host>');
  if (secrets.userName && secrets.userName.length > 2) out = out.replace(new RegExp(`\\b${escape(secrets.userName)}\\b`, 'g'), '<user>');
  return out;
}
