// The popover's power line as a user sees it: the live sleep countdown, what prevents sleep,
// keep-awake and prepare to unplug.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppPower } from '../../src/core/api/power';
import type { AppState } from '../../src/core/api/schemas';
import { bindApi, useUi } from '../../src/renderer/src/store';
import { Popover } from '../../src/renderer/src/views/Popover';
import { device } from '../builders/app-state';
import { createFakeApi, SAMPLE_STATE, type FakeApi } from '../fakes/fake-api';

const NOW = 1_800_000_000_000;
const POWER: AppPower = {
  supported: true,
  sleepTimerMin: 2,
  idleSec: 78,
  secondsToSleep: 42,
  preventedBy: [],
  onBattery: false,
  keepAwake: { mode: 'off', until: null, holding: false },
  preventedLine: null,
  at: NOW,
  warning: true,
};

let fake: FakeApi;
let unbind: () => void;

/** The power line is a device-only control: every state here has the eGPU attached. */
function setup(attached: AppState, replies: Parameters<typeof createFakeApi>[0] = {}) {
  const state = { ...attached, devices: [device()] };
  fake = createFakeApi({
    getState: () => state,
    getAppInfo: () => ({ name: 'eGPU Companion', version: '0.1.0', transport: 'direct', demo: false, platform: 'darwin-arm64', dataDir: '/tmp' }),
    getEventLog: () => [],
    setKeepAwake: () => state,
    powerNotificationAction: () => state,
    prepareUnplug: () => ({ checking: false, holders: [], safeToUnplug: true, message: 'Safe to unplug', preparedAt: NOW }),
    ...replies,
  });
  unbind = bindApi(fake.api);
  render(<Popover />);
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(NOW);
  useUi.setState({ state: null, events: [], actionError: null, busy: false });
});
afterEach(() => {
  cleanup();
  unbind?.();
  vi.useRealTimers();
});

describe('power row', () => {
  it('counts down to sleep each second from the reading', async () => {
    setup({ ...SAMPLE_STATE, power: POWER });
    const countdown = await screen.findByTestId('sleep-countdown');
    expect(countdown.textContent).toBe('Sleeps in 0:42');
    expect(countdown.getAttribute('title')).toBe('Closing the lid sleeps the Mac regardless.');
    act(() => vi.advanceTimersByTime(2000));
    expect(screen.getByTestId('sleep-countdown').textContent).toBe('Sleeps in 0:40');
    // The notification's three choices, in the Keep awake pop-up.
    const popUp = screen.getByRole('combobox', { name: 'Keep awake' });
    expect(screen.getByRole('option', { name: 'Let it sleep' })).toBeTruthy();
    for (const value of ['while-attached', 'until', 'let-it-sleep']) {
      await act(async () => fireEvent.change(popUp, { target: { value } }));
    }
    expect(fake.calls.filter((call) => call.command === 'powerNotificationAction').map((call) => call.input)).toEqual([
      { action: 'keep-awake-while-attached' },
      { action: 'keep-awake-1h' },
      { action: 'let-it-sleep' },
    ]);
  });

  it('says what prevents sleep instead of counting down, and sends the keep-awake choice', async () => {
    setup({ ...SAMPLE_STATE, power: { ...POWER, warning: false, secondsToSleep: null, preventedBy: ['caffeinate', 'Music'], preventedLine: 'Sleep prevented by caffeinate, Music' } });
    expect((await screen.findByTestId('sleep-prevented')).textContent).toBe('Sleep prevented by caffeinate, Music');
    expect(screen.queryByTestId('sleep-countdown')).toBeNull();
    await act(async () => fireEvent.change(screen.getByRole('combobox', { name: 'Keep awake' }), { target: { value: 'until' } }));
    expect(fake.calls.find((call) => call.command === 'setKeepAwake')?.input).toEqual({ mode: 'until', hours: 1 });
  });

  it('prepares to unplug and says when it is safe', async () => {
    setup({ ...SAMPLE_STATE, power: { ...POWER, warning: false } });
    await act(async () => fireEvent.click(await screen.findByRole('button', { name: 'Prepare to unplug' })));
    expect(screen.getByTestId('unplug-status').textContent).toBe('Safe to unplug');
  });

  it('lists what holds the eGPU, offers to stop only what the app started, then says safe', async () => {
    const tinygrad = { pid: 900, name: 'tinygrad server', command: 'tinygrad.llm --model llama3.2:1b', ownedByApp: true };
    const python = { pid: 4242, name: 'python3', command: 'python3 train.py', ownedByApp: false };
    const replies = [
      { checking: false, holders: [python, tinygrad], safeToUnplug: false, message: 'In use by python3 (pid 4242), tinygrad server (pid 900): quit them before unplugging', preparedAt: null },
      { checking: false, holders: [], safeToUnplug: true, message: 'Safe to unplug', preparedAt: NOW },
    ];
    setup({ ...SAMPLE_STATE, power: { ...POWER, warning: false } }, { prepareUnplug: () => replies[0], stopUnplugHolder: () => replies[1] });
    await act(async () => fireEvent.click(await screen.findByRole('button', { name: 'Prepare to unplug' })));
    const list = screen.getByTestId('unplug-holders');
    expect(screen.getByTestId('unplug-status').textContent).toBe('Not yet: python3 (pid 4242) and 1 more hold the eGPU');
    expect([...list.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['python3 (pid 4242)Quit it, then check again', 'tinygrad server (pid 900)Stop']);
    expect(screen.getAllByRole('button', { name: 'Stop' })).toHaveLength(1);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Stop' })));
    expect(fake.calls.find((call) => call.command === 'stopUnplugHolder')?.input).toEqual({ pid: 900 });
    expect(screen.getByTestId('unplug-status').textContent).toBe('Safe to unplug');
    expect(screen.queryByTestId('unplug-holders')).toBeNull();
  });

  it('hides itself where the power features are unsupported', async () => {
    setup(SAMPLE_STATE);
    await screen.findByTestId('verdict');
    expect(screen.queryByTestId('power-row')).toBeNull();
  });
});
