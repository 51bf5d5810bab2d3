// The metering routes that run: one proxy per route, started and stopped by route id, each
// reporting its generations with the route they came through.
import { ApiError } from '../../api/contract';
import type { MeteringRoute, MeteringRouteStatus } from '../../api/inference';
import { describeError, nullLogger, type LoggerPort } from '../../platform/logger';
import type { GenerationResult } from '../types';
import type { LiveReading } from './meter';
import { startMeteringProxy, type MeteringProxy } from './metering-proxy';

export interface RouteProxiesOptions {
  /** The routes as they stand now (settings and server rows change). */
  routes: () => MeteringRoute[];
  /** `generationId` is unique across routes. */
  onLive: (route: MeteringRoute, generationId: number, model: string, reading: LiveReading) => void;
  onGeneration: (route: MeteringRoute, result: GenerationResult) => void;
  logger?: LoggerPort;
}

interface Running {
  route: MeteringRoute;
  proxy: MeteringProxy;
}

export class RouteProxies {
  private readonly running = new Map<string, Running>();
  private readonly errors = new Map<string, string>();
  private readonly generationIds = new Map<string, number>();
  private nextGenerationId = 1;

  constructor(private readonly options: RouteProxiesOptions) {}

  /** One route by id, or every route from the settings. An unknown id is the caller's mistake. */
  async start(routeId?: string): Promise<void> {
    const routes = this.options.routes();
    if (routeId === undefined) {
      await Promise.all(routes.filter((r) => r.source === 'settings').map((r) => this.startRoute(r)));
      return;
    }
    const route = routes.find((r) => r.id === routeId);
    if (!route) throw new ApiError('invalid-payload', `no metering route with id ${routeId}`);
    await this.startRoute(route);
  }

  /** One route by id, or every running one; stopping a route that does not run is not an error. */
  async stop(routeId?: string): Promise<void> {
    const ids = routeId === undefined ? [...this.running.keys()] : [routeId];
    await Promise.all(
      ids.map(async (id) => {
        const entry = this.running.get(id);
        this.running.delete(id);
        this.errors.delete(id);
        await entry?.proxy.close();
      }),
    );
  }

  isRunning(routeId: string): boolean {
    return this.running.has(routeId);
  }

  /** Every route, plus a running one whose server has since gone from the list (it runs until stopped). */
  statuses(): MeteringRouteStatus[] {
    const routes = this.options.routes();
    const orphans = [...this.running.values()].map((r) => r.route).filter((r) => !routes.some((known) => known.id === r.id));
    return [...routes, ...orphans].map((route) => {
      const running = this.running.get(route.id);
      // A running route keeps the target it started with until it is stopped.
      return { ...(running?.route ?? route), running: running !== undefined, url: running?.proxy.url ?? null, error: this.errors.get(route.id) ?? null };
    });
  }

  private async startRoute(route: MeteringRoute): Promise<void> {
    if (this.running.has(route.id)) return;
    try {
      const proxy = await startMeteringProxy({
        target: route.target,
        port: route.listen,
        logger: this.options.logger ?? nullLogger,
        onLive: (id, model, reading) => this.options.onLive(route, this.generationId(route, id), model, reading),
        onGeneration: (result, id) => {
          this.generationIds.delete(`${route.id}#${id}`);
          this.options.onGeneration(route, result);
        },
      });
      this.running.set(route.id, { route, proxy });
      this.errors.delete(route.id);
    } catch (error) {
      const message = `The metering proxy could not listen on 127.0.0.1:${route.listen} (${describeError(error)})`;
      this.errors.set(route.id, message);
      (this.options.logger ?? nullLogger).warn(message);
    }
  }

  private generationId(route: MeteringRoute, proxyId: number): number {
    const key = `${route.id}#${proxyId}`;
    let id = this.generationIds.get(key);
    if (id === undefined) {
      id = this.nextGenerationId++;
      this.generationIds.set(key, id);
    }
    return id;
  }
}
