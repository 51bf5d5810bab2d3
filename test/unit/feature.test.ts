// The Feature shape's loops: what the user sees when several features add to the state, and which
// feature a dismissal reaches.
import { describe, expect, it } from 'vitest';
import type { AppState } from '../../src/core/api/schemas';
import { completeHandlers, dismissWithFeatures, featureHandlers, startFeatures, stateWithFeatures, statusFieldsOf, stopFeatures, type Feature } from '../../src/core/feature';
import { appState, hazard } from '../builders/app-state';

const base = appState({ hazards: [hazard({ id: 'link-x4', severity: 'info', title: 'Link is x4' })] });

describe('the features of the core', () => {
  it('merge what each adds into one state, warnings sorted critical first, a newer warning replacing one with its id', () => {
    const power: Feature = {
      name: 'power',
      handlers: {},
      decorate: (state) => ({ ...state, hazards: [...state.hazards, hazard({ id: 'sleep-soon', severity: 'warning', title: 'Mac sleeps soon' })] }),
    };
    const inference: Feature = {
      name: 'inference',
      handlers: {},
      hazards: (state: AppState) => [
        hazard({ id: 'link-x4', severity: 'info', title: 'Replaced' }),
        hazard({ id: 'tinygrad-slow', severity: 'critical', title: `Slow with ${state.hazards.length} other warnings` }),
      ],
    };
    const merged = stateWithFeatures(base, [power, inference]);
    expect(merged.hazards.map((h) => [h.id, h.title])).toEqual([
      ['tinygrad-slow', 'Slow with 2 other warnings'],
      ['sleep-soon', 'Mac sleeps soon'],
      ['link-x4', 'Replaced'],
    ]);
    expect(stateWithFeatures(base, [])).toBe(base);
  });

  it('let the first feature that owns a hazard dismiss it, and nobody else', async () => {
    const asked: string[] = [];
    const owner = (name: string, id: string): Feature => ({
      name,
      handlers: {},
      dismissHazard: async (hazardId) => {
        asked.push(name);
        return hazardId === id;
      },
    });
    const features = [owner('monitor', 'link-x4'), owner('power', 'sleep-soon'), owner('inference', 'sleep-soon')];
    expect(await dismissWithFeatures(features, 'sleep-soon')).toBe(true);
    expect(asked).toEqual(['monitor', 'power']);
    expect(await dismissWithFeatures(features, 'nobody-owns-this')).toBe(false);
  });

  it('refuse two features answering one command, and a contract command nobody answers', () => {
    const a: Feature = { name: 'a', handlers: { getState: async () => base } };
    const b: Feature = { name: 'b', handlers: { getState: async () => base } };
    expect(() => featureHandlers([a, b])).toThrow(/b answers getState/);
    expect(() => completeHandlers(featureHandlers([a]))).toThrow(/no feature answers .*refresh/);
  });

  it('add each feature\'s own key to status --json', () => {
    const power: Feature = { name: 'power', handlers: {}, statusFields: () => ({ power: { supported: false } }) };
    const doctor: Feature = { name: 'doctor', handlers: {}, statusFields: (state) => ({ doctor: { devices: state.devices.length } }) };
    expect(statusFieldsOf([power, { name: 'setup', handlers: {} }, doctor], base)).toEqual({ power: { supported: false }, doctor: { devices: base.devices.length } });
  });

  it('start in list order and stop in reverse', async () => {
    const order: string[] = [];
    const feature = (name: string): Feature => ({ name, handlers: {}, start: () => void order.push(`start ${name}`), stop: async () => void order.push(`stop ${name}`) });
    const features = [feature('monitor'), feature('power'), feature('inference')];
    await startFeatures(features);
    await stopFeatures(features);
    expect(order).toEqual(['start monitor', 'start power', 'start inference', 'stop inference', 'stop power', 'stop monitor']);
  });
});
