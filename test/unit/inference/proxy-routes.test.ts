// Which metering routes a user gets: the settings' routes, one per added server, one for a running LM Studio.
import { describe, expect, it } from 'vitest';
import { InferenceServerSchema, type InferenceServer } from '../../../src/core/api/inference';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/core/api/settings';
import { meteringRoutes } from '../../../src/core/inference/metering/proxy-routes';

const row = (fields: Partial<InferenceServer> & Pick<InferenceServer, 'id' | 'name' | 'url'>): InferenceServer =>
  InferenceServerSchema.parse({ dialect: 'openai', device: 'apple-gpu', ...fields });

const inference = (patch: Partial<Settings['inference']> = {}): Settings['inference'] => ({ ...DEFAULT_SETTINGS.inference, ...patch });

const ollama = row({ id: 'port-11434', name: 'Ollama', url: 'http://127.0.0.1:11434', dialect: 'ollama', kind: 'ollama', discovered: true, state: 'up' });
const lmStudio = (state: InferenceServer['state']) => row({ id: 'port-1234', name: 'LM Studio', url: 'http://127.0.0.1:1234/v1', kind: 'lmstudio', discovered: true, state });

describe('metering routes', () => {
  it('gives Ollama the default route on 11435, named after the server it forwards to', () => {
    expect(meteringRoutes(inference(), [ollama])).toEqual([
      { id: 'proxy-11435', listen: 11435, target: 'http://127.0.0.1:11434', label: 'Ollama', serverId: 'port-11434', dialect: 'ollama', source: 'settings' },
    ]);
  });

  it('adds a route for LM Studio only while it answers, on its port plus one', () => {
    expect(meteringRoutes(inference(), [ollama, lmStudio('down')]).map((r) => r.id)).toEqual(['proxy-11435']);
    expect(meteringRoutes(inference(), [ollama, lmStudio('up')])[1]).toEqual({
      id: 'proxy-1235', listen: 1235, target: 'http://127.0.0.1:1234/v1', label: 'LM Studio', serverId: 'port-1234', dialect: 'openai', source: 'discovered',
    });
  });

  it('adds one route per server the user added, skipping ports a route or a server already uses', () => {
    const mine = row({ id: 'studio-vllm', name: 'vLLM on the eGPU box', url: 'http://localhost:8000/v1' });
    const next = row({ id: 'other', name: 'Other', url: 'http://127.0.0.1:8001/v1' });
    const routes = meteringRoutes(inference(), [ollama, mine, next]);
    expect(routes.map((r) => [r.id, r.label, r.source])).toEqual([
      ['proxy-11435', 'Ollama', 'settings'],
      ['proxy-8002', 'vLLM on the eGPU box', 'server'],
      ['proxy-8003', 'Other', 'server'],
    ]);
  });

  it('adds no route for a server behind TLS: the proxy forwards plain HTTP', () => {
    const remote = row({ id: 'remote', name: 'Remote', url: 'https://llm.example.com/v1' });
    expect(meteringRoutes(inference(), [ollama, remote]).map((r) => r.id)).toEqual(['proxy-11435']);
  });

  it('does not add a second route for a server a settings route already forwards to (localhost is 127.0.0.1)', () => {
    const settings = inference({ proxy: { autoStart: false, routes: [{ id: 'lms', listen: 4000, target: 'http://localhost:1234' }] } });
    expect(meteringRoutes(settings, [lmStudio('up')]).map((r) => [r.id, r.label])).toEqual([['lms', 'LM Studio']]);
  });

  it('names a route to a server nobody lists by its host and port', () => {
    const settings = inference({ proxy: { autoStart: false, routes: [{ listen: 4000, target: 'http://127.0.0.1:9999/v1' }] } });
    expect(meteringRoutes(settings, [])[0]).toMatchObject({ id: 'proxy-4000', label: '127.0.0.1:9999', serverId: null });
  });
});
