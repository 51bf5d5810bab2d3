// The inference actions: the metering proxy, the managed tinygrad server, its readiness check and
// benchmark, speed tests and the reads the speed view needs. Components call these and never the api
// directly, so every failure lands on the one error surface (`actionError`) and the store stays the
// only writer of the inference status.
import type { CompanionApi } from '../../core/api/contract';
import type { InferenceServer, InferenceStatus, Measurement, SpeedComparisonRow, TinygradBenchmarkResult } from '../../core/api/inference';
import { applyInference, refreshInference, reportError, runAction, runRead, useUi } from './store';

type TinygradDevice = 'NV' | 'AMD';

export function applyServers(servers: InferenceServer[]): void {
  useUi.setState((ui) => (ui.inference ? { inference: { ...ui.inference, servers } } : {}));
}

/** Starts a metering route when it is off, stops it when it runs; without an id, every route in the settings. */
export async function toggleMeteringProxy(running: boolean, routeId?: string): Promise<void> {
  const input = routeId === undefined ? {} : { routeId };
  await runAction(async (api) => {
    applyInference(running ? await api.stopMeteringProxy(input) : await api.startMeteringProxy(input));
    await refreshInference(api);
  });
}

/**
 * Starts tinygrad's server. A refusal that the status line already says (tinygrad's own last line) is
 * not repeated on the error surface.
 */
export async function startTinygrad(model: string, device: TinygradDevice): Promise<void> {
  await tinygradAction((api) => api.startTinygrad({ model, device }));
}

export async function stopTinygrad(): Promise<void> {
  await tinygradAction(async (api) => {
    await api.stopTinygrad({});
    return null;
  });
}

async function tinygradAction(action: (api: CompanionApi) => Promise<InferenceStatus | null>): Promise<void> {
  const { api } = useUi.getState();
  if (!api) return;
  useUi.setState({ busy: true, actionError: null });
  try {
    const reply = await action(api);
    if (reply) applyInference(reply);
    else await refreshInference(api);
  } catch (error) {
    await refreshInference(api);
    const shown = useUi.getState().inference?.tinygrad.error;
    if (!(error instanceof Error && error.message === shown)) reportError(error);
  } finally {
    useUi.setState({ busy: false });
  }
}

/** Asks whether python3 and tinygrad are there; the views that offer tinygrad call it when shown. */
export function checkTinygradReadiness(): void {
  void runRead((api) => api.checkTinygradReadiness({}));
}

/** tinygrad's own --benchmark; can run for minutes, so it does not hold the busy flag. */
export async function runTinygradBenchmark(model: string, device: TinygradDevice, tokens: number): Promise<TinygradBenchmarkResult | undefined> {
  return runAction(
    async (api) => {
      const result = await api.runTinygradBenchmark({ model, device, tokens });
      await refreshInference(api);
      return result;
    },
    { holdBusy: false },
  );
}

export function cancelTinygradBenchmark(): void {
  void runAction((api) => api.cancelTinygradBenchmark({}), { holdBusy: false });
}

export async function runSpeedTest(serverId: string, model: string | null, runs: number): Promise<Measurement[] | undefined> {
  return runAction(async (api) => {
    const results = await api.runSpeedTest({ serverId, model, runs });
    await refreshInference(api);
    return results;
  });
}

/** Stops a running speed test; its own reply then shows what was measured until then. */
export function cancelSpeedTest(): void {
  void runAction((api) => api.cancelSpeedTest({}), { holdBusy: false });
}

/** The models a server lists; a server that cannot be asked lists none (its row says why). */
export async function loadServerModels(serverId: string): Promise<string[]> {
  const reply = await runRead((api) => api.getServerModels({ serverId }));
  return reply?.models ?? [];
}

export async function loadSpeedComparison(): Promise<SpeedComparisonRow[]> {
  return (await runRead((api) => api.getSpeedComparison({}))) ?? [];
}

/** Saved measurements, oldest first, for the speed chart. */
export async function loadInferenceHistory(limit = 500): Promise<Measurement[]> {
  const rows = (await runRead((api) => api.getInferenceHistory({ limit }))) ?? [];
  return [...rows].sort((a, b) => a.at - b.at);
}
