// Starts stream-server-main.ts as a child process and talks to it over its control routes.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GroundTruth, StreamScenario } from './stream-server';

export interface StreamServerProcess {
  url: string;
  openAiUrl: string;
  setScenario(scenario: StreamScenario): Promise<void>;
  truth(): Promise<GroundTruth[]>;
  close(): Promise<void>;
}

const here = path.dirname(fileURLToPath(import.meta.url));

export async function startStreamServerProcess(scenario: StreamScenario): Promise<StreamServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'stream-server-main.ts'), JSON.stringify(scenario)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('test stream server did not start within 20 s'));
    }, 20_000);
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`test stream server exited with ${code}`));
    });
  });
  return {
    url,
    openAiUrl: `${url}/v1`,
    setScenario: async (next) => {
      await fetch(`${url}/__scenario`, { method: 'POST', body: JSON.stringify(next) });
    },
    truth: async () => (await (await fetch(`${url}/__truth`)).json()) as GroundTruth[],
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.stdin.end();
      }),
  };
}
