// AppState samples for the tray tests, validated against the contract so they cannot drift.
import { AppStateSchema, type AppState, type Device, type Hazard } from '../../src/core/api/schemas';

export function device(overrides: Partial<Device> = {}): Device {
  return {
    key: '10de:2684@0',
    index: 0,
    name: 'NVIDIA GeForce RTX 4090',
    vendor: 'nvidia',
    vendorId: '10de',
    deviceId: '2684',
    vramTotalMB: 24_576,
    vramType: 'GDDR6X',
    vramUsedMB: 3_277,
    vramUsedSource: 'device',
    utilizationPct: 12,
    link: { kind: 'thunderbolt4', label: 'Thunderbolt 4 (PCIe x4 Gen3)', pcieWidth: 4, pcieGen: 3, up: true },
    driver: null,
    extra: {},
    ...overrides,
  };
}

export function hazard(overrides: Partial<Hazard> = {}): Hazard {
  return {
    id: 'link-degraded:10de:2684@0',
    severity: 'warning',
    title: 'The eGPU link is running slower than it should',
    why: 'The link trained at PCIe x1; model loading will be slow.',
    actions: [{ kind: 'refresh', label: 'Check again' }],
    since: 1_700_000_000_000,
    ...overrides,
  };
}

export function appState(overrides: Partial<AppState> = {}): AppState {
  return AppStateSchema.parse({
    tray: 'ok',
    summary: 'RTX 4090 ready over Thunderbolt 4',
    devices: [device()],
    driver: { state: 'ready', name: 'TinyGPU', version: '1.2.0', signing: 'Apple Signed', detail: null },
    health: { driverBound: true, serverRunning: true, deadLink: false, hostArch: 'arm64' },
    hazards: [],
    probe: { lastAt: 1_700_000_000_000, source: 'tinygpu', error: null, consecutiveFailures: 0, intervalMs: 2000 },
    notices: [],
    demo: null,
    ...overrides,
  });
}

export const connectedState = (): AppState => appState();

export const disconnectedState = (): AppState =>
  appState({
    tray: 'disconnected',
    summary: 'No eGPU connected',
    devices: [],
    driver: { state: 'ready', name: 'TinyGPU', version: '1.2.0', signing: 'Apple Signed', detail: null },
  });

export const warningState = (): AppState =>
  appState({
    tray: 'warning',
    summary: 'RTX 4090 — link degraded',
    devices: [device({ link: { kind: 'thunderbolt3', label: '', pcieWidth: 1, pcieGen: 3, up: true } })],
    hazards: [
      hazard(),
      hazard({ id: 'sleep', severity: 'critical', title: 'Sleeping now will drop the GPU', why: 'Models are loaded.' }),
    ],
  });

export const unknownState = (): AppState =>
  appState({
    tray: 'unknown',
    summary: '',
    devices: [],
    driver: { state: 'unknown', name: null, version: null, signing: null, detail: null },
    probe: { lastAt: null, source: null, error: 'tinygpu timed out after 3 s', consecutiveFailures: 3, intervalMs: 2000 },
  });
