import { describe, expect, it } from 'vitest';
import { defaultLoginShell, describeCommand, setupEnvironment, shellInvocation, terminalInvocation } from '../../../src/core/setup/login-shell';
import { splitForInput } from '../../../src/core/platform/pty-session';

describe('login shell', () => {
  it('uses $SHELL when it is a POSIX shell, zsh on macOS otherwise', () => {
    expect(defaultLoginShell({ SHELL: '/bin/bash' }, 'darwin')).toBe('/bin/bash');
    expect(defaultLoginShell({ SHELL: '/opt/homebrew/bin/fish' }, 'darwin')).toBe('/bin/zsh');
    expect(defaultLoginShell({}, 'linux')).toBe('/bin/sh');
    expect(defaultLoginShell({ SHELL: 'zsh' }, 'linux')).toBe('/bin/sh');
  });

  it('passes argv as positional parameters, never as shell text', () => {
    expect(shellInvocation({ argv: ['echo', '$(rm -rf ~)', 'a b'] }, '/bin/zsh')).toEqual({
      file: '/bin/zsh',
      args: ['-l', '-c', 'exec "$@"', 'zsh', 'echo', '$(rm -rf ~)', 'a b'],
    });
    expect(shellInvocation({ shell: 'brew install ollama' }, '/bin/zsh')).toEqual({
      file: '/bin/zsh',
      args: ['-l', '-c', 'brew install ollama'],
    });
  });

  it('keeps the terminal open a moment after a command so its last output is not lost', () => {
    expect(terminalInvocation({ argv: ['tinygpu', 'list'] }, '/bin/zsh')).toEqual({
      file: '/bin/zsh',
      args: ['-l', '-c', `trap 'sleep 0.1' EXIT; "$@"`, 'zsh', 'tinygpu', 'list'],
    });
    expect(terminalInvocation({ shell: 'make nvidia' }, '/bin/zsh').args).toEqual(['-l', '-c', "trap 'sleep 0.1' EXIT\nmake nvidia"]);
  });

  it('shows commands the way a user would type them', () => {
    expect(describeCommand({ argv: ['docker', 'info', '--format', '{{.MemTotal}}'] })).toBe("docker info --format '{{.MemTotal}}'");
    expect(describeCommand({ argv: ['echo', "it's"] })).toBe("echo 'it'\\''s'");
  });

  it('sets TERM and HOME and drops Electron internals', () => {
    const env = setupEnvironment('/Users/me', { PATH: '/usr/bin', ELECTRON_RUN_AS_NODE: '1', TERM: 'dumb' });
    expect(env).toEqual({ PATH: '/usr/bin', TERM: 'xterm-256color', HOME: '/Users/me' });
  });
});

describe('splitForInput', () => {
  it('chunks long input without splitting surrogate pairs', () => {
    const input = `${'a'.repeat(511)}🚀${'b'.repeat(600)}`;
    const chunks = splitForInput(input, 512);
    expect(chunks.join('')).toBe(input);
    expect(chunks[0]).toBe('a'.repeat(511));
    expect(chunks[1]?.startsWith('🚀')).toBe(true);
    expect(splitForInput('🚀🚀', 1).join('')).toBe('🚀🚀');
  });
});
