import { describe, expect, it } from 'vitest';
import { commands, events } from '../../src/core/api/contract';
import { DEFAULT_SETTINGS, SettingsSchema, applySettingsPatch } from '../../src/core/api/settings';

describe('contract', () => {
  it('has a schema for every command input and output and every event', () => {
    for (const [name, spec] of Object.entries(commands)) {
      expect(typeof spec.input.safeParse, name).toBe('function');
      expect(typeof spec.output.safeParse, name).toBe('function');
    }
    expect(Object.keys(events)).toContain('state');
  });

  it('takes tinygrad model names or "gguf" from a client, never a file path', () => {
    for (const command of ['startTinygrad', 'runTinygradBenchmark'] as const) {
      const input = commands[command].input;
      for (const model of ['llama3.1:8b', 'qwen3.5:27b', 'gguf']) expect(input.safeParse({ model, device: 'NV' }).success, `${command} ${model}`).toBe(true);
      for (const model of ['/tmp/x.gguf', '../models/x.gguf', 'models/x.gguf', '~/x.gguf']) expect(input.safeParse({ model, device: 'NV' }).success, `${command} ${model}`).toBe(false);
    }
  });

  it('settings defaults validate and patches are re-validated', () => {
    expect(SettingsSchema.parse({})).toEqual(DEFAULT_SETTINGS);
    const next = applySettingsPatch(DEFAULT_SETTINGS, { monitor: { pollIntervalSec: 5 } });
    expect(next.monitor.pollIntervalSec).toBe(5);
    expect(next.monitor.paths).toEqual(DEFAULT_SETTINGS.monitor.paths);
    expect(() => applySettingsPatch(DEFAULT_SETTINGS, { monitor: { pollIntervalSec: 0.1 } })).toThrow();
  });
});
