// @ts-check
// Turns a state file into the machine the tools describe, so every tool tells the same story.
import { GPU_PRESETS, H100_NVL } from './presets.mjs';

/**
 * @typedef {'arch-garbage' | 'rpc-timeout' | 'server-no-driver' | '3d-controller' | 'leftover-driver-processes' | 'docker-missing' | 'usb3-slow-link'} DoctorScenario
 * @typedef {'connected' | 'absent' | 'driver-not-loaded' | 'awaiting-approval' | 'degraded-link' | DoctorScenario} DeviceScenario
 */

/**
 * What the doctor's stand-ins answer: the compute check's outcome (tools/python3.mjs), the copy rate
 * it measures, docker's daemon, the card's PCI class, the registry's IODEXTMatchCount, how many driver
 * processes run, and a connection label that overrides the Thunderbolt one.
 * @typedef {object} DoctorFacts
 * @property {'pass' | 'arch-garbage' | 'rpc-timeout' | 'driver-not-available' | 'no-devices' | 'docker-stopped'} compute
 * @property {number} copyGBps
 * @property {boolean} dockerRunning
 * @property {number} pciClass
 * @property {boolean} dextMatched
 * @property {number} driverProcesses
 * @property {string | null} connection
 */

/**
 * @typedef {object} Link
 * @property {3 | 4} thunderbolt   Thunderbolt generation the guide's CLI names.
 * @property {number} pcieWidth
 * @property {number} pcieGen
 * @property {number} portGbps     Negotiated Thunderbolt speed.
 * @property {1 | 2} laneCount     Thunderbolt lanes in use (Current Link Width 0x1 / 0x2).
 */

/**
 * @typedef {object} World
 * @property {DeviceScenario} scenario
 * @property {import('./presets.mjs').GpuPreset} gpu
 * @property {boolean} deviceOnBus       The GPU shows up on PCI / Thunderbolt at all.
 * @property {'enabled' | 'waiting-for-user' | null} extension  The dext's systemextensionsctl row.
 * @property {boolean} driverBound       The dext runs and is bound to the GPU (`ioreg -n tinygpu`).
 * @property {Link} link                 Meaningful only when deviceOnBus.
 * @property {boolean} tinygradRunning
 * @property {number} vramUsedMB
 * @property {number} utilizationPct
 * @property {number} sleepMinutes
 * @property {number} idleSeconds
 * @property {boolean} caffeinate
 * @property {DoctorFacts} doctor
 */

/** @type {Link} */
const HEALTHY_LINK = { thunderbolt: 4, pcieWidth: 4, pcieGen: 4, portGbps: 40, laneCount: 2 };
/** Degraded: a Thunderbolt 3 link trained down to one PCIe 3.0 lane on a single 20 Gb/s lane. */
/** @type {Link} */
const DEGRADED_LINK = { thunderbolt: 3, pcieWidth: 1, pcieGen: 3, portGbps: 20, laneCount: 1 };

/** VRAM a loaded model holds when tinygrad runs and the state file does not say. */
const DEFAULT_VRAM_USED_MB = 5632;
const BUSY_UTILIZATION_PCT = 37;

/**
 * @param {import('./state.mjs').SimState} state
 * @param {DeviceScenario} scenario  The device scenario to describe (failure scenarios borrow `connected`).
 * @returns {World}
 */
export function worldFor(state, scenario) {
  const gpu = scenario === '3d-controller' ? H100_NVL : GPU_PRESETS[state.gpu];
  const doctor = doctorFacts(scenario);
  const driverBound = scenario !== 'absent' && scenario !== 'driver-not-loaded' && scenario !== 'awaiting-approval' && scenario !== 'server-no-driver' && scenario !== '3d-controller';
  const baseLink = scenario === 'degraded-link' ? DEGRADED_LINK : HEALTHY_LINK;
  // A card never trains faster than it can: an RTX 2080 links at Gen3 even in a Gen4 tunnel.
  const link = { ...baseLink, pcieGen: Math.min(baseLink.pcieGen, gpu.maxPcieGen) };
  // In the doctor's scenarios nothing else holds the card, so its compute check can run.
  const tinygradRunning = state.tinygradRunning ?? (driverBound && !(scenario in DOCTOR_FACTS));
  const computing = tinygradRunning && driverBound;
  return {
    scenario,
    gpu,
    deviceOnBus: scenario !== 'absent',
    extension: scenario === 'driver-not-loaded' ? null : scenario === 'awaiting-approval' ? 'waiting-for-user' : 'enabled',
    driverBound,
    link,
    tinygradRunning,
    vramUsedMB: state.vramUsedMB ?? (computing ? DEFAULT_VRAM_USED_MB : 0),
    utilizationPct: computing ? BUSY_UTILIZATION_PCT : 0,
    sleepMinutes: state.sleepMinutes ?? 10,
    idleSeconds: state.idleSeconds ?? 68.130403958,
    caffeinate: state.caffeinate ?? false,
    doctor,
  };
}

/** Practical copy rates from the field notes: TB3/4 tunnels about 3.1 GB/s, tinygrad's USB3 path about 0.28. */
const TB4_COPY_GBPS = 3.1;

/** @type {DoctorFacts} */
const HEALTHY = { compute: 'pass', copyGBps: TB4_COPY_GBPS, dockerRunning: true, pciClass: 0x030000, dextMatched: true, driverProcesses: 1, connection: null };

/** @type {Readonly<Record<DoctorScenario, Partial<DoctorFacts>>>} */
const DOCTOR_FACTS = Object.freeze({
  'arch-garbage': { compute: 'arch-garbage' },
  'rpc-timeout': { compute: 'rpc-timeout' },
  'server-no-driver': { compute: 'driver-not-available', driverProcesses: 0 },
  '3d-controller': { compute: 'no-devices', pciClass: 0x030200, dextMatched: false, driverProcesses: 0 },
  'leftover-driver-processes': { driverProcesses: 25 },
  'docker-missing': { compute: 'docker-stopped', dockerRunning: false },
  'usb3-slow-link': { copyGBps: 0.277, connection: 'USB 3.2 Gen 2 (10 Gb/s, no PCIe tunnel)' },
});

/**
 * @param {DeviceScenario} scenario
 * @returns {DoctorFacts}
 */
function doctorFacts(scenario) {
  if (scenario in DOCTOR_FACTS) return { ...HEALTHY, ...DOCTOR_FACTS[/** @type {DoctorScenario} */ (scenario)] };
  if (scenario === 'absent') return { ...HEALTHY, compute: 'no-devices', dextMatched: false, driverProcesses: 0 };
  if (scenario === 'driver-not-loaded' || scenario === 'awaiting-approval') return { ...HEALTHY, compute: 'driver-not-available', dextMatched: false, driverProcesses: 0 };
  if (scenario === 'degraded-link') return { ...HEALTHY, copyGBps: 0.8 };
  return HEALTHY;
}

/**
 * `Thunderbolt 4 (PCIe x4 Gen4)`, the guide's connection label.
 * @param {Link} link
 */
export function connectionLabel(link) {
  return `Thunderbolt ${link.thunderbolt} (PCIe x${link.pcieWidth} Gen${link.pcieGen})`;
}
