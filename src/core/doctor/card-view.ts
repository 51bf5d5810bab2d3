// The eGPU as the doctor sees it: system_profiler's PCI entries behind Thunderbolt, joined with the
// registry's entry for the same ids (class code, IODEXTMatchCount, a `tinygpu` child). Pure.
import type { ComputeDevice } from '../api/doctor';
import { formatPciClass, pciClassFromDeviceType } from '../probe/pci-class';
import { isDeadVendorId, parseIoregPci, parseSystemProfilerPciJson, parseSystemProfilerThunderboltJson, type IoregPciDevice, type PciDevice } from '../probe/parsers';
import { okStdout, type DoctorProbe } from './probe-input';

export interface CardFacts {
  name: string;
  vendorId: string | null;
  deviceId: string | null;
  pciClass: string | null;
  slot: string | null;
  linkWidth: number | null;
  linkSpeedGTs: number | null;
  linkUp: boolean | null;
  driverBound: boolean | null;
  dextMatchCount: number | null;
}

export interface CardView {
  /** false when neither system_profiler nor ioreg could be read: nothing can be said about the card. */
  readable: boolean;
  cards: CardFacts[];
  /** The enclosure (or dock) on a connected Thunderbolt port, where system_profiler names one. */
  enclosure: string | null;
}

/** "Razer Core X V2": the one device on a connected Thunderbolt/USB4 port; null when none or several. */
export function enclosureOf(thunderbolt: DoctorProbe['thunderbolt']): string | null {
  const text = okStdout(thunderbolt);
  const parsed = text === null ? null : parseSystemProfilerThunderboltJson(text);
  if (!parsed?.ok) return null;
  const names = new Set(parsed.value.filter((p) => p.connected && p.deviceName).map((p) => [p.vendorName, p.deviceName].filter(Boolean).join(' ')));
  return names.size === 1 ? [...names][0]! : null;
}

const GPU_VENDOR_IDS = new Set(['0x10de', '0x1002', '0x8086']);
/** The configuration-retry answer (0xffff0001) read as vendor and device ids. */
const RETRY_VENDOR_ID = '0x0001';

function looksLikeGpu(device: PciDevice): boolean {
  if (!device.thunderbolt) return false;
  if (/audio|usb|xhci|nvme|ethernet|network/i.test(`${device.deviceType ?? ''} ${device.name}`)) return false;
  const vendor = device.vendorId;
  return vendor === null || isDeadVendorId(vendor) || vendor === RETRY_VENDOR_ID || GPU_VENDOR_IDS.has(vendor);
}

function registryFor(card: PciDevice, registry: IoregPciDevice[]): IoregPciDevice | null {
  return registry.find((entry) => entry.vendorId === card.vendorId && entry.deviceId === card.deviceId) ?? null;
}

export function cardView(probe: Pick<DoctorProbe, 'pci' | 'ioreg'> & Partial<Pick<DoctorProbe, 'thunderbolt'>>): CardView {
  const enclosure = enclosureOf(probe.thunderbolt ?? null);
  const pciText = okStdout(probe.pci);
  const pci = pciText === null ? null : parseSystemProfilerPciJson(pciText);
  const ioregText = okStdout(probe.ioreg);
  const ioreg = ioregText === null ? null : parseIoregPci(ioregText);
  const registry = ioreg?.ok ? ioreg.value : [];
  if (!pci?.ok) {
    // Without system_profiler, the registry's display-class devices still tell something.
    const cards = registry.filter((entry) => entry.classCode !== null && entry.classCode >> 16 === 0x03 && entry.tunnelled !== false).map(fromRegistry);
    return { readable: ioreg?.ok === true, cards, enclosure };
  }
  const cards = pci.value.filter(looksLikeGpu).map((device): CardFacts => {
    const entry = registryFor(device, registry);
    return {
      name: cardName(device),
      vendorId: device.vendorId,
      deviceId: device.deviceId,
      pciClass: entry?.classCode != null ? formatPciClass(entry.classCode) : pciClassFromDeviceType(device.deviceType),
      slot: device.slot,
      linkWidth: device.linkWidth ?? entry?.linkWidth ?? null,
      linkSpeedGTs: device.linkSpeedGTs,
      linkUp: device.linkUp,
      driverBound: ioreg?.ok ? (entry?.driverBound ?? false) : null,
      dextMatchCount: entry?.dextMatchCount ?? null,
    };
  });
  return { readable: true, cards, enclosure };
}

const VENDOR_NAMES: Record<string, string> = { '0x10de': 'NVIDIA', '0x1002': 'AMD', '0x8086': 'Intel' };

/** Without a macOS graphics driver the card keeps IOPCIFamily's generic name ("display", "pci10de,2684"). */
function cardName(device: PciDevice): string {
  if (!/^(display|pci[0-9a-f]{4},[0-9a-f]{4})$/i.test(device.name.trim()) && device.name.trim() !== '') return device.name;
  return `${(device.vendorId && VENDOR_NAMES[device.vendorId]) || 'External'} GPU`;
}

function fromRegistry(entry: IoregPciDevice): CardFacts {
  return {
    name: entry.name,
    vendorId: entry.vendorId,
    deviceId: entry.deviceId,
    pciClass: entry.classCode === null ? null : formatPciClass(entry.classCode),
    slot: entry.location,
    linkWidth: entry.linkWidth,
    linkSpeedGTs: null,
    linkUp: null,
    driverBound: entry.driverBound,
    dextMatchCount: entry.dextMatchCount,
  };
}

/** tinygrad's device name for the card's vendor, or null. */
export function computeDeviceOf(card: CardFacts | undefined): ComputeDevice | null {
  if (card?.vendorId === '0x10de') return 'NV';
  if (card?.vendorId === '0x1002') return 'AMD';
  return null;
}

/** "0x10de:0x2684": the key the last copy rate and compute check are kept under. */
export function cardKey(card: CardFacts | undefined): string | null {
  return card?.vendorId && card.deviceId ? `${card.vendorId}:${card.deviceId}` : null;
}

export function cardIds(card: CardFacts): string {
  return `${(card.vendorId ?? '?').replace(/^0x/, '')}:${(card.deviceId ?? '?').replace(/^0x/, '')}`;
}
