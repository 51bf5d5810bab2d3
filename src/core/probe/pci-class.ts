// PCI class codes as the TinyGPU dext sees them: it matches IOPCIClassMatch 0x03000000 exactly,
// so only display (VGA) controllers bind; 3D controllers (0x0302xx) are seen but never driven.
import type { Device } from '../api/schemas';

export type PciClassKind = 'vga' | '3d-controller' | 'other-display' | 'other';

/** "0x030000" from a class code number (base class, subclass, programming interface). */
export function formatPciClass(code: number): string {
  return `0x${(code & 0xffffff).toString(16).padStart(6, '0')}`;
}

export function pciClassKind(pciClass: string | null | undefined): PciClassKind | null {
  if (!pciClass || !/^0x[0-9a-f]{6}$/i.test(pciClass)) return null;
  const code = Number.parseInt(pciClass.slice(2), 16);
  if (code >> 8 === 0x0300) return 'vga';
  if (code >> 8 === 0x0302) return '3d-controller';
  if (code >> 16 === 0x03) return 'other-display';
  return 'other';
}

/** From system_profiler's `Type:` (e.g. "3D Controller", "VGA-Compatible Controller", "GPU"). */
export function pciClassFromDeviceType(type: string | null | undefined): string | null {
  if (!type) return null;
  if (/3d\s*controller/i.test(type)) return '0x030200';
  if (/vga|display controller|^gpu$/i.test(type.trim())) return '0x030000';
  return null;
}

/** True when the board presents as a 3D controller, which TinyGPU never binds. The setup side reads this too. */
export function presentsAs3dController(device: Pick<Device, 'pciClass'>): boolean {
  return pciClassKind(device.pciClass) === '3d-controller';
}
