// Web mode end to end for the power features: the real core over the WebSocket bridge, the device
// simulator, and a power port whose sleep timer and idle time the test controls.
import { describe, expect, it } from 'vitest';
import { lastState, startWebMode, until } from './web-harness';

const STEP_MS = 120_000;

describe('power features in web mode', () => {
  it('shows the sleep countdown while an eGPU is attached and idle sleep is near', async () => {
    const h = await startWebMode();
    const state = await until(() => h.states.find((s) => s.power?.warning), 'the sleep warning');
    expect(state.power?.supported).toBe(true);
    expect(state.power?.secondsToSleep).toBe(60);
    expect(state.power?.sleepTimerMin).toBe(2);
    expect(state.hazards.map((hazard) => hazard.id)).toContain('sleep-soon');
    expect(state.tray).toBe('ok');
    const warned = await until(() => h.events.find((e) => e.kind === 'sleep-soon'), 'the sleep-soon event');
    expect(warned.message).toMatch(/^Mac sleeps in/);
    expect(h.notifications.some((n) => n.id.startsWith('sleep-soon'))).toBe(true);

    // Keep awake while attached: the warning gives way to "Sleep prevented by …".
    const kept = await h.page.setKeepAwake({ mode: 'while-attached' });
    expect(kept.power?.keepAwake).toMatchObject({ mode: 'while-attached', holding: true });
    const prevented = await until(() => (lastState(h)?.power?.preventedLine ? lastState(h) : null), 'the prevented line');
    expect(prevented.power?.warning).toBe(false);
    expect(prevented.hazards.map((hazard) => hazard.id)).not.toContain('sleep-soon');
    expect((await h.page.getSettings({})).power.keepAwake).toBe('while-attached');
  });

  it('resume with the eGPU → "eGPU is back" and no warning; resume without it → critical warning and a notification', async () => {
    const h = await startWebMode();
    await until(() => lastState(h)?.devices.length === 1, 'the device');

    h.advance(STEP_MS);
    h.port.emit('suspend');
    h.advance(STEP_MS);
    h.port.emit('resume');
    const back = await until(() => h.events.find((e) => e.kind === 'woke' && e.severity === 'info' && e.message.startsWith('eGPU is back')), 'eGPU is back');
    expect(back.deviceKey).toBe('NVIDIA GeForce RTX 4090#0');
    const calm = await h.page.getState({});
    expect(calm.hazards.filter((hazard) => hazard.severity === 'critical')).toEqual([]);
    expect(h.notifications.filter((n) => n.severity === 'critical')).toEqual([]);

    h.advance(STEP_MS);
    h.port.emit('suspend');
    await h.scenario('absent');
    h.advance(STEP_MS);
    h.port.emit('resume');
    const lost = await until(() => h.events.find((e) => e.kind === 'woke' && e.severity === 'critical'), 'the critical wake event');
    expect(lost.message).toContain('did not come back after sleep');
    const state = await until(() => (lastState(h)?.hazards.some((hazard) => hazard.severity === 'critical') ? lastState(h) : null), 'the critical warning in the page');
    const critical = state.hazards.find((hazard) => hazard.severity === 'critical');
    expect(critical?.title).toBe('eGPU did not come back after sleep');
    // The critical warning replaces the monitor's milder "did not come back" one.
    expect(state.hazards.map((hazard) => hazard.id)).not.toContain('hot-plug-missing-after-wake:NVIDIA GeForce RTX 4090#0');
    expect(h.notifications.some((n) => n.severity === 'critical' && n.title === 'eGPU did not come back after sleep')).toBe(true);
  });

  it('keeps the Mac awake from the start when the saved mode says so', async () => {
    const h = await startWebMode({ settings: { power: { keepAwake: 'while-attached' } } });
    const state = await until(() => (lastState(h)?.power?.preventedLine ? lastState(h) : null), 'the prevented line');
    expect(state.power?.keepAwake).toMatchObject({ mode: 'while-attached', holding: true });
    expect(state.power?.preventedLine).toBe('Sleep prevented by eGPU Companion');
    expect(state.hazards.map((hazard) => hazard.id)).not.toContain('sleep-soon');
  });
});
