// `ioreg -r -c IOPCIDevice -l -w 0`: every PCI device with its properties and subtree. The cheap
// presence-and-link probe of the TinyGPU.app path: it shows the GPU (vendor/device/class), its
// PCIe link, whether the TinyGPU dext bound (a `tinygpu` node below it) and IODEXTMatchCount.
// Property names and the Link Status bit layout follow IOKit and the PCIe spec; no real capture
// of an eGPU entry exists yet (unverified), so every field is optional.
import type { ParseResult } from '../types';
import { firstLineSnippet, neverThrow, parseError, parsed, splitLines } from './result';

export interface IoregPciDevice {
  name: string;
  location: string | null;
  vendorId: string | null;
  deviceId: string | null;
  /** Base class, subclass, interface: 0x030000 = VGA, 0x030200 = 3D controller. */
  classCode: number | null;
  tunnelled: boolean | null;
  linkWidth: number | null;
  linkGen: number | null;
  /** A `tinygpu` service (the dext renames its service so) sits below this device. */
  driverBound: boolean;
  dextMatchCount: number | null;
}

const NODE = /^([\s|]*)\+-o\s+([^\s<@]+)(?:@(\S+))?\s+<class\s+([\w.]+)/;
const PROPERTY = /^[\s|]*"([^"]+)"\s*=\s*(.*?)\s*$/;

interface Node {
  depth: number;
  name: string;
  location: string | null;
  className: string;
  properties: Map<string, string>;
}

function parseIoregPciUnsafe(stdout: string): ParseResult<IoregPciDevice[]> {
  const nodes: Node[] = [];
  let sawTree = false;
  for (const line of splitLines(stdout)) {
    const node = NODE.exec(line);
    if (node) {
      sawTree = true;
      nodes.push({ depth: (node[1] ?? '').length, name: node[2] ?? '', location: node[3] ?? null, className: node[4] ?? '', properties: new Map() });
      continue;
    }
    const property = PROPERTY.exec(line);
    if (property && nodes.length > 0) nodes[nodes.length - 1]!.properties.set(property[1] ?? '', property[2] ?? '');
  }
  // ioreg prints nothing when no object matches.
  if (!sawTree && stdout.trim() !== '') return parseError(`ioreg printed no registry tree; it printed ${firstLineSnippet(stdout)}.`, 1);

  const devices: IoregPciDevice[] = [];
  nodes.forEach((node, index) => {
    if (node.className !== 'IOPCIDevice' && !node.properties.has('class-code')) return;
    const props = node.properties;
    const linkStatus = numberValue(props.get('IOPCIExpressLinkStatus'));
    let driverBound = false;
    for (let next = index + 1; next < nodes.length && nodes[next]!.depth > node.depth; next += 1) {
      if (nodes[next]!.name === 'tinygpu') driverBound = true;
    }
    const width = linkStatus === null ? null : (linkStatus >> 4) & 0x3f;
    const gen = linkStatus === null ? null : linkStatus & 0xf;
    devices.push({
      name: node.name,
      location: node.location,
      vendorId: hexId(dataValue(props.get('vendor-id')), 4),
      deviceId: hexId(dataValue(props.get('device-id')), 4),
      classCode: dataValue(props.get('class-code')),
      tunnelled: boolValue(props.get('IOPCITunnelled')),
      linkWidth: width || null,
      linkGen: gen || null,
      driverBound,
      dextMatchCount: numberValue(props.get('IODEXTMatchCount')),
    });
  });
  return parsed(devices);
}

/** IOKit prints data as little-endian hex bytes: <de100000> = 0x10de. */
function dataValue(text: string | undefined): number | null {
  const match = /^<([0-9a-f]{2,8})/i.exec(text ?? '');
  if (!match) return null;
  const bytes = (match[1] ?? '').match(/../g) ?? [];
  return bytes.reduceRight((value, byte) => value * 256 + Number.parseInt(byte, 16), 0);
}

function numberValue(text: string | undefined): number | null {
  if (text === undefined) return null;
  const value = /^0x[0-9a-f]+$/i.test(text) ? Number.parseInt(text, 16) : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  return Number.isFinite(value) ? value : null;
}

function boolValue(text: string | undefined): boolean | null {
  if (text === 'Yes') return true;
  if (text === 'No') return false;
  return null;
}

function hexId(value: number | null, digits: number): string | null {
  return value === null ? null : `0x${(value & 0xffff).toString(16).padStart(digits, '0')}`;
}

export const parseIoregPci = neverThrow('ioreg -c IOPCIDevice', parseIoregPciUnsafe);
