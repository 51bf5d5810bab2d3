// The metering proxy's edge: who may talk to it, what it says when the backend misbehaves, and
// how it reaches an http:// or https:// backend. Kept apart from the forwarding so each can change alone.
import http from 'node:http';
import https from 'node:https';

/** Names a loopback listener answers to; anything else is a DNS-rebinding page or a misdirected client. */
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface Refusal {
  status: 403 | 421 | 502;
  reason: string;
}

/** true for `127.0.0.1:PORT`, `localhost:PORT` or `[::1]:PORT` with the listener's own port. */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const match = /^(\[::1\]|[^:[\]]+):(\d{1,5})$/.exec(host.trim().toLowerCase());
  return match !== null && LOOPBACK_NAMES.has(match[1]!) && Number(match[2]) === port;
}

/** A browser's Origin is allowed only when it is the proxy's own (loopback) origin; clients that send none are not browsers. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  const match = /^http:\/\/(.+)$/i.exec(origin.trim());
  return match !== null && isLoopbackHost(match[1], port);
}

/** Why a request must not reach the backend, or null when it may. */
export function refuseRequest(headers: http.IncomingHttpHeaders, port: number): Refusal | null {
  if (!isLoopbackHost(headers.host, port)) {
    return { status: 421, reason: 'The metering proxy answers only to 127.0.0.1, localhost or [::1] with its port' };
  }
  const origin = headers.origin;
  if (!isAllowedOrigin(typeof origin === 'string' ? origin : undefined, port)) {
    return { status: 403, reason: 'The metering proxy does not accept requests from web pages on other origins' };
  }
  return null;
}

/** A status the proxy can pass on: HTTP defines 100–599, and Node refuses to write anything else. */
export function isForwardableStatus(status: number | undefined): status is number {
  return status !== undefined && Number.isInteger(status) && status >= 100 && status <= 599;
}

function isLoopbackName(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]' || hostname === '::1';
}

/**
 * The Host the backend sees: the client's own (already checked to be loopback) when the backend is on
 * this Mac too, so a backend's own rebinding check (Ollama has one) judges what the client sent; the
 * backend's name for a backend elsewhere, which needs it for virtual hosting and TLS.
 */
export function upstreamHost(clientHost: string, target: URL): string {
  return isLoopbackName(target.hostname) ? clientHost : target.host;
}

export type RequestFunction = typeof http.request;

/** TLS to an https:// backend, plain HTTP otherwise; other schemes are refused before the proxy starts. */
export function requestFunctionFor(target: URL): RequestFunction {
  if (target.protocol === 'https:') return https.request as RequestFunction;
  if (target.protocol === 'http:') return http.request;
  throw new Error(`The metering proxy forwards to http:// or https:// backends, not ${target.protocol}//`);
}

/** Ends a response with a short plain-text reason, whatever state it is in; never throws. */
export function answerWith(res: http.ServerResponse, status: number, reason: string): void {
  try {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end(`${reason}\n`);
  } catch {
    res.destroy();
  }
}

/**
 * Runs a request handler so that nothing it throws escapes into the server: the client gets a 502 with
 * the reason, the log gets the error, the server keeps serving.
 */
export function guarded(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
  onError: (error: unknown) => void,
): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  return (req, res) => {
    try {
      handler(req, res);
    } catch (error) {
      onError(error);
      answerWith(res, 502, 'The metering proxy could not forward this request');
    }
  };
}

/**
 * Starts the client's response with the backend's status and headers; null when done, else why it
 * could not be (an invalid status such as `HTTP/1.1 099`, a header Node will not write), and the
 * client has been answered 502.
 */
export function passOnHead(res: http.ServerResponse, status: number | undefined, message: string | undefined, headers: string[]): string | null {
  if (!isForwardableStatus(status)) {
    const reason = `The backend answered with an invalid HTTP status (${String(status)})`;
    answerWith(res, 502, reason);
    return reason;
  }
  try {
    res.writeHead(status, message, headers);
    return null;
  } catch (error) {
    const reason = `The backend's reply could not be passed on (${error instanceof Error ? error.message : String(error)})`;
    answerWith(res, 502, reason);
    return reason;
  }
}
