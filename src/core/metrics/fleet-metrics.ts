// What one Mac tells a fleet's Prometheus: the eGPU, its link and driver, the active hazards and
// the measured inference speed per model. Built from the CompanionApi's own replies, nothing else.
import type { CompanionApi } from '../api/contract';
import type { InferenceServer, Measurement } from '../api/inference';
import { withoutUserinfo } from '../api/server-url';
import { DriverStateSchema, SeveritySchema, type AppState } from '../api/schemas';
import { median } from '../inference/metering/stats';
import { renderDistributions } from './histograms';
import { formatExposition, type MetricFamily, type MetricSample } from './prometheus-text';

/** How many of a model's latest completed measurements the median covers. */
export const MEDIAN_WINDOW = 20;
const HISTORY_LIMIT = 5000;
/** Models with their own `egpu_inference_*` series; the rest are summed up as `model="other"`. */
export const MAX_MODEL_SERIES = 20;
export const OTHER_MODEL = 'other';
const MB = 1024 * 1024;

interface ModelSeries {
  labels: Record<string, string>;
  measurements: Measurement[];
}

export function buildFleetMetrics(state: AppState, history: readonly Measurement[], servers: readonly InferenceServer[] = []): MetricFamily[] {
  const devices = state.devices.map((d) => ({ device: d, labels: { device: String(d.index), name: d.name } }));
  const perDevice = (pick: (d: AppState['devices'][number]) => number | null): MetricSample[] =>
    devices.flatMap(({ device, labels }) => {
      const value = pick(device);
      return value === null ? [] : [{ labels, value }];
    });
  const series = inferenceSeries(history);
  const perModel = (pick: (m: Measurement[]) => number | null): MetricSample[] =>
    series.flatMap(({ labels, measurements }) => {
      const value = pick(measurements);
      return value === null ? [] : [{ labels, value }];
    });
  const tokRates = (ms: Measurement[]) => ms.slice(-MEDIAN_WINDOW).flatMap((m) => (m.tokensPerSecond === null ? [] : [m.tokensPerSecond]));
  const ttfts = (ms: Measurement[]) => ms.slice(-MEDIAN_WINDOW).flatMap((m) => (m.ttftMs === null ? [] : [m.ttftMs / 1000]));
  const lastOf = (values: number[]) => values.at(-1) ?? null;

  return [
    { name: 'egpu_devices', type: 'gauge', help: 'External GPUs the driver reports on this Mac.', samples: [{ value: state.devices.length }] },
    { name: 'egpu_device_present', type: 'gauge', help: 'An external GPU the driver reports (1 while present).', samples: devices.map(({ labels }) => ({ labels, value: 1 })) },
    { name: 'egpu_vram_total_bytes', type: 'gauge', help: 'Memory on the external GPU.', samples: perDevice((d) => (d.vramTotalMB === null ? null : d.vramTotalMB * MB)) },
    { name: 'egpu_vram_used_bytes', type: 'gauge', help: 'Memory in use on the external GPU.', samples: perDevice((d) => (d.vramUsedMB === null ? null : d.vramUsedMB * MB)) },
    { name: 'egpu_link_width', type: 'gauge', help: 'PCIe lanes of the link to the external GPU.', samples: perDevice((d) => d.link.pcieWidth) },
    { name: 'egpu_link_gen', type: 'gauge', help: 'PCIe generation of the link to the external GPU.', samples: perDevice((d) => d.link.pcieGen) },
    {
      name: 'egpu_driver_state',
      type: 'gauge',
      help: 'TinyGPU driver state: 1 for the current state, 0 for the others.',
      samples: DriverStateSchema.options.map((s) => ({ labels: { state: s }, value: state.driver.state === s ? 1 : 0 })),
    },
    { name: 'egpu_hazard_active', type: 'gauge', help: 'A problem the app currently reports (1 while active).', samples: state.hazards.map((h) => ({ labels: { id: h.id, severity: h.severity }, value: 1 })) },
    {
      name: 'egpu_hazards_active',
      type: 'gauge',
      help: 'Number of active problems by severity.',
      samples: SeveritySchema.options.map((s) => ({ labels: { severity: s }, value: state.hazards.filter((h) => h.severity === s).length })),
    },
    { name: 'egpu_inference_last_tokens_per_second', type: 'gauge', help: 'Generation speed of the latest completed measurement per model.', samples: perModel((ms) => lastOf(tokRates(ms))) },
    { name: 'egpu_inference_median_tokens_per_second', type: 'gauge', help: `Median generation speed over the latest ${MEDIAN_WINDOW} completed measurements per model.`, samples: perModel((ms) => median(tokRates(ms))) },
    { name: 'egpu_inference_last_ttft_seconds', type: 'gauge', help: 'Time to first token of the latest completed measurement per model.', samples: perModel((ms) => lastOf(ttfts(ms))) },
    { name: 'egpu_inference_median_ttft_seconds', type: 'gauge', help: `Median time to first token over the latest ${MEDIAN_WINDOW} completed measurements per model.`, samples: perModel((ms) => median(ttfts(ms))) },
    { name: 'egpu_inference_last_measurement_timestamp_seconds', type: 'gauge', help: 'When the latest completed measurement per model was taken (Unix time).', samples: perModel((ms) => { const latest = ms.at(-1); return latest === undefined ? null : latest.at / 1000; }) },
    {
      name: 'egpu_inference_server_up',
      type: 'gauge',
      help: 'An inference server the app knows: 1 while it answers as running, 0 while loading, down, slow or not an inference server.',
      samples: servers.map((s) => ({ labels: { server: s.id, kind: s.kind }, value: s.state === 'up' ? 1 : 0 })),
    },
  ];
}

