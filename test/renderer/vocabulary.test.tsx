// One vocabulary: every driver state, link kind and VRAM figure reads the same in the tray menu,
// the popover's GPU card and `egpu-companion status`.
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DRIVER_STATE_WORDS } from '../../src/core/api/present';
import { DriverStateSchema, LinkKindSchema, type AppState, type Device, type DriverInfo, type Link } from '../../src/core/api/schemas';
import { statusText } from '../../src/cli/status-report';
import { trayMenuTemplate } from '../../src/main/tray-menu';
import { GpuCard } from '../../src/renderer/src/components/GpuCard';
import { appState, device } from '../builders/app-state';

afterEach(cleanup);

const NO_OP = { refresh() {}, openPopover() {}, openSetup() {}, copyDiagnostics() {}, setLaunchAtLogin() {}, quit() {} };

interface Rendered {
  tray: string[];
  popover: { vram: string; link: string; driver: string };
  cli: string[];
}

/** The same device and driver through all three surfaces. */
function renderEverywhere(gpu: Device, driver: DriverInfo): Rendered {
  const state: AppState = appState({ devices: [gpu], driver });
  const tray = trayMenuTemplate(state, NO_OP, { launchAtLogin: false }).flatMap((item) => (item.label ? [item.label] : []));
  render(<GpuCard device={gpu} driver={driver} degraded={false} />);
  const popover = {
    vram: screen.getByTestId('gpu-vram').textContent ?? '',
    link: screen.getByTestId('gpu-link').textContent ?? '',
    driver: screen.getByTestId('gpu-driver').textContent ?? '',
  };
  cleanup();
  return { tray, popover, cli: statusText(state).split('\n') };
}

const READY: DriverInfo = { state: 'ready', name: 'TinyGPU', version: '1.0.2', signing: 'Apple Signed', detail: null };

describe('the same words on every surface', () => {
  it.each(DriverStateSchema.options)('driver state "%s"', (driverState) => {
    const driver: DriverInfo = { ...READY, state: driverState };
    const { tray, popover, cli } = renderEverywhere(device({ driver: null }), driver);
    const words = DRIVER_STATE_WORDS[driverState];
    expect(popover.driver).toBe(`TinyGPU 1.0.2 (Apple Signed) — ${words}`);
    expect(tray).toContain(`Driver: ${popover.driver}`);
    expect(cli).toContain(`  Driver  ${popover.driver}`);
  });

  const links: Link[] = LinkKindSchema.options.flatMap((kind): Link[] => [
    { kind, label: kind === 'unknown' ? 'Mystery bridge (x2)' : '', pcieWidth: 4, pcieGen: 4, up: true },
    { kind, label: '', pcieWidth: null, pcieGen: null, up: false },
    { kind, label: '', pcieWidth: 1, pcieGen: null, up: null },
  ]);

  it.each(links)('link %o', (link) => {
    const { tray, popover, cli } = renderEverywhere(device({ link }), READY);
    expect(popover.link).not.toBe('');
    expect(tray).toContain(`Link: ${popover.link}`);
    expect(cli).toContain(`  Link    ${popover.link}`);
    if (link.up === false) expect(popover.link).toMatch(/\(link down\)$/);
  });

  const figures: Array<[number | null, number | null, Device['vramUsedSource']]> = [
    [24_576, null, null],
    [24_576, 0, 'device'],
    [24_576, 5_632, 'device'],
    [24_576, 12_800, 'ollama'],
    [8_192, 512, 'device'],
    [81_920, 1_023, 'ollama'],
    [16_384, 16_384, 'device'],
  ];

  it.each(figures)('VRAM %s MB total, %s MB in use (%s)', (total, used, source) => {
    const gpu = device({ vramTotalMB: total, vramUsedMB: used, vramUsedSource: source });
    const { tray, popover, cli } = renderEverywhere(gpu, READY);
    const note = source === 'ollama' && used !== null ? ' (by Ollama models)' : '';
    const figure = popover.vram.replace(/ · by Ollama models$/, '');
    expect(figure).toMatch(/^\d+(\.\d)? (MB|GB)( of \d+(\.\d)? (MB|GB))? GDDR6X( in use)?$/);
    expect(tray).toContain(`VRAM: ${figure}${note}`);
    expect(cli).toContain(`  VRAM    ${figure}${note}`);
  });

  it('says the VRAM is unknown the same way where it is shown', () => {
    const { tray, popover, cli } = renderEverywhere(device({ vramTotalMB: null, vramUsedMB: null }), READY);
    expect(popover.vram).toBe('VRAM unknown');
    expect(cli).toContain('  VRAM    VRAM unknown');
    // The tray menu leaves out what it cannot tell.
    expect(tray.some((label) => label.startsWith('VRAM'))).toBe(false);
  });
});
