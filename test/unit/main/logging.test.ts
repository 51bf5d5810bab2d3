// The Mac app's log file, written by the real electron-log (its plain-Node build) into a temp folder.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import log from 'electron-log/node';
import { describe, expect, it } from 'vitest';
import { createElectronLogger, LOG_FILE_NAME, LOG_MAX_BYTES } from '../../../src/main/logging';

describe('the Mac app logger', () => {
  it('writes levelled lines to main.log in the logs folder, rotating at 1 MiB, and remembers the newest', () => {
    const logsDir = mkdtempSync(path.join(os.tmpdir(), 'egpu-logs-'));
    const logger = createElectronLogger(log, { logsDir, env: {}, now: () => Date.UTC(2026, 0, 2, 3, 4, 5) });
    logger.info('poll interval set to 2 s');
    logger.debug('tinygpu list took 40 ms');
    logger.warn('could not write the event history', new Error('disk full'));

    const text = readFileSync(path.join(logsDir, LOG_FILE_NAME), 'utf8');
    expect(text).toContain('2026-01-02T03:04:05.000Z INFO  poll interval set to 2 s');
    expect(text).toContain('WARN  could not write the event history: disk full');
    // Default level info: debug lines stay out of the file but are kept for diagnostics.
    expect(text).not.toContain('tinygpu list took');
    expect(logger.recentLines()).toHaveLength(3);
    expect(logger.recentLines(1)[0]).toContain('disk full');
    expect(log.transports.file.maxSize).toBe(LOG_MAX_BYTES);
  });

  it('writes debug lines too when EGPU_COMPANION_LOG_LEVEL=debug', () => {
    const logsDir = mkdtempSync(path.join(os.tmpdir(), 'egpu-logs-'));
    const logger = createElectronLogger(log, { logsDir, env: { EGPU_COMPANION_LOG_LEVEL: 'debug' } });
    logger.debug('tinygpu list took 40 ms');
    expect(readFileSync(path.join(logsDir, LOG_FILE_NAME), 'utf8')).toContain('DEBUG tinygpu list took 40 ms');
  });
});
