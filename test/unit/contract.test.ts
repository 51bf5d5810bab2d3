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

  it('settings defaults validate and patches are re-validated', () => {
    expect(SettingsSchema.parse({})).toEqual(DEFAULT_SETTINGS);
    const next = applySettingsPatch(DEFAULT_SETTINGS, { monitor: { pollIntervalSec: 5 } });
    expect(next.monitor.pollIntervalSec).toBe(5);
    expect(next.monitor.paths).toEqual(DEFAULT_SETTINGS.monitor.paths);
    expect(() => applySettingsPatch(DEFAULT_SETTINGS, { monitor: { pollIntervalSec: 0.1 } })).toThrow();
  });
});
