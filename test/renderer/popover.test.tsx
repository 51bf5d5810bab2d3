// The popover as a user sees it, against a fake CompanionApi (no transport at all).
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppState, Device } from '../../src/core/api/schemas';
import { bindApi, useUi } from '../../src/renderer/src/store';
import { Popover } from '../../src/renderer/src/views/Popover';
import { createFakeApi, SAMPLE_STATE, type FakeApi } from '../fakes/fake-api';

const RTX_4090: Device = {
  key: 'NVIDIA GeForce RTX 4090#0',
  index: 0,
  name: 'NVIDIA GeForce RTX 4090',
  vendor: 'nvidia',
  vendorId: null,
  deviceId: null,
  vramTotalMB: 24576,
  vramType: 'GDDR6X',
  vramUsedMB: 6144,
  vramUsedSource: 'ollama',
  utilizationPct: null,
  link: { kind: 'thunderbolt4', label: 'Thunderbolt 4 (PCIe x4 Gen4)', pcieWidth: 4, pcieGen: 4, up: true },
  driver: { state: 'ready', name: 'TinyGPU', version: '1.0.2', signing: 'Apple Signed', detail: null },
  extra: {},
};

const CONNECTED: AppState = { ...SAMPLE_STATE, devices: [RTX_4090] };

let fake: FakeApi;
let unbind: () => void;

function setup(state: AppState, replies: Parameters<typeof createFakeApi>[0] = {}) {
  fake = createFakeApi({
    getState: () => state,
    getAppInfo: () => ({ name: 'eGPU Companion', version: '0.1.0', transport: 'direct', demo: false, platform: 'darwin-arm64', dataDir: '/tmp' }),
    getEventLog: () => [],
    ...replies,
  });
  unbind = bindApi(fake.api);
  render(<Popover />);
}

beforeEach(() => useUi.setState({ state: null, events: [], actionError: null, busy: false }));
afterEach(() => {
  cleanup();
  unbind?.();
});

describe('popover', () => {
  it('shows the GPU card: name, VRAM in use, link badge and driver', async () => {
    setup(CONNECTED);
    expect(await screen.findByTestId('gpu-name')).toHaveProperty('textContent', 'NVIDIA GeForce RTX 4090');
    expect(screen.getByTestId('gpu-vram').textContent).toBe('6 GB of 24 GB GDDR6X in use · by Ollama models');
    expect(screen.getByRole('meter', { name: 'VRAM in use' }).getAttribute('aria-valuetext')).toBe('25%');
    expect(screen.getByTestId('gpu-link').textContent).toBe('Thunderbolt 4 · PCIe x4 Gen4');
    expect(screen.getByTestId('gpu-driver').textContent).toBe('TinyGPU 1.0.2 (Apple Signed) — ready');
    expect(screen.getByTestId('tray-state').textContent).toBe('Ready');
  });

  it('offers setup when no eGPU is connected and the driver is not set up', async () => {
    setup({ ...SAMPLE_STATE, tray: 'disconnected', summary: 'TinyGPU driver not installed', driver: { ...SAMPLE_STATE.driver, state: 'not-installed' } });
    expect(await screen.findByTestId('no-device')).toBeTruthy();
    expect(screen.getAllByRole('button', { name: /Set up eGPU/ })).toHaveLength(1);
    expect(screen.getByTestId('tray-state').textContent).toBe('Disconnected');
  });

  it('does not offer setup to someone who only unplugged the eGPU', async () => {
    setup({ ...SAMPLE_STATE, tray: 'disconnected', summary: 'No eGPU connected' });
    expect(await screen.findByTestId('no-device')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Set up eGPU/ })).toBeNull();
    expect(screen.getByTestId('verdict').textContent).toBe('No eGPU connected');
  });

  it('lists hazards with their actions and runs them through the api', async () => {
    setup(
      {
        ...CONNECTED,
        tray: 'warning',
        hazards: [
          {
            id: 'driver-awaiting-approval',
            severity: 'warning',
            title: 'TinyGPU is waiting for your approval',
            why: 'Toggle TinyGPU on in System Settings.',
            actions: [
              { kind: 'open-url', label: 'Open System Settings', url: 'x-apple.systempreferences:com.apple.LoginItems-Settings.extension' },
              { kind: 'refresh', label: 'Check again' },
            ],
            since: 1,
          },
        ],
      },
      { openExternal: () => ({ opened: true }) },
    );
    const hazard = await screen.findByTestId('hazard');
    expect(within(hazard).getByText('TinyGPU is waiting for your approval')).toBeTruthy();
    // One line until the user asks for the details.
    expect(within(hazard).queryByText('Toggle TinyGPU on in System Settings.')).toBeNull();
    fireEvent.click(within(hazard).getByRole('button', { name: 'Details' }));
    expect(within(hazard).getByText('Toggle TinyGPU on in System Settings.')).toBeTruthy();
    await act(async () => fireEvent.click(within(hazard).getByRole('button', { name: 'Open System Settings' })));
    expect(fake.calls.find((call) => call.command === 'openExternal')?.input).toEqual({ url: 'x-apple.systempreferences:com.apple.LoginItems-Settings.extension' });
    await act(async () => fireEvent.click(within(hazard).getByRole('button', { name: 'Check again' })));
    expect(fake.calls.some((call) => call.command === 'refresh')).toBe(true);
  });

  it('updates live when the core pushes a new state', async () => {
    setup(CONNECTED);
    await screen.findByTestId('gpu-name');
    act(() => fake.emit('state', { ...SAMPLE_STATE, tray: 'disconnected', summary: 'No eGPU connected' }));
    expect(screen.queryByTestId('gpu-name')).toBeNull();
    expect(screen.getByTestId('tray-state').textContent).toBe('Disconnected');
  });

  it('shows the probe error line when the status cannot be read', async () => {
    setup({ ...SAMPLE_STATE, tray: 'unknown', summary: "Can't read the eGPU status", probe: { ...SAMPLE_STATE.probe, error: 'tinygpu list did not answer within 3 s' } });
    expect((await screen.findByTestId('probe-error')).textContent).toBe('tinygpu list did not answer within 3 s');
  });

  it('tells the user when an action fails', async () => {
    setup(CONNECTED, { refresh: () => Promise.reject(new Error('lost the connection to eGPU Companion')) });
    await screen.findByTestId('gpu-name');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Refresh' })));
    expect(screen.getByRole('alert').textContent).toBe('lost the connection to eGPU Companion');
  });
});
