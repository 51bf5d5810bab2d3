// A passphrase typed right after an echo-off prompt appears, the way the browser's terminal sends it:
// one key per message a few ms apart (or one paste), then Enter. No key is ever echoed, so the log
// must keep the program's reply whole, although it shares characters with the passphrase.
// Real pty, real SetupService, the log file on disk.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { harnessPerTest } from './harness';

const RECIPE = 'test-echo-off';
const STEP = 'echo-off-passphrase';
const PROMPT = 'Passphrase for the demo keychain: ';
const SECRET = 'correct-horse-battery-staple';
const REPLY = `passphrase-ok: got ${SECRET.length} characters`;
const FIXTURE_RECIPES = path.resolve(__dirname, '../../fixtures/recipes-echo-off');

describe('passphrase typed at an echo-off prompt (real pty)', { timeout: 30_000 }, () => {
  const harness = harnessPerTest(FIXTURE_RECIPES, RECIPE);

  /** Runs the step, acks output like xterm, calls `type` as soon as the prompt shows, and returns screen and log file. */
  async function runTyping(type: (sessionId: string) => Promise<void>): Promise<{ screen: string; log: string }> {
    const h = harness();
    const { sessionId } = await h.service.runStep({ recipeId: RECIPE, stepId: STEP, cols: 80, rows: 24 });
    const ack = (chars: number) => void h.setup.setupAck({ sessionId, chars });
    ack(h.recorder.output(sessionId).length);
    h.recorder.onEvent = (event) => {
      if (event.event === 'setupOutput' && event.payload.sessionId === sessionId) ack(event.payload.data.length);
    };
    await h.recorder.waitForOutput(sessionId, PROMPT);
    await type(sessionId);
    const exit = await h.recorder.waitForExit(sessionId, 20_000);
    expect(exit.exitCode).toBe(0);
    const log = await readFile(path.join(h.dataDir, 'setup-logs', RECIPE, `${STEP}.log`), 'utf8');
    return { screen: h.recorder.output(sessionId), log };
  }

  function expectReplyKeptAndNoTrace(screen: string, log: string): void {
    expect(screen).toContain(REPLY);
    expect(screen).not.toContain(SECRET.slice(0, 2));
    expect(log).toContain(PROMPT);
    expect(log).toContain(REPLY);
    // From the prompt on: the header and the command line above it quote the script.
    const programPart = log.slice(log.indexOf(PROMPT));
    expect(programPart.replace(/[\r\n]/g, '')).toBe(`${PROMPT}${REPLY}===== done (exit 0) =====`);
    for (let start = 0; start < SECRET.length - 1; start += 1) {
      const piece = SECRET.slice(start, start + 2);
      if (!`${PROMPT}${REPLY}`.includes(piece)) expect(programPart).not.toContain(piece);
    }
  }

  it('keeps the reply whole when the passphrase is typed key by key, fast, right after the prompt', async () => {
    const h = harness();
    const { screen, log } = await runTyping(async (sessionId) => {
      for (const key of SECRET) {
        void h.setup.setupInput({ sessionId, data: key });
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
      await h.setup.setupInput({ sessionId, data: '\r' });
    });
    expectReplyKeptAndNoTrace(screen, log);
  });

  it('keeps the reply whole when the passphrase is pasted right after the prompt', async () => {
    const h = harness();
    const { screen, log } = await runTyping(async (sessionId) => {
      await h.setup.setupInput({ sessionId, data: SECRET });
      await h.setup.setupInput({ sessionId, data: '\r' });
    });
    expectReplyKeptAndNoTrace(screen, log);
  });
});
