// nvidia-smi's CSV query form, with the exit codes NVIDIA documents.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NVIDIA_SMI_QUERY_FIELDS } from '../../../src/core/probe/parsers';
import { createSimSandbox, type SimSandbox } from './sim-harness';

// The same field list the app's nvidia-smi source asks for.
const FIELDS = NVIDIA_SMI_QUERY_FIELDS;
const QUERY = [`--query-gpu=${FIELDS.join(',')}`, '--format=csv,noheader,nounits'];

let sim: SimSandbox;
beforeAll(async () => {
  sim = await createSimSandbox();
});
afterAll(async () => {
  await sim.cleanup();
});

describe('nvidia-smi --query-gpu', () => {
  it('prints one CSV row in the order asked for', async () => {
    await sim.setState({ scenario: 'connected', vramUsedMB: 2048 });
    expect(await sim.run('nvidiaSmi', QUERY)).toMatchObject({
      stdout: '0, NVIDIA GeForce RTX 4090, 24576, 2048, 37, 4, 4, 4, 4\n',
      stderr: '',
      code: 0,
    });
    const reversed = await sim.run('nvidiaSmi', [`--query-gpu=${[...FIELDS].reverse().join(',')}`, '--format=csv,noheader,nounits']);
    expect(reversed.stdout).toBe('4, 4, 4, 4, 37, 2048, 24576, NVIDIA GeForce RTX 4090, 0\n');
  });

  it('shows the degraded link as the current generation and width, below the maximum', async () => {
    await sim.setState({ scenario: 'degraded-link', gpu: 'rtx5090', tinygradRunning: false });
    const run = await sim.run('nvidiaSmi', QUERY);
    expect(run.stdout).toBe('0, NVIDIA GeForce RTX 5090, 32768, 0, 0, 3, 1, 4, 4\n');
  });

  it('adds a header and units without noheader/nounits', async () => {
    await sim.setState({ scenario: 'connected' });
    const run = await sim.run('nvidiaSmi', ['--query-gpu=name,memory.used,utilization.gpu', '--format=csv']);
    expect(run.stdout).toBe('name, memory.used [MiB], utilization.gpu [%]\nNVIDIA GeForce RTX 4090, 5632 MiB, 37 %\n');
  });

  it('finds no device (exit 6) when the GPU is absent or not an NVIDIA card', async () => {
    await sim.setState({ scenario: 'absent' });
    expect(await sim.run('nvidiaSmi', QUERY)).toMatchObject({ stdout: 'No devices were found\n', code: 6 });
    await sim.setState({ scenario: 'connected', gpu: 'rx7900xtx' });
    expect(await sim.run('nvidiaSmi', QUERY)).toMatchObject({ stdout: 'No devices were found\n', code: 6 });
  });

  it('cannot reach the driver (exit 9) when it is not loaded', async () => {
    await sim.setState({ scenario: 'driver-not-loaded' });
    const run = await sim.run('nvidiaSmi', QUERY);
    expect(run.code).toBe(9);
    expect(run.stdout).toMatch(/^NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver/);
  });

  it('rejects unknown fields and bad arguments with exit 2', async () => {
    await sim.setState({ scenario: 'connected' });
    const field = await sim.run('nvidiaSmi', ['--query-gpu=index,fan.rpm', '--format=csv']);
    expect(field).toMatchObject({ stdout: '', code: 2 });
    expect(field.stderr).toMatch(/^Field "fan\.rpm" is not a valid field to query\./);
    const args = await sim.run('nvidiaSmi', ['--bogus']);
    expect(args).toMatchObject({ stdout: '', code: 2 });
    expect(args.stderr).toContain("Please run 'nvidia-smi -h' for help.");
  });
});
