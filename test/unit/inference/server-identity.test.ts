// Telling the servers apart from their replies: each recorded dialect is asked exactly what the
// rules ask for, and the answer is what a user should see in the server's row.
import { describe, expect, it } from 'vitest';
import { identifyServer, nextProbes, type ProbePath, type ProbeReplies, type ProbeReply } from '../../../src/core/inference/servers/server-identity';
import { allServerFixtures, fixtureReply, serverFixture, type ServerFixture } from '../../fixtures/inference/servers/fixtures';

/** The prober's loop, with the fixture as the server. */
function ask(answer: (path: ProbePath) => ProbeReply): { replies: ProbeReplies; asked: ProbePath[] } {
  const replies: ProbeReplies = {};
  const asked: ProbePath[] = [];
  for (let round = 0; round < 4; round++) {
    const paths = nextProbes(replies);
    if (paths.length === 0) break;
    for (const path of paths) {
      asked.push(path);
      replies[path] = answer(path);
    }
  }
  return { replies, asked };
}

const served = (fixture: ServerFixture) => (path: ProbePath): ProbeReply => ({ kind: 'http', ...fixtureReply(fixture, path) });

describe('server identity from recorded replies', () => {
  for (const fixture of allServerFixtures()) {
    it(`${fixture.name}: ${fixture.expect.state}${fixture.expect.kind ? ` as ${fixture.expect.kind}` : ''}`, () => {
      const { replies } = ask(served(fixture));
      expect(identifyServer(replies)).toEqual(fixture.expect);
    });
  }

  it('asks Ollama and LM Studio one question only', () => {
    expect(ask(served(serverFixture('ollama'))).asked).toEqual(['/api/version']);
    expect(ask(served(serverFixture('lmstudio'))).asked).toEqual(['/api/version']);
  });

  it('reads llama.cpp’s build from /props, but not while it loads', () => {
    expect(ask(served(serverFixture('llamacpp'))).asked).toEqual(['/api/version', '/health', '/v1/models', '/version', '/props']);
    expect(ask(served(serverFixture('llamacpp-loading'))).asked).not.toContain('/props');
  });

  it('tells tinygrad from vLLM on port 8000 by Content-Type: its /health and /version are its chat page', () => {
    const { replies } = ask(served(serverFixture('tinygrad')));
    expect(replies['/health']).toMatchObject({ status: 200, contentType: 'text/html' });
    expect(replies['/version']).toMatchObject({ status: 200, contentType: 'text/html' });
    expect(identifyServer(replies).kind).toBe('tinygrad');
  });

  it('needs more than HTML everywhere to call it tinygrad', () => {
    const html: ProbeReply = { kind: 'http', status: 200, contentType: 'text/html', body: '<html></html>' };
    expect(identifyServer(ask(() => html).replies)).toEqual({ state: 'unrecognised', kind: null, version: null });
  });

  it('says down, slow or unrecognised when the first question gets no HTTP answer, and asks nothing more', () => {
    for (const [reply, state] of [
      [{ kind: 'refused' }, 'down'],
      [{ kind: 'timeout' }, 'slow'],
      [{ kind: 'broken', message: 'ECONNRESET' }, 'unrecognised'],
    ] as const) {
      const { replies, asked } = ask(() => reply);
      expect(asked).toEqual(['/api/version']);
      expect(identifyServer(replies)).toEqual({ state, kind: null, version: null });
    }
  });

  it('calls a server that answers the first question but stalls on the next slow, not unrecognised', () => {
    const { replies } = ask((path) => (path === '/api/version' ? { kind: 'http', status: 404, contentType: 'text/plain', body: 'nope' } : { kind: 'timeout' }));
    expect(identifyServer(replies).state).toBe('slow');
  });

  it('keeps versions short and printable', () => {
    const version = `0.5.1\u0007${'x'.repeat(200)}`;
    const { replies } = ask(() => ({ kind: 'http', status: 200, contentType: 'application/json', body: JSON.stringify({ version }) }));
    const identity = identifyServer(replies);
    expect(identity.kind).toBe('ollama');
    expect(identity.version).toMatch(/^0\.5\.1x+$/);
    expect(identity.version!.length).toBeLessThanOrEqual(40);
  });

  it('never throws on arbitrary bodies', () => {
    const bodies = ['', 'null', '[]', '{"version":5}', '{"status":null}', '{"data":"x"}', '\u0000'.repeat(10), '{"error":{}}'];
    for (const body of bodies) {
      for (const status of [200, 404, 503]) {
        for (const contentType of ['', 'application/json', 'text/html']) {
          expect(() => identifyServer(ask(() => ({ kind: 'http', status, contentType, body })).replies)).not.toThrow();
        }
      }
    }
  });
});
