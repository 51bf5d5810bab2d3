// The last check before a measurement is shown and saved: whatever a server reported, the measurement
// fits its schema. A figure that is not a finite number is unknown (null), a text that is too long is
// cut, a URL loses its user:password — the measurement itself is never dropped.
import type { Measurement } from '../../api/inference';
import { withoutUserinfo } from '../../api/server-url';

/** The schema's limits (src/core/api/inference.ts). */
const MAX_BACKEND = 200;
const MAX_MODEL = 300;
const MAX_LABEL = 200;

const FIGURES = ['tokensPerSecond', 'ttftMs', 'promptTokensPerSecond', 'promptTokens', 'completionTokens', 'gbPerSecond', 'mbUsed'] as const;

export function sanitizeMeasurement(m: Measurement): Measurement {
  const clean: Measurement = {
    ...m,
    backend: withoutUserinfo(m.backend).slice(0, MAX_BACKEND),
    model: m.model.slice(0, MAX_MODEL),
    gpu: m.gpu === null ? null : m.gpu.slice(0, MAX_LABEL),
    link: m.link === null ? null : m.link.slice(0, MAX_LABEL),
  };
  for (const key of FIGURES) {
    const value = clean[key];
    if (value !== null && !Number.isFinite(value)) clean[key] = null;
  }
  return clean;
}
