// The metering part of the inference feature: one proxy per route, started and stopped on request (or
// at start), their live tok/s pushed to the popover and the tray title, and each finished generation
// recorded under its route's server.
import type { EventName, EventPayload } from '../../api/contract';
import type { InferenceServer, InferenceStatus, MeteringRoute } from '../../api/inference';
import type { Settings } from '../../api/settings';
import { withoutUserinfo } from '../../api/server-url';
import type { LoggerPort } from '../../platform/logger';
import { measurementOf, type NewMeasurement } from '../history/measurement-log';
import type { LiveReading } from './meter';
import { meteringRoutes } from './proxy-routes';
import { RouteProxies } from './route-proxies';
import { median } from './stats';

const TRAY_TITLE_EVERY_MS = 1000;

export interface MeteringControlOptions {
  settings: () => Settings['inference'];
  /** The server rows: servers the user added and a running LM Studio get routes of their own. */
  servers: () => InferenceServer[];
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  record: (m: NewMeasurement) => Promise<unknown>;
  /** The route forwards to the tinygrad server the app runs on the eGPU. */
  onEgpu: (route: MeteringRoute) => boolean;
  now: () => number;
  logger: LoggerPort;
}

export interface MeteringControl {
  /** One route by id, or every route from the settings. */
  start(routeId?: string): Promise<void>;
  /** One route by id, or every running one. */
  stop(routeId?: string): Promise<void>;
  status(): Pick<InferenceStatus, 'proxy' | 'routes'>;
  /** Generations streaming through a route now. */
  inFlight(): number;
}

export function createMeteringControl(o: MeteringControlOptions): MeteringControl {
  const liveRates = new Map<number, number[]>();
  let lastTrayAt = 0;

  const onLive = (route: MeteringRoute, id: number, model: string, reading: LiveReading): void => {
    const rates = liveRates.get(id) ?? [];
    if (reading.currentTokensPerSecond !== null) rates.push(reading.currentTokensPerSecond);
    liveRates.set(id, rates.slice(-600));
    o.emit('inferenceLive', { generationId: id, model, tokens: reading.tokens, currentTokensPerSecond: reading.currentTokensPerSecond, medianTokensPerSecond: median(rates), ttftMs: reading.ttftMs, onEgpu: o.onEgpu(route), server: route.label, running: true });
    const t = o.now();
    if (reading.currentTokensPerSecond !== null && t - lastTrayAt >= TRAY_TITLE_EVERY_MS) {
      lastTrayAt = t;
      o.emit('inferenceTrayTitle', { text: `${Math.round(reading.currentTokensPerSecond)} tok/s` });
    }
  };

  const routes = new RouteProxies({
    routes: () => meteringRoutes(o.settings(), o.servers()),
    logger: o.logger,
    onLive,
    onGeneration: (route, result) => {
      o.emit('inferenceLive', { generationId: -1, model: result.model, tokens: result.completionTokens, currentTokensPerSecond: null, medianTokensPerSecond: result.tokensPerSecond, ttftMs: result.ttftMs, onEgpu: o.onEgpu(route), server: route.label, running: false });
      liveRates.clear();
      lastTrayAt = 0;
      o.emit('inferenceTrayTitle', { text: null });
      void o.record(measurementOf(result, 'proxy', route.label, o.onEgpu(route)));
    },
  });

  return {
    start: (routeId) => routes.start(routeId),
    stop: (routeId) => routes.stop(routeId),
    status() {
      const statuses = routes.statuses();
      return { proxy: firstRoute(statuses, withoutUserinfo(o.settings().proxy.routes[0]?.target ?? '')), routes: statuses };
    },
    inFlight: () => liveRates.size,
  };
}

/** The popover's one-line switch describes the first route. */
function firstRoute(statuses: ReturnType<RouteProxies['statuses']>, target: string): InferenceStatus['proxy'] {
  const first = statuses[0];
  return { running: first?.running ?? false, url: first?.url ?? null, target: first?.target ?? target, error: first?.error ?? null };
}
