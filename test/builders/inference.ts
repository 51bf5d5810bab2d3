// Inference servers and the managed tinygrad server as the core reports them, with only what a test
// cares about spelled out.
import { TinygradStatusSchema, type InferenceServer, type TinygradStatus } from '../../src/core/api/inference';

export const server = (overrides: Partial<InferenceServer> & Pick<InferenceServer, 'id' | 'name' | 'kind' | 'state'>): InferenceServer => ({
  dialect: overrides.kind === 'ollama' ? 'ollama' : 'openai',
  device: overrides.kind === 'tinygrad' ? 'egpu' : 'apple-gpu',
  url: 'http://127.0.0.1:1/v1',
  version: null,
  discovered: true,
  checkedAt: 1,
  rates: null,
  ...overrides,
});

export const TINYGRAD_MODEL_CHOICES = ['llama3.2:1b', 'llama3.2:3b', 'llama3.1:8b', 'qwen3:0.6b', 'qwen3:1.7b', 'qwen3:8b', 'qwen3:30b-a3b', 'olmoe'];

/** The managed tinygrad server, stopped and ready to start, unless told otherwise (validated against the contract). */
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
