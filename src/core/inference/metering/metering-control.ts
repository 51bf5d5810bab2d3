// The metering part of the inference feature: the proxy started and stopped on request (or at start),
// its live tok/s pushed to the popover and the tray title, and each finished generation recorded.
import type { EventName, EventPayload } from '../../api/contract';
import type { InferenceStatus } from '../../api/inference';
import type { Settings } from '../../api/settings';
import { describeError, type LoggerPort } from '../../platform/logger';
import { measurementOf, type NewMeasurement } from '../history/measurement-log';
import type { LiveReading } from './meter';
import { startMeteringProxy, type MeteringProxy } from './metering-proxy';
import { median } from './stats';

const TRAY_TITLE_EVERY_MS = 1000;

export interface MeteringControlOptions {
  settings: () => Settings['inference'];
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  record: (m: NewMeasurement) => Promise<unknown>;
  /** The proxy forwards to the tinygrad server the app runs on the eGPU. */
  onEgpu: () => boolean;
  now: () => number;
  logger: LoggerPort;
}

export interface MeteringControl {
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): InferenceStatus['proxy'];
  /** Generations streaming through the proxy now. */
  inFlight(): number;
}

export function createMeteringControl(o: MeteringControlOptions): MeteringControl {
  let proxy: MeteringProxy | null = null;
  let proxyError: string | null = null;
  const liveRates = new Map<number, number[]>();
  let lastTrayAt = 0;

  const onLive = (id: number, model: string, reading: LiveReading): void => {
    const rates = liveRates.get(id) ?? [];
    if (reading.currentTokensPerSecond !== null) rates.push(reading.currentTokensPerSecond);
    liveRates.set(id, rates.slice(-600));
    o.emit('inferenceLive', { generationId: id, model, tokens: reading.tokens, currentTokensPerSecond: reading.currentTokensPerSecond, medianTokensPerSecond: median(rates), ttftMs: reading.ttftMs, onEgpu: o.onEgpu(), running: true });
    const t = o.now();
    if (reading.currentTokensPerSecond !== null && t - lastTrayAt >= TRAY_TITLE_EVERY_MS) {
      lastTrayAt = t;
      o.emit('inferenceTrayTitle', { text: `${Math.round(reading.currentTokensPerSecond)} tok/s` });
    }
  };

  const start = async (): Promise<void> => {
    if (proxy) return;
    const s = o.settings().proxy;
    try {
      proxy = await startMeteringProxy({
        target: s.target,
        port: s.port,
        logger: o.logger,
        onLive,
        onGeneration: (result) => {
          o.emit('inferenceLive', { generationId: -1, model: result.model, tokens: result.completionTokens, currentTokensPerSecond: null, medianTokensPerSecond: result.tokensPerSecond, ttftMs: result.ttftMs, onEgpu: o.onEgpu(), running: false });
          liveRates.clear();
          lastTrayAt = 0;
          o.emit('inferenceTrayTitle', { text: null });
          void o.record(measurementOf(result, 'proxy', s.target, o.onEgpu()));
        },
      });
      proxyError = null;
    } catch (error) {
      proxyError = `The metering proxy could not listen on 127.0.0.1:${s.port} (${describeError(error)})`;
      o.logger.warn(proxyError);
    }
  };

  return {
    start,
    async stop() {
      await proxy?.close();
      proxy = null;
    },
    status: () => ({ running: proxy !== null, url: proxy?.url ?? null, target: o.settings().proxy.target, error: proxyError }),
    inFlight: () => liveRates.size,
  };
}
