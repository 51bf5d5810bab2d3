// The typed client every transport shares: it validates what comes back and surfaces ApiError.
import { describe, expect, it } from 'vitest';
import { ApiError, type InvokeResult } from '../../src/core/api/contract';
import { bindHandlers, createApiClient, dispatch, type CommandHandlers, type RawTransport } from '../../src/core/api/transport';
import { createFakeApi, SAMPLE_STATE } from '../fakes/fake-api';

function loopback(replies: (command: string, input: unknown) => InvokeResult): RawTransport & { emit(event: string, payload: unknown): void } {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  return {
    invoke: async (command, input) => replies(command, input),
    subscribe(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
      return () => listeners.get(event)!.delete(listener);
    },
    emit: (event, payload) => listeners.get(event)?.forEach((l) => l(payload)),
  };
}

describe('api client over a raw transport', () => {
  it('returns validated replies, end to end through dispatch', async () => {
    const fake = createFakeApi();
    const client = createApiClient({ invoke: (command, input) => dispatch(fake.api, command, input), subscribe: () => () => undefined });
    expect(await client.getState({})).toEqual(SAMPLE_STATE);
  });

  it('throws ApiError with the failure code from the other side', async () => {
    const client = createApiClient(loopback(() => ({ ok: false, error: { code: 'unavailable', message: 'demo only' } })));
    await expect(client.setDemoScenario({ scenario: 'absent' })).rejects.toEqual(new ApiError('unavailable', 'demo only'));
  });

  it('rejects a reply that does not match the contract', async () => {
    const client = createApiClient(loopback(() => ({ ok: true, value: { tray: 'sideways' } })));
    await expect(client.getState({})).rejects.toMatchObject({ code: 'invalid-payload' });
  });

  it('drops events that do not match the contract', () => {
    const transport = loopback(() => ({ ok: true, value: null }));
    const invalid: string[] = [];
    const client = createApiClient(transport, (message) => invalid.push(message));
    const seen: unknown[] = [];
    client.on('state', (state) => seen.push(state));
    transport.emit('state', { nope: true });
    transport.emit('state', SAMPLE_STATE);
    expect(seen).toEqual([SAMPLE_STATE]);
    expect(invalid).toEqual(['event state does not match the contract']);
  });

  it('dispatch turns thrown errors into failures instead of crashing the transport', async () => {
    const fake = createFakeApi({ refresh: () => Promise.reject(new Error('probe exploded')) });
    expect(await dispatch(fake.api, 'refresh', {})).toEqual({ ok: false, error: { code: 'failed', message: 'probe exploded' } });
  });

  it('direct calls go through the same schemas: defaults apply, bad input is refused', async () => {
    const seen: unknown[] = [];
    const handlers = { getEventLog: async (input: unknown) => (seen.push(input), []) } as unknown as CommandHandlers;
    const api = bindHandlers(handlers, () => () => undefined);
    expect(await api.getEventLog({})).toEqual([]);
    expect(seen).toEqual([{ limit: 200 }]);
    await expect(api.getEventLog({ limit: 0 })).rejects.toMatchObject({ code: 'invalid-payload' });
    expect(seen).toHaveLength(1);
  });
});
