// The hosts' last guard: an uncaught error or unhandled rejection is logged and the host keeps running.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { LoggerPort } from '../../../src/core/platform/logger';
import { logUnexpectedErrors } from '../../../src/core/platform/unexpected-errors';

function recordingLogger(lines: string[]): LoggerPort {
  const push = (message: string) => void lines.push(message);
  return { debug: push, info: push, warn: push, error: push };
}

describe('logUnexpectedErrors', () => {
  it('logs both kinds with the host’s name and stops when removed', () => {
    const source = new EventEmitter();
    const lines: string[] = [];
    const remove = logUnexpectedErrors(source, { host: 'serve', logger: () => recordingLogger(lines) });
    source.emit('uncaughtException', new Error('Protocol "https:" not supported'));
    source.emit('unhandledRejection', 'a plain reason');
    expect(lines).toEqual(['serve: unexpected error (kept running): Protocol "https:" not supported', 'serve: unhandled promise rejection (kept running): a plain reason']);
    remove();
    expect(source.listenerCount('uncaughtException') + source.listenerCount('unhandledRejection')).toBe(0);
  });

  it('counts a flood instead of logging every line, and says how many it skipped', () => {
    const source = new EventEmitter();
    const lines: string[] = [];
    let t = 0;
    logUnexpectedErrors(source, { host: 'proxy', logger: () => recordingLogger(lines), maxPerMinute: 3, now: () => t });
    for (let i = 0; i < 50; i += 1) source.emit('uncaughtException', new Error(`boom ${i}`));
    expect(lines).toHaveLength(3);
    t = 61_000;
    source.emit('uncaughtException', new Error('later'));
    expect(lines.slice(3)).toEqual(['proxy: 47 more unexpected errors in the last minute were not logged one by one', 'proxy: unexpected error (kept running): later']);
  });

  it('asks for the logger at each error, so a host can swap it after start-up', () => {
    const source = new EventEmitter();
    const early: string[] = [];
    const late: string[] = [];
    let current = recordingLogger(early);
    logUnexpectedErrors(source, { host: 'app', logger: () => current });
    source.emit('uncaughtException', new Error('one'));
    current = recordingLogger(late);
    source.emit('uncaughtException', new Error('two'));
    expect([early.length, late.length]).toEqual([1, 1]);
  });
});
