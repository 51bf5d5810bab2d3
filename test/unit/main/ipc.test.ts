import { beforeEach, describe, expect, it, vi } from 'vitest';
import { commandNames, type CompanionApi, type EventName, type InvokeResult } from '../../../src/core/api/contract';
import { bindHandlers, type CommandHandlers } from '../../../src/core/api/transport';
import { createFakeApi, SAMPLE_STATE } from '../../fakes/fake-api';
import { isTrustedFrame } from '../../../src/main/app-origin';
import { registerCompanionIpc, type IpcEventLike, type IpcMainPort, type IpcWebContents } from '../../../src/main/ipc';
import { CompanionChannel } from '../../../src/preload/channels';
import { connectedState } from '../../builders/app-state';

// ipc.ts imports the real ipcMain for index.ts; these tests inject a fake instead.
vi.mock('electron', () => ({ ipcMain: {} }));

type Listener = (event: IpcEventLike, ...args: unknown[]) => unknown;

class FakeIpcMain implements IpcMainPort {
  readonly handlers = new Map<string, Listener>();
  readonly listeners = new Map<string, Set<Listener>>();
  handle(channel: string, listener: Listener): void {
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  on(channel: string, listener: Listener): void {
    const set = this.listeners.get(channel) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(channel, set);
  }
  removeListener(channel: string, listener: Listener): void {
    this.listeners.get(channel)?.delete(listener);
  }
  invoke(event: IpcEventLike, ...args: unknown[]): Promise<InvokeResult> {
    const handler = this.handlers.get(CompanionChannel.invoke);
    if (!handler) throw new Error('no invoke handler');
    return Promise.resolve(handler(event, ...args) as InvokeResult | Promise<InvokeResult>);
  }
  emit(channel: string, event: IpcEventLike, ...args: unknown[]): void {
    for (const listener of this.listeners.get(channel) ?? []) listener(event, ...args);
  }
}

class FakeWebContents implements IpcWebContents {
  private static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  destroyed = false;
  private readonly onDestroyed: Array<() => void> = [];
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  once(_event: 'destroyed', listener: () => void): void {
    this.onDestroyed.push(listener);
  }
  destroy(): void {
    this.destroyed = true;
    for (const listener of this.onDestroyed.splice(0)) listener();
  }
}

/** A core whose listeners can be driven from the test. */
function fakeCore() {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const core = {
    refresh: vi.fn(async () => connectedState()),
    getState: vi.fn(async () => connectedState()),
    dismissHazard: vi.fn(async () => connectedState()),
    on: vi.fn((event: EventName, listener: (payload: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    }),
  };
  return {
    core: core as unknown as CompanionApi,
    spies: core,
    emit(event: EventName, payload: unknown) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
    listenerCount(event: EventName): number {
      return listeners.get(event)?.size ?? 0;
    },
  };
}

const APP = 'app://renderer/index.html';
const trusted = { isTrustedSender: (frame: IpcEventLike['senderFrame']) => isTrustedFrame(frame, ['app://renderer']), log: () => undefined };

function eventFrom(contents: IpcWebContents, url = `${APP}#/popover`, parent: unknown = null): IpcEventLike {
  return { sender: contents, senderFrame: { url, parent } };
}

describe('registerCompanionIpc: commands', () => {
  let ipc: FakeIpcMain;
  let fake: ReturnType<typeof fakeCore>;
  let window: FakeWebContents;

  beforeEach(() => {
    ipc = new FakeIpcMain();
    fake = fakeCore();
    window = new FakeWebContents();
    registerCompanionIpc(ipc, fake.core, trusted);
  });

  it('dispatches a valid command to the core and returns its value', async () => {
    const result = await ipc.invoke(eventFrom(window), 'refresh', {});
    expect(result).toEqual({ ok: true, value: connectedState() });
    expect(fake.spies.refresh).toHaveBeenCalledTimes(1);
  });

  it('answers a bad payload with invalid-payload and never calls the core', async () => {
    const result = await ipc.invoke(eventFrom(window), 'dismissHazard', { id: 42 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('invalid-payload');
    expect(fake.spies.dismissHazard).not.toHaveBeenCalled();
  });

  it('refuses a settings patch with a path or URL and a chooser for an unknown tool, without calling the core', async () => {
    for (const [command, input] of [
      ['updateSettings', { monitor: { paths: { nvidiaSmi: '/tmp/evil' } } }],
      ['updateSettings', { monitor: { ollamaUrl: 'http://attacker.test/' } }],
      ['chooseProbePath', { tool: '/bin/sh' }],
    ] as const) {
      const result = await ipc.invoke(eventFrom(window), command, input);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    }
  });

  it('answers an unknown or non-string command with unknown-command', async () => {
    for (const command of ['rmRf', 42, undefined]) {
      const result = await ipc.invoke(eventFrom(window), command, {});
      expect(result.ok ? null : result.error.code).toBe('unknown-command');
    }
  });

  it('rejects a foreign page without calling the core', async () => {
    const result = await ipc.invoke(eventFrom(window, 'https://attacker.test/'), 'refresh', {});
    expect(result).toEqual({ ok: false, error: { code: 'unavailable', message: expect.any(String) } });
    expect(fake.spies.refresh).not.toHaveBeenCalled();
  });

  it('rejects our own page when it is loaded in an iframe, and a vanished frame', async () => {
    const inFrame = await ipc.invoke(eventFrom(window, APP, { url: 'https://attacker.test/' }), 'refresh', {});
    const gone = await ipc.invoke({ sender: window, senderFrame: null }, 'refresh', {});
    expect(inFrame.ok).toBe(false);
    expect(gone.ok).toBe(false);
    expect(fake.spies.refresh).not.toHaveBeenCalled();
  });

  it('removes its handlers on dispose', () => {
    const other = new FakeIpcMain();
    registerCompanionIpc(other, fake.core, trusted).dispose();
    expect(other.handlers.size).toBe(0);
    expect([...other.listeners.values()].every((set) => set.size === 0)).toBe(true);
  });
});

describe('registerCompanionIpc: events', () => {
  let ipc: FakeIpcMain;
  let fake: ReturnType<typeof fakeCore>;

  beforeEach(() => {
    ipc = new FakeIpcMain();
    fake = fakeCore();
    registerCompanionIpc(ipc, fake.core, trusted);
  });

  const subscribe = (contents: FakeWebContents, event: unknown, url?: string) =>
    ipc.emit(CompanionChannel.subscribe, eventFrom(contents, url), event);

  it('forwards an event only to the windows that subscribed to it', () => {
    const wizard = new FakeWebContents();
    const popover = new FakeWebContents();
    subscribe(wizard, 'setupOutput');
    subscribe(popover, 'state');

    fake.emit('setupOutput', { sessionId: 's1', data: 'Installing…' });

    expect(wizard.sent).toEqual([{ channel: CompanionChannel.event, args: ['setupOutput', { sessionId: 's1', data: 'Installing…' }] }]);
    expect(popover.sent).toEqual([]);
  });

  it('stops forwarding after unsubscribe', () => {
    const popover = new FakeWebContents();
    subscribe(popover, 'state');
    ipc.emit(CompanionChannel.unsubscribe, eventFrom(popover), 'state');
    fake.emit('state', connectedState());
    expect(popover.sent).toEqual([]);
    expect(fake.listenerCount('state')).toBe(0);
  });

  it('sends the current state to a window that subscribes to state, once', async () => {
    const popover = new FakeWebContents();
    subscribe(popover, 'state');
    await vi.waitFor(() => expect(popover.sent).toHaveLength(1));
    expect(popover.sent[0]).toEqual({ channel: CompanionChannel.event, args: ['state', connectedState()] });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(popover.sent).toHaveLength(1);
  });

  it('sends the initial state through a core built by bindHandlers exactly once', async () => {
    const direct = createFakeApi();
    const handlers = Object.fromEntries(commandNames.map((name) => [name, (input: unknown) => (direct.api[name] as (i: unknown) => Promise<unknown>)(input)]));
    const core = bindHandlers(handlers as unknown as CommandHandlers, direct.api.on);
    const other = new FakeIpcMain();
    registerCompanionIpc(other, { ...core }, trusted);
    const popover = new FakeWebContents();
    other.emit(CompanionChannel.subscribe, eventFrom(popover), 'state');
    await vi.waitFor(() => expect(popover.sent).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(popover.sent).toEqual([{ channel: CompanionChannel.event, args: ['state', SAMPLE_STATE] }]);
  });

  it('replaces a repeated subscription instead of sending twice (the page reloaded)', () => {
    const popover = new FakeWebContents();
    subscribe(popover, 'state');
    subscribe(popover, 'state');
    fake.emit('state', connectedState());
    expect(popover.sent).toHaveLength(1);
    expect(fake.listenerCount('state')).toBe(1);
  });

  it('drops every subscription of a window when it is destroyed', () => {
    const popover = new FakeWebContents();
    subscribe(popover, 'state');
    subscribe(popover, 'monitorEvent');
    popover.destroy();
    expect(fake.listenerCount('state')).toBe(0);
    expect(fake.listenerCount('monitorEvent')).toBe(0);
  });

  it('never sends to a destroyed window, and cleans up when it finds one', () => {
    const popover = new FakeWebContents();
    subscribe(popover, 'state');
    popover.destroyed = true; // destroyed before its 'destroyed' event arrived
    fake.emit('state', connectedState());
    expect(popover.sent).toEqual([]);
    expect(fake.listenerCount('state')).toBe(0);
  });

  it('ignores subscriptions from untrusted pages and to unknown events', () => {
    const stranger = new FakeWebContents();
    subscribe(stranger, 'state', 'https://attacker.test/');
    subscribe(stranger, 'everything');
    subscribe(stranger, { toString: () => 'state' });
    expect(fake.spies.on).not.toHaveBeenCalled();
  });

  it('drops all subscriptions on dispose', () => {
    const other = new FakeIpcMain();
    const otherCore = fakeCore();
    const handle = registerCompanionIpc(other, otherCore.core, trusted);
    other.emit(CompanionChannel.subscribe, eventFrom(new FakeWebContents()), 'state');
    handle.dispose();
    expect(otherCore.listenerCount('state')).toBe(0);
  });
});
