// @ts-check
// `nvidia-smi --query-gpu=<fields> --format=csv[,noheader][,nounits]` and `nvidia-smi -L`.
// Exit codes follow NVIDIA's documentation: 2 invalid argument, 6 no device, 9 driver not loaded.
import { failed, printed } from '../lib/result.mjs';

const INVALID_ARGS = "Invalid combination of input arguments. Please run 'nvidia-smi -h' for help.\n";
const NO_DEVICES = 'No devices were found\n';
const NO_DRIVER =
  "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. " +
  'Make sure that the latest NVIDIA driver is installed and running.\n';
const EXIT = Object.freeze({ invalidArgument: 2, notFound: 6, driverNotLoaded: 9 });

/** @typedef {import('../lib/world.mjs').World} World */
/** @typedef {{ unit: string, value: (world: World) => string }} Field */

/** The link generation/width "max" is what this GPU in this system can reach: the tunnel's x4. */
/** @type {Record<string, Field>} */
const FIELDS = {
  index: { unit: '', value: () => '0' },
  name: { unit: '', value: (w) => w.gpu.name },
  uuid: { unit: '', value: (w) => `GPU-7c9e2a51-4d1b-8f03-${w.gpu.deviceId.toString(16)}-5e6a1b2c3d4f` },
  driver_version: { unit: '', value: () => '580.82.07' },
  'memory.total': { unit: 'MiB', value: (w) => String(w.gpu.vramMB) },
  'memory.used': { unit: 'MiB', value: (w) => String(Math.round(w.vramUsedMB)) },
  'memory.free': { unit: 'MiB', value: (w) => String(Math.max(0, w.gpu.vramMB - Math.round(w.vramUsedMB))) },
  'utilization.gpu': { unit: '%', value: (w) => String(w.utilizationPct) },
  'temperature.gpu': { unit: '', value: (w) => (w.utilizationPct > 0 ? '61' : '38') },
  'pcie.link.gen.current': { unit: '', value: (w) => String(w.link.pcieGen) },
  'pcie.link.gen.gpucurrent': { unit: '', value: (w) => String(w.link.pcieGen) },
  'pcie.link.width.current': { unit: '', value: (w) => String(w.link.pcieWidth) },
  'pcie.link.gen.max': { unit: '', value: (w) => String(Math.min(4, w.gpu.maxPcieGen)) },
  'pcie.link.gen.gpumax': { unit: '', value: (w) => String(w.gpu.maxPcieGen) },
  'pcie.link.gen.hostmax': { unit: '', value: () => '4' },
  'pcie.link.width.max': { unit: '', value: () => '4' },
};

/**
 * @param {readonly string[]} argv
 * @returns {{ kind: 'list' } | { kind: 'query', fields: string[], header: boolean, units: boolean } | { kind: 'invalid', stderr: string }}
 */
function parseArgs(argv) {
  if (argv.length === 1 && (argv[0] === '-L' || argv[0] === '--list-gpus')) return { kind: 'list' };
  /** @type {string | undefined} */
  let query;
  /** @type {string | undefined} */
  let format;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    const [flag = '', inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = inline ?? argv[index + 1];
    if (flag === '--query-gpu' || flag === '--format') {
      if (value === undefined) return { kind: 'invalid', stderr: INVALID_ARGS };
      if (inline === undefined) index += 1;
      if (flag === '--query-gpu') query = value;
      else format = value;
    } else if ((flag === '-i' || flag === '--id') && value === '0') {
      if (inline === undefined) index += 1;
    } else return { kind: 'invalid', stderr: INVALID_ARGS };
  }
  if (query === undefined || format === undefined) return { kind: 'invalid', stderr: INVALID_ARGS };
  const options = format.split(',').map((option) => option.trim());
  if (!options.includes('csv') || options.some((option) => !['csv', 'noheader', 'nounits'].includes(option))) {
    return { kind: 'invalid', stderr: INVALID_ARGS };
  }
  const fields = query.split(',').map((field) => field.trim());
  const unknown = fields.find((field) => !(field in FIELDS));
  if (unknown !== undefined) {
    return {
      kind: 'invalid',
      stderr: `Field "${unknown}" is not a valid field to query.\n\nPlease run 'nvidia-smi --help-query-gpu' for help.\n`,
    };
  }
  return { kind: 'query', fields, header: !options.includes('noheader'), units: !options.includes('nounits') };
}

/** @type {import('../lib/result.mjs').Tool} */
export function nvidiaSmi(argv, world) {
  const request = parseArgs(argv);
  if (request.kind === 'invalid') return failed(request.stderr, EXIT.invalidArgument);
  // Without the driver running nobody can talk to the card; an AMD card is simply not NVIDIA's.
  if (!world.driverBound && world.deviceOnBus) return printed(NO_DRIVER, EXIT.driverNotLoaded);
  if (!world.driverBound || world.gpu.vendor !== 'nvidia') return printed(NO_DEVICES, EXIT.notFound);
  if (request.kind === 'list') {
    return printed(`GPU 0: ${world.gpu.name} (UUID: ${FIELDS['uuid']?.value(world)})\n`);
  }
  const lines = [];
  if (request.header) {
    lines.push(request.fields.map((name) => (request.units && FIELDS[name]?.unit ? `${name} [${FIELDS[name]?.unit}]` : name)).join(', '));
  }
  lines.push(
    request.fields
      .map((name) => {
        const field = FIELDS[name];
        if (!field) return '[N/A]';
        const value = field.value(world);
        return request.units && field.unit ? `${value} ${field.unit}` : value;
      })
      .join(', '),
  );
  return printed(`${lines.join('\n')}\n`);
}
