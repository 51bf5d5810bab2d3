// The history part of the inference feature: every measurement is pushed, saved and remembered, and
// the latest eGPU figure drives the guide's "backend not active" warning (its dismissal is saved too).
import type { EventName, EventPayload } from '../../api/contract';
import { BACKEND_NOT_ACTIVE_HAZARD_ID, type Measurement } from '../../api/inference';
import type { Hazard } from '../../api/schemas';
import { describeError, type LoggerPort } from '../../platform/logger';
import { backendNotActiveHazard } from '../inference-hazards';
import { generationFigures, type GenerationResult } from '../types';
import type { HistoryStore } from './history-store';
import { sanitizeMeasurement } from './sanitize-measurement';

export type NewMeasurement = Omit<Measurement, 'at' | 'gpu' | 'link'>;

export interface MeasurementLogOptions {
  history: HistoryStore;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  /** The eGPU and link as the monitor sees them, saved with each eGPU measurement. */
  device: () => { gpu: string | null; link: string | null };
  now: () => number;
  /** The slow-eGPU warning appeared, went or was dismissed. */
  changed: () => void;
  logger: LoggerPort;
}

export interface MeasurementLog {
  record(m: NewMeasurement): Promise<Measurement>;
  /** Reads the last eGPU figure and the saved dismissal back (start, and `status`). */
  recall(): Promise<void>;
  slowHazard(): Hazard | null;
  dismissSlow(id: string): Promise<boolean>;
}

/** A finished generation as a measurement to record. */
export function measurementOf(r: GenerationResult, source: Measurement['source'], backend: string, onEgpu: boolean): NewMeasurement {
  return {
    source,
    backend,
    server: backend,
    model: r.model,
    onEgpu,
    ...generationFigures(r),
    gbPerSecond: null,
    mbUsed: null,
  };
}

export function createMeasurementLog(o: MeasurementLogOptions): MeasurementLog {
  let lastEgpu: Measurement | null = null;
  let slowDismissedAt: number | null = null;

  /** Keeps the latest completed eGPU figure for the guide's rule; true when the warning appeared or went. */
  const noteEgpu = (m: Measurement): boolean => {
    if (!m.onEgpu || m.outcome !== 'completed' || m.tokensPerSecond === null) return false;
    const before = backendNotActiveHazard(lastEgpu) !== null;
    lastEgpu = m;
    return before || backendNotActiveHazard(m) !== null;
  };

  return {
    async record(m) {
      // Never dropped for a bad figure: non-finite rates become unknown, texts are cut to size, credentials go.
      const full = sanitizeMeasurement({ ...m, at: o.now(), ...(m.onEgpu ? o.device() : { gpu: null, link: null }) });
      o.emit('inferenceMeasurement', full);
      if (noteEgpu(full)) o.changed();
      try {
        await o.history.append(full);
      } catch (error) {
        o.logger.warn('inference history: could not save a measurement', describeError(error));
      }
      return full;
    },
    async recall() {
      // The guide's rule survives a restart: the last eGPU figure comes back from the history.
      const saved = (await o.history.load()).filter((m) => m.onEgpu && m.outcome === 'completed' && m.tokensPerSecond !== null);
      lastEgpu = saved[saved.length - 1] ?? null;
      slowDismissedAt = await o.history.slowWarningDismissedAt();
      if (backendNotActiveHazard(lastEgpu)) o.changed();
    },
    slowHazard() {
      const slow = backendNotActiveHazard(lastEgpu);
      return slow && slow.since !== slowDismissedAt ? slow : null;
    },
    async dismissSlow(id) {
      if (id !== BACKEND_NOT_ACTIVE_HAZARD_ID || !lastEgpu) return false;
      slowDismissedAt = lastEgpu.at;
      o.changed();
      try {
        await o.history.dismissSlowWarning(slowDismissedAt);
      } catch (error) {
        o.logger.warn('inference history: could not save the dismissed warning', describeError(error));
      }
      return true;
    },
  };
}
