// A closed stdout or stderr means nobody is listening: writes stop, nothing is retried, and the log
// says so once — in the log file when the console itself is gone.
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import log from 'electron-log/node';
import { describe, expect, it } from 'vitest';
import { guardConsoleStream, MAX_QUEUED_CONSOLE_BYTES, type ConsoleStreamLike } from '../../../src/core/platform/console-output';
import { createLogFile } from '../../../src/core/platform/log-file';
import { createStderrLogger } from '../../../src/core/platform/stderr-logger';
import { createElectronLogger, LOG_FILE_NAME } from '../../../src/main/logging';

/** A pipe whose reader can leave: then every write fails with EPIPE, as Node reports it (callback and 'error'). */
class FakePipe extends EventEmitter implements ConsoleStreamLike {
  readerGone = false;
  writes = 0;
  received: string[] = [];
  writableLength = 0;
  write(chunk: string, callback?: (error?: Error | null) => void): boolean {
    this.writes += 1;
    if (!this.readerGone) {
      this.received.push(chunk);
      queueMicrotask(() => callback?.(null));
      return true;
    }
    const error = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    queueMicrotask(() => {
      callback?.(error);
      this.emit('error', error);
    });
    return false;
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('a console stream whose reader has gone', () => {
  it('is written once after the reader left, then never again, and says why once', async () => {
    const pipe = new FakePipe();
    const output = guardConsoleStream('stdout', pipe);
    const reasons: string[] = [];
    output.onClosed((reason) => reasons.push(reason));
    expect(output.write('eGPU Companion is running\n')).toBe(true);
    pipe.readerGone = true;
    output.write('Press Ctrl-C to stop.\n');
    await settle();
    expect(output.isOpen()).toBe(false);
    for (let n = 0; n < 100; n++) expect(output.write('more\n')).toBe(false);
    await settle();
    expect(pipe.writes).toBe(2);
    expect(reasons).toEqual(['EPIPE']);
    // A late listener hears it at once.
    output.onClosed((reason) => reasons.push(`late ${reason}`));
    expect(reasons).toEqual(['EPIPE', 'late EPIPE']);
  });

  it('counts a reader that stopped reading as gone instead of queueing without end', () => {
    const pipe = new FakePipe();
    const output = guardConsoleStream('stdout', pipe);
    pipe.writableLength = MAX_QUEUED_CONSOLE_BYTES + 1;
    expect(output.write('line\n')).toBe(false);
    expect(output.closedReason()).toBe('not being read');
    expect(pipe.writes).toBe(0);
  });
});

describe('the web-mode logger when stderr closes', () => {
  it('goes on in the fallback file, after one line saying console output stopped', async () => {
    const pipe = new FakePipe();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'egpu-log-'));
    const file = path.join(dir, 'logs', 'serve.log');
    const logger = createStderrLogger({ level: 'info', console: guardConsoleStream('stderr', pipe), fallbackFile: () => file, now: () => Date.UTC(2026, 0, 2) });
    logger.info('serving on 127.0.0.1:4000');
    pipe.readerGone = true;
    logger.warn('probe failed');
    await settle();
    logger.error('still failing');
    logger.info('again');
    await settle();
    expect(pipe.received).toEqual(['2026-01-02T00:00:00.000Z INFO  serving on 127.0.0.1:4000\n']);
    expect(pipe.writes).toBe(2);
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean)).toEqual([
      '2026-01-02T00:00:00.000Z WARN  console output stopped: stderr closed (EPIPE); later log lines are written here',
      '2026-01-02T00:00:00.000Z WARN  probe failed',
      '2026-01-02T00:00:00.000Z ERROR still failing',
      '2026-01-02T00:00:00.000Z INFO  again',
    ]);
  });

  it('drops its lines without a fallback file, and never throws', async () => {
    const pipe = new FakePipe();
    const logger = createStderrLogger({ level: 'info', console: guardConsoleStream('stderr', pipe) });
    pipe.readerGone = true;
    logger.info('one');
    await settle();
    expect(() => logger.error('two')).not.toThrow();
    expect(pipe.writes).toBe(1);
    expect(logger.recentLines()).toHaveLength(2);
  });
});

describe('the fallback log file', () => {
  it('rotates to serve.old.log past its size, and drops lines it cannot write instead of throwing', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'egpu-log-'));
    const file = createLogFile(path.join(dir, 'serve.log'), 100);
    for (let n = 0; n < 5; n++) file.append(`line ${n} ${'x'.repeat(30)}`);
    expect(readFileSync(path.join(dir, 'serve.old.log'), 'utf8')).toContain('line 3');
    expect(readFileSync(path.join(dir, 'serve.log'), 'utf8')).toContain('line 4');
    expect(readFileSync(path.join(dir, 'serve.log'), 'utf8').length).toBeLessThanOrEqual(100);
    const blocked = createLogFile(path.join(dir, 'serve.log', 'inside-a-file.log'));
    expect(() => blocked.append('nowhere to go')).not.toThrow();
  });
});

describe('the Mac app logger when its terminal goes away', () => {
  it('stops printing and notes it once in main.log', async () => {
    const logsDir = mkdtempSync(path.join(os.tmpdir(), 'egpu-logs-'));
    const stdout = guardConsoleStream('stdout', new FakePipe());
    const stderrPipe = new FakePipe();
    const stderr = guardConsoleStream('stderr', stderrPipe);
    const logger = createElectronLogger(log, { logsDir, env: {}, console: true, consoleOutputs: [stdout, stderr] });
    expect(log.transports.console.level).toBe('info');
    stderrPipe.readerGone = true;
    stderr.write('x\n');
    await settle();
    expect(log.transports.console.level).toBe(false);
    logger.info('after the terminal went');
    const lines = readFileSync(path.join(logsDir, LOG_FILE_NAME), 'utf8').split('\n');
    expect(lines.filter((line) => line.includes('console output stopped'))).toEqual([
      expect.stringContaining('WARN  console output stopped: stderr closed (EPIPE); the log goes on in this file only'),
    ]);
    expect(lines.some((line) => line.includes('after the terminal went'))).toBe(true);
  });
});
