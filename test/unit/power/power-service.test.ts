// PowerService end to end with a fake port and a fake clock: what the popover, tray and
// notifications would show as idle time passes, the user comes back, or the Mac sleeps.
import { describe, expect, it } from 'vitest';
import { PowerSettingsSchema, type PowerSettings } from '../../../src/core/api/power';
import { nullLogger } from '../../../src/core/platform/logger';
import type { EgpuContext } from '../../../src/core/power/around-sleep';
import { PowerService, type PowerServiceEvent } from '../../../src/core/power/power-service';
import { FakeClock, FakePowerPort, NO_EGPU, RTX_ATTACHED } from './fakes';

const MIN = 60_000;

function setup(options: { egpu?: EgpuContext; settings?: Partial<PowerSettings>; afterWake?: () => EgpuContext } = {}) {
  const clock = new FakeClock();
  const port = new FakePowerPort(clock);
  const events: PowerServiceEvent[] = [];
  const world = { egpu: options.egpu ?? RTX_ATTACHED };
  const afterWake = options.afterWake;
  const service = new PowerService({
    port,
    clock,
    egpu: () => world.egpu,
    ...(afterWake ? { egpuAfterWake: async () => afterWake() } : {}),
    emit: (e) => events.push(e),
    settings: PowerSettingsSchema.parse(options.settings ?? {}),
    logger: nullLogger,
  });
  const of = <K extends PowerServiceEvent['kind']>(kind: K) => events.filter((e): e is Extract<PowerServiceEvent, { kind: K }> => e.kind === kind);
  return { clock, port, events, world, service, of };
}

describe('PowerService: the sleep warning', () => {
  it('counts down to idle sleep and warns inside the lead time, running nothing far from it', async () => {
    const { clock, port, service, of } = setup();
    service.start();
    await clock.advance(0);
    expect(service.state().status.secondsToSleep).toBe(600);
    const readsAtStart = port.reads.idle;

    // Far from the deadline: no reads (no processes) for minutes.
    await clock.advance(8 * MIN);
    expect(port.reads.idle).toBe(readsAtStart);
    expect(of('sleep-soon')).toHaveLength(0);

    // Timer 10 min, idle 9 min 30 s → 30 s left and the hazard.
    await clock.advance(90_000);
    expect(service.state().status.secondsToSleep).toBe(30);
    expect(service.state().hazards.map((h) => [h.id, h.severity])).toEqual([['sleep-soon', 'warning']]);
    expect(of('sleep-soon')).toHaveLength(1);
    expect(of('notify')[0]?.notification.actions.map((a) => a.id)).toEqual(['keep-awake-while-attached', 'keep-awake-1h', 'let-it-sleep']);

    // The countdown is live: a few seconds later it says so, still one warning event.
    await clock.advance(10_000);
    expect(service.state().status.secondsToSleep).toBe(20);
    expect(of('sleep-soon')).toHaveLength(1);
    service.stop();
  });

  it('clears the warning within seconds when the user comes back', async () => {
    const { clock, port, service } = setup();
    service.start();
    await clock.advance(9.5 * MIN);
    expect(service.state().hazards.map((h) => h.id)).toContain('sleep-soon');
    port.input();
    await clock.advance(3_000);
    expect(service.state().hazards).toEqual([]);
    expect(service.state().status.secondsToSleep).toBeGreaterThan(590);
    service.stop();
  });

  it('does not warn when something prevents sleep, and says what', async () => {
    const { clock, port, service, of } = setup();
    port.assertions = {
      preventUserIdleSystemSleep: true,
      preventSystemSleep: false,
      assertions: [
        { pid: 3627, process: 'caffeinate', type: 'PreventUserIdleSystemSleep', name: null },
        { pid: 500, process: 'Music', type: 'PreventUserIdleSystemSleep', name: null },
      ],
    };
    service.start();
    await clock.advance(20 * MIN);
    expect(of('sleep-soon')).toHaveLength(0);
    expect(service.state().status.preventedBy).toEqual(['caffeinate', 'Music']);
    expect(service.state().preventedLine).toBe('Sleep prevented by caffeinate, Music');
    service.stop();
  });

  it('does not warn with SleepDisabled or a timer of 0', async () => {
    for (const sleep of [{ sleepTimerMin: 10, sleepDisabled: true, displaySleepMin: 1 }, { sleepTimerMin: 0, sleepDisabled: false, displaySleepMin: 1 }]) {
      const { clock, port, service, of } = setup();
      port.sleep = sleep;
      service.start();
      await clock.advance(30 * MIN);
      expect(of('sleep-soon')).toHaveLength(0);
      expect(service.state().status.secondsToSleep).toBeNull();
      service.stop();
    }
  });

  it('without an eGPU: no warning and no timer at all', async () => {
    const { clock, service, of } = setup({ egpu: NO_EGPU });
    service.start();
    await clock.advance(0);
    expect(clock.pending()).toBe(0);
    await clock.advance(30 * MIN);
    expect(of('sleep-soon')).toHaveLength(0);
    service.stop();
  });

  it('starts watching when an eGPU arrives', async () => {
    const { clock, service, world, of } = setup({ egpu: NO_EGPU });
    service.start();
    await clock.advance(5 * MIN);
    world.egpu = RTX_ATTACHED;
    service.egpuChanged();
    await clock.advance(5 * MIN);
    expect(of('sleep-soon')).toHaveLength(1);
    service.stop();
  });

  it('uses the lead time from settings and can skip the notification', async () => {
    const { clock, service, of } = setup({ settings: { leadTimeSec: 120, notifySleepSoon: false } });
    service.start();
    await clock.advance(8 * MIN + 5_000);
    expect(of('sleep-soon')[0]?.secondsToSleep).toBeLessThanOrEqual(120);
    expect(of('sleep-soon')[0]?.secondsToSleep).toBeGreaterThan(110);
    expect(of('notify')).toHaveLength(0);
    service.stop();
  });

  it('is silent and says unsupported where the port is', async () => {
    const { clock, port, service, of } = setup();
    port.supported = false;
    service.start();
    await clock.advance(30 * MIN);
    expect(service.state().status.supported).toBe(false);
    expect(of('sleep-soon')).toHaveLength(0);
    expect(port.reads.idle).toBe(0);
    service.stop();
  });
});

