// One long-lived `caffeinate -i -w <our pid>` child: -i holds off idle system sleep, -w makes it
// exit by itself if this process dies (crash included), so a hold never outlives the app.
import { spawn, type ChildProcess } from 'node:child_process';
import { describeError, type LoggerPort } from '../platform/logger';
import type { AwakeHold } from '../ports';

export function caffeinateArgs(pid: number): string[] {
  return ['-i', '-w', String(pid)];
}

export function startCaffeinate(file: string, logger: LoggerPort, ownPid = process.pid): AwakeHold | null {
  let child: ChildProcess;
  try {
    child = spawn(file, caffeinateArgs(ownPid), {
      stdio: 'ignore',
      // Own process group, so release also ends anything a wrapper script started.
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
  } catch (error) {
    logger.debug('caffeinate could not start', describeError(error));
    return null;
  }
  child.on('error', (error) => logger.debug('caffeinate failed', describeError(error)));
  // Do not keep a CLI alive just for this child.
  child.unref();
  let released = false;
  return {
    release(): void {
      if (released) return;
      released = true;
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
      try {
        if (process.platform !== 'win32') process.kill(-child.pid, 'SIGTERM');
        else child.kill('SIGTERM');
      } catch (error) {
        // ESRCH: it already exited between the check and the kill.
        logger.debug('caffeinate already gone', describeError(error));
      }
    },
  };
}
