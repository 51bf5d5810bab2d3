// The exposition text a Prometheus server parses: HELP and TYPE lines, escaping, values.
import { describe, expect, it } from 'vitest';
import { escapeHelp, escapeLabelValue, formatExposition, formatValue } from '../../../src/core/metrics/prometheus-text';

describe('Prometheus text format', () => {
  it('writes HELP and TYPE before the samples of each family, and ends with a newline', () => {
    const text = formatExposition([
      { name: 'egpu_devices', type: 'gauge', help: 'External GPUs.', samples: [{ value: 1 }] },
      { name: 'egpu_link_width', type: 'gauge', help: 'PCIe lanes.', samples: [{ labels: { device: '0', name: 'RTX 4090' }, value: 4 }] },
    ]);
    expect(text).toBe(
      [
        '# HELP egpu_devices External GPUs.',
        '# TYPE egpu_devices gauge',
        'egpu_devices 1',
        '# HELP egpu_link_width PCIe lanes.',
        '# TYPE egpu_link_width gauge',
        'egpu_link_width{device="0",name="RTX 4090"} 4',
        '',
      ].join('\n'),
    );
  });

  it('keeps HELP and TYPE for a family with no samples', () => {
    expect(formatExposition([{ name: 'egpu_hazard_active', type: 'gauge', help: 'Active.', samples: [] }])).toBe('# HELP egpu_hazard_active Active.\n# TYPE egpu_hazard_active gauge\n');
  });

  it('escapes backslash, double quote and line feed in label values', () => {
    expect(escapeLabelValue('C:\\models\\"big"\nnext')).toBe('C:\\\\models\\\\\\"big\\"\\nnext');
    const text = formatExposition([{ name: 'egpu_x', type: 'gauge', help: 'x', samples: [{ labels: { model: 'a"b\\c\nd' }, value: 2 }] }]);
    expect(text).toContain('egpu_x{model="a\\"b\\\\c\\nd"} 2');
    expect(text.split('\n')).toHaveLength(4); // HELP, TYPE, one sample, final newline
  });

  it('escapes backslash and line feed in HELP but leaves quotes alone', () => {
    expect(escapeHelp('a "b" \\ c\nd')).toBe('a "b" \\\\ c\\nd');
  });

  it('writes special values the way Prometheus reads them', () => {
    expect([NaN, Infinity, -Infinity, 0.5, 42].map(formatValue)).toEqual(['NaN', '+Inf', '-Inf', '0.5', '42']);
  });

  it('refuses invalid metric and label names and a family listed twice', () => {
    expect(() => formatExposition([{ name: 'egpu-bad', type: 'gauge', help: '', samples: [] }])).toThrow(/metric name/);
    expect(() => formatExposition([{ name: 'egpu_x', type: 'gauge', help: '', samples: [{ labels: { 'bad-label': 'v' }, value: 1 }] }])).toThrow(/label name/);
    const family = { name: 'egpu_x', type: 'gauge' as const, help: '', samples: [] };
    expect(() => formatExposition([family, family])).toThrow(/twice/);
  });
});
