// GET /metrics in web mode: the Prometheus export, off unless the user turned it on (the
// `inference.metricsExport` setting or `serve --metrics`). Served at the root path because a
// scraper cannot know the per-session path; the session token must come as a bearer header.
import { timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import type { CompanionApi } from '../core/api/contract';
import { renderFleetMetrics } from '../core/metrics/fleet-metrics';
import { PROMETHEUS_CONTENT_TYPE } from '../core/metrics/prometheus-text';

export const METRICS_PATH = '/metrics';

export interface MetricsEndpointOptions {
  api: CompanionApi;
  token: string;
  /** true when `serve --metrics` forced the export on, whatever the setting says. */
  forced: boolean;
}

/** Answers a request for /metrics: 404 while the export is off, 401 without the token, else the text. */
export async function serveMetrics(req: http.IncomingMessage, res: http.ServerResponse, options: MetricsEndpointOptions, notFound: string): Promise<void> {
  const enabled = options.forced || (await options.api.getSettings({})).inference.metricsExport;
  if (!enabled) return void res.writeHead(404, { 'content-type': 'text/plain' }).end(notFound);
  if (!tokenMatches(bearerToken(req.headers.authorization), options.token)) {
    return void res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer realm="egpu-companion"' }).end('401: send the session token as "Authorization: Bearer <token>"');
  }
  const body = await renderFleetMetrics(options.api);
  res.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

/** Constant-time comparison of a presented token with the session token. */
export function tokenMatches(candidate: string | null | undefined, token: string): boolean {
  if (!candidate) return false;
  const a = Buffer.from(candidate);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
