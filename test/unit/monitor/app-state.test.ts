import { describe, expect, it } from 'vitest';
import { AppStateSchema, type AppState } from '../../../src/core/api/schemas';
import { deviceSummary, shortGpuName } from '../../../src/core/api/present';
import { toAppState } from '../../../src/core/monitor/app-state';
import { deriveHazards } from '../../../src/core/monitor/hazards';
import { initialMonitorState } from '../../../src/core/monitor/monitor-state';
import {
  MINUTE,
  SECOND,
  T0,
  ctx,
  driver,
  failed,
  finalOf,
  link,
  rtx3090,
  rtx4090,
  runPolls,
  seen,
  type Step,
} from '../../builders/monitor';

const EXTRAS = { notices: [], demo: null, intervalMs: 2_000 };

function appStateAfter(steps: Step[]): AppState {
  const { state, hazards } = finalOf(runPolls(steps));
  return AppStateSchema.parse(toAppState(state, hazards, EXTRAS));
}

describe('toAppState', () => {
  it('is unknown before the first snapshot', () => {
    const state = initialMonitorState();
    const result = AppStateSchema.parse(toAppState(state, deriveHazards(state, ctx()), EXTRAS));
    expect(result).toMatchObject({ tray: 'unknown', summary: 'Checking the eGPU…', devices: [] });
  });

  it('shows a healthy eGPU as ok with a one-line summary', () => {
    const result = appStateAfter([seen(T0 + SECOND, [rtx4090()])]);
    expect(result).toMatchObject({ tray: 'ok', summary: 'RTX 4090 · 24 GB · TB4 x4 Gen4', hazards: [] });
    expect(result.devices).toHaveLength(1);
    expect(result.probe).toEqual({ lastAt: T0 + SECOND, source: 'tinygpu', error: null, consecutiveFailures: 0, intervalMs: 2_000 });
  });

  it('shows no eGPU as disconnected', () => {
    expect(appStateAfter([seen(T0 + SECOND, [])])).toMatchObject({ tray: 'disconnected', summary: 'No eGPU connected' });
  });

  it('says what the driver needs when there is no eGPU to show', () => {
    expect(appStateAfter([seen(T0 + SECOND, [], { driver: driver('awaiting-approval') })]).summary).toBe('TinyGPU driver waiting for approval in System Settings');
    expect(appStateAfter([seen(T0 + SECOND, [], { driver: driver('not-installed') })]).summary).toBe('TinyGPU driver not installed');
  });

  it('leads with a critical problem when no eGPU is left', () => {
    const result = appStateAfter([seen(T0 + SECOND, [rtx4090()]), seen(T0 + 5 * MINUTE, [])]);
    expect(result).toMatchObject({ tray: 'disconnected', summary: 'eGPU disconnected while in use' });
  });

  it('shows a warning tray and names the problem when something is wrong', () => {
    const result = appStateAfter([seen(T0 + SECOND, [rtx4090({ link: link({ pcieWidth: 1 }) })])]);
    expect(result).toMatchObject({ tray: 'warning', summary: 'RTX 4090: eGPU link is slower than expected' });
  });

  it('stays ok when the only hazards are information', () => {
    expect(appStateAfter([seen(T0 + SECOND, [rtx4090()], { driver: driver('activating') })]).tray).toBe('ok');
  });

  it('is unknown while the probe fails, with the error as the summary and no devices', () => {
    const result = appStateAfter([seen(T0 + SECOND, [rtx4090()]), failed(T0 + 3 * SECOND)]);
    expect(result).toMatchObject({
      tray: 'unknown',
      summary: "Can't read the eGPU status: tinygpu did not answer within 3 s",
      devices: [],
    });
    expect(result.probe.error).toBe('tinygpu did not answer within 3 s');
  });

  it('mentions further GPUs', () => {
    const second = rtx3090({ index: 1, key: 'other' });
    expect(appStateAfter([seen(T0 + SECOND, [rtx4090(), second])]).summary).toBe('RTX 4090 · 24 GB · TB4 x4 Gen4 (+1 more)');
  });

  it('passes notices and demo through', () => {
    const { state, hazards } = finalOf(runPolls([seen(T0 + SECOND, [])]));
    const notice = { id: 'n', level: 'info' as const, message: 'hello' };
    const result = toAppState(state, hazards, { notices: [notice], demo: { scenario: 'absent' }, intervalMs: 5_000 });
    expect(AppStateSchema.parse(result)).toMatchObject({ notices: [notice], demo: { scenario: 'absent' }, probe: { intervalMs: 5_000 } });
  });
});

describe('device texts', () => {
  it('shortens marketing names', () => {
    expect(shortGpuName('NVIDIA GeForce RTX 4090')).toBe('RTX 4090');
    expect(shortGpuName('AMD Radeon RX 7900 XTX')).toBe('RX 7900 XTX');
    expect(shortGpuName('Intel Arc B580')).toBe('Arc B580');
    expect(shortGpuName('NVIDIA')).toBe('NVIDIA');
  });

  it('rounds VRAM to GB and leaves out what is unknown', () => {
    expect(deviceSummary(rtx4090({ vramTotalMB: 12288 }))).toBe('RTX 4090 · 12 GB · TB4 x4 Gen4');
    expect(deviceSummary(rtx4090({ vramTotalMB: 1536 }))).toBe('RTX 4090 · 1.5 GB · TB4 x4 Gen4');
    expect(deviceSummary(rtx4090({ vramTotalMB: null }))).toBe('RTX 4090 · TB4 x4 Gen4');
  });
});
