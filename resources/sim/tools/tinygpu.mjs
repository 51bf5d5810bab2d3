// @ts-check
// The guide's `tinygpu` CLI. Only `tinygpu list` is documented (one sample, for an RTX 4090);
// the messages for "no device", "driver not loaded" and "awaiting approval" are this
// simulator's choice and are listed in resources/sim/README.md.
import { GUIDE_DRIVER_LABEL } from '../lib/presets.mjs';
import { failed, printed } from '../lib/result.mjs';
import { connectionLabel } from '../lib/world.mjs';

const USAGE = 'usage: tinygpu <command>\n\ncommands:\n  list    List connected external GPUs\n';
const USAGE_EXIT = 2;

export const NO_DEVICES = 'No devices found.\n';
export const DRIVER_NOT_LOADED =
  'Error: TinyGPU driver is not loaded. Load it with: sudo kextload /Library/Extensions/TinyGPU.kext\n';
export const AWAITING_APPROVAL =
  'Error: TinyGPU driver is awaiting approval. Open System Settings > Privacy & Security and click "Allow".\n';

/** @type {import('../lib/result.mjs').Tool} */
export function tinygpu(argv, world) {
  if (argv.length !== 1 || argv[0] !== 'list') return failed(USAGE, USAGE_EXIT);
  if (world.extension === null) return failed(DRIVER_NOT_LOADED, 1);
  if (world.extension === 'waiting-for-user') return failed(AWAITING_APPROVAL, 1);
  if (!world.deviceOnBus) return printed(NO_DEVICES);
  const { gpu } = world;
  return printed(
    [
      `Device 0: ${gpu.name}`,
      `  VRAM: ${gpu.vramMB} MB ${gpu.vramType}`,
      `  Driver: ${GUIDE_DRIVER_LABEL}`,
      `  Connection: ${world.doctor.connection ?? connectionLabel(world.link)}`,
      '',
    ].join('\n'),
  );
}
