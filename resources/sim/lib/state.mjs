// @ts-check
// The simulator's state file: which scenario the tools act out, for which GPU. Read on every
// invocation, so flipping the file changes the very next run. Kept in step with
// src/core/sim/sim-control.ts (tests check every scenario and GPU there is accepted here).
import { readFileSync } from 'node:fs';

export const STATE_ENV = 'EGPU_SIM_STATE';

export const SCENARIOS = /** @type {const} */ ([
  'connected',
  'absent',
  'driver-not-loaded',
  'awaiting-approval',
  'degraded-link',
  // What the eGPU doctor tells apart (see README): each has its own compute-check answer.
  'arch-garbage',
  'rpc-timeout',
  'server-no-driver',
  '3d-controller',
  'leftover-driver-processes',
  'docker-missing',
  'usb3-slow-link',
  'hung',
  'crashing',
  'garbage',
  'flood',
]);

export const GPU_IDS = /** @type {const} */ (['rtx4090', 'rtx3090', 'rtx5090', 'rx7900xtx', 'rtx2080']);

/** @typedef {typeof SCENARIOS[number]} Scenario */
/** @typedef {typeof GPU_IDS[number]} GpuId */

/**
 * @typedef {object} SimState
 * @property {Scenario} scenario
 * @property {GpuId} gpu
 * @property {number} [vramUsedMB]      VRAM in use as nvidia-smi reports it.
 * @property {boolean} [tinygradRunning] Whether a tinygrad process and its `TinyGPU server` run.
 * @property {number} [sleepMinutes]    `pmset -g` sleep timer (0 = never).
 * @property {number} [idleSeconds]     User idle time behind `HIDIdleTime`.
 * @property {boolean} [caffeinate]     A `caffeinate` process holds PreventUserIdleSystemSleep (`pmset -g assertions`).
 */

/** @type {Readonly<SimState>} */
export const DEFAULT_STATE = Object.freeze({ scenario: 'connected', gpu: 'rtx4090' });

/** @typedef {{ ok: true, state: SimState } | { ok: false, reason: string }} StateParse */

/**
 * Validates a state document. Unknown keys are ignored so older simulators accept newer files.
 * @param {unknown} value
 * @returns {StateParse}
 */
export function validateState(value) {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'expected a JSON object' };
  }
  const record = /** @type {Record<string, unknown>} */ (value);
  const scenario = record['scenario'];
  if (!isOneOf(SCENARIOS, scenario)) {
    return { ok: false, reason: `unknown scenario ${JSON.stringify(scenario)} (expected one of ${SCENARIOS.join(', ')})` };
  }
  const gpu = record['gpu'] ?? DEFAULT_STATE.gpu;
  if (!isOneOf(GPU_IDS, gpu)) {
    return { ok: false, reason: `unknown gpu ${JSON.stringify(gpu)} (expected one of ${GPU_IDS.join(', ')})` };
  }
  /** @type {SimState} */
  const state = { scenario, gpu };
  for (const key of /** @type {const} */ (['vramUsedMB', 'idleSeconds'])) {
    const field = record[key];
    if (field === undefined) continue;
    if (typeof field !== 'number' || !Number.isFinite(field) || field < 0) {
      return { ok: false, reason: `${key} must be a number >= 0` };
    }
    state[key] = field;
  }
  const sleepMinutes = record['sleepMinutes'];
  if (sleepMinutes !== undefined) {
    if (typeof sleepMinutes !== 'number' || !Number.isInteger(sleepMinutes) || sleepMinutes < 0) {
      return { ok: false, reason: 'sleepMinutes must be a whole number >= 0' };
    }
    state.sleepMinutes = sleepMinutes;
  }
  for (const key of /** @type {const} */ (['tinygradRunning', 'caffeinate'])) {
    const field = record[key];
    if (field === undefined) continue;
    if (typeof field !== 'boolean') return { ok: false, reason: `${key} must be true or false` };
    state[key] = field;
  }
  return { ok: true, state };
}

/**
 * Parses the text of a state file.
 * @param {string} text
 * @returns {StateParse}
 */
export function parseStateText(text) {
  /** @type {unknown} */
  let value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  return validateState(value);
}

/**
 * The state the tools act out. Never throws: no variable or no file means `connected`; a file
 * that cannot be used also means `connected`, plus a warning for stderr.
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ state: SimState, warning: string | null }}
 */
export function loadState(env) {
  const file = env[STATE_ENV];
  if (!file) return { state: { ...DEFAULT_STATE }, warning: null };
  /** @type {string} */
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = /** @type {NodeJS.ErrnoException} */ (error).code;
    if (code === 'ENOENT') return { state: { ...DEFAULT_STATE }, warning: null };
    return { state: { ...DEFAULT_STATE }, warning: warningFor(file, String(code ?? error)) };
  }
  const parsed = parseStateText(text);
  if (parsed.ok) return { state: parsed.state, warning: null };
  return { state: { ...DEFAULT_STATE }, warning: warningFor(file, parsed.reason) };
}

/**
 * @param {string} file
 * @param {string} reason
 */
function warningFor(file, reason) {
  return `egpu-sim: ignoring state file ${file}: ${reason}; acting out "connected"\n`;
}

/**
 * @template {string} T
 * @param {readonly T[]} options
 * @param {unknown} value
 * @returns {value is T}
 */
function isOneOf(options, value) {
  return typeof value === 'string' && /** @type {readonly string[]} */ (options).includes(value);
}
