// The plain-Node port reads the simulator's pmset and ioreg (demo mode) without trouble.
import { describe, expect, it } from 'vitest';
import { nullLogger } from '../../../src/core/platform/logger';
import { forecastIdleSleep } from '../../../src/core/power/forecast';
import { createNodePowerPort } from '../../../src/core/power/node-port';
import { simToolPaths } from '../../../src/core/sim/sim-control';

describe('power port on the simulator', () => {
  it('is supported and yields a forecast', async () => {
    const sim = simToolPaths();
    const port = await createNodePowerPort({
      paths: { pmset: sim.pmset, ioreg: sim.ioreg, caffeinate: '/nonexistent/caffeinate' },
      timeoutMs: 10_000,
      maxOutputBytes: 1024 * 1024,
      logger: nullLogger,
    });
    expect(port.supported).toBe(true);
    const [sleep, assertions, idleSec, battery] = await Promise.all([port.readSleepSettings(), port.readAssertions(), port.idleSeconds(), port.readBattery()]);
    expect(sleep.sleepTimerMin).not.toBeNull();
    expect(assertions.preventUserIdleSystemSleep).not.toBeNull();
    expect(idleSec).not.toBeNull();
    expect(battery.onBattery).not.toBeNull();
    expect(forecastIdleSleep({ sleep, assertions, idleSec }).kind).not.toBe('unknown');
    expect(port.holdAwake('demo')).toBeNull();
  });
});
