// @ts-check
// Facts about the simulated hardware and software: GPU presets and the driver's fixed names.

/**
 * @typedef {object} GpuPreset
 * @property {'nvidia' | 'amd'} vendor
 * @property {string} name            Marketing name, as `tinygpu list` and nvidia-smi print it.
 * @property {string} vendorLabel     As SPDisplaysDataType prints the vendor.
 * @property {number} vramMB
 * @property {string} vramType
 * @property {number} vendorId
 * @property {number} deviceId
 * @property {number} audioDeviceId   The card's HDMI/DP audio function, listed next to it on PCI.
 * @property {number} subsystemVendorId
 * @property {number} subsystemId
 * @property {number} revisionId
 * @property {number} maxPcieGen      What the card itself supports.
 */

/** @type {Readonly<Record<import('./state.mjs').GpuId, GpuPreset>>} */
export const GPU_PRESETS = Object.freeze({
  rtx4090: {
    vendor: 'nvidia',
    name: 'NVIDIA GeForce RTX 4090',
    vendorLabel: 'NVIDIA',
    vramMB: 24576,
    vramType: 'GDDR6X',
    vendorId: 0x10de,
    deviceId: 0x2684,
    audioDeviceId: 0x22ba,
    subsystemVendorId: 0x10de,
    subsystemId: 0x167c,
    revisionId: 0xa1,
    maxPcieGen: 4,
  },
  rtx3090: {
    vendor: 'nvidia',
    name: 'NVIDIA GeForce RTX 3090',
    vendorLabel: 'NVIDIA',
    vramMB: 24576,
    vramType: 'GDDR6X',
    vendorId: 0x10de,
    deviceId: 0x2204,
    audioDeviceId: 0x1aef,
    subsystemVendorId: 0x10de,
    subsystemId: 0x147d,
    revisionId: 0xa1,
    maxPcieGen: 4,
  },
  rtx5090: {
    vendor: 'nvidia',
    name: 'NVIDIA GeForce RTX 5090',
    vendorLabel: 'NVIDIA',
    vramMB: 32768,
    vramType: 'GDDR7',
    vendorId: 0x10de,
    deviceId: 0x2b85,
    audioDeviceId: 0x22e8,
    subsystemVendorId: 0x10de,
    subsystemId: 0x2104,
    revisionId: 0xa1,
    maxPcieGen: 5,
  },
  rx7900xtx: {
    vendor: 'amd',
    name: 'AMD Radeon RX 7900 XTX',
    vendorLabel: 'AMD',
    vramMB: 24576,
    vramType: 'GDDR6',
    vendorId: 0x1002,
    deviceId: 0x744c,
    audioDeviceId: 0xab30,
    subsystemVendorId: 0x1002,
    subsystemId: 0x0e3b,
    revisionId: 0xc8,
    maxPcieGen: 4,
  },
  rtx2080: {
    vendor: 'nvidia',
    name: 'NVIDIA GeForce RTX 2080',
    vendorLabel: 'NVIDIA',
    vramMB: 8192,
    vramType: 'GDDR6',
    vendorId: 0x10de,
    deviceId: 0x1e82,
    audioDeviceId: 0x10f8,
    subsystemVendorId: 0x10de,
    subsystemId: 0x12b0,
    revisionId: 0xa1,
    maxPcieGen: 3,
  },
});

/** The guide's CLI reports its driver like this. */
export const GUIDE_DRIVER_LABEL = 'TinyGPU 1.0.2 (Apple Signed)';

/** The shipping driver extension (tinygrad's TinyGPU.app). */
export const DEXT_BUNDLE_ID = 'org.tinygrad.tinygpu.driver2';
export const DEXT_VERSION = '1.0.0/3';
export const DEXT_TEAM_ID = '9YG3G8543N';
export const TINYGPU_APP_BINARY = '/Applications/TinyGPU.app/Contents/MacOS/TinyGPU';
export const TINYGPU_SOCKET = '/var/folders/xx/T/tinygpu.sock';

/** The simulated host: an M4 Mac mini with Thunderbolt 4 ports. */
export const HOST = Object.freeze({
  modelName: 'Mac mini',
  boardName: 'J773sAP',
  chip: 'Apple M4',
  gpuCores: 10,
  thunderboltPorts: 3,
  portSpeedGbps: 40,
});

/** The enclosure the GPU sits in. */
export const ENCLOSURE = Object.freeze({
  name: 'Core X V2',
  vendorName: 'Razer',
  vendorId: '0x1532',
  deviceId: '0x0A02',
  firmwareVersion: '59.2',
});

/** @param {number} value @param {number} digits */
export function hex(value, digits) {
  return `0x${value.toString(16).padStart(digits, '0')}`;
}

/** PCIe generation → the transfer rate system_profiler prints. */
export const PCIE_GEN_SPEED = Object.freeze({ 1: '2.5 GT/s', 2: '5.0 GT/s', 3: '8.0 GT/s', 4: '16.0 GT/s', 5: '32.0 GT/s' });

/**
 * A data-centre card that presents as a 3D Controller (PCI class 0x0302), which TinyGPU never binds
 * (tinygrad#16476 reports an H100 NVL, 10de:2321). Used by the `3d-controller` scenario whatever `gpu` says.
 * @type {Readonly<GpuPreset>}
 */
export const H100_NVL = Object.freeze({
  vendor: 'nvidia',
  name: 'NVIDIA H100 NVL',
  vendorLabel: 'NVIDIA',
  vramMB: 95830,
  vramType: 'HBM3',
  vendorId: 0x10de,
  deviceId: 0x2321,
  audioDeviceId: 0x22e8,
  subsystemVendorId: 0x10de,
  subsystemId: 0x1839,
  revisionId: 0xa1,
  maxPcieGen: 5,
});
