// Property tests: whatever pmset or ioreg prints, no power parser throws and every answer is
// well-formed (a number in range or unknown).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseHidIdleSeconds, parsePmsetAssertions, parsePmsetBatt, parsePmsetSettings } from '../../../src/core/power/parsers';
import { forecastIdleSleep } from '../../../src/core/power/forecast';
import { powerFixture, powerFixtureFiles } from '../../fixtures/power/fixtures';

const NUM_RUNS = 300;
const minutes = z.number().int().nonnegative().nullable();

const SettingsShape = z.object({ sleepTimerMin: minutes, sleepDisabled: z.boolean().nullable(), displaySleepMin: minutes }).strict();
const AssertionsShape = z.object({
  preventUserIdleSystemSleep: z.boolean().nullable(),
  preventSystemSleep: z.boolean().nullable(),
  assertions: z.array(z.object({ pid: z.number().int().nullable(), process: z.string().min(1), type: z.string(), name: z.string().nullable() })),
});
const BatteryShape = z.object({ onBattery: z.boolean().nullable(), percent: z.number().min(0).max(100).nullable(), state: z.string().min(1).nullable() });
const IdleShape = z.number().nonnegative().finite().nullable();

const TOKENS = [
  'System-wide power settings:', 'Currently in use:', ' sleep', ' sleep ', 'Sleep On Power Button', 'SleepDisabled', '\t', ' displaysleep',
  '10', '0', '1', '-1', '1e400', '9'.repeat(30), '(sleep prevented by powerd)', 'Assertion status system-wide:', 'Listed by owning process:',
  'PreventUserIdleSystemSleep', 'PreventSystemSleep', '   pid 42(', 'caffeinate', '): [0x1] 00:01:02 ', ' named: "x"', 'Kernel Assertions:',
  "Now drawing from '", 'Battery Power', 'AC Power', "'", '%; ', 'discharging', '"HIDIdleTime" = ', '\n', ' ', '\r\n',
];

const lookalike = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((parts) => parts.join(''));
const anyText = fc.oneof(fc.string({ maxLength: 400 }), fc.string({ unit: 'grapheme', maxLength: 200 }), lookalike);

function mutations(file: string): fc.Arbitrary<string> {
  const text = powerFixture(file);
  return fc.tuple(fc.nat(text.length), fc.nat(40), anyText).map(([at, cut, insert]) => text.slice(0, at) + insert + text.slice(at + cut));
}

const PARSERS: Array<{ name: string; prefix: string; parse: (s: string) => unknown; shape: z.ZodType }> = [
  { name: 'parsePmsetSettings', prefix: 'pmset-g-', parse: parsePmsetSettings, shape: SettingsShape },
  { name: 'parsePmsetAssertions', prefix: 'pmset-assertions-', parse: parsePmsetAssertions, shape: AssertionsShape },
  { name: 'parsePmsetBatt', prefix: 'pmset-batt-', parse: parsePmsetBatt, shape: BatteryShape },
  { name: 'parseHidIdleSeconds', prefix: 'ioreg-', parse: parseHidIdleSeconds, shape: IdleShape },
];

describe.each(PARSERS)('$name', ({ prefix, parse, shape }) => {
  it('never throws and always answers a well-formed value, for random and mutated output', () => {
    const files = powerFixtureFiles(prefix);
    expect(files.length).toBeGreaterThan(0);
    const inputs = fc.oneof(anyText, ...files.map(mutations));
    fc.assert(
      fc.property(inputs, (input) => {
        shape.parse(parse(input));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe('forecast from garbage', () => {
  it('is a well-formed forecast whatever the commands printed', () => {
    fc.assert(
      fc.property(anyText, anyText, anyText, (g, a, i) => {
        const forecast = forecastIdleSleep({ sleep: parsePmsetSettings(g), assertions: parsePmsetAssertions(a), idleSec: parseHidIdleSeconds(i) });
        if (forecast.kind === 'counting') expect(forecast.secondsToSleep).toBeGreaterThanOrEqual(0);
        expect(['unknown', 'never', 'prevented', 'counting']).toContain(forecast.kind);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
