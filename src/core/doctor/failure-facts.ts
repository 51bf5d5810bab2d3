// The fact conditions of the known-failure catalogue, each a pure test over what the doctor probed.
// An unknown fact never matches: the doctor names a failure only on evidence.
import { gpuSupport } from '../probe/gpu-support';
import { pciClassKind } from '../probe/pci-class';
import { normalizePciId } from '../probe/parsers/values';
import type { FactCondition, FailureFacts } from './known-failures';

/** PCI's "Configuration Request Retry Status": a read of the id dword returns 0xffff0001. */
const RETRY_STATUS_VENDOR = '0x0001';

const CONDITIONS: Record<FactCondition, (facts: FailureFacts) => boolean> = {
  'intel-mac': (f) => f.hostArch === 'x86_64',
  'pci-3d-controller': (f) => (f.gpus ?? []).some((gpu) => pciClassKind(gpu.pciClass) === '3d-controller'),
  'driver-matched-not-started': (f) => f.dextMatched === true && f.driverBound === false,
  'many-driver-processes': (f) => (f.driverProcesses ?? 0) > 1,
  'amd-device-unknown': (f) =>
    (f.gpus ?? []).some((gpu) => normalizePciId(gpu.vendorId) === '0x1002' && gpu.deviceId !== null && gpuSupport(gpu).status !== 'supported'),
  'card-in-reset-retry': (f) => (f.gpus ?? []).some((gpu) => normalizePciId(gpu.vendorId) === RETRY_STATUS_VENDOR),
  'two-gpus': (f) => (f.gpus ?? []).length > 1,
  'kernel-search-off': (f) => f.computePassed === true && f.kernelSearch === false,
};

export function factHolds(condition: FactCondition, facts: FailureFacts): boolean {
  return CONDITIONS[condition](facts);
}