describe('PowerService: notification actions and keep awake', () => {
  it('"Keep awake for 1 hour" holds at once, clears the warning, and lets go after the hour', async () => {
    const { clock, port, service, of } = setup();
    service.start();
    await clock.advance(9.5 * MIN);
    service.handleNotificationAction('keep-awake-1h');
    expect(port.liveHolds).toBe(1);
    expect(service.state().hazards).toEqual([]);
    expect(service.state().status.keepAwake).toEqual({ mode: 'until', until: clock.now() + 60 * MIN, holding: true });
    await clock.advance(60 * MIN);
    expect(port.liveHolds).toBe(0);
    expect(of('keep-awake-changed').at(-1)?.keepAwake.mode).toBe('off');
    service.stop();
  });

  it('"Keep awake while the eGPU is attached" releases when it is unplugged', async () => {
    const { clock, port, service, world } = setup();
    service.start();
    await clock.advance(9.5 * MIN);
    service.handleNotificationAction('keep-awake-while-attached');
    expect(port.liveHolds).toBe(1);
    world.egpu = NO_EGPU;
    service.egpuChanged();
    expect(port.liveHolds).toBe(0);
    expect(port.holdsStarted).toBe(1);
    service.stop();
  });

  it('"Let it sleep" hides the warning for this countdown only', async () => {
    const { clock, port, service, of } = setup();
    service.start();
    await clock.advance(9.5 * MIN);
    service.handleNotificationAction('let-it-sleep');
    expect(service.state().hazards).toEqual([]);
    await clock.advance(10_000);
    expect(service.state().hazards).toEqual([]);
    port.input();
    await clock.advance(10 * MIN);
    expect(of('sleep-soon')).toHaveLength(2);
    service.stop();
  });

  it('"Let it sleep" lasts the whole idle period: a failed reading or a passing assertion does not bring it back', async () => {
    const { clock, port, service, of } = setup({ settings: { leadTimeSec: 300 } });
    service.start();
    await clock.advance(5.5 * MIN);
    expect(of('sleep-soon')).toHaveLength(1);
    service.handleNotificationAction('let-it-sleep');
    port.unknownIdleReads = 1;
    await clock.advance(62_000);
    expect(service.state().status.secondsToSleep).toBe(208);
    expect(service.state().hazards).toEqual([]);
    port.assertions = { preventUserIdleSystemSleep: true, preventSystemSleep: false, assertions: [{ pid: 500, process: 'Music', type: 'PreventUserIdleSystemSleep', name: null }] };
    await clock.advance(11_000);
    expect(service.state().status.preventedBy).toEqual(['Music']);
    port.assertions = { preventUserIdleSystemSleep: false, preventSystemSleep: false, assertions: [] };
    await clock.advance(61_000);
    expect(service.state().status.secondsToSleep).not.toBeNull();
    expect(service.state().hazards).toEqual([]);
    expect(of('sleep-soon')).toHaveLength(1);
    expect(of('notify')).toHaveLength(1);
    service.stop();
  });

  it('the popover\'s "Let it sleep" (dismissing the hazard) and the notification\'s are the same choice', async () => {
    const { clock, port, service, of } = setup();
    service.start();
    await clock.advance(9.5 * MIN);
    service.handleNotificationAction('let-it-sleep');
    port.input();
    await clock.advance(9.5 * MIN);
    expect(of('sleep-soon')).toHaveLength(2);
    expect(of('notify').map((e) => e.notification.actions.map((a) => a.label))).toEqual([
      ['Keep awake while the eGPU is attached', 'Keep awake for 1 hour', 'Let it sleep'],
      ['Keep awake while the eGPU is attached', 'Keep awake for 1 hour', 'Let it sleep'],
    ]);
    service.stop();
  });

  it('keep-awake from settings holds while in use only', async () => {
    const { clock, port, service, world } = setup({ settings: { keepAwake: 'while-in-use' } });
    service.start();
    await clock.advance(0);
    expect(port.liveHolds).toBe(0);
    world.egpu = { ...RTX_ATTACHED, users: ['python3 (pid 4242)'] };
    service.egpuChanged();
    expect(port.liveHolds).toBe(1);
    service.updateSettings(PowerSettingsSchema.parse({ keepAwake: 'off' }));
    expect(port.liveHolds).toBe(0);
    service.stop();
  });

  it('quit releases the holder, the listeners and every timer', async () => {
    const { clock, port, service } = setup({ settings: { keepAwake: 'while-attached' } });
    service.start();
    await clock.advance(0);
    expect(port.liveHolds).toBe(1);
    service.stop();
    expect(port.liveHolds).toBe(0);
    expect(port.listenerCount()).toBe(0);
    expect(clock.pending()).toBe(0);
  });

  it('a shutdown event releases the holder too', async () => {
    const { clock, port, service } = setup({ settings: { keepAwake: 'while-attached' } });
    service.start();
    await clock.advance(0);
    port.emit('shutdown');
    expect(port.liveHolds).toBe(0);
  });
});

