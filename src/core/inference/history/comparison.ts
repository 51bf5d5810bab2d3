// "This Mac vs the guide vs the card's limit": one row per model's last result, from the guide's
// expectations and the card's memory bandwidth. Pure: the measurements and the GPU name come in.
import type { Measurement, SpeedComparisonRow } from '../../api/inference';
import { compareWithGuide, decodeCeilingTokensPerSecond, expectedFor, gpuSpecFor, modelSizeB } from './expectations';

/** Q4_K_M-style weights: about 4.5 bits per parameter. */
const BYTES_PER_PARAMETER_Q4 = 4.5 / 8;

/** The last completed measurement of each backend and model, in the order they were last measured first. */
export function lastByModel(history: readonly Measurement[]): Measurement[] {
  const last = new Map<string, Measurement>();
  for (const m of history) if (m.outcome === 'completed' && m.tokensPerSecond !== null) last.set(`${m.backend}|${m.model}`, m);
  return [...last.values()];
}

export function speedComparison(lastByModel: Measurement[], gpuName: string | null): SpeedComparisonRow[] {
  const spec = gpuName ? gpuSpecFor(gpuName) : null;
  return lastByModel.map((m) => {
    const size = modelSizeB(m.model);
    const expected = spec && size !== null ? expectedFor(spec.id, size) : null;
    const limit = spec && size !== null ? decodeCeilingTokensPerSecond(spec, size * 1e9 * BYTES_PER_PARAMETER_Q4) : null;
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
