// The one monitor pipeline: what `status` prints and what the popover shows come from here.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/core/api/settings';
import { MonitorService } from '../../../src/core/monitor/monitor-service';
import type { ProbeSources } from '../../../src/core/monitor/probe-sources';
import type { Snapshot } from '../../../src/core/probe/types';
import { T0, rtx3090, rtx4090, snapshot, timeoutError } from '../../builders/monitor';

function sourcesFor(next: () => Snapshot, fillsVramFromOllama = true): ProbeSources {
  return {
    select: async () => ({ id: 'tinygpu', probe: async () => next() }),
    fillsVramFromOllama,
    hostArch: async () => 'arm64',
    demo: () => null,
  };
}

function service(sources: ProbeSources, ollamaMB: number | null) {
  const asked: string[] = [];
  const monitor = new MonitorService({
    sources,
    settings: () => DEFAULT_SETTINGS,
    now: () => T0,
    ollamaVram: async (url) => {
      asked.push(url);
      return ollamaMB;
    },
  });
  return { monitor, asked };
}

describe('MonitorService.probeOnce', () => {
  it('fills the VRAM in use from Ollama when the one GPU does not report it', async () => {
    const { monitor, asked } = service(sourcesFor(() => snapshot(T0, [rtx4090()])), 5_632);
    const state = await monitor.probeOnce();
    expect(state.devices[0]).toMatchObject({ vramUsedMB: 5_632, vramUsedSource: 'ollama' });
    expect(asked).toEqual([DEFAULT_SETTINGS.monitor.ollamaUrl]);
    expect(state.summary).toBe('RTX 4090 · 24 GB · TB4 x4 Gen4');
  });

  it('leaves VRAM in use unknown with two GPUs, when Ollama is away, and against the simulator', async () => {
    const two = service(sourcesFor(() => snapshot(T0, [rtx4090(), rtx3090({ index: 1 })])), 5_632);
    expect((await two.monitor.probeOnce()).devices.map((device) => device.vramUsedMB)).toEqual([null, null]);
    const away = service(sourcesFor(() => snapshot(T0, [rtx4090()])), null);
    expect((await away.monitor.probeOnce()).devices[0]?.vramUsedMB).toBeNull();
    const demo = service(sourcesFor(() => snapshot(T0, [rtx4090()]), false), 5_632);
    expect((await demo.monitor.probeOnce()).devices[0]?.vramUsedMB).toBeNull();
    expect(demo.asked).toEqual([]);
  });

  it('reports a snapshot with errors and no devices as a failed probe', async () => {
    const failing = snapshot(T0, [], { errors: [timeoutError('tinygpu did not answer within 3 s')] });
    const { monitor } = service(sourcesFor(() => failing), null);
    const state = await monitor.probeOnce();
    expect(state.tray).toBe('unknown');
    expect(state.probe.error).toBe('tinygpu did not answer within 3 s');
    expect(state.summary).toBe("Can't read the eGPU status: tinygpu did not answer within 3 s");
  });
});
