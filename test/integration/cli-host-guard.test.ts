// A CLI host (serve, watch, speedtest) keeps running after an error nothing else caught, and logs it.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');

describe('the CLI host guard', () => {
  it('logs a thrown error and an unhandled rejection after main() started, then keeps running', async () => {
    const entry = path.join(root, 'src', 'cli', 'index.ts');
    const script = [
      `const { main } = await import(${JSON.stringify(entry)});`,
      "process.stdout.write = () => true;",
      "await main(['help']);",
      "setTimeout(() => { throw new Error('boom from a timer'); }, 10);",
      "setTimeout(() => { void Promise.reject(new Error('nobody waited for this')); }, 20);",
      "setTimeout(() => { process.stderr.write('still serving\\n'); process.exit(0); }, 300);",
    ].join('\n');
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      env: { ...process.env, EGPU_COMPANION_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 15_000,
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toContain('boom from a timer');
    expect(stderr).toContain('nobody waited for this');
    expect(stderr).toContain('still serving');
    expect(code).toBe(0);
  });
});
