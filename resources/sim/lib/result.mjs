// @ts-check
// What a simulated tool produces: finished output, or a process that keeps running.

/**
 * @typedef {object} ToolResult
 * @property {string | Uint8Array} stdout
 * @property {string} stderr
 * @property {number} exitCode
 */

/**
 * A tool that stays up (like `TinyGPU server`); `start` returns once it is serving.
 * @typedef {object} LongRunning
 * @property {() => Promise<void>} start
 * @property {string} banner  The first thing it prints, used when a crash cuts it short.
 */

/** @typedef {ToolResult | LongRunning} ToolOutcome */

/** @typedef {(argv: readonly string[], world: import('./world.mjs').World) => ToolOutcome} Tool */

/**
 * @param {string | Uint8Array} stdout
 * @param {number} [exitCode]
 * @returns {ToolResult}
 */
export function printed(stdout, exitCode = 0) {
  return { stdout, stderr: '', exitCode };
}

/**
 * @param {string} stderr
 * @param {number} exitCode
 * @param {string} [stdout]
 * @returns {ToolResult}
 */
export function failed(stderr, exitCode, stdout = '') {
  return { stdout, stderr, exitCode };
}

/**
 * @param {ToolOutcome} outcome
 * @returns {outcome is LongRunning}
 */
export function isLongRunning(outcome) {
  return 'start' in outcome;
}
