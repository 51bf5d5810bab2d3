// The scenarios where a tool misbehaves: the app must survive each of them, so the simulator
// must really hang, crash, print noise and flood, like a native process would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimSandbox, isAlive, killAndWait, type SimSandbox } from './sim-harness';

let sim: SimSandbox;
beforeAll(async () => {
  sim = await createSimSandbox();
});
afterAll(async () => {
  await sim.cleanup();
});

describe('hung', () => {
  it('never exits on its own; a timeout kills it and nothing is left running', async () => {
    await sim.setState({ scenario: 'hung' });
    const run = await sim.run('tinygpu', ['list'], { timeoutMs: 400 });
    expect(run.signal).toBe('SIGTERM');
    expect(run.code).toBeNull();
    expect(run.stdout).toBe('');
    expect(run.pid).toBeTypeOf('number');
    expect(isAlive(run.pid ?? 0)).toBe(false);
  });

  it('hangs whichever tool runs', async () => {
    await sim.setState({ scenario: 'hung' });
    const runs = await Promise.all([
      sim.run('systemProfiler', ['SPPCIDataType', '-json'], { timeoutMs: 400 }),
      sim.run('ps', ['-axo', 'pid=,command='], { timeoutMs: 400 }),
    ]);
    for (const run of runs) expect(run.signal).toBe('SIGTERM');
  });
});

describe('crashing', () => {
  it('prints half of its first line, then dies by SIGSEGV', async () => {
    await sim.setState({ scenario: 'crashing' });
    const run = await sim.run('tinygpu', ['list']);
    expect(run.signal).toBe('SIGSEGV');
    expect(run.code).toBeNull();
    expect(run.stdout.length).toBeGreaterThan(0);
    expect('Device 0: NVIDIA GeForce RTX 4090'.startsWith(run.stdout)).toBe(true);
    expect(run.stdout).not.toContain('\n');
  });

  it('leaves JSON unterminated', async () => {
    await sim.setState({ scenario: 'crashing' });
    const run = await sim.run('systemProfiler', ['SPPCIDataType', '-json']);
    expect(run.signal).toBe('SIGSEGV');
    expect(() => JSON.parse(run.stdout) as unknown).toThrow();
  });
});

describe('garbage', () => {
  it('prints binary noise and random text, and exits 0', async () => {
    await sim.setState({ scenario: 'garbage' });
    const run = await sim.run('tinygpu', ['list']);
    expect(run.code).toBe(0);
    expect(run.stdoutBytes.length).toBeGreaterThan(1000);
    expect(run.stdoutBytes.includes(0)).toBe(true);
    expect(run.stdout).toContain('\uFFFD'); // invalid UTF-8 somewhere
    expect(run.stdout).not.toMatch(/^Device \d+:/m);
    const json = await sim.run('systemProfiler', ['SPPCIDataType', '-json']);
    expect(() => JSON.parse(json.stdout) as unknown).toThrow();
  });
});

describe('flood', () => {
  it('keeps writing for as long as it is read, until killed', async () => {
    await sim.setState({ scenario: 'flood' });
    const child = sim.spawn('tinygpu', ['list']);
    const enough = 8 * 1024 * 1024;
    let received = 0;
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout?.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > enough) resolve();
        });
        child.once('close', () => reject(new Error(`stopped by itself after ${received} bytes`)));
      });
    } finally {
      await killAndWait(child);
    }
    expect(received).toBeGreaterThan(enough);
    expect(child.signalCode).toBe('SIGKILL');
    expect(isAlive(child.pid ?? 0)).toBe(false);
  });
});
