// "Connect a client" in web mode: the Speed view lists a route for Ollama (from the settings) and one
// for the LM Studio found running; switching the LM Studio route on and pasting its URL into the
// openai client meters the chat under LM Studio's name. The card passes axe's contrast and label
// checks, light and dark.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStreamServer, type StreamServer } from '../servers/stream-server';
import { freePort } from '../support/free-port';
import { freePortFollowedByFree, portsIfFree } from '../support/free-port-pair';
import { openBrowser, screenshotPath, startDemoServer, type Browser, type RunningApp } from '../support/web-app';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

describe('connect a client in web mode', () => {
  let app: RunningApp;
  let browser: Browser;
  let ollama: StreamServer;
  let lmStudio: StreamServer;
  let ollamaRoute: number;
  let lmStudioPort: number;

  beforeAll(async () => {
    // The README's picture shows the servers' real default ports when this machine has them free.
    const defaults = process.env.UPDATE_SCREENSHOTS === '1' ? await portsIfFree([11434, 11435, 1234, 1235]) : null;
    [ollama, ollamaRoute, lmStudioPort] = await Promise.all([
      startStreamServer({ tokensPerSecond: 40, ttftMs: 80, tokens: 20 }, defaults?.[0] ?? 0),
      defaults?.[1] ?? freePort(),
      defaults?.[2] ?? freePortFollowedByFree(),
    ]);
    lmStudio = await startStreamServer({ tokensPerSecond: 40, ttftMs: 80, tokens: 20, persona: 'lmstudio', models: ['qwen2.5-7b-instruct'] }, lmStudioPort);
    const ollamaPort = Number(new URL(ollama.url).port);
    const settings = {
      version: 2,
      inference: {
        proxy: { routes: [{ id: 'ollama', listen: ollamaRoute, target: ollama.url }] },
        discovery: { ports: [{ port: ollamaPort, expect: 'ollama' }, { port: lmStudioPort, expect: 'lmstudio' }] },
      },
    };
    [app, browser] = await Promise.all([
      startDemoServer([], undefined, {}, (dir) => writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(settings))),
      openBrowser(),
    ]);
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await Promise.all([ollama?.close(), lmStudio?.close()]);
  });

  it('offers each route with its URLs, meters a client pasted from it, and reads well light and dark', async () => {
    const { page } = browser;
    await page.goto(app.url);
    await page.getByRole('button', { name: 'Speed…' }).click();
    const card = page.getByTestId('connect-client');
    const lmRoute = card.getByTestId(`route-proxy-${lmStudioPort + 1}`);
    await expect.poll(() => lmRoute.count(), { timeout: 15_000 }).toBe(1);
    expect(await card.getByTestId('route-ollama').getByTestId('client-ollama').locator('code').textContent()).toBe(`OLLAMA_HOST=127.0.0.1:${ollamaRoute}`);
    expect(await lmRoute.getByTestId('client-openai').locator('code').textContent()).toBe(`http://127.0.0.1:${lmStudioPort + 1}/v1`);

    // Copy, then paste into the openai client exactly as a user would.
    await lmRoute.getByTestId('client-openai').getByRole('button', { name: /^Copy/ }).click();
    await expect.poll(() => lmRoute.getByTestId('client-openai').getByRole('button').textContent()).toBe('Copied');
    const baseURL = String(await page.evaluate('navigator.clipboard.readText()'));
    const toggle = lmRoute.getByRole('switch');
    await toggle.click();
    await expect.poll(() => toggle.isChecked(), { timeout: 5000 }).toBe(true);
    const client = new OpenAI({ baseURL, apiKey: 'lm-studio', maxRetries: 0 });
    let text = '';
    for await (const chunk of await client.chat.completions.create({ model: 'qwen2.5-7b-instruct', messages: [{ role: 'user', content: 'hi' }], stream: true })) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toContain('tok19');
    const comparison = page.getByTestId('speed-comparison');
    await expect.poll(() => comparison.textContent(), { timeout: 5000 }).toContain('qwen2.5-7b-instruct');

    await page.setViewportSize({ width: 900, height: 900 });
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: screenshotPath('connect-client.png') });

    // At the popover's width nothing in the card runs off its right edge.
    await page.setViewportSize({ width: 380, height: 560 });
    expect(await page.evaluate(`(() => { const c = document.querySelector('[data-testid="connect-client"]'); return c.scrollWidth <= c.clientWidth; })()`)).toBe(true);
    await page.setViewportSize({ width: 900, height: 900 });

    // Evaluated through the DevTools protocol: the page's CSP (script-src 'self') stays as it is.
    await page.evaluate(readFileSync(AXE, 'utf8'));
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      const violations = (await page.evaluate(
        `axe.run(document.querySelector('[data-testid="connect-client"]'), { runOnly: ['color-contrast', 'label'] }).then((r) => r.violations.map((v) => v.id + ' (' + v.nodes.length + ')'))`,
      )) as string[];
      expect({ colorScheme, violations }).toEqual({ colorScheme, violations: [] });
    }
  });
});