describe('PowerService: around sleep', () => {
  const USED = { ...RTX_ATTACHED, users: ['python3 (pid 4242)'] };

  it('eGPU missing after wake → critical, naming what was running', async () => {
    const { clock, port, service, world, of } = setup({ egpu: USED, afterWake: () => NO_EGPU });
    service.start();
    await clock.advance(1_000);
    port.emit('suspend');
    world.egpu = NO_EGPU;
    await clock.advance(60 * MIN);
    port.emit('resume');
    await clock.advance(0);
    const [woke] = of('woke');
    expect(woke?.results[0]).toMatchObject({ severity: 'critical', outcome: 'missing' });
    expect(woke?.results[0]?.message).toContain('python3 (pid 4242)');
    service.stop();
  });

  it('eGPU back after wake → one quiet info event, even with a duplicate resume', async () => {
    const { clock, port, service, of } = setup({ afterWake: () => RTX_ATTACHED });
    service.start();
    port.emit('suspend');
    port.emit('resume');
    port.emit('resume');
    await clock.advance(0);
    expect(of('woke')).toHaveLength(1);
    expect(of('woke')[0]?.results).toEqual([{ severity: 'info', outcome: 'back', message: 'RTX 4090 is back after sleep.', deviceKey: 'nvidia:2684:0' }]);
    service.stop();
  });

  it('a resume without a suspend event (plain Node) compares with the last state seen awake', async () => {
    const { clock, port, service, of } = setup({ afterWake: () => NO_EGPU });
    service.start();
    await clock.advance(1_000);
    port.emit('resume');
    await clock.advance(0);
    expect(of('woke')[0]?.results[0]?.outcome).toBe('missing');
    service.stop();
  });

  it('nothing to compare when no eGPU was attached', async () => {
    const { clock, port, service, of } = setup({ egpu: NO_EGPU });
    service.start();
    port.emit('suspend');
    port.emit('resume');
    await clock.advance(0);
    expect(of('woke')).toHaveLength(0);
    service.stop();
  });

  it('on battery with an eGPU → info hazard; back on AC → gone', async () => {
    const { clock, port, service } = setup();
    service.start();
    await clock.advance(0);
    port.emit('on-battery');
    expect(service.state().hazards.map((h) => [h.id, h.severity])).toEqual([['power-on-battery', 'info']]);
    expect(service.state().status.onBattery).toBe(true);
    port.emit('on-ac');
    expect(service.state().hazards).toEqual([]);
    service.stop();
  });
});

describe('PowerService: after "for a set time"', () => {
  it('returns to the keep-awake mode kept in settings', async () => {
    const { clock, port, service, of } = setup({ settings: { keepAwake: 'while-in-use' } });
    service.start();
    await clock.advance(0);
    service.setKeepAwake('until', clock.now() + 30 * MIN);
    expect(port.liveHolds).toBe(1);
    await clock.advance(30 * MIN);
    expect(service.state().status.keepAwake.mode).toBe('while-in-use');
    expect(port.liveHolds).toBe(0);
    expect(of('keep-awake-changed').at(-1)?.keepAwake.mode).toBe('while-in-use');
    service.stop();
  });

  it('reads nothing for minutes while music keeps the Mac awake and the user was just active', async () => {
    const { clock, port, service } = setup();
    port.assertions = { preventUserIdleSystemSleep: true, preventSystemSleep: false, assertions: [{ pid: 500, process: 'Music', type: 'PreventUserIdleSystemSleep', name: null }] };
    service.start();
    await clock.advance(0);
    const reads = port.reads.idle;
    await clock.advance(8 * MIN);
    expect(port.reads.idle).toBe(reads);
    service.stop();
  });
});
