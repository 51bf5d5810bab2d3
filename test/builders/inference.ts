// Inference servers as the core reports them, with only what a test cares about spelled out.
import type { InferenceServer } from '../../src/core/api/inference';

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
