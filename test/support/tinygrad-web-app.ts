// Web mode with a fake python3 standing in for tinygrad (named in settings.json, HOME and SHELL in a temp
// folder), plus a browser: what every end-to-end test of the eGPU's tinygrad features starts from.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeFakePython, type FakePython, type FakePythonOptions } from './fake-python';
import { freePort } from './free-port';
import { openBrowser, startDemoServer, type Browser, type RunningApp } from './web-app';

export interface TinygradWebApp {
  app: RunningApp;
  browser: Browser;
  fake: FakePython;
  /** The port the app runs tinygrad's server on. */
  port: number;
  /** Closes the browser and the app, then removes the fake; resolves to how many fake processes were left. */
  stop: () => Promise<number>;
}

export async function startTinygradWebApp(options: FakePythonOptions): Promise<TinygradWebApp> {
  const fake = makeFakePython(options);
  const port = await freePort();
  const settings = { inference: { tinygrad: { python: fake.python, port } } };
  const [app, browser] = await Promise.all([
    startDemoServer([], undefined, { HOME: fake.home, SHELL: '/bin/false' }, (dir) => writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(settings))),
    openBrowser(),
  ]);
  return {
    app,
    browser,
    fake,
    port,
    stop: async () => {
      await browser.close();
      await app.stop();
      const left = fake.processCount();
      fake.remove();
      return left;
    },
  };
}
