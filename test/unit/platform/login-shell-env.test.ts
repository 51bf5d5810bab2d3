// Reading the login shell's answer: only what follows the marker counts, whatever the profile printed.
import { describe, expect, it } from 'vitest';
import { commandLineEnvironment, mergeLoginShellValues, noticeFor, parseLoginShellOutput } from '../../../src/core/platform/login-shell-env';

const MARKER = 'egpu-companion-env-0123456789abcdef';

describe('parseLoginShellOutput', () => {
  it('reads PATH, TMPDIR and HOME after the marker, past a banner that even mentions PATH', () => {
    const out = `Last login: Mon\nPATH=/evil\n${MARKER}\0/opt/homebrew/bin:/usr/bin\0/var/folders/x/T/\0/Users/ada\0`;
    expect(parseLoginShellOutput(out, MARKER)).toEqual({ PATH: '/opt/homebrew/bin:/usr/bin', TMPDIR: '/var/folders/x/T/', HOME: '/Users/ada' });
  });

  it('gives null for output without the marker or cut short, and never throws', () => {
    expect(parseLoginShellOutput('', MARKER)).toBeNull();
    expect(parseLoginShellOutput('zsh: command not found: brew\n', MARKER)).toBeNull();
    expect(parseLoginShellOutput(`${MARKER}\0/usr/bin\0`, MARKER)).toBeNull();
    expect(parseLoginShellOutput(`${MARKER}`, MARKER)).toBeNull();
  });
});

describe('mergeLoginShellValues', () => {
  it('keeps the app’s own variables and its TMPDIR when the shell has none', () => {
    const merged = mergeLoginShellValues({ PATH: '/usr/bin:/bin', TMPDIR: '/tmp/app', HOME: '/Users/ada', LANG: 'en_GB.UTF-8' }, { PATH: '/opt/homebrew/bin:/usr/bin', TMPDIR: '', HOME: '/Users/ada' });
    expect(merged).toEqual({ PATH: '/opt/homebrew/bin:/usr/bin', TMPDIR: '/tmp/app', HOME: '/Users/ada', LANG: 'en_GB.UTF-8' });
  });
});

describe('noticeFor', () => {
  it('names the shell and its profile when it is slow, timed out or failed; says nothing when it was quick', () => {
    expect(noticeFor('/bin/zsh', { timedOut: false, durationMs: 120, exitCode: 0 }, true, 10_000, 3_000)).toBeNull();
    expect(noticeFor('/bin/zsh', { timedOut: false, durationMs: 4_200, exitCode: 0 }, true, 10_000, 3_000)?.message).toMatch(/zsh\) is slow to start \(4\.2 s\)/);
    const timedOut = noticeFor('/bin/zsh', { timedOut: true, durationMs: 10_000, exitCode: null }, false, 10_000, 3_000);
    expect(timedOut).toMatchObject({ level: 'warning' });
    expect(timedOut?.message).toContain('~/.zprofile');
    expect(noticeFor('/bin/bash', { timedOut: false, durationMs: 50, exitCode: 1 }, false, 10_000, 3_000)?.message).toContain('~/.bash_profile');
  });
});

describe('commandLineEnvironment', () => {
  it('keeps a terminal’s environment (a virtualenv stays first on PATH)', async () => {
    const env = { PATH: '/Users/ada/venv/bin:/opt/homebrew/bin:/usr/bin:/bin', HOME: '/Users/ada' };
    expect(await commandLineEnvironment(env).get()).toBe(env);
  });
});
