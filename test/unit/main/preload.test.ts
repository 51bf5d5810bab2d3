import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { RawTransport } from '../../../src/core/api/transport';
import { CompanionChannel } from '../../../src/preload/channels';

// The preload only runs inside Electron; here 'electron' is a recording fake.
const electron = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  const rendererListeners = new Map<string, Array<(event: unknown, ...args: unknown[]) => void>>();
  const sent: Array<[string, ...unknown[]]> = [];
  const invoke = vi.fn(async (_channel: string, ..._args: unknown[]): Promise<unknown> => ({ ok: true, value: 'pong' }));
  return {
    exposed,
    sent,
    invoke,
    deliver(channel: string, ...args: unknown[]) {
      for (const listener of rendererListeners.get(channel) ?? []) listener({}, ...args);
    },
    module: {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
      ipcRenderer: {
        invoke,
        send: (channel: string, ...args: unknown[]) => sent.push([channel, ...args]),
        on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
          rendererListeners.set(channel, [...(rendererListeners.get(channel) ?? []), listener]);
        },
      },
    },
  };
});
vi.mock('electron', () => electron.module);

let companion: RawTransport;

beforeAll(async () => {
  await import('../../../src/preload/index');
  companion = electron.exposed.get('companion') as RawTransport;
});

describe('preload window.companion', () => {
  it('exposes exactly invoke and subscribe, not ipcRenderer', () => {
    expect([...electron.exposed.keys()]).toEqual(['companion']);
    expect(Object.keys(companion).sort()).toEqual(['invoke', 'subscribe']);
  });

  it('invokes commands over companion:invoke', async () => {
    await expect(companion.invoke('refresh', {})).resolves.toEqual({ ok: true, value: 'pong' });
    expect(electron.invoke).toHaveBeenLastCalledWith(CompanionChannel.invoke, 'refresh', {});
  });

  it('refuses malformed command names without touching IPC', async () => {
    electron.invoke.mockClear();
    const result = await companion.invoke('companion:event', {});
    expect(result).toEqual({ ok: false, error: { code: 'unknown-command', message: expect.any(String) } });
    expect(electron.invoke).not.toHaveBeenCalled();
  });

  it('turns a missing main handler into an "unavailable" result instead of a rejection', async () => {
    electron.invoke.mockRejectedValueOnce(new Error("No handler registered for 'companion:invoke'"));
    const result = await companion.invoke('getState', {});
    expect(result.ok ? null : result.error.code).toBe('unavailable');
  });

  it('tells main about an event once, delivers it to every listener, and unsubscribes with the last one', () => {
    const first = vi.fn();
    const second = vi.fn();
    const stopFirst = companion.subscribe('setupOutput', first);
    const stopSecond = companion.subscribe('setupOutput', second);
    expect(electron.sent.filter(([channel]) => channel === CompanionChannel.subscribe)).toEqual([
      [CompanionChannel.subscribe, 'setupOutput'],
    ]);

    electron.deliver(CompanionChannel.event, 'setupOutput', { sessionId: 's', data: 'hi' });
    electron.deliver(CompanionChannel.event, 'state', { ignored: true });
    expect(first).toHaveBeenCalledWith({ sessionId: 's', data: 'hi' });
    expect(second).toHaveBeenCalledTimes(1);

    stopFirst();
    stopFirst(); // a second call is harmless
    expect(electron.sent.some(([channel]) => channel === CompanionChannel.unsubscribe)).toBe(false);
    stopSecond();
    expect(electron.sent.at(-1)).toEqual([CompanionChannel.unsubscribe, 'setupOutput']);
  });

  it('keeps delivering to other listeners when one throws', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const good = vi.fn();
    const stopBad = companion.subscribe('state', () => {
      throw new Error('boom');
    });
    const stopGood = companion.subscribe('state', good);
    electron.deliver(CompanionChannel.event, 'state', { tray: 'ok' });
    expect(good).toHaveBeenCalledTimes(1);
    stopBad();
    stopGood();
    error.mockRestore();
  });

  it('rejects malformed event names', () => {
    expect(() => companion.subscribe('companion:invoke', () => undefined)).toThrow(TypeError);
  });
});
