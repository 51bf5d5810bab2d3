// The probe parsers: pure functions from a tool's output to a ParseResult. None of them throw.
export { parseTinygpuList, parseMemory, parseDriver, type TinygpuList } from './tinygpu-list';
export { parseTinygpuAppStatus, type TinygpuAppStatus } from './tinygpu-app-status';
export {
  parseSystemExtensions,
  driverStateFromBracket,
  TINYGPU_BUNDLE_ID_PREFIX,
  type SystemExtensionRow,
  type SystemExtensionsStatus,
} from './system-extensions';
export {
  parseSystemProfilerPciJson,
  parseSystemProfilerPciText,
  isDeadVendorId,
  type PciDevice,
} from './system-profiler-pci';
export { parseSystemProfilerThunderboltJson, type ThunderboltPort } from './system-profiler-thunderbolt';
export {
  parseNvidiaSmi,
  nvidiaSmiToDevice,
  NVIDIA_SMI_QUERY_FIELDS,
  NVIDIA_SMI_ARGS,
  type NvidiaSmiGpu,
  type NvidiaSmiField,
} from './nvidia-smi';
export { parseIoregTinygpu } from './ioreg';
export { parseTinygpuServerProcesses, type TinygpuServerProcesses } from './tinygpu-server-processes';
export { parseOllamaPs, type OllamaResidentModel } from './ollama-ps';
export { parseConnection, linkKindFromText, pcieGenFromText } from './link';
export { vendorFromName, vendorFromPciId } from './vendor';
export { deviceKey, type DeviceIdentity } from './device-key';
export { normalizePciId } from './values';
export { parseIoregPci, type IoregPciDevice } from './ioreg-pci';
export { parseLsofFields, type LockHolder } from './lsof';
