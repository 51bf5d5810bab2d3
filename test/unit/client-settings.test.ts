// "Connect a client": the exact text each client needs for a route.
import { describe, expect, it } from 'vitest';
import { clientSettingsFor } from '../../src/core/api/client-settings';

describe('client settings for a metering route', () => {
  it('Ollama on 11435: OpenAI base URL with /v1, OLLAMA_HOST without a scheme, Open WebUI on the Ollama API', () => {
    expect(clientSettingsFor({ listen: 11435, dialect: 'ollama' }, 'ollama').map((s) => [s.id, s.value])).toEqual([
      ['openai', 'http://127.0.0.1:11435/v1'],
      ['ollama', 'OLLAMA_HOST=127.0.0.1:11435'],
      ['open-webui', 'http://127.0.0.1:11435'],
    ]);
  });

  it('LM Studio on 1235: no Ollama settings, Open WebUI on the OpenAI API, and the URL that replaces LM Studio’s', () => {
    const settings = clientSettingsFor({ listen: 1235, dialect: 'openai' }, 'lmstudio');
    expect(settings.map((s) => [s.id, s.value])).toEqual([
      ['openai', 'http://127.0.0.1:1235/v1'],
      ['open-webui', 'http://127.0.0.1:1235/v1'],
      ['lmstudio', 'http://127.0.0.1:1235/v1'],
    ]);
    expect(settings[1]!.where).toMatch(/OpenAI API/);
    expect(settings[2]!.where).toBe('in place of http://localhost:1234/v1');
  });
});
