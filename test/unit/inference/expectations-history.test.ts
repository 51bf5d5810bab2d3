import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelBillionsOfWeights as modelSizeB } from '../../../src/core/api/model-load';
import { bandwidthShare, compareWithGuide, decodeCeilingTokensPerSecond, expectedFor, gpuSpecFor, speedHazard } from '../../../src/core/inference/history/expectations';
import { HistoryStore, type Measurement } from '../../../src/core/inference/history/history-store';

describe('physical limit and the guide', () => {
  it('says how close tinygrad got to the card\u2019s bandwidth', () => {
    const spec = gpuSpecFor('NVIDIA GeForce RTX 4090')!;
    expect(bandwidthShare(523.12, spec).text).toBe('achieved 523 GB/s = 52 % of the RTX 4090\u2019s 1008 GB/s'.replace('\u2019', "'"));
    expect(gpuSpecFor('NVIDIA GeForce RTX 4080 SUPER')!.id).toBe('rtx-4080-super');
    expect(gpuSpecFor('Intel Arc B580')).toBeNull();
    // 4.9 GB of Q4 weights read per token on a 1008 GB/s card: at most ~206 tok/s.
    expect(decodeCeilingTokensPerSecond(spec, 4.9e9)).toBeCloseTo(205.7, 1);
  });

  it('flags "below expected" against the guide\u2019s row for the GPU and model size', () => {
    expect(modelSizeB('llama3.1:8b')).toBe(8);
    expect(modelSizeB('qwen3:30b-a3b')).toBe(30);
    const row = expectedFor('rtx-4090', modelSizeB('llama3.1:8b')!);
    expect(row).toMatchObject({ min: 45, max: 50, kind: 'egpu' });
    expect(compareWithGuide(30, row)).toEqual({ kind: 'below-expected', expected: row, percentOfMin: 67 });
    expect(compareWithGuide(47, row).kind).toBe('as-expected');
    expect(expectedFor('rtx-4090', 400)).toBeNull();
    expect(expectedFor('m4-max', 8)).toMatchObject({ kind: 'apple-gpu', min: 30 });
  });

  it('under 10 tok/s on an 8B model on the eGPU is a hazard; the Apple GPU and big models are not', () => {
    expect(speedHazard({ tokensPerSecond: 6, model: 'llama3.1:8b', onEgpu: true })?.checks.length).toBeGreaterThan(2);
    expect(speedHazard({ tokensPerSecond: 6, model: 'llama3.1:8b', onEgpu: false })).toBeNull();
    expect(speedHazard({ tokensPerSecond: 6, model: 'llama3:70b', onEgpu: true })).toBeNull();
    expect(speedHazard({ tokensPerSecond: 35, model: 'llama3.1:8b', onEgpu: true })).toBeNull();
  });
});

const m = (i: number): Measurement => ({
  at: i, source: 'speedtest', backend: 'ollama', model: 'llama3.1:8b', onEgpu: false, gpu: null, link: null, outcome: 'completed',
  tokensPerSecond: 30 + i, ttftMs: 200, promptTokensPerSecond: 500, promptTokens: 10, completionTokens: 100, estimated: false, gbPerSecond: null, mbUsed: null,
});

describe('history store', () => {
  it('survives a restart, stays bounded, loses no concurrent append', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'egpu-hist-'));
    const file = path.join(dir, 'history.json');
    const store = new HistoryStore(file, 5);
    await Promise.all([1, 2, 3, 4, 5, 6, 7].map((i) => store.append(m(i))));
    const reloaded = await new HistoryStore(file, 5).load();
    expect(reloaded.map((x) => x.at)).toEqual([3, 4, 5, 6, 7]);
    expect(readdirSync(dir)).toEqual(['history.json']);
  });

  it('a half-written or foreign file starts an empty history instead of failing; bad entries are skipped', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'egpu-hist-'));
    const file = path.join(dir, 'history.json');
    writeFileSync(file, '{"version":1,"measurements":[{"at":1');
    expect(await new HistoryStore(file).load()).toEqual([]);
    writeFileSync(file, JSON.stringify({ version: 1, measurements: [m(1), { at: 'x' }] }));
    expect((await new HistoryStore(file).load()).map((x) => x.at)).toEqual([1]);
  });
});
