// `serve --demo` without --data-dir starts from a clean temp folder and removes it when it ends,
// so demo runs do not pile up folders in the temp directory.
import { rmSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nullLogger, type LoggerPort } from '../core/platform/logger';

export interface TempDataDir {
  dir: string;
  /** Removes the folder; safe to call more than once. */
  dispose(): Promise<void>;
}

export async function createDemoDataDir(logger: LoggerPort = nullLogger, parent = os.tmpdir()): Promise<TempDataDir> {
  const dir = await fs.mkdtemp(path.join(parent, 'egpu-companion-demo-'));
  let removed = false;
  // Last resort when the process ends without a clean shutdown (an error after start-up).
  const onExit = () => {
    if (removed) return;
    removed = true;
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch (error) {
      logger.debug(`could not remove the demo folder ${dir}`, error);
    }
  };
  process.once('exit', onExit);
  return {
    dir,
    async dispose() {
      process.off('exit', onExit);
      if (removed) return;
      removed = true;
      await fs.rm(dir, { recursive: true, force: true }).catch((error: unknown) => logger.debug(`could not remove the demo folder ${dir}`, error));
    },
  };
}
