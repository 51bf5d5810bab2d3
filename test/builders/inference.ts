// Inference samples for the renderer tests, validated against the contract so they cannot drift.
import { TinygradStatusSchema, type TinygradStatus } from '../../src/core/api/inference';

export const TINYGRAD_MODEL_CHOICES = ['llama3.2:1b', 'llama3.2:3b', 'llama3.1:8b', 'qwen3:0.6b', 'qwen3:1.7b', 'qwen3:8b', 'qwen3:30b-a3b', 'olmoe'];

/** The managed tinygrad server, stopped and ready to start, unless told otherwise. */
export function tinygradStatus(overrides: Partial<TinygradStatus> = {}): TinygradStatus {
  return TinygradStatusSchema.parse({
    running: false,
    model: null,
    port: 8000,
    log: [],
    models: TINYGRAD_MODEL_CHOICES,
    phase: 'stopped',
    choice: null,
    device: null,
    error: null,
    lastRequest: null,
    unavailable: null,
    benchmarkRunning: false,
    ...overrides,
  });
}
