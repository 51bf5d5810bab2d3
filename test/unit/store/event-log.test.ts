import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MonitorEvent } from '../../../src/core/api/schemas';
import { writeFileAtomic } from '../../../src/core/store/atomic-file';
import { EventLog, parseEventLogDocument } from '../../../src/core/store/event-log';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'event-log-'));
  file = path.join(dir, 'events.json');
});

afterEach(async () => {
  vi.useRealTimers();
  await fs.rm(dir, { recursive: true, force: true });
});

function event(n: number, overrides: Partial<MonitorEvent> = {}): MonitorEvent {
  return { at: 1_000 + n, kind: 'note', severity: 'info', message: `event ${n}`, deviceKey: null, ...overrides };
}

function events(from: number, to: number): MonitorEvent[] {
  return Array.from({ length: to - from + 1 }, (_, i) => event(from + i));
}

/** An EventLog whose writes are counted (and still land on disk). */
function countingLog(options: { capacity?: number; writeDelayMs?: number } = {}) {
  const writes: string[] = [];
  const log = new EventLog(file, {
    ...options,
    write: async (target, data) => {
      writes.push(data);
      await writeFileAtomic(target, data);
    },
  });
  return { log, writes };
}

describe('EventLog', () => {
  it('starts empty when there is no file', async () => {
    const log = new EventLog(file);
    expect(await log.load()).toBeNull();
    expect(log.recent(10)).toEqual([]);
  });

  it('returns the newest events first', () => {
    const log = new EventLog(file);
    log.append(events(1, 5));
    expect(log.recent(2).map((e) => e.message)).toEqual(['event 5', 'event 4']);
    expect(log.recent(0)).toEqual([]);
    expect(log.recent(100)).toHaveLength(5);
  });

  it('keeps only the newest events up to its capacity', () => {
    const log = new EventLog(file, { capacity: 3 });
    log.append(events(1, 2));
    log.append(events(3, 5));
    expect(log.recent(10).map((e) => e.message)).toEqual(['event 5', 'event 4', 'event 3']);
  });

  it('keeps 500 events by default', () => {
    const log = new EventLog(file);
    log.append(events(1, 600));
    expect(log.size).toBe(500);
    expect(log.recent(1)[0]?.message).toBe('event 600');
  });

  it('survives a restart: what was flushed is loaded back', async () => {
    const first = new EventLog(file);
    first.append([event(1, { kind: 'device-lost', severity: 'critical', deviceKey: 'gpu' }), event(2)]);
    await first.flush();

    const second = new EventLog(file);
    expect(await second.load()).toBeNull();
    expect(second.recent(10)).toEqual([event(2), event(1, { kind: 'device-lost', severity: 'critical', deviceKey: 'gpu' })]);
  });

  it('applies its capacity to what it loads, keeping events appended before the load as newest', async () => {
    const first = new EventLog(file);
    first.append(events(1, 5));
    await first.flush();

    const second = new EventLog(file, { capacity: 4 });
    second.append([event(9)]);
    await second.load();
    expect(second.recent(10).map((e) => e.message)).toEqual(['event 9', 'event 5', 'event 4', 'event 3']);
  });

  it('moves a corrupt file aside, starts empty and says so', async () => {
    await fs.writeFile(file, '{"version":1,"events":[{"at":');
    const log = new EventLog(file, { now: () => 1234 });
    const notice = await log.load();

    expect(log.recent(10)).toEqual([]);
    expect(notice).toMatchObject({ id: 'event-log-corrupt', level: 'warning' });
    expect(notice?.message).toMatch(/events\.json\.corrupt-1234/);
    expect(await fs.readFile(`${file}.corrupt-1234`, 'utf8')).toBe('{"version":1,"events":[{"at":');
    await expect(fs.access(file)).rejects.toThrow();

    log.append([event(1)]);
    await log.flush();
    expect(parseEventLogDocument(await fs.readFile(file, 'utf8'))).toEqual({ ok: true, events: [event(1)] });
  });

  it('treats a file with invalid events as corrupt', async () => {
    await fs.writeFile(file, JSON.stringify({ version: 1, events: [{ at: 'yesterday' }] }));
    const log = new EventLog(file, { now: () => 99 });
    expect((await log.load())?.message).toMatch(/events\.0/);
    await expect(fs.access(`${file}.corrupt-99`)).resolves.toBeUndefined();
  });

  it('does not write when nothing happened', async () => {
    const { log, writes } = countingLog();
    log.append([]);
    await log.flush();
    await log.flush();
    expect(writes).toEqual([]);
  });

  it('coalesces many appends into one write', async () => {
    const { log, writes } = countingLog();
    for (let n = 1; n <= 20; n++) log.append([event(n)]);
    await log.flush();
    await log.flush();
    expect(writes).toHaveLength(1);
    expect(JSON.parse(writes[0] ?? '{}').events).toHaveLength(20);
  });

  it('writes by itself after a quiet moment', async () => {
    vi.useFakeTimers();
    const { log, writes } = countingLog({ writeDelayMs: 2_000 });
    log.append([event(1)]);
    log.append([event(2)]);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(writes).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    vi.useRealTimers();
    await log.flush(); // waits for the timer's write to land
    expect(writes).toHaveLength(1);
  });

  it('keeps events that failed to write and retries on the next flush', async () => {
    let fail = true;
    const writes: string[] = [];
    const log = new EventLog(file, {
      write: async (_target, data) => {
        if (fail) throw new Error('disk full');
        writes.push(data);
      },
    });
    log.append([event(1)]);
    await expect(log.flush()).rejects.toThrow('disk full');
    fail = false;
    await log.flush();
    expect(writes).toHaveLength(1);
    expect(JSON.parse(writes[0] ?? '{}').events).toEqual([event(1)]);
  });
});
