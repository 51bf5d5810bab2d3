#!/usr/bin/env node
// @ts-check
// Flips the device simulator at run time:
//   node resources/sim/simctl.mjs <state-file> <scenario> [--gpu <preset>] [--vram-used <MB>]
//        [--tinygrad on|off] [--sleep-minutes <n>] [--idle-seconds <n>] [--caffeinate on|off]
//   node resources/sim/simctl.mjs <state-file> show
// Fields not given keep their current value. The file is replaced atomically (temp + rename),
// so a tool starting mid-write reads either the old state or the new one.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_STATE, GPU_IDS, SCENARIOS, parseStateText, validateState } from './lib/state.mjs';

const USAGE = [
  'usage: simctl.mjs <state-file> <scenario> [--gpu <preset>] [--vram-used <MB>] [--tinygrad on|off]',
  '                  [--sleep-minutes <n>] [--idle-seconds <n>] [--caffeinate on|off]',
  '       simctl.mjs <state-file> show',
  `scenarios: ${SCENARIOS.join(', ')}`,
  `gpus: ${GPU_IDS.join(', ')}`,
  '',
].join('\n');

/** Option → [state field, converter]. */
const OPTIONS = /** @type {Record<string, [string, (value: string) => unknown]>} */ ({
  '--gpu': ['gpu', (value) => value],
  '--vram-used': ['vramUsedMB', Number],
  '--tinygrad': ['tinygradRunning', (value) => (value === 'on' ? true : value === 'off' ? false : value)],
  '--sleep-minutes': ['sleepMinutes', Number],
  '--idle-seconds': ['idleSeconds', Number],
  '--caffeinate': ['caffeinate', (value) => (value === 'on' ? true : value === 'off' ? false : value)],
});

/**
 * @param {string} file
 * @returns {import('./lib/state.mjs').SimState}
 */
function readCurrent(file) {
  /** @type {string} */
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { ...DEFAULT_STATE };
  }
  const parsed = parseStateText(text);
  if (parsed.ok) return parsed.state;
  process.stderr.write(`simctl: replacing unusable state file ${file}: ${parsed.reason}\n`);
  return { ...DEFAULT_STATE };
}

/** @param {string} file @param {string} text */
function writeAtomically(file, text) {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, text, { mode: 0o644 });
    renameSync(temp, file);
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * @param {readonly string[]} argv
 * @returns {number} exit code
 */
export function simctl(argv) {
  const [file, command, ...rest] = argv;
  if (file === undefined || command === undefined) {
    process.stderr.write(USAGE);
    return 2;
  }
  const current = readCurrent(file);
  if (command === 'show') {
    process.stdout.write(`${JSON.stringify(current, null, 2)}\n`);
    return 0;
  }
  /** @type {Record<string, unknown>} */
  const next = { ...current, scenario: command };
  for (let index = 0; index < rest.length; index += 2) {
    const option = OPTIONS[rest[index] ?? ''];
    const value = rest[index + 1];
    if (!option || value === undefined) {
      process.stderr.write(USAGE);
      return 2;
    }
    next[option[0]] = option[1](value);
  }
  const checked = validateState(next);
  if (!checked.ok) {
    process.stderr.write(`simctl: ${checked.reason}\n${USAGE}`);
    return 2;
  }
  writeAtomically(file, `${JSON.stringify(checked.state, null, 2)}\n`);
  process.stdout.write(`simulator: ${checked.state.scenario} (${checked.state.gpu})\n`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = simctl(process.argv.slice(2));
}
