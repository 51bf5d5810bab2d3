// Which rows the app shows: the settings' servers first, then the default local ports; ids, names,
// URLs and the Apple GPU / eGPU split follow what answered.
import { describe, expect, it } from 'vitest';
import { InferenceSettingsSchema } from '../../../src/core/api/settings';
import { endpointsOf, serverOf } from '../../../src/core/inference/servers/server-directory';

const settings = (doc: unknown) => InferenceSettingsSchema.parse(doc);

describe('server directory', () => {
  it('looks at Ollama, llama.cpp, LM Studio and port 8000 by default', () => {
    expect(endpointsOf(settings({})).map((e) => [e.port, e.expect])).toEqual([
      [11434, 'ollama'],
      [8080, 'llamacpp'],
      [1234, 'lmstudio'],
      [8000, 'tinygrad'],
    ]);
  });

  it('lets a server named in the settings take the place of the default port it lives on', () => {
    const endpoints = endpointsOf(settings({ servers: [{ id: 'studio', name: 'Studio', dialect: 'openai', url: 'http://localhost:1234/v1' }] }));
    expect(endpoints.filter((e) => e.port === 1234)).toHaveLength(1);
    const studio = serverOf(endpoints[0]!, { identity: { state: 'up', kind: 'lmstudio', version: null }, checkedAt: 5, lastKind: 'lmstudio', rates: null });
    expect(studio).toMatchObject({ id: 'studio', name: 'Studio', url: 'http://localhost:1234/v1', kind: 'lmstudio', discovered: false, device: 'apple-gpu' });
  });

  it('with discovery off keeps only the named servers and the port the app runs tinygrad on', () => {
    const endpoints = endpointsOf(settings({ discovery: { enabled: false }, tinygrad: { port: 8123 } }));
    expect(endpoints.map((e) => e.origin)).toEqual(['http://127.0.0.1:8123']);
  });

  it('names rows by what answered, keeps one id per port whatever answers, puts only tinygrad on the eGPU, and marks other ports in the name', () => {
    const [e8000] = endpointsOf(settings({ discovery: { ports: [{ port: 8000, expect: 'tinygrad' }] } }));
    expect(serverOf(e8000!, undefined)).toMatchObject({ id: 'port-8000', name: 'tinygrad', device: 'egpu', state: 'down', checkedAt: null, url: 'http://127.0.0.1:8000/v1' });
    const vllm = serverOf(e8000!, { identity: { state: 'up', kind: 'vllm', version: '0.10.1' }, checkedAt: 1, lastKind: 'vllm', rates: null });
    // The same port flips from tinygrad to vLLM: its id stays, so the speed test's choice and the /metrics label hold.
    expect(vllm).toMatchObject({ id: 'port-8000', name: 'vLLM', device: 'apple-gpu', version: '0.10.1', dialect: 'openai' });
    const [e9931] = endpointsOf(settings({ discovery: { ports: [{ port: 9931, expect: 'llamacpp' }] }, tinygrad: { port: 9931 } }));
    expect(serverOf(e9931!, undefined)).toMatchObject({ id: 'port-9931', name: 'llama.cpp :9931' });
    const [ollama] = endpointsOf(settings({}));
    expect(serverOf(ollama!, undefined)).toMatchObject({ dialect: 'ollama', url: 'http://127.0.0.1:11434' });
  });
});
