// @ts-check
// `ioreg`: a small IOService plane with the parts the app looks at, the TinyGPU dext's
// `tinygpu` service (present only while the driver is bound) and IOHIDSystem's HIDIdleTime.
// Without -r the whole tree prints, with properties only for matching entries; with -r only
// the subtrees rooted at matches print, so `ioreg -r -n tinygpu` is empty when nothing matches.
import { DEXT_BUNDLE_ID, HOST } from '../lib/presets.mjs';
import { failed, printed } from '../lib/result.mjs';

const USAGE = [
  'usage: ioreg [-abfilrtxy] [-c class] [-d depth] [-k key] [-n name] [-p plane] [-w width]',
  'where options are:',
  '\t-a archive output',
  '\t-b show object name in bold',
  '\t-c list properties of objects with the given class',
  '\t-d limit tree to the given depth',
  '\t-f enable smart formatting',
  '\t-i show object inheritance',
  '\t-k list properties of objects with the given key',
  '\t-l list properties of all objects',
  '\t-n list properties of objects with the given name',
  '\t-p traverse registry over the given plane (IOService is default)',
  '\t-r show subtrees rooted by the given criteria',
  '\t-t show location of each subtree',
  '\t-w clip output to the given line width (0 is unlimited)',
  '\t-x show data and numbers as hexadecimal',
  '\t-y do not show object name',
  '',
].join('\n');
const USAGE_EXIT = 1;

/** @typedef {string | number | boolean | Uint8Array} PropertyValue */

/**
 * @typedef {object} Entry
 * @property {string} name
 * @property {string} [location]
 * @property {string[]} classes     Own class first, then its superclasses.
 * @property {number} id
 * @property {Record<string, PropertyValue>} properties
 * @property {Entry[]} children
 */

/**
 * @param {string} name
 * @param {string[]} classes
 * @param {number} id
 * @param {{ location?: string, properties?: Record<string, PropertyValue>, children?: Entry[] }} [rest]
 * @returns {Entry}
 */
function entry(name, classes, id, rest = {}) {
  return {
    name,
    ...(rest.location === undefined ? {} : { location: rest.location }),
    classes,
    id,
    properties: rest.properties ?? {},
    children: rest.children ?? [],
  };
}

/** @param {number} value @param {number} bytes  IOKit prints data as little-endian hex bytes. */
function littleEndian(value, bytes) {
  const data = new Uint8Array(bytes);
  for (let index = 0; index < bytes; index += 1) data[index] = (value >> (8 * index)) & 0xff;
  return data;
}

/** @param {import('../lib/world.mjs').World} world @returns {Entry} */
export function registry(world) {
  const { gpu } = world;
  const tinygpu = entry('tinygpu', ['IOUserService', 'IOService', 'IORegistryEntry'], 0x100000a2b, {
    properties: {
      IOClass: 'IOUserService',
      CFBundleIdentifier: DEXT_BUNDLE_ID,
      CFBundleIdentifierKernel: 'com.apple.kpi.iokit',
      IOUserClass: 'TinyGPUDriver',
      IOUserServerName: DEXT_BUNDLE_ID,
      IOProviderClass: 'IOPCIDevice',
      IOPCIClassMatch: '0x03000000',
      IOPCITunnelCompatible: true,
      IOMatchCategory: 'TinyGPUDriver',
      IOProbeScore: 0,
      IOPersonalityPublisher: DEXT_BUNDLE_ID,
    },
  });
  const gpuNub = entry('display', ['IOPCIDevice', 'IOService', 'IORegistryEntry'], 0x1000009f4, {
    location: '0',
    properties: {
      IOName: 'display',
      'vendor-id': littleEndian(gpu.vendorId, 4),
      'device-id': littleEndian(gpu.deviceId, 4),
      'class-code': littleEndian(world.doctor.pciClass, 4),
      IOPCITunnelled: true,
      IOPCIExpressLinkStatus: ((world.link.pcieWidth << 4) | world.link.pcieGen),
      // macOS matched the dext to the card; with no `tinygpu` child it never started (tinygrad#16726).
      ...(world.doctor.dextMatched ? { IODEXTMatchCount: 1 } : {}),
    },
    children: world.driverBound ? [tinygpu] : [],
  });
  const bridgeChildren = world.deviceOnBus ? [gpuNub] : [];
  const pcie = entry('apciec0', ['AppleT8132PCIeC', 'AppleT8112PCIeC', 'IOService', 'IORegistryEntry'], 0x1000002e0, {
    location: 'A0000000',
    children: [
      entry('pcic0-bridge', ['IOPCI2PCIBridge', 'IOPCIBridge', 'IOService', 'IORegistryEntry'], 0x10000031a, {
        location: '0',
        children: [
          entry('pci-bridge', ['IOPCIDevice', 'IOService', 'IORegistryEntry'], 0x100000544, {
            location: '0',
            children: bridgeChildren,
          }),
        ],
      }),
    ],
  });
  const idleNanoseconds = Math.round(world.idleSeconds * 1e9);
  return entry('Root', ['IORegistryEntry'], 0x100000100, {
    properties: { IOKitBuildVersion: 'Darwin Kernel Version 24.6.0: Mon Jul 14 11:28:30 PDT 2025' },
    children: [
      entry(HOST.boardName, ['IOPlatformExpertDevice', 'IOService', 'IORegistryEntry'], 0x100000210, {
        properties: { IOPlatformUUID: '3C2B9E4D-7A1F-5E60-8B2C-9D4E6F7A8B10' },
        children: [
          entry('AppleARMPE', ['AppleARMPE', 'IOPlatformExpert', 'IOService', 'IORegistryEntry'], 0x100000211, {
            children: [
              entry('arm-io', ['IOPlatformDevice', 'IOService', 'IORegistryEntry'], 0x100000215, {
                location: '10F00000',
                children: [pcie],
              }),
            ],
          }),
          entry('IOResources', ['IOResources', 'IOService', 'IORegistryEntry'], 0x100000112, {
            children: [
              entry('IOHIDSystem', ['IOHIDSystem', 'IOService', 'IORegistryEntry'], 0x1000004b1, {
                properties: {
                  IOClass: 'IOHIDSystem',
                  HIDIdleTime: idleNanoseconds,
                  HIDParameters: true,
                  IOMatchCategory: 'IOHID',
                },
              }),
            ],
          }),
        ],
      }),
    ],
  });
}

