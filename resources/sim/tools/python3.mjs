// @ts-check
// A python3 with tinygrad for the eGPU doctor's demo: the tinygrad version query, and the doctor's
// compute check answered as the scenario says — [5 7 9] and copy rates, or the error text tinygrad
// prints in the field reports (tinygrad#15652, #16476).
import { printed } from '../lib/result.mjs';

const TINYGRAD_VERSION = '0.12.0';
/** The check takes a moment on a real card; the demo shows it running. */
const COMPUTE_MS = 1200;

/** @param {string} device */
function traceback(device) {
  return ['Traceback (most recent call last):', '  File "<string>", line 4, in <module>', `  File "/opt/homebrew/lib/python3.12/site-packages/tinygrad/runtime/ops_${device === 'AMD' ? 'amd' : 'nv'}.py", line 655, in __init__`];
}

/**
 * @param {import('../lib/world.mjs').World} world
 * @param {string} device
 * @returns {{ stdout: string, stderr: string, exitCode: number }}
 */
export function computeAnswer(world, device) {
  const tb = traceback(device).join('\n');
  switch (world.doctor.compute) {
    case 'pass': {
      const up = world.doctor.copyGBps;
      const down = up * 0.93;
      return {
        stdout: `[5 7 9]\negpu-doctor: first-kernel-sec 2.418\negpu-doctor: host-to-device-gbps ${up.toFixed(3)}\negpu-doctor: device-to-host-gbps ${down.toFixed(3)}\n`,
        stderr: '',
        exitCode: 0,
      };
    }
    case 'arch-garbage':
      return { stdout: '', stderr: `${tb}\n  File "/opt/homebrew/lib/python3.12/site-packages/tinygrad/runtime/support/nv/nvdev.py", line 212, in _early_ip_init\n    self.chip_name = {0x17: "GA1", 0x19: "AD1", 0x1b: "GB2"}[self.reg("NV_PMC_BOOT_42").read_bitfields()['architecture']]\nKeyError: 63\n`, exitCode: 1 };
    case 'rpc-timeout':
      return { stdout: 'WPR2 is up. Issuing a full reset.\n', stderr: `${tb}\n  File "/opt/homebrew/lib/python3.12/site-packages/tinygrad/runtime/support/nv/ip.py", line 388, in init_golden_image\nRuntimeError: Timeout waiting for RPC response for command 103\n`, exitCode: 1 };
    case 'driver-not-available':
      return { stdout: '', stderr: `${tb}\nRuntimeError: RPC failed: Driver not available. Check: System Report > PCI for GPU, System Settings > Privacy & Security.\n`, exitCode: 1 };
    case 'no-devices':
      return { stdout: '', stderr: `${tb}\nRuntimeError: ${device}:0 does not exist (0 devices available)\n`, exitCode: 1 };
    case 'docker-stopped':
      return {
        stdout: '',
        stderr: `docker: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n${tb}\n  File "/opt/homebrew/lib/python3.12/site-packages/tinygrad/runtime/support/compiler_cuda.py", line 41, in compile\nsubprocess.CalledProcessError: Command '['docker', 'run', '--rm', '-i', 'ghcr.io/tinygrad/cuda-arm64']' returned non-zero exit status 125.\n`,
        exitCode: 1,
      };
  }
}

/** @type {import('../lib/result.mjs').Tool} */
export function python3(argv, world) {
  const [flag, script = ''] = argv;
  if (flag === '--version') return printed(`Python 3.12.4\n`);
  if (flag !== '-c') return { stdout: '', stderr: `python3: can't open file '${flag ?? ''}': [Errno 2] No such file or directory\n`, exitCode: 2 };
  if (script.includes('find_spec')) return printed(`${TINYGRAD_VERSION}\n`);
  if (!script.includes('egpu-doctor:')) return printed('');
  const device = process.env['DEV'] === 'AMD' ? 'AMD' : 'NV';
  const answer = computeAnswer(world, device);
  return {
    banner: answer.stdout || answer.stderr,
    start: async () => {
      await new Promise((resolve) => setTimeout(resolve, COMPUTE_MS));
      process.stdout.write(answer.stdout);
      process.stderr.write(answer.stderr);
      process.exitCode = answer.exitCode;
    },
  };
}
