// Prepare to unplug in web mode, end to end: real lsof finds a real process holding the GPU lock file,
// the tinygrad server the app started is listed as its own and can be stopped, and the unplug that
// follows a "safe to unplug" is an info event rather than the hot-plug warning.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lastState, startWebMode, until, type Harness } from './web-harness';
import { freePort } from '../../support/free-port';

const LSOF = ['/usr/bin/lsof', '/usr/sbin/lsof'].find((file) => existsSync(file));
const FAKE_PYTHON = path.join(__dirname, '../../servers/fake-tinygrad-python.mjs');
const MINUTE = 60_000;
const GPU_KEY = 'NVIDIA GeForce RTX 4090#0';

let lockDir: string;
const children: ChildProcess[] = [];
beforeEach(() => {
  // tinygrad keeps its lock in TMPDIR: a private one, so no other test's files count.
  lockDir = mkdtempSync(path.join(os.tmpdir(), 'egpu-lock-'));
  vi.stubEnv('TMPDIR', lockDir);
});
afterEach(async () => {
  for (const child of children.splice(0)) await stopChild(child);
  vi.unstubAllEnvs();
  rmSync(lockDir, { recursive: true, force: true });
});

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** A process that holds the GPU lock file open, as a tinygrad script would. */
function lockHolder(): ChildProcess {
  const fd = openSync(path.join(lockDir, 'nv_usb4.lock'), 'a');
  const child = spawn('sleep', ['600'], { stdio: ['ignore', fd, 'ignore'] });
  // Only the child may hold it: this process must not show up in lsof.
  closeSync(fd);
  children.push(child);
  return child;
}

const deviceSeen = (h: Harness) => until(() => lastState(h)?.devices.length === 1, 'the device');

/** Said in the summary line when this machine has no lsof. */
const LSOF_MISSING = 'lsof not installed: apt-get install lsof';

describe('prepare to unplug: what holds the eGPU', () => {
  it('lists a process holding the GPU lock, and says "safe to unplug" only after it exits', async (ctx) => {
    ctx.skip(!LSOF, LSOF_MISSING);
    const holder = lockHolder();
    const h = await startWebMode({ settings: { monitor: { paths: { lsof: LSOF } } }, sim: { tinygradRunning: false } });
    await deviceSeen(h);

    const held = await h.page.prepareUnplug({});
    expect(held.holders).toEqual([{ pid: holder.pid, name: 'sleep', command: 'sleep', ownedByApp: false }]);
    expect(held.safeToUnplug).toBe(false);
    expect(held.message).toBe(`In use by sleep (pid ${holder.pid}): quit it before unplugging`);
    // Not the app's to stop: the request is refused and the list stays.
    expect((await h.page.stopUnplugHolder({ pid: holder.pid ?? 1 })).holders).toHaveLength(1);
    expect(holder.exitCode).toBeNull();

    await stopChild(holder);
    const free = await h.page.prepareUnplug({});
    expect(free).toMatchObject({ safeToUnplug: true, message: 'Safe to unplug', holders: [] });
  });

  it('lists the tinygrad server the app started as its own, stops it on request, then says safe', async (ctx) => {
    ctx.skip(!LSOF, LSOF_MISSING);
    vi.stubEnv('FAKE_TINYGRAD_HOLDS_LOCK', '1');
    const port = await freePort();
    const h = await startWebMode({
      settings: { monitor: { paths: { lsof: LSOF } }, inference: { tinygrad: { python: FAKE_PYTHON, port } } },
      sim: { tinygradRunning: false },
    });
    await deviceSeen(h);
    await h.page.startTinygrad({ model: 'llama3.2:1b', device: 'NV' });
    const managed = (await h.page.getInferenceStatus({})).tinygrad;
    expect(managed.running).toBe(true);

    // The server opens the lock as it starts; it is listed once (lock holder and managed server are one process).
    let held = await h.page.prepareUnplug({});
    for (let i = 0; i < 100 && !held.holders.some((x) => x.ownedByApp); i++) held = await h.page.prepareUnplug({});
    expect(held.holders).toHaveLength(1);
    const [server] = held.holders;
    expect(server).toMatchObject({ name: 'tinygrad server', command: 'tinygrad.llm --model llama3.2:1b', ownedByApp: true });
    expect(held.message).toBe(`In use by tinygrad server (pid ${server?.pid}): stop it before unplugging`);

    const after = await h.page.stopUnplugHolder({ pid: server?.pid ?? 1 });
    expect(after).toMatchObject({ safeToUnplug: true, holders: [] });
    expect((await h.page.getInferenceStatus({})).tinygrad.running).toBe(false);
    expect(() => process.kill(server?.pid ?? 0, 0)).toThrow();
  });
});

describe('after a prepared unplug', () => {
  async function preparedAndAwake(): Promise<Harness> {
    const h = await startWebMode({ sim: { tinygradRunning: false } });
    await deviceSeen(h);
    // Past the start-up grace, when a device leaving is a hot-unplug.
    h.advance(2 * MINUTE);
    await h.page.refresh({});
    return h;
  }

  const hotPlugWarnings = (h: Harness) => h.notifications.filter((n) => n.title === 'eGPU disconnected while in use');

  it('the eGPU leaving is an info event, not the hot-plug warning or notification', async (ctx) => {
    ctx.skip(!LSOF, LSOF_MISSING);
    const h = await preparedAndAwake();
    expect((await h.page.prepareUnplug({})).safeToUnplug).toBe(true);
    await h.scenario('absent');
    const state = await h.page.refresh({});
    expect(state.devices).toEqual([]);
    expect(state.hazards.filter((hazard) => hazard.severity !== 'info')).toEqual([]);
    const lost = h.events.filter((e) => e.kind === 'device-lost' || e.kind === 'hot-plug');
    expect(lost.map((e) => [e.severity, e.message])).toEqual([['info', 'eGPU unplugged as prepared: NVIDIA GeForce RTX 4090']]);
    expect(hotPlugWarnings(h)).toEqual([]);
  });

  it('is a surprise again once the eGPU is back, or ten minutes later', async (ctx) => {
    ctx.skip(!LSOF, LSOF_MISSING);
    const h = await preparedAndAwake();
    await h.page.prepareUnplug({});
    await h.scenario('absent');
    await h.page.refresh({});
    await h.scenario('connected');
    expect((await h.page.refresh({})).devices).toHaveLength(1);
    h.advance(2 * MINUTE);
    await h.scenario('absent');
    const surprise = await h.page.refresh({});
    expect(surprise.hazards.map((hazard) => [hazard.id, hazard.severity])).toContainEqual([`hot-plug-lost:${GPU_KEY}`, 'critical']);
    expect(hotPlugWarnings(h)).toHaveLength(1);

    const later = await preparedAndAwake();
    await later.page.prepareUnplug({});
    later.advance(11 * MINUTE);
    await later.scenario('absent');
    const expired = await later.page.refresh({});
    expect(expired.hazards.map((hazard) => hazard.severity)).toContain('critical');
    expect(later.events.filter((e) => e.kind === 'device-lost' || e.kind === 'hot-plug').map((e) => e.severity)).toEqual(['critical']);
  });
});
