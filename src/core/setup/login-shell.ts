// Every setup command runs through the user's login shell so it sees the PATH a Terminal window
// would (Homebrew, ~/.local/bin): an app started from Finder only gets /usr/bin:/bin.
import path from 'node:path';
import type { Command } from './recipe-schema';

export { defaultLoginShell } from '../platform/login-shell-env';

export interface ShellInvocation {
  file: string;
  args: string[];
}

/**
 * A `shell` command becomes `<shell> -l -c <script>`. An `argv` command is handed to the shell as
 * positional parameters behind a constant script, so no argument is ever re-parsed as shell text.
 */
export function shellInvocation(command: Command, loginShell: string): ShellInvocation {
  if ('shell' in command) return { file: loginShell, args: ['-l', '-c', command.shell] };
  return { file: loginShell, args: ['-l', '-c', 'exec "$@"', path.basename(loginShell), ...command.argv] };
}

/**
 * Linux can drop the last output of a pty whose writers all exited before the reader caught up
 * (node-pty #72), so in a terminal the shell lingers a moment after the command, whatever its exit.
 */
const LINGER_ON_EXIT = "trap 'sleep 0.1' EXIT";

/** Like shellInvocation, for a command that runs in the pty. */
export function terminalInvocation(command: Command, loginShell: string): ShellInvocation {
  if ('shell' in command) return { file: loginShell, args: ['-l', '-c', `${LINGER_ON_EXIT}\n${command.shell}`] };
  return { file: loginShell, args: ['-l', '-c', `${LINGER_ON_EXIT}; "$@"`, path.basename(loginShell), ...command.argv] };
}

/** The environment setup commands run in: the app's own, minus Electron's internals. */
export function setupEnvironment(home: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (value !== undefined && !key.startsWith('ELECTRON_')) env[key] = value;
  }
  env.TERM = 'xterm-256color';
  env.HOME = home;
  return env;
}

/** How a command is shown to the user (copyable); display only, never executed. */
export function describeCommand(command: Command): string {
  if ('shell' in command) return command.shell;
  return command.argv.map(quoteForDisplay).join(' ');
}

function quoteForDisplay(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./~-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
