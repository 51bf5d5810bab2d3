// "This Mac vs the guide vs the card's limit": one row per model's last result, from the guide's
// expectations and the card's memory bandwidth. Pure: the measurements and the GPU name come in.
import type { Measurement, SpeedComparisonRow } from '../../api/inference';
import { modelBillionsOfWeights, modelWeightsGB } from '../../api/model-load';
import { compareWithGuide, decodeCeilingTokensPerSecond, expectedFor, gpuSpecFor } from './expectations';

/** The last completed measurement of each backend and model, in the order they were last measured first. */
export function lastByModel(history: readonly Measurement[]): Measurement[] {
  const last = new Map<string, Measurement>();
  for (const m of history) if (m.outcome === 'completed' && m.tokensPerSecond !== null) last.set(`${m.backend}|${m.model}`, m);
  return [...last.values()];
}

export function speedComparison(lastByModel: Measurement[], gpuName: string | null): SpeedComparisonRow[] {
  const spec = gpuName ? gpuSpecFor(gpuName) : null;
  return lastByModel.map((m) => {
    const size = modelBillionsOfWeights(m.model);
    const expected = spec && size !== null ? expectedFor(spec.id, size) : null;
    const weightsGB = modelWeightsGB(m.model);
    const limit = spec && weightsGB !== null ? decodeCeilingTokensPerSecond(spec, weightsGB * 1e9) : null;
    const verdict: SpeedComparisonRow['verdict'] = !m.onEgpu
      ? 'apple-gpu-baseline'
      : m.tokensPerSecond === null
        ? 'no-expectation'
        : compareWithGuide(m.tokensPerSecond, expected).kind;
    return {
      model: m.model,
      backend: m.backend,
      onEgpu: m.onEgpu,
      measuredTokensPerSecond: m.tokensPerSecond,
      ttftMs: m.ttftMs,
      gpu: spec?.name ?? gpuName,
      guideMin: expected?.min ?? null,
      guideMax: expected?.max ?? null,
      limitTokensPerSecond: limit === null ? null : Math.round(limit * 10) / 10,
      verdict,
    };
  });
}