/**
 * @typedef {object} Query
 * @property {boolean} rooted      -r
 * @property {boolean} allProperties  -l
 * @property {number} depth        -d (0 = unlimited)
 * @property {string | null} name  -n
 * @property {string | null} className  -c
 * @property {string | null} key   -k
 */

/** @param {readonly string[]} argv @returns {Query | null} */
function parseArgs(argv) {
  /** @type {Query} */
  const query = { rooted: false, allProperties: false, depth: 0, name: null, className: null, key: null };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (!arg.startsWith('-') || arg.length < 2) return null;
    for (let at = 1; at < arg.length; at += 1) {
      const flag = arg.charAt(at);
      if ('abfitxy'.includes(flag)) continue;
      if (flag === 'r') query.rooted = true;
      else if (flag === 'l') query.allProperties = true;
      else if ('cdknpw'.includes(flag)) {
        // The value is the rest of this argument (-w0) or the next one (-n tinygpu).
        const value = at + 1 < arg.length ? arg.slice(at + 1) : argv[++index];
        if (value === undefined) return null;
        if (flag === 'c') query.className = value;
        if (flag === 'n') query.name = value;
        if (flag === 'k') query.key = value;
        if (flag === 'd' || flag === 'w') {
          if (!/^\d+$/.test(value)) return null;
          if (flag === 'd') query.depth = Number(value);
        }
        if (flag === 'p' && value !== 'IOService') return null;
        break;
      } else return null;
    }
  }
  return query;
}

/** @param {Entry} node @param {Query} query */
function matches(node, query) {
  if (query.name === null && query.className === null && query.key === null) return false;
  return (
    (query.name === null || node.name === query.name) &&
    (query.className === null || node.classes.includes(query.className)) &&
    (query.key === null || query.key in node.properties)
  );
}

/** @param {PropertyValue} value */
function formatValue(value) {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return String(value);
  return `<${Array.from(value, (byte) => byte.toString(16).padStart(2, '0')).join('')}>`;
}

/** @param {Entry} node */
function describe(node) {
  const name = node.location === undefined ? node.name : `${node.name}@${node.location}`;
  const className = node.classes[0] ?? 'IORegistryEntry';
  if (node.name === 'Root') return `${name}  <class ${className}, id 0x${node.id.toString(16)}, retain 31>`;
  return `${name}  <class ${className}, id 0x${node.id.toString(16)}, registered, matched, active, busy 0 (12 ms), retain 9>`;
}

/**
 * Prints a subtree the way ioreg draws it: "+-o" for each entry, "| " where a sibling follows.
 * `rails[i]` says whether the entry at depth i (ancestor or self) has a later sibling.
 * @param {Entry} node
 * @param {Query} query
 * @param {boolean[]} rails
 * @param {string[]} out
 */
function draw(node, query, rails, out) {
  const depth = rails.length - 1;
  const prefixOf = (/** @type {boolean[]} */ bits) => bits.map((bit) => (bit ? '| ' : '  ')).join('');
  out.push(`${prefixOf(rails.slice(0, depth))}+-o ${describe(node)}`);
  const withinDepth = query.depth === 0 || depth + 1 < query.depth;
  const children = withinDepth ? node.children : [];
  if (query.allProperties || matches(node, query)) {
    const indent = prefixOf([...rails, children.length > 0]);
    out.push(`${indent}{`);
    for (const [key, value] of Object.entries(node.properties)) out.push(`${indent}  "${key}" = ${formatValue(value)}`);
    out.push(`${indent}}`, indent);
  }
  children.forEach((child, index) => draw(child, query, [...rails, index < children.length - 1], out));
}

/** @param {Entry} node @param {Query} query @param {Entry[]} found */
function collectMatches(node, query, found) {
  if (matches(node, query)) {
    found.push(node);
    return;
  }
  for (const child of node.children) collectMatches(child, query, found);
}

/** @type {import('../lib/result.mjs').Tool} */
export function ioreg(argv, world) {
  const query = parseArgs(argv);
  if (query === null) return failed(USAGE, USAGE_EXIT);
  const root = registry(world);
  /** @type {string[]} */
  const out = [];
  if (query.rooted) {
    /** @type {Entry[]} */
    const found = [];
    collectMatches(root, query, found);
    for (const node of found) draw(node, query, [false], out);
  } else {
    draw(root, query, [false], out);
  }
  return printed(out.length > 0 ? `${out.join('\n')}\n` : '');
}
