// The path a server sees for each way a client and a target are written: `/v1` once, root APIs at the root.
import { describe, expect, it } from 'vitest';
import { targetBase, upstreamPath } from '../../../src/core/inference/metering/proxy-paths';

const through = (target: string, clientPath: string) => upstreamPath(clientPath, targetBase(new URL(target).pathname));

describe('upstream paths', () => {
  it.each([
    // OpenAI SDK with baseURL http://127.0.0.1:<proxy>/v1, the conventional way
    ['http://127.0.0.1:1234', '/v1/chat/completions', '/v1/chat/completions'],
    ['http://127.0.0.1:1234/v1', '/v1/chat/completions', '/v1/chat/completions'],
    ['http://127.0.0.1:1234/v1/', '/v1/chat/completions', '/v1/chat/completions'],
    // OpenAI SDK told to use the proxy's origin as its base URL
    ['http://127.0.0.1:1234/v1', '/chat/completions', '/v1/chat/completions'],
    ['http://127.0.0.1:1234/v1', '/models', '/v1/models'],
    // Ollama SDK (host = the proxy): native paths stay at the server's root
    ['http://127.0.0.1:11434', '/api/chat', '/api/chat'],
    ['http://127.0.0.1:11434/v1', '/api/chat', '/api/chat'],
    ['http://127.0.0.1:11434/v1', '/api/tags', '/api/tags'],
    // Ollama SDK given the OpenAI base URL as its host
    ['http://127.0.0.1:11434', '/v1/api/chat', '/api/chat'],
    ['http://127.0.0.1:11434/v1', '/v1/api/chat', '/api/chat'],
    // LM Studio's REST API and health pages through a /v1 target
    ['http://127.0.0.1:1234/v1', '/api/v0/models', '/api/v0/models'],
    ['http://127.0.0.1:8000/v1', '/health', '/health'],
    ['http://127.0.0.1:8000/v1', '/metrics', '/metrics'],
    ['http://127.0.0.1:11434/v1', '/', '/'],
    // A server behind a path prefix keeps it, once
    ['http://127.0.0.1:8080/lmstudio/v1', '/v1/chat/completions', '/lmstudio/v1/chat/completions'],
    ['http://127.0.0.1:8080/lmstudio/v1', '/lmstudio/v1/chat/completions', '/lmstudio/v1/chat/completions'],
    ['http://127.0.0.1:8080/lmstudio/v1', '/api/v0/models', '/lmstudio/api/v0/models'],
    ['http://127.0.0.1:8080/ollama', '/api/chat', '/ollama/api/chat'],
    ['http://127.0.0.1:8080/ollama', '/v1/chat/completions', '/ollama/v1/chat/completions'],
    // "/v10" is not "/v1"
    ['http://127.0.0.1:1234/v1', '/v10/x', '/v1/v10/x'],
  ])('target %s, client %s → %s', (target, clientPath, expected) => {
    expect(through(target, clientPath)).toBe(expected);
  });

  it('keeps the query string as the client sent it', () => {
    expect(through('http://127.0.0.1:8080/v1', '/metrics?model=a/b')).toBe('/metrics?model=a/b');
    expect(through('http://127.0.0.1:8080/v1', '/models?x=/v1')).toBe('/v1/models?x=/v1');
  });

  it('refuses request lines that are not a path, so nothing is forwarded elsewhere', () => {
    expect(through('http://127.0.0.1:11434', 'http://example.com/api/chat')).toBeNull();
    expect(through('http://127.0.0.1:11434', '//example.com/api/chat')).toBeNull();
    expect(through('http://127.0.0.1:11434', '*')).toBeNull();
  });
});
