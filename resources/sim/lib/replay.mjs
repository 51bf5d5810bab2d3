// @ts-check
// Pre-rendered output for the bin/ shell stand-ins: after a normal run, the simulator writes a
// tiny sh fragment next to the state file (`<state>.cache/<tool> <args>.sh`) that prints the same
// stdout/stderr with one printf each and exits with the same code. The stand-in sources it while
// the fragment is newer than the state file, so flipping the scenario invalidates every replay.
import { mkdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** @param {string} file */
function mtimeOf(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    // No state file: nothing to key a replay on.
    return null;
  }
}

/** Single-quoted for sh: ' becomes '\'' . @param {string} text */
function quote(text) {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

/**
 * Call before reading the state; returns the function that stores this run's rendering.
 * @param {NodeJS.ProcessEnv} env
 * @param {string} toolName
 * @param {readonly string[]} argv
 */
export function replayRecorder(env, toolName, argv) {
  const stateFile = env.EGPU_SIM_STATE;
  const key = `${toolName} ${argv.join(' ')}`;
  const before = stateFile ? mtimeOf(stateFile) : null;
  /** @param {{ stdout: string, stderr: string, exitCode: number }} outcome */
  return (outcome) => {
    // Only what the shell can replay byte for byte, for argument lists it can name.
    if (!stateFile || before === null || key.includes('/') || /\0/.test(outcome.stdout + outcome.stderr)) return;
    const dir = `${stateFile}.cache`;
    const target = path.join(dir, `${key}.sh`);
    const lines = [];
    if (outcome.stdout) lines.push(`printf '%s' ${quote(outcome.stdout)}`);
    if (outcome.stderr) lines.push(`printf '%s' ${quote(outcome.stderr)} >&2`);
    lines.push(`exit ${outcome.exitCode}`, '');
    try {
      mkdirSync(dir, { recursive: true });
      const temp = `${target}.${process.pid}.tmp`;
      writeFileSync(temp, lines.join('\n'));
      renameSync(temp, target);
      // The scenario changed while we rendered: this replay may be stale, so drop it.
      if (mtimeOf(stateFile) !== before) unlinkSync(target);
    } catch {
      // A replay is only an optimisation; the next run renders again.
    }
  };
}
