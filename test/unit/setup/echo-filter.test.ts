import { describe, expect, it } from 'vitest';
import { ECHO_WINDOW_CHARS, EchoFilter } from '../../../src/core/setup/echo-filter';

/** A filter whose pty has been quiet for a whole tick interval: a key typed now echoes at once, if at all. */
function quietFilter(): EchoFilter {
  const filter = new EchoFilter();
  filter.tick();
  filter.tick();
  filter.tick();
  return filter;
}

/** A filter that has just read output: keys typed now may echo behind output already queued. */
function busyFilter(): { filter: EchoFilter; log: string[] } {
  const filter = new EchoFilter();
  const log = [filter.filter('==> Downloading ollama\r\n')];
  return { filter, log };
}

const progress = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `\r######## ${from + i}%`).join('');

describe('echo filter for step logs', () => {
  it('removes the echo of text typed at a quiet prompt, split across reads, and keeps the output around it', () => {
    const filter = quietFilter();
    filter.typed('s3cret\r');
    expect(filter.filter('s3c') + filter.filter('ret\r\nPassword: ') + filter.filter('\r\nok\r\n')).toBe('Password: \r\nok\r\n');
  });

  it('treats a confirmation as typed text too, and keeps later output that happens to repeat it', () => {
    const filter = quietFilter();
    expect(filter.filter('Continue? [y/N] ')).toBe('Continue? [y/N] ');
    filter.tick();
    filter.tick();
    filter.tick();
    filter.typed('y\r');
    expect(filter.filter('y\r\nContinuing.\r\n')).toBe('Continuing.\r\n');
    expect(filter.filter('yes, really\r\n')).toBe('yes, really\r\n');
  });

  it('keeps the program’s reply whole when a password typed at a quiet echo-off prompt never echoes', () => {
    const filter = quietFilter();
    filter.typed('Password accepted\r');
    const log = filter.filter('\r\nPass') + filter.filter('word accepted (17 characters).\r\n') + filter.flush();
    expect(log).toBe('\r\nPassword accepted (17 characters).\r\n');
  });

  it('expects no echo for control keys and arrow keys', () => {
    const filter = quietFilter();
    filter.typed('a\x7fb\x1b[A\x1bOB');
    expect(filter.filter('ab') + filter.filter('[A done') + filter.flush()).toBe('[A done');
  });

  it('removes a pasted passphrase whose echo lands behind a megabyte of queued output', () => {
    const { filter, log } = busyFilter();
    filter.typed('hunter2-Pass\r');
    const queued = progress(0, 100).repeat(1000);
    log.push(filter.filter(queued.slice(0, 500_000)));
    log.push(filter.filter(`${queued.slice(500_000)}hunter`));
    log.push(filter.filter('2-Pass\r\n\r######## 100%\r\nPassphrase: '));
    log.push(filter.tick(), filter.tick(), filter.tick());
    log.push(filter.filter('\r\nPassphrase read (12 characters).\r\n'), filter.flush());
    const text = log.join('');
    expect(text).not.toContain('hunter');
    expect(text).not.toContain('Pass\r');
    expect(text).toBe(`==> Downloading ollama\r\n${queued}\r######## 100%\r\nPassphrase: \r\nPassphrase read (12 characters).\r\n`);
  });

  it('removes single keys whose echoes land one by one between progress lines', () => {
    const { filter, log } = busyFilter();
    for (const [index, key] of [...'xyzzy!'].entries()) {
      filter.typed(key);
      log.push(filter.filter(progress(index * 10, index * 10 + 7)));
      log.push(filter.filter(`${progress(index * 10 + 7, index * 10 + 8)}${key}`));
      log.push(filter.filter(progress(index * 10 + 8, index * 10 + 10)));
    }
    filter.typed('\r');
    log.push(filter.filter('\r\n'), filter.filter('Passphrase: '));
    log.push(filter.tick(), filter.tick(), filter.tick());
    log.push(filter.filter('\r\nread 6 characters\r\n'), filter.flush());
    const text = log.join('');
    expect(text).not.toMatch(/[xyz!]/);
    expect(text).toContain(progress(0, 60));
    expect(text).toContain('Passphrase: \r\nread 6 characters\r\n');
  });

  it('holds output only while keys may still echo: once the pty was quiet, later output passes at once', () => {
    const { filter, log } = busyFilter();
    filter.typed('q');
    expect(filter.filter('queued output\r\n')).toBe('');
    // The first tick closes an interval with output in it: an echo may still be queued.
    expect(filter.tick()).toBe('');
    // A whole interval with nothing read: everything queued has arrived, and the echo with it.
    expect(filter.tick()).toBe('ueued output\r\n');
    expect(log.join('')).toBe('==> Downloading ollama\r\n');
    expect(filter.filter('quite done\r\n')).toBe('quite done\r\n');
  });

  it('treats keys typed while reading is paused as queued behind output', () => {
    const filter = quietFilter();
    filter.setReading(false);
    filter.typed('secret');
    filter.setReading(true);
    const log = filter.filter('lots of output\r\nse') + filter.filter('cret') + filter.filter(' more\r\n') + filter.flush();
    expect(log).toBe('lots of output\r\n more\r\n');
  });

  it('removes a paste whose echo came right behind a program write that raced the keystroke', () => {
    const filter = quietFilter();
    filter.typed('correct-horse\r');
    const log = filter.filter('\r⠋ waiting') + filter.filter('correct-ho') + filter.filter('rse\r\n\r⠙ waiting') + filter.flush();
    expect(log).toBe('\r⠋ waiting\r⠙ waiting');
  });

  it('keeps removing the echo of keys typed across more output than it can hold', () => {
    const { filter, log } = busyFilter();
    const block = progress(0, 100);
    // Half the keys echo in the first stretch of output, the rest after the window's limit was passed.
    for (const key of 'Zq!X@Vj') {
      filter.typed(key);
      log.push(filter.filter(block + key));
    }
    for (let i = 0; i < 3000; i += 1) log.push(filter.filter(block));
    for (const key of '$K^YxJQ') {
      filter.typed(key);
      log.push(filter.filter(block + key));
    }
    log.push(filter.filter('\r\n==> Download complete\r\n'), filter.tick(), filter.tick(), filter.tick(), filter.flush());
    const text = log.join('');
    expect(text.length).toBeGreaterThan(ECHO_WINDOW_CHARS);
    expect([...text].filter((char) => 'Zq!X@Vj$K^YxJQ'.includes(char))).toEqual([]);
    expect(text.endsWith(`${block}\r\n==> Download complete\r\n`)).toBe(true);
  });
  it('keeps a reply that shares letters with keys typed fast at an echo-off prompt right after it appeared', () => {
    const filter = new EchoFilter();
    const log = [filter.filter('Passphrase for the demo keychain: ')];
    for (const key of 'correct-horse-battery-staple\r') filter.typed(key);
    log.push(filter.filter('\r\npassphrase-ok: got 28 characters\r\n'));
    log.push(filter.tick(), filter.tick(), filter.tick(), filter.flush());
    expect(log.join('')).toBe('Passphrase for the demo keychain: \r\npassphrase-ok: got 28 characters\r\n');
  });

  it('keeps such a reply when the passphrase was pasted, and removes the paste once it does echo', () => {
    const filter = new EchoFilter();
    const log = [filter.filter('Passphrase: ')];
    filter.typed('correct-horse-battery-staple');
    filter.typed('\r');
    log.push(filter.filter('\r\npassphrase-ok: got 28 characters\r\n'), filter.tick(), filter.tick(), filter.tick());
    expect(log.join('')).toBe('Passphrase: \r\npassphrase-ok: got 28 characters\r\n');
    const { filter: busy, log: busyLog } = busyFilter();
    busy.typed('correct-horse-battery-staple\r');
    busyLog.push(busy.filter(`${progress(0, 50)}corr`), busy.filter('ect-horse-battery-staple\r\nread 28 characters\r\n'));
    busyLog.push(busy.tick(), busy.tick(), busy.tick(), busy.flush());
    expect(busyLog.join('')).toBe(`==> Downloading ollama\r\n${progress(0, 50)}read 28 characters\r\n`);
  });

  it('removes the first key’s echo when echo went off right after it', () => {
    const { filter, log } = busyFilter();
    filter.typed('c');
    log.push(filter.filter(`${progress(0, 5)}c`));
    for (const key of 'orrect-horse\r') filter.typed(key);
    log.push(filter.filter('\r\nread 12 characters\r\n'), filter.tick(), filter.tick(), filter.tick(), filter.flush());
    const text = log.join('');
    expect(text).not.toContain(`${progress(4, 5)}c`);
    expect(text).toBe(`==> Downloading ollama\r\n${progress(0, 5)}\r\nread 12 haraters\r\n`);
  });
});