/**
 * Completed measurements grouped by backend and model, oldest first within each group. Any local
 * client of the proxy names its own models, so only the MAX_MODEL_SERIES most recently used keep
 * their own series; the rest share one `model="other"` series per backend.
 */
export function inferenceSeries(history: readonly Measurement[], maxModels = MAX_MODEL_SERIES): ModelSeries[] {
  const completed = history.filter((m) => m.outcome === 'completed');
  const ownKey = (m: Measurement) => [withoutUserinfo(m.backend), m.model, m.onEgpu];
  const latest = (g: Measurement[]) => Math.max(...g.map((m) => m.at));
  const ranked = [...groupBy(completed, ownKey).entries()].sort(([, a], [, b]) => latest(b) - latest(a));
  const kept = new Set(ranked.slice(0, maxModels).map(([key]) => key));
  // Grouped again by the labels they end up with, so a model really named "other" cannot make a second series.
  const labelsOf = (m: Measurement) => [withoutUserinfo(m.backend), kept.has(JSON.stringify(ownKey(m))) ? m.model : OTHER_MODEL, m.onEgpu];
  return [...groupBy(completed, labelsOf).values()].map((measurements) => {
    const [backend, model, onEgpu] = labelsOf(measurements[0]!) as [string, string, boolean];
    return { labels: { model, backend, on_egpu: String(onEgpu) }, measurements: [...measurements].sort((a, b) => a.at - b.at) };
  });
}

function groupBy(measurements: readonly Measurement[], key: (m: Measurement) => unknown[]): Map<string, Measurement[]> {
  const groups = new Map<string, Measurement[]>();
  for (const m of measurements) {
    const k = JSON.stringify(key(m));
    const group = groups.get(k) ?? [];
    group.push(m);
    groups.set(k, group);
  }
  return groups;
}

/** The whole /metrics reply, asked of the API like any other client would. */
export async function renderFleetMetrics(api: Pick<CompanionApi, 'getState' | 'getInferenceHistory' | 'getInferenceServers'>): Promise<string> {
  const [state, history, servers] = await Promise.all([
    api.getState({}),
    api.getInferenceHistory({ limit: HISTORY_LIMIT }),
    // The servers as the watch last saw them: a scrape asks no server anything and starts no check.
    api.getInferenceServers({}).then(({ servers }) => servers, () => []),
  ]);
  return formatExposition(buildFleetMetrics(state, history, servers)) + (await renderDistributions(history));
}
