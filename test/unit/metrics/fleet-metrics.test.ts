// What a fleet's Prometheus learns about one Mac: device, VRAM, link, driver, hazards, speed.
import { describe, expect, it } from 'vitest';
import type { InferenceServer, Measurement } from '../../../src/core/api/inference';
import { buildFleetMetrics, MAX_MODEL_SERIES, MEDIAN_WINDOW, renderFleetMetrics } from '../../../src/core/metrics/fleet-metrics';
import { formatExposition } from '../../../src/core/metrics/prometheus-text';
import { appState, device, disconnectedState, warningState } from '../../builders/app-state';
import { createFakeApi } from '../../fakes/fake-api';

function measurement(overrides: Partial<Measurement> = {}): Measurement {
  return {
    at: 1_700_000_000_000, source: 'speedtest', backend: 'tinygrad (eGPU)', model: 'llama3.1:8b', onEgpu: true, gpu: 'RTX 4090', link: 'TB4',
    outcome: 'completed', tokensPerSecond: 40, ttftMs: 200, promptTokensPerSecond: null, promptTokens: null, completionTokens: 100, estimated: false, gbPerSecond: null, mbUsed: null,
    ...overrides,
  };
}

const lines = (text: string) => text.split('\n').filter((l) => !l.startsWith('#') && l !== '');

