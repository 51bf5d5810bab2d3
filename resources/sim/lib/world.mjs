// @ts-check
// Turns a state file into the machine the tools describe, so every tool tells the same story.
import { GPU_PRESETS } from './presets.mjs';

/** @typedef {'connected' | 'absent' | 'driver-not-loaded' | 'awaiting-approval' | 'degraded-link'} DeviceScenario */

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
  const gpu = GPU_PRESETS[state.gpu];
  const driverBound = scenario === 'connected' || scenario === 'degraded-link';
  const baseLink = scenario === 'degraded-link' ? DEGRADED_LINK : HEALTHY_LINK;
  // A card never trains faster than it can: an RTX 2080 links at Gen3 even in a Gen4 tunnel.
  const link = { ...baseLink, pcieGen: Math.min(baseLink.pcieGen, gpu.maxPcieGen) };
  const tinygradRunning = state.tinygradRunning ?? driverBound;
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
  };
}

/**
 * `Thunderbolt 4 (PCIe x4 Gen4)`, the guide's connection label.
 * @param {Link} link
 */
export function connectionLabel(link) {
  return `Thunderbolt ${link.thunderbolt} (PCIe x${link.pcieWidth} Gen${link.pcieGen})`;
}
