// The demo Mac behind `serve --demo`: a minute of countdown to idle sleep, then the user "comes back"
// and a quiet minute follows, so the demo shows both the warning and the calm state.
import { describe, expect, it } from 'vitest';
import { forecastIdleSleep } from '../../../src/core/power/forecast';
import { createDemoPowerPort } from '../../../src/core/sim/demo-power-port';

async function secondsToSleepAt(elapsedSec: number): Promise<number | null> {
  let now = 1_000_000;
  const port = createDemoPowerPort(() => now);
  now += elapsedSec * 1000;
  const [sleep, assertions, idleSec] = await Promise.all([port.readSleepSettings(), port.readAssertions(), port.idleSeconds()]);
  const forecast = forecastIdleSleep({ sleep, assertions, idleSec });
  return forecast.kind === 'counting' ? forecast.secondsToSleep : null;
}

describe('the demo power port', () => {
  it('counts down from a minute at once, then has a quiet minute once the user comes back, and repeats', async () => {
    expect(await secondsToSleepAt(0)).toBe(60);
    expect(await secondsToSleepAt(45)).toBe(15);
    // The timer would have fired: idle time starts over, sleep is two minutes away again.
    expect(await secondsToSleepAt(60)).toBe(120);
    expect(await secondsToSleepAt(90)).toBe(90);
    expect(await secondsToSleepAt(125)).toBe(55);
  });

  it('holds no countdown while something keeps the Mac awake', async () => {
    const port = createDemoPowerPort();
    const hold = port.holdAwake('keep awake');
    const [sleep, assertions, idleSec] = await Promise.all([port.readSleepSettings(), port.readAssertions(), port.idleSeconds()]);
    expect(forecastIdleSleep({ sleep, assertions, idleSec })).toEqual({ kind: 'prevented', preventedBy: ['eGPU Companion'] });
    hold?.release();
    expect((await port.readAssertions()).preventUserIdleSystemSleep).toBe(false);
  });
});
