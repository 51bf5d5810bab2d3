// Web mode and the CLI log levelled lines to stderr; the diagnostics bundle gets the newest lines.
import { describe, expect, it } from 'vitest';
import { formatLogLine, parseLogLevel } from '../../../src/core/platform/log-lines';
import { createStderrLogger, logLevelFromEnv } from '../../../src/core/platform/stderr-logger';

const at = Date.UTC(2026, 0, 2, 3, 4, 5);

describe('stderr logger', () => {
  it('prints info and above by default, one line each, and keeps debug lines for diagnostics', () => {
    const printed: string[] = [];
    const logger = createStderrLogger({ level: logLevelFromEnv({}), write: (line) => printed.push(line), now: () => at });
    logger.debug('tinygpu list took 40 ms');
    logger.info('serving on 127.0.0.1:4000');
    logger.error('probe failed', new Error('tinygpu crashed\nwith a trace'));
    expect(printed).toEqual([
      '2026-01-02T03:04:05.000Z INFO  serving on 127.0.0.1:4000\n',
      '2026-01-02T03:04:05.000Z ERROR probe failed: tinygpu crashed ⏎ with a trace\n',
    ]);
    expect(logger.recentLines()).toHaveLength(3);
    expect(logger.recentLines(2)[0]).toContain('serving on');
  });

  it('takes its level from EGPU_COMPANION_LOG_LEVEL and ignores nonsense', () => {
    expect(logLevelFromEnv({ EGPU_COMPANION_LOG_LEVEL: 'DEBUG' })).toBe('debug');
    expect(logLevelFromEnv({ EGPU_COMPANION_LOG_LEVEL: 'loud' })).toBe('info');
    expect(parseLogLevel(' warn ')).toBe('warn');
    const printed: string[] = [];
    const quiet = createStderrLogger({ level: 'warn', write: (line) => printed.push(line) });
    quiet.info('not shown');
    quiet.warn('shown');
    expect(printed).toHaveLength(1);
  });

  it('keeps only the newest lines', () => {
    const logger = createStderrLogger({ level: 'error', write: () => undefined });
    for (let n = 0; n < 250; n++) logger.debug(`line ${n}`);
    const lines = logger.recentLines();
    expect(lines).toHaveLength(200);
    expect(lines[199]).toContain('line 249');
  });

  it('formats details that cannot be serialized', () => {
    const circular: { self?: unknown } = {};
    circular.self = circular;
    expect(formatLogLine(at, 'warn', 'odd', circular)).toBe('2026-01-02T03:04:05.000Z WARN  odd: [object Object]');
    expect(formatLogLine(at, 'info', 'n', { a: 1 })).toBe('2026-01-02T03:04:05.000Z INFO  n: {"a":1}');
  });
});
