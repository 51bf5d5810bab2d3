// The two TinyGPU command lines: the guide's `tinygpu list` and the shipping app's `TinyGPU`.
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimSandbox, killAndWait, watchOutput, type SimSandbox } from './sim-harness';

const GUIDE_SAMPLE = [
  'Device 0: NVIDIA GeForce RTX 4090',
  '  VRAM: 24576 MB GDDR6X',
  '  Driver: TinyGPU 1.0.2 (Apple Signed)',
  '  Connection: Thunderbolt 4 (PCIe x4 Gen4)',
  '',
].join('\n');

const APPROVAL_STATUS =
  'Extension awaiting approval.\n\n' +
  'Please go to System Settings > Privacy & Security and allow the extension.\n\n' +
  'If previously disabled: System Settings > General > Login Items & Extensions > Driver Extensions > Toggle TinyGPU ON\n\n';

let sim: SimSandbox;
beforeAll(async () => {
  sim = await createSimSandbox();
});
afterAll(async () => {
  await sim.cleanup();
});

describe('tinygpu list (the guide CLI)', () => {
  it('prints the guide sample exactly when the RTX 4090 is connected', async () => {
    await sim.setState({ scenario: 'connected' });
    const run = await sim.run('tinygpu', ['list']);
    expect(run).toMatchObject({ stdout: GUIDE_SAMPLE, stderr: '', code: 0 });
  });

  it.each([
    ['rtx3090', 'NVIDIA GeForce RTX 3090', '24576 MB GDDR6X', 'Gen4'],
    ['rtx5090', 'NVIDIA GeForce RTX 5090', '32768 MB GDDR7', 'Gen4'],
    ['rx7900xtx', 'AMD Radeon RX 7900 XTX', '24576 MB GDDR6', 'Gen4'],
    // A PCIe 3.0 card never trains faster than Gen3, even in a Gen4 tunnel.
    ['rtx2080', 'NVIDIA GeForce RTX 2080', '8192 MB GDDR6', 'Gen3'],
  ] as const)('describes the %s preset', async (gpu, name, vram, gen) => {
    await sim.setState({ scenario: 'connected', gpu });
    const run = await sim.run('tinygpu', ['list']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      `Device 0: ${name}\n  VRAM: ${vram}\n  Driver: TinyGPU 1.0.2 (Apple Signed)\n  Connection: Thunderbolt 4 (PCIe x4 ${gen})\n`,
    );
  });

  it('reports a narrower, slower link when degraded', async () => {
    await sim.setState({ scenario: 'degraded-link' });
    const run = await sim.run('tinygpu', ['list']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('  Connection: Thunderbolt 3 (PCIe x1 Gen3)\n');
  });

  it('says so plainly when no device is present', async () => {
    await sim.setState({ scenario: 'absent' });
    expect(await sim.run('tinygpu', ['list'])).toMatchObject({ stdout: 'No devices found.\n', stderr: '', code: 0 });
  });

  it('fails on stderr when the driver is not loaded or awaits approval', async () => {
    await sim.setState({ scenario: 'driver-not-loaded' });
    const notLoaded = await sim.run('tinygpu', ['list']);
    expect(notLoaded).toMatchObject({ stdout: '', code: 1 });
    expect(notLoaded.stderr).toMatch(/^Error: TinyGPU driver is not loaded\./);

    await sim.setState({ scenario: 'awaiting-approval' });
    const waiting = await sim.run('tinygpu', ['list']);
    expect(waiting).toMatchObject({ stdout: '', code: 1 });
    expect(waiting.stderr).toMatch(/awaiting approval.*System Settings > Privacy & Security/);
  });

  it('prints usage on stderr with exit 2 for anything but list', async () => {
    await sim.setState({ scenario: 'connected' });
    for (const args of [[], ['lst'], ['list', '--all']]) {
      const run = await sim.run('tinygpu', args);
      expect(run).toMatchObject({ stdout: '', code: 2 });
      expect(run.stderr).toContain('usage: tinygpu');
    }
  });
});

describe('TinyGPU (the shipping driver app)', () => {
  it.each([
    ['connected', 'Extension is ready! Run tinygrad to use your eGPU.\n\n\n'],
    ['absent', 'Extension is ready! Run tinygrad to use your eGPU.\n\n\n'],
    ['degraded-link', 'Extension is ready! Run tinygrad to use your eGPU.\n\n\n'],
    ['driver-not-loaded', 'Driver extension not installed.\n\n\n'],
    ['awaiting-approval', APPROVAL_STATUS],
  ] as const)('status in %s prints the app text and always exits 0', async (scenario, text) => {
    await sim.setState({ scenario });
    expect(await sim.run('tinygpuApp', ['status'])).toMatchObject({ stdout: text, stderr: '', code: 0 });
  });

  it('install asks for approval (exit 4) until the extension is enabled', async () => {
    await sim.setState({ scenario: 'driver-not-loaded' });
    const fresh = await sim.run('tinygpuApp', ['install']);
    expect(fresh.code).toBe(4);
    expect(fresh.stdout).toMatch(/^Installing TinyGPU driver extension\.\.\.\n[\s\S]*User approval required!/);

    await sim.setState({ scenario: 'awaiting-approval' });
    const pending = await sim.run('tinygpuApp', ['install']);
    expect(pending).toMatchObject({ stdout: APPROVAL_STATUS, code: 4 });

    await sim.setState({ scenario: 'connected' });
    const done = await sim.run('tinygpuApp', ['install']);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('Driver extension installed successfully!');
  });

  it('uninstall says "Not installed." when there is nothing to remove', async () => {
    await sim.setState({ scenario: 'driver-not-loaded' });
    expect(await sim.run('tinygpuApp', ['uninstall'])).toMatchObject({ stdout: 'Not installed.\n\n', code: 0 });
    await sim.setState({ scenario: 'connected' });
    const removed = await sim.run('tinygpuApp', ['uninstall']);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain('Uninstalling TinyGPU driver extension...');
  });

  it('prints its usage with exit 2 for unknown commands and a server without a path', async () => {
    await sim.setState({ scenario: 'connected' });
    const unknown = await sim.run('tinygpuApp', ['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toMatch(/^Unknown command: frobnicate\n\nUsage: TinyGPU <command>\n/);
    const noPath = await sim.run('tinygpuApp', ['server']);
    expect(noPath.code).toBe(2);
    expect(noPath.stdout).toMatch(/^Error: server requires socket path\n/);
  });

  it('server keeps listening without a bound driver and says so on stderr when a client connects', async () => {
    await sim.setState({ scenario: 'absent' });
    const socketPath = path.join(sim.dir, 'absent.sock');
    const server = sim.spawn('tinygpuApp', ['server', socketPath]);
    const output = watchOutput(server);
    const complaint = new Promise<string>((resolve) => server.stderr?.once('data', (chunk: Buffer) => resolve(chunk.toString())));
    const client = { socket: null as net.Socket | null };
    try {
      await output.waitFor(`listening on ${socketPath}\n`);
      client.socket = net.createConnection(socketPath).on('error', () => undefined);
      await output.waitFor('client connected\n');
      expect(await complaint).toBe('failed to connect to tinygpu driver\n');
      expect(server.exitCode).toBeNull();
    } finally {
      client.socket?.destroy();
      await killAndWait(server, 'SIGTERM');
    }
  });

  it('server exits 0 when the GPU goes away after a client opened the driver', async () => {
    await sim.setState({ scenario: 'connected' });
    const socketPath = path.join(sim.dir, 'gone.sock');
    const server = sim.spawn('tinygpuApp', ['server', socketPath]);
    const output = watchOutput(server);
    await output.waitFor(`listening on ${socketPath}\n`);
    const client = net.createConnection(socketPath).on('error', () => undefined);
    try {
      await output.waitFor('client connected\n');
      const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
      await sim.setState({ scenario: 'absent' });
      expect(await exited).toBe(0);
    } finally {
      client.destroy();
      await killAndWait(server, 'SIGTERM');
    }
  });

  it('server listens on its socket and serves one client at a time until killed', async () => {
    await sim.setState({ scenario: 'connected' });
    const socketPath = path.join(sim.dir, 'tinygpu.sock');
    const server = sim.spawn('tinygpuApp', ['server', socketPath]);
    const output = watchOutput(server);
    const clients: net.Socket[] = [];
    try {
      await output.waitFor(`listening on ${socketPath}\n`);
      clients.push(net.createConnection(socketPath));
      await output.waitFor('client connected\n');
      clients.push(net.createConnection(socketPath));
      await output.waitFor('rejected: client already connected\n');
      clients[0]?.destroy();
      await output.waitFor('client disconnected\n');
    } finally {
      for (const client of clients) client.destroy();
      await killAndWait(server, 'SIGTERM');
    }
    expect(server.signalCode).toBe('SIGTERM');
  });
});