describe('fleet metrics', () => {
  it('reports a connected eGPU: presence, VRAM in bytes, link width and generation, driver state one-hot', () => {
    const text = formatExposition(buildFleetMetrics(appState(), []));
    const samples = lines(text);
    expect(samples).toContain('egpu_devices 1');
    expect(samples).toContain('egpu_device_present{device="0",name="NVIDIA GeForce RTX 4090"} 1');
    expect(samples).toContain(`egpu_vram_total_bytes{device="0",name="NVIDIA GeForce RTX 4090"} ${24_576 * 1024 * 1024}`);
    expect(samples).toContain(`egpu_vram_used_bytes{device="0",name="NVIDIA GeForce RTX 4090"} ${3_277 * 1024 * 1024}`);
    expect(samples).toContain('egpu_link_width{device="0",name="NVIDIA GeForce RTX 4090"} 4');
    expect(samples).toContain('egpu_link_gen{device="0",name="NVIDIA GeForce RTX 4090"} 3');
    expect(samples).toContain('egpu_driver_state{state="ready"} 1');
    expect(samples).toContain('egpu_driver_state{state="not-installed"} 0');
    expect(samples.filter((l) => l.startsWith('egpu_driver_state') && l.endsWith(' 1'))).toHaveLength(1);
    for (const name of text.match(/^# TYPE (\S+)/gm) ?? []) expect(name).toMatch(/^# TYPE egpu_/);
  });

  it('leaves out what the Mac does not know instead of inventing zeros', () => {
    const samples = lines(formatExposition(buildFleetMetrics(appState({ devices: [device({ vramUsedMB: null, link: { kind: 'unknown', label: '', pcieWidth: null, pcieGen: null, up: null } })] }), [])));
    expect(samples.some((l) => l.startsWith('egpu_vram_used_bytes'))).toBe(false);
    expect(samples.some((l) => l.startsWith('egpu_link_width'))).toBe(false);
    expect(samples.some((l) => l.startsWith('egpu_vram_total_bytes'))).toBe(true);
  });

  it('says 0 devices when the eGPU is unplugged', () => {
    const samples = lines(formatExposition(buildFleetMetrics(disconnectedState(), [])));
    expect(samples).toContain('egpu_devices 0');
    expect(samples.some((l) => l.startsWith('egpu_device_present'))).toBe(false);
  });

  it('lists active hazards by id and severity, and counts them per severity', () => {
    const samples = lines(formatExposition(buildFleetMetrics(warningState(), [])));
    expect(samples).toContain('egpu_hazard_active{id="link-degraded:10de:2684@0",severity="warning"} 1');
    expect(samples).toContain('egpu_hazard_active{id="sleep",severity="critical"} 1');
    expect(samples).toContain('egpu_hazards_active{severity="warning"} 1');
    expect(samples).toContain('egpu_hazards_active{severity="critical"} 1');
    expect(samples).toContain('egpu_hazards_active{severity="info"} 0');
  });

  it('gives last and median tok/s and TTFT per model from completed measurements only', () => {
    const history = [
      measurement({ at: 1000, tokensPerSecond: 30, ttftMs: 100 }),
      measurement({ at: 2000, tokensPerSecond: 50, ttftMs: 300 }),
      measurement({ at: 3000, tokensPerSecond: 42, ttftMs: 200 }),
      measurement({ at: 4000, tokensPerSecond: 1, ttftMs: 9000, outcome: 'cancelled' }),
      measurement({ at: 2500, backend: 'Ollama', model: 'qwen3:8b', onEgpu: false, tokensPerSecond: 20, ttftMs: 500 }),
    ];
    const samples = lines(formatExposition(buildFleetMetrics(appState(), history)));
    const egpu = '{model="llama3.1:8b",backend="tinygrad (eGPU)",on_egpu="true"}';
    expect(samples).toContain(`egpu_inference_last_tokens_per_second${egpu} 42`);
    expect(samples).toContain(`egpu_inference_median_tokens_per_second${egpu} 42`);
    expect(samples).toContain(`egpu_inference_last_ttft_seconds${egpu} 0.2`);
    expect(samples).toContain(`egpu_inference_median_ttft_seconds${egpu} 0.2`);
    expect(samples).toContain(`egpu_inference_last_measurement_timestamp_seconds${egpu} 3`);
    expect(samples).toContain('egpu_inference_last_tokens_per_second{model="qwen3:8b",backend="Ollama",on_egpu="false"} 20');
  });

  it('takes the median over the latest measurements only', () => {
    const old = Array.from({ length: MEDIAN_WINDOW }, (_, i) => measurement({ at: i, tokensPerSecond: 5 }));
    const recent = Array.from({ length: MEDIAN_WINDOW }, (_, i) => measurement({ at: 1000 + i, tokensPerSecond: 60 }));
    const samples = lines(formatExposition(buildFleetMetrics(appState(), [...old, ...recent])));
    expect(samples.find((l) => l.startsWith('egpu_inference_median_tokens_per_second'))).toMatch(/ 60$/);
  });

  it('is built from the API: the state and the inference history', async () => {
    const fake = createFakeApi({ getState: () => appState(), getInferenceHistory: () => [measurement()] });
    const text = await renderFleetMetrics(fake.api);
    expect(text).toContain('egpu_inference_last_tokens_per_second{model="llama3.1:8b",backend="tinygrad (eGPU)",on_egpu="true"} 40');
    expect(fake.calls.map((c) => c.command).sort()).toEqual(['getInferenceHistory', 'getInferenceServers', 'getState']);
  });

  it('says which inference servers are up, by id and kind, and leaves them out when the status cannot be read', async () => {
    const server = (id: string, kind: InferenceServer['kind'], state: InferenceServer['state']): InferenceServer => ({
      id, name: id, kind, state, dialect: 'openai', device: kind === 'tinygrad' ? 'egpu' : 'apple-gpu', url: 'http://127.0.0.1:1/v1', version: null, discovered: true, checkedAt: 1, rates: null,
    });
    const samples = lines(formatExposition(buildFleetMetrics(appState(), [], [server('tinygrad-8000', 'tinygrad', 'up'), server('llamacpp-8080', 'llamacpp', 'loading')])));
    expect(samples).toContain('egpu_inference_server_up{server="tinygrad-8000",kind="tinygrad"} 1');
    expect(samples).toContain('egpu_inference_server_up{server="llamacpp-8080",kind="llamacpp"} 0');
    const fake = createFakeApi({ getState: () => appState(), getInferenceHistory: () => [] });
    expect(await renderFleetMetrics(fake.api)).not.toContain('egpu_inference_server_up{');
  });
});

describe('series per model are capped', () => {
  const modelLines = (text: string) => lines(text).filter((l) => l.startsWith('egpu_inference_last_tokens_per_second'));

  it('300 distinct model names from proxy clients give the most recent 20 their own series and the rest one "other"', () => {
    const history = Array.from({ length: 300 }, (_, i) => measurement({ at: 1000 + i, model: `junk-${i}`, backend: 'http://127.0.0.1:11434', onEgpu: false, tokensPerSecond: i }));
    const text = formatExposition(buildFleetMetrics(appState(), history));
    const series = modelLines(text);
    expect(series).toHaveLength(MAX_MODEL_SERIES + 1);
    expect(series).toContain('egpu_inference_last_tokens_per_second{model="junk-299",backend="http://127.0.0.1:11434",on_egpu="false"} 299');
    expect(series.some((l) => l.includes('model="junk-279"'))).toBe(false);
    // The "other" series carries the latest of the models without their own (junk-279).
    expect(series).toContain('egpu_inference_last_tokens_per_second{model="other",backend="http://127.0.0.1:11434",on_egpu="false"} 279');
    expect(lines(text).length).toBeLessThan(150); // 5 per-model families × 21 plus the device lines; was over 1,500
  });

  it('a model really named "other" never makes a second series with the same labels', () => {
    const history = [
      ...Array.from({ length: MAX_MODEL_SERIES + 5 }, (_, i) => measurement({ at: 1000 + i, model: `m-${i}` })),
      measurement({ at: 5000, model: 'other' }),
    ];
    const series = modelLines(formatExposition(buildFleetMetrics(appState(), history)));
    expect(new Set(series.map((l) => l.split(' ')[0])).size).toBe(series.length);
  });

  it('never shows user:password from an old measurement’s backend in a label', () => {
    const text = formatExposition(buildFleetMetrics(appState(), [measurement({ backend: 'http://admin:pw@127.0.0.1:11434' })]));
    expect(text).not.toContain('admin');
    expect(text).toContain('backend="http://127.0.0.1:11434"');
  });
});
