// @ts-check
// Stand-ins for the macOS commands eGPU Companion runs. Each executable in ./bin calls
// main(<tool>, argv); the scenario comes from the JSON file named by $EGPU_SIM_STATE and is
// re-read on every run, so a test or the demo can flip it between polls. Imports stay light:
// tools load on demand so each run starts in a few tens of milliseconds.
import { crash, flood, garbage, hang } from './lib/failure-modes.mjs';
import { isLongRunning } from './lib/result.mjs';
import { replayRecorder } from './lib/replay.mjs';
import { loadState } from './lib/state.mjs';
import { worldFor } from './lib/world.mjs';

/** @typedef {import('./lib/result.mjs').Tool} Tool */

/** Tool name (the executable's name) → module and export. */
const TOOLS = /** @type {const} */ ({
  tinygpu: ['./tools/tinygpu.mjs', 'tinygpu'],
  TinyGPU: ['./tools/tinygpu-app.mjs', 'tinygpuApp'],
  systemextensionsctl: ['./tools/systemextensionsctl.mjs', 'systemextensionsctl'],
  system_profiler: ['./tools/system-profiler.mjs', 'systemProfiler'],
  ioreg: ['./tools/ioreg.mjs', 'ioreg'],
  ps: ['./tools/ps.mjs', 'ps'],
  'nvidia-smi': ['./tools/nvidia-smi.mjs', 'nvidiaSmi'],
  pmset: ['./tools/pmset.mjs', 'pmset'],
  sw_vers: ['./tools/macos-facts.mjs', 'swVers'],
  sysctl: ['./tools/macos-facts.mjs', 'sysctl'],
  python3: ['./tools/python3.mjs', 'python3'],
  docker: ['./tools/docker.mjs', 'docker'],
});

/** @typedef {keyof typeof TOOLS} ToolName */
export const TOOL_NAMES = /** @type {ToolName[]} */ (Object.keys(TOOLS));

/**
 * @param {string} toolName
 * @returns {Promise<Tool>}
 */
async function loadTool(toolName) {
  const spec = TOOLS[/** @type {ToolName} */ (toolName)];
  if (!spec) throw new Error(`egpu-sim: unknown tool ${toolName}`);
  const module = /** @type {Record<string, Tool>} */ (await import(spec[0]));
  const tool = module[spec[1]];
  if (!tool) throw new Error(`egpu-sim: ${spec[0]} does not export ${spec[1]}`);
  return tool;
}

/**
 * Runs one simulated tool invocation in this process: prints, then sets the exit code (or
 * hangs, crashes, floods, or keeps serving, as the scenario says).
 * @param {string} toolName
 * @param {readonly string[]} argv
 * @returns {Promise<void>}
 */
export async function main(toolName, argv) {
  const remember = replayRecorder(process.env, toolName, argv);
  const { state, warning } = loadState(process.env);
  if (warning) process.stderr.write(warning);
  const tool = await loadTool(toolName);
  switch (state.scenario) {
    case 'hung':
      return hang();
    case 'flood':
      return flood();
    case 'garbage':
      process.stdout.write(garbage(toolName));
      return;
    case 'crashing': {
      // Cut the tool's normal first line in half, as if it died mid-write.
      const outcome = tool(argv, worldFor(state, 'connected'));
      const text = isLongRunning(outcome) ? outcome.banner : String(outcome.stdout || outcome.stderr);
      const firstLine = text.split('\n')[0] ?? '';
      return crash(firstLine.slice(0, Math.max(1, Math.floor(firstLine.length / 2))));
    }
    default: {
      const outcome = tool(argv, worldFor(state, state.scenario));
      if (isLongRunning(outcome)) return outcome.start();
      if (outcome.stdout.length > 0) process.stdout.write(outcome.stdout);
      if (outcome.stderr.length > 0) process.stderr.write(outcome.stderr);
      // Byte output (not text) is never replayed: the shell could not reproduce it exactly.
      if (!warning && typeof outcome.stdout === 'string' && typeof outcome.stderr === 'string') {
        remember({ stdout: outcome.stdout, stderr: outcome.stderr, exitCode: outcome.exitCode });
      }
      // exitCode (not process.exit) so piped output is flushed before the process ends.
      process.exitCode = outcome.exitCode;
    }
  }
}
