// The popover's first line: the most severe current hazard, never a stale one, or what the state is.
import { describe, expect, it } from 'vitest';
import type { Hazard } from '../../src/core/api/schemas';
import { orderHazards, verdictOf } from '../../src/renderer/src/popover-verdict';
import { appState, device } from '../builders/app-state';

const hazard = (id: string, severity: Hazard['severity'], title: string): Hazard => ({ id, severity, title, why: '', actions: [], since: 1 });
const UNPLUGGED = hazard('hot-plug-lost:gpu-0', 'critical', 'eGPU disconnected while in use');
const NOT_INSTALLED = hazard('driver-not-installed', 'warning', 'TinyGPU driver is not installed');
const LINK = hazard('link-degraded:gpu-0', 'warning', 'eGPU link is slower than expected');
const DEAD = hazard('health-dead-link', 'critical', 'eGPU is not responding: its link is dead');

describe('verdictOf', () => {
  it('says Ready when an eGPU is connected and nothing is wrong', () => {
    expect(verdictOf(appState({ devices: [device()], hazards: [] }), 'open')).toEqual({ text: 'Ready', tone: 'ok' });
  });

  it('after an unplug and then "driver not loaded", heads with the driver, not the old unplug', () => {
    const state = appState({ devices: [], tray: 'disconnected', hazards: [UNPLUGGED, NOT_INSTALLED] });
    expect(verdictOf(state, 'open')).toEqual({ text: 'TinyGPU driver is not installed', tone: 'warning' });
  });

  it('heads with the most severe current hazard', () => {
    expect(verdictOf(appState({ devices: [device()], hazards: [LINK, DEAD] }), 'open').text).toBe('eGPU is not responding: its link is dead');
  });

  it('says why there is nothing to show: connecting, unreadable status', () => {
    expect(verdictOf(null, 'connecting').text).toBe('Connecting…');
    expect(verdictOf(null, 'closed').text).toBe('Reconnecting…');
    const broken = appState({ probe: { lastAt: 1, source: 'tinygpu', error: 'tinygpu list crashed', consecutiveFailures: 3, intervalMs: 2000 } });
    expect(verdictOf(broken, 'open').text).toBe("Can't read the eGPU status");
  });
});

describe('orderHazards', () => {
  it('puts current hazards before past events, most severe first', () => {
    expect(orderHazards([LINK, UNPLUGGED, NOT_INSTALLED, DEAD]).map((h) => h.id)).toEqual([DEAD.id, LINK.id, NOT_INSTALLED.id, UNPLUGGED.id]);
  });
});
