// Cards named by what they are. On the TinyGPU.app path a card without a macOS driver keeps the name
// System Information gives it ("display"), and other sources can report only "pci10de,2684": the PCI
// id says which card it is, on every source alike, and gives its spec VRAM when the device reports none.
import type { Device } from '../api/schemas';
import { cardFromPciId } from './gpu-specs';

const GENERIC_NAMES = [
  /^$/,
  /^(display|vga compatible controller|3d controller|display controller|gpu|graphics)$/i,
  /^pci[0-9a-f]{4},[0-9a-f]{1,4}$/i,
  /^(nvidia|amd|intel|external) gpu( 0x[0-9a-f]{4})?$/i,
];

/** True for a name that says nothing about which card it is. */
export function isGenericGpuName(name: string | null | undefined): boolean {
  const trimmed = (name ?? '').trim();
  return GENERIC_NAMES.some((pattern) => pattern.test(trimmed));
}

/** The device with its marketing name (when its own is generic) and spec VRAM (when it reports none). */
export function withCardName(device: Device): Device {
  const card = cardFromPciId(device.vendorId, device.deviceId, device.vramTotalSource === 'spec' ? null : device.vramTotalMB);
  if (card === null) return device;
  const named = isGenericGpuName(device.name) ? { ...device, name: card.name } : device;
  if (named.vramTotalMB !== null || card.vram === null) return named;
  return { ...named, vramTotalMB: card.vram.mb, vramType: named.vramType ?? card.vram.type, vramTotalSource: 'spec' };
}

export function withCardNames(devices: Device[]): Device[] {
  return devices.map(withCardName);
}
