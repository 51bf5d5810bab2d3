// The compute check: the Python it runs and what its output says. tinygrad adds two small tensors
// on the eGPU (the field's smallest end-to-end test), then copies 256 MB each way and times it.
import type { CopyRates } from '../api/doctor';
import { normaliseOutput } from './failure-matcher';

/** Copied each way to measure the link; large enough that the tunnel, not the call, dominates. */
export const COPY_BYTES = 256 * 1024 * 1024;

// Our own result lines start with this, so tinygrad's output can never be mistaken for them.
const TAG = 'egpu-doctor:';

export const COMPUTE_SCRIPT = [
  'import time',
  't0 = time.perf_counter()',
  'from tinygrad import Tensor, Device',
  'print((Tensor([1,2,3]) + Tensor([4,5,6])).numpy(), flush=True)',
  `print(f"${TAG} first-kernel-sec {time.perf_counter()-t0:.3f}", flush=True)`,
  'import numpy as np',
  `n = ${COPY_BYTES}`,
  'host = np.ones(n, dtype=np.uint8)',
  't = time.perf_counter(); buf = Tensor(host).realize(); Device[buf.device].synchronize(); up = time.perf_counter() - t',
  `print(f"${TAG} host-to-device-gbps {n/up/1e9:.3f}", flush=True)`,
  't = time.perf_counter(); back = buf.numpy(); down = time.perf_counter() - t',
  `print(f"${TAG} device-to-host-gbps {n/down/1e9:.3f}", flush=True)`,
].join('\n');

export interface ComputeOutput {
  /** tinygrad printed [5 7 9]. */
  sumCorrect: boolean;
  /** What it printed instead, when it printed a result line at all. */
  sumSeen: string | null;
  firstKernelSec: number | null;
  copy: CopyRates | null;
}

const SUM_LINE = /^\[\s*(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s*\]$/;

function tagged(lines: readonly string[], name: string): number | null {
  const prefix = `${TAG} ${name} `;
  const line = lines.find((l) => l.trim().startsWith(prefix));
  if (!line) return null;
  const value = Number(line.trim().slice(prefix.length));
  return Number.isFinite(value) && value >= 0 ? value : null;
}

/** Pure and never throws. */
export function parseComputeOutput(stdout: string): ComputeOutput {
  const lines = normaliseOutput(stdout);
  const sumLine = lines.map((l) => l.trim()).find((l) => SUM_LINE.test(l)) ?? null;
  const sum = sumLine === null ? null : SUM_LINE.exec(sumLine);
  const sumCorrect = sum !== null && Number(sum[1]) === 5 && Number(sum[2]) === 7 && Number(sum[3]) === 9;
  const up = tagged(lines, 'host-to-device-gbps');
  const down = tagged(lines, 'device-to-host-gbps');
  return {
    sumCorrect,
    sumSeen: sumLine,
    firstKernelSec: tagged(lines, 'first-kernel-sec'),
    copy: up !== null && down !== null ? { hostToDeviceGBps: up, deviceToHostGBps: down } : null,
  };
}
