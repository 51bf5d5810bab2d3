// A passphrase typed or pasted while a chatty step (3 MB of download progress) is still printing:
// the pty echoes it behind the queued output, long before the step turns echo off and reads it.
// Real pty, real SetupService, the log file on disk. Run by hand in a loop for the 20-of-20 figure.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HIGH_WATERMARK_CHARS } from '../../../src/core/setup/flow-control';
import { harnessPerTest } from './harness';

const RECIPE = 'test-type-ahead';
const STEP = 'chatty-passphrase';
const PROGRESS_LINE = '######################################################   78.1%';
/** None of these characters is in anything the step prints, so any of them in its output is an echo. */
const SECRET = 'Zq!X@Vj$K^YxJQ';
const FIXTURE_RECIPES = path.resolve(__dirname, '../../fixtures/recipes-type-ahead');

describe('type-ahead passphrase during a chatty step (real pty)', { timeout: 60_000 }, () => {
  const harness = harnessPerTest(FIXTURE_RECIPES, RECIPE);

  /** Runs the step, calls `type` once the download prints, and returns what the screen and the log file got. */
  async function runTyping(
    type: (sessionId: string) => Promise<void>,
    options: { whileScreenLags?: boolean } = {},
  ): Promise<{ screen: string; log: string }> {
    const h = harness();
    const { sessionId } = await h.service.runStep({ recipeId: RECIPE, stepId: STEP, cols: 80, rows: 24 });
    // What the step printed before runStep resolved is unacknowledged too.
    let unacknowledged = h.recorder.output(sessionId).length;
    let acking = !options.whileScreenLags;
    const ack = () => {
      for (; unacknowledged > 0; unacknowledged -= 5000) void h.setup.setupAck({ sessionId, chars: Math.min(5000, unacknowledged) });
      unacknowledged = 0;
    };
    // Acknowledge output the way xterm does (or stop for a while, like a screen that lags behind).
    h.recorder.onEvent = (event) => {
      if (event.event !== 'setupOutput' || event.payload.sessionId !== sessionId) return;
      unacknowledged += event.payload.data.length;
      if (acking) ack();
    };
    if (acking) ack();
    await h.recorder.waitForOutput(sessionId, PROGRESS_LINE);
    // The screen lagging: the pty is paused with a full queue of progress lines when the user types.
    if (options.whileScreenLags) await h.recorder.waitFor(() => unacknowledged > HIGH_WATERMARK_CHARS, 'the pty paused');
    await type(sessionId);
    acking = true;
    ack();
    const exit = await h.recorder.waitForExit(sessionId, 50_000);
    expect(exit.exitCode).toBe(0);
    const log = await readFile(path.join(h.dataDir, 'setup-logs', RECIPE, `${STEP}.log`), 'utf8');
    return { screen: h.recorder.output(sessionId), log };
  }

  function expectNoTrace(log: string): void {
    for (let start = 0; start < SECRET.length - 1; start += 1) expect(log).not.toContain(SECRET.slice(start, start + 2));
    const programPart = log.slice(log.indexOf('==> Downloading ollama-0.5.7.bottle.tar.gz\r\n'), log.indexOf('===== done'));
    expect([...programPart].filter((char) => SECRET.includes(char))).toEqual([]);
  }

  /** The program's output, whole; a typed Enter may add a line break wherever its echo landed. */
  function expectProgramOutputKept(log: string): void {
    // From the program's first line on: the header and the command line above it quote the script.
    const flat = log.slice(log.indexOf('==> Downloading ollama-0.5.7.bottle.tar.gz\r\n')).replace(/[\r\n]/g, '');
    expect(flat).toContain('==> Downloading ollama-0.5.7.bottle.tar.gz#');
    expect(flat.split(PROGRESS_LINE).length - 1).toBe(50_000);
    expect(flat).toContain('78.1%==> Download completePassphrase: ');
    expect(flat).toContain(`Passphrase: Passphrase read (${SECRET.length} characters).`);
  }

  it('keeps a passphrase pasted during the download out of the log file', async () => {
    const h = harness();
    const { screen, log } = await runTyping(async (sessionId) => {
      await h.setup.setupInput({ sessionId, data: `${SECRET}\r` });
    }, { whileScreenLags: true });
    // The terminal on screen showed the echo, as Terminal would; the program read the whole line.
    expect(screen).toContain(SECRET);
    expect(screen).toContain(`Passphrase read (${SECRET.length} characters).`);
    expectNoTrace(log);
    expectProgramOutputKept(log);
  });

  it('keeps a passphrase typed key by key during the download out of the log file', async () => {
    const h = harness();
    const { screen, log } = await runTyping(async (sessionId) => {
      for (const key of `${SECRET}\r`) {
        await h.setup.setupInput({ sessionId, data: key });
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    });
    expect(screen).toContain(`Passphrase read (${SECRET.length} characters).`);
    expectNoTrace(log);
    expectProgramOutputKept(log);
  });
});
