// ShellPort and NotifierPort for web mode and the CLI (outside Electron).
import { processConsole } from '../core/platform/console-output';
import { runCommand } from '../core/platform/run-command';
import type { LoggerPort } from '../core/platform/logger';
import type { NotifierPort, ShellPort } from '../core/ports';
import { powerPortForDataDir } from '../core/power/host-power-port';
import type { PowerPort } from '../core/ports';

async function runOpen(args: string[]): Promise<boolean> {
  if (process.platform !== 'darwin') return false;
  const result = await runCommand({ argv: ['/usr/bin/open', ...args], timeoutMs: 5000, maxOutputBytes: 16 * 1024, label: 'open' });
  return result.error === null && result.exitCode === 0;
}

/** On a Mac, `open` handles System Settings URLs and Finder; elsewhere the browser shows a path instead. */
export const cliShell: ShellPort = {
  openExternal: (url) => runOpen([url]),
  showItemInFolder: (file) => runOpen(['-R', file]),
};

/** Web mode has no native notifications: each new warning is printed once on the server's console. */
export function consoleNotifier(write: (line: string) => void = (line) => void processConsole('stdout').write(line)): NotifierPort {
  const seen = new Set<string>();
  return {
    notify(notification) {
      if (seen.has(notification.id)) return;
      seen.add(notification.id);
      write(`[${notification.severity}] ${notification.title} — ${notification.body}\n`);
    },
  };
}

/** pmset, ioreg and caffeinate at the paths in the data folder's settings; unsupported where pmset is absent (Linux). */
export function hostPowerPort(dataDir: string, logger: LoggerPort): Promise<PowerPort> {
  return powerPortForDataDir(dataDir, logger);
}
