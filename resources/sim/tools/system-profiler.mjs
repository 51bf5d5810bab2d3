// @ts-check
// `system_profiler` for the three data types the app reads, as text and as `-json`.
import { ENCLOSURE, HOST, PCIE_GEN_SPEED, hex } from '../lib/presets.mjs';
import { failed, printed } from '../lib/result.mjs';

const USAGE = [
  'Usage: system_profiler [-listDataTypes]',
  '       system_profiler [-xml | -json] [-timeout n] [-detailLevel n] [dataType1 ... dataTypeN]',
  '',
  '  -detailLevel n    specifies the level of detail for the report',
  '                      mini = short report (contains no identifying or personal information)',
  '                      basic = basic hardware and network information',
  '                      full = all available information',
  '',
  '  -listDataTypes    lists all the available datatypes',
  '',
  '  -xml              generates xml output instead of plain text',
  '                      if redirected to a file, that file should have the ".spx" extension',
  '                      so that it can be opened with System Information.app',
  '',
  '  -json             generates json output instead of plain text',
  '',
  '  -timeout          specifies the maximum time to spend gathering information',
  '                      the default is 180 seconds, 0 means no timeout',
  '',
].join('\n');
const USAGE_EXIT = 1;

/**
 * One item of a data type, kept as [text label, json key, value] so text and JSON agree.
 * @typedef {{ heading: string, fields: Array<[string, string, string]> }} PciItem
 */

/** @typedef {{ text: (world: import('../lib/world.mjs').World) => string, json: (world: import('../lib/world.mjs').World) => unknown[] }} DataType */

/** @type {Record<string, DataType>} */
const DATA_TYPES = {
  SPPCIDataType: {
    text: (world) => pciText(pciItems(world)),
    json: (world) => pciItems(world).map(pciJson),
  },
  SPThunderboltDataType: {
    text: thunderboltText,
    json: thunderboltJson,
  },
  SPDisplaysDataType: {
    text: displaysText,
    json: displaysJson,
  },
};

/** @type {import('../lib/result.mjs').Tool} */
export function systemProfiler(argv, world) {
  let json = false;
  /** @type {string[]} */
  const requested = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (arg === '-json') json = true;
    else if (arg === '-detailLevel' || arg === '-timeout') {
      if (argv[index + 1] === undefined) return failed(USAGE, USAGE_EXIT);
      index += 1;
    } else if (arg === '-listDataTypes') {
      return printed(['Available Datatypes:', ...Object.keys(DATA_TYPES), ''].join('\n'));
    } else if (/^SP\w+DataType$/.test(arg)) requested.push(arg);
    else return failed(USAGE, USAGE_EXIT);
  }
  // Without a data type system_profiler reports everything; unknown data types print nothing.
  const types = (requested.length > 0 ? requested : Object.keys(DATA_TYPES)).filter((name) => name in DATA_TYPES);
  if (json) {
    /** @type {Record<string, unknown[]>} */
    const report = {};
    for (const name of types) report[name] = DATA_TYPES[name]?.json(world) ?? [];
    return printed(`${systemProfilerJson(report)}\n`);
  }
  return printed(types.map((name) => DATA_TYPES[name]?.text(world) ?? '').join(''));
}

/** JSON.stringify, spaced the way system_profiler writes it (`"key" : value`). @param {unknown} value */
export function systemProfilerJson(value) {
  return JSON.stringify(value, null, 2).replace(/^(\s*"(?:[^"\\]|\\.)*"): /gm, '$1 : ');
}

// ---- PCI -----------------------------------------------------------------------------------

/** @param {import('../lib/world.mjs').World} world @returns {PciItem[]} */
function pciItems(world) {
  /** @type {PciItem[]} */
  const items = [];
  if (world.deviceOnBus) {
    const { gpu, link } = world;
    const linkFields = /** @type {Array<[string, string, string]>} */ ([
      ['Link Width', 'sppci_link-width', `x${link.pcieWidth}`],
      ['Link Speed', 'sppci_link-speed', PCIE_GEN_SPEED[/** @type {1|2|3|4|5} */ (link.pcieGen)]],
      ['Link Status', 'sppci_link-status', 'Link up'],
    ]);
    const ids = /** @param {number} deviceId @returns {Array<[string, string, string]>} */ (deviceId) => [
      ['Vendor ID', 'sppci_vendor-id', hex(gpu.vendorId, 4)],
      ['Device ID', 'sppci_device-id', hex(deviceId, 4)],
      ['Subsystem Vendor ID', 'sppci_subsystem-vendor-id', hex(gpu.subsystemVendorId, 4)],
      ['Subsystem ID', 'sppci_subsystem-id', hex(gpu.subsystemId, 4)],
      ['Revision ID', 'sppci_revision-id', hex(gpu.revisionId, 4)],
    ];
    // With no macOS graphics driver the card keeps IOPCIFamily's generic name, "display".
    items.push({
      heading: 'display',
      fields: [
        ['Name', 'sppci_name', 'display'],
        ['Type', 'sppci_device_type', world.doctor.pciClass >> 8 === 0x0302 ? '3D Controller' : 'VGA compatible controller'],
        ['Driver Installed', 'sppci_driver_installed', world.driverBound ? 'Yes' : 'No'],
        ['Tunnel Compatible', 'sppci_tunnel-compatible', 'Yes'],
        ['MSI', 'sppci_msi', 'Yes'],
        ['Bus', 'sppci_bus', 'PCI'],
        ['Slot', 'sppci_slot_name', 'Thunderbolt@3,0,0'],
        ...ids(gpu.deviceId),
        ...linkFields,
      ],
    });
    const audioName = `pci${gpu.vendorId.toString(16)},${gpu.audioDeviceId.toString(16)}`;
    items.push({
      heading: audioName,
      fields: [
        ['Name', 'sppci_name', audioName],
        ['Type', 'sppci_device_type', 'Audio device'],
        ['Driver Installed', 'sppci_driver_installed', 'No'],
        ['Tunnel Compatible', 'sppci_tunnel-compatible', 'Yes'],
        ['MSI', 'sppci_msi', 'No'],
        ['Bus', 'sppci_bus', 'PCI'],
        ['Slot', 'sppci_slot_name', 'Thunderbolt@3,0,1'],
        ...ids(gpu.audioDeviceId),
        ...linkFields,
      ],
    });
  }
  items.push({
    heading: 'AQC113 10GbE',
    fields: [
      ['Name', 'sppci_name', 'ethernet'],
      ['Type', 'sppci_device_type', 'Ethernet controller'],
      ['Driver Installed', 'sppci_driver_installed', 'Yes'],
      ['MSI', 'sppci_msi', 'Yes'],
      ['Bus', 'sppci_bus', 'PCI'],
      ['Slot', 'sppci_slot_name', 'Internal@0,2,0'],
      ['Vendor ID', 'sppci_vendor-id', '0x1d6a'],
      ['Device ID', 'sppci_device-id', '0x04c0'],
      ['Subsystem Vendor ID', 'sppci_subsystem-vendor-id', '0x106b'],
      ['Subsystem ID', 'sppci_subsystem-id', '0x0204'],
      ['Revision ID', 'sppci_revision-id', '0x0003'],
      ['Link Width', 'sppci_link-width', 'x2'],
      ['Link Speed', 'sppci_link-speed', '16.0 GT/s'],
      ['Link Status', 'sppci_link-status', 'Link up'],
    ],
  });
  return items;
}

/** @param {PciItem[]} items */
function pciText(items) {
  const blocks = items.map(
    (item) => `    ${item.heading}:\n\n${item.fields.map(([label, , value]) => `      ${label}: ${value}\n`).join('')}\n`,
  );
  return `PCI:\n\n${blocks.join('')}`;
}

/** @param {PciItem} item */
function pciJson(item) {
  /** @type {Record<string, string>} */
  const record = { _name: item.heading };
  for (const [, key, value] of item.fields) record[key] = value;
  return record;
}

// ---- Thunderbolt ---------------------------------------------------------------------------

/** @param {number} bus */
const busUid = (bus) => `0x05AC3A1F4E7B00${bus.toString(16).padStart(2, '0').toUpperCase()}`;
/** @param {number} bus */
const domainUuid = (bus) => `5D9C3B7A-1E42-4F6B-9A0D-7C2E8B4F61A${bus}`;

/** @param {import('../lib/world.mjs').World} world @param {number} bus */
function portState(world, bus) {
  const connected = world.deviceOnBus && bus === 0;
  return {
    connected,
    linkStatus: connected ? '0x2' : '0x100',
    speed: connected ? `${world.link.portGbps} Gb/s` : `Up to ${HOST.portSpeedGbps} Gb/s`,
    laneWidth: connected ? `0x${world.link.laneCount}` : null,
  };
}

/** @param {import('../lib/world.mjs').World} world */
function thunderboltText(world) {
  let text = 'Thunderbolt/USB4:\n\n';
  for (let bus = 0; bus < HOST.thunderboltPorts; bus += 1) {
    const port = portState(world, bus);
    text += `    Thunderbolt/USB4 Bus ${bus}:\n\n`;
    text += '      Vendor Name: Apple Inc.\n';
    text += `      Device Name: ${HOST.modelName}\n`;
    text += `      UID: ${busUid(bus)}\n`;
    text += '      Route String: 0\n';
    text += `      Domain UUID: ${domainUuid(bus)}\n`;
    text += '      Port:\n';
    text += `          Status: ${port.connected ? 'Device connected' : 'No device connected'}\n`;
    text += `          Link Status: ${port.linkStatus}\n`;
    text += `          Speed: ${port.speed}\n`;
    if (port.laneWidth) text += `          Current Link Width: ${port.laneWidth}\n`;
    text += `          Receptacle: ${bus + 1}\n`;
    text += '          Link Controller Firmware Version: 2.14.0\n';
    if (port.connected) {
      text += `\n        ${ENCLOSURE.name}:\n\n`;
      text += `          Vendor Name: ${ENCLOSURE.vendorName}\n`;
      text += `          Device Name: ${ENCLOSURE.name}\n`;
      text += `          Vendor ID: ${ENCLOSURE.vendorId}\n`;
      text += `          Device ID: ${ENCLOSURE.deviceId}\n`;
      text += '          Device Revision: 0x1\n';
      text += '          UID: 0x1532A0020F3C7E01\n';
      text += '          Route String: 1\n';
      text += `          Firmware Version: ${ENCLOSURE.firmwareVersion}\n`;
      text += '          Port (Upstream):\n';
      text += '              Status: Device connected\n';
      text += `              Link Status: ${port.linkStatus}\n`;
      text += `              Speed: ${port.speed}\n`;
      text += `              Current Link Width: ${port.laneWidth}\n`;
      text += '              Link Controller Firmware Version: 0.48.0\n';
    }
    text += '\n';
  }
  return text;
}

/** @param {import('../lib/world.mjs').World} world */
function thunderboltJson(world) {
  /** @type {unknown[]} */
  const buses = [];
  for (let bus = 0; bus < HOST.thunderboltPorts; bus += 1) {
    const port = portState(world, bus);
    /** @type {Record<string, string>} */
    const receptacle = {
      current_speed_key: port.speed,
      link_status_key: port.linkStatus,
      receptacle_id_key: String(bus + 1),
      receptacle_status_key: port.connected ? 'receptacle_connected' : 'receptacle_no_devices_connected',
    };
    if (port.laneWidth) receptacle['current_link_width_key'] = port.laneWidth;
    /** @type {Record<string, unknown>} */
    const entry = {
      _name: `thunderboltusb4_bus_${bus}`,
      device_name_key: HOST.modelName,
      domain_uuid_key: domainUuid(bus),
      [`receptacle_${bus + 1}_tag`]: receptacle,
      route_string_key: '0',
      switch_uid_key: busUid(bus),
      vendor_name_key: 'Apple Inc.',
    };
    if (port.connected) {
      entry['_items'] = [
        {
          _name: ENCLOSURE.name,
          device_name_key: ENCLOSURE.name,
          device_id_key: ENCLOSURE.deviceId,
          receptacle_upstream_ambiguous_tag: {
            current_link_width_key: port.laneWidth,
            current_speed_key: port.speed,
            link_status_key: port.linkStatus,
            receptacle_status_key: 'receptacle_connected',
          },
          route_string_key: '1',
          switch_version_key: ENCLOSURE.firmwareVersion,
          vendor_id_key: ENCLOSURE.vendorId,
          vendor_name_key: ENCLOSURE.vendorName,
        },
      ];
    }
    buses.push(entry);
  }
  return buses;
}

// ---- Displays ------------------------------------------------------------------------------

/** @param {import('../lib/world.mjs').World} world */
function displaysText(world) {
  let text = 'Graphics/Displays:\n\n';
  text += `    ${HOST.chip}:\n\n`;
  text += `      Chipset Model: ${HOST.chip}\n`;
  text += '      Type: GPU\n';
  text += '      Bus: Built-In\n';
  text += `      Total Number of Cores: ${HOST.gpuCores}\n`;
  text += '      Vendor: Apple (0x106b)\n';
  text += '      Metal Support: Metal 3\n';
  text += '      Displays:\n';
  text += '        DELL U2723QE:\n';
  text += '          Resolution: 3840 x 2160 (2160p/4K UHD 1 - Ultra High Definition)\n';
  text += '          UI Looks like: 1920 x 1080 @ 60.00Hz\n';
  text += '          Main Display: Yes\n';
  text += '          Mirror: Off\n';
  text += '          Online: Yes\n';
  text += '          Rotation: Supported\n';
  text += '\n';
  if (world.deviceOnBus) {
    const { gpu } = world;
    text += '    Display:\n\n';
    text += '      Type: External GPU\n';
    text += '      Bus: PCIe\n';
    text += `      PCIe Lane Width: x${world.link.pcieWidth}\n`;
    text += `      Vendor: ${gpu.vendorLabel} (${hex(gpu.vendorId, 4)})\n`;
    text += `      Device ID: ${hex(gpu.deviceId, 4)}\n`;
    text += `      Revision ID: ${hex(gpu.revisionId, 4)}\n`;
    text += '\n';
  }
  return text;
}

/** @param {import('../lib/world.mjs').World} world */
function displaysJson(world) {
  /** @type {unknown[]} */
  const gpus = [
    {
      _name: HOST.chip,
      sppci_bus: 'spdisplays_builtin',
      sppci_cores: String(HOST.gpuCores),
      sppci_device_type: 'spdisplays_gpu',
      sppci_model: HOST.chip,
      spdisplays_vendor: 'sppci_vendor_Apple',
      spdisplays_mtlgpufamilysupport: 'spdisplays_metal3',
      spdisplays_ndrvs: [
        {
          _name: 'DELL U2723QE',
          _spdisplays_resolution: '1920 x 1080 @ 60.00Hz',
          spdisplays_main: 'spdisplays_yes',
          spdisplays_mirror: 'spdisplays_off',
          spdisplays_online: 'spdisplays_yes',
        },
      ],
    },
  ];
  if (world.deviceOnBus) {
    const { gpu } = world;
    gpus.push({
      _name: 'Display',
      sppci_bus: 'spdisplays_pcie_device',
      sppci_device_type: 'spdisplays_egpu',
      sppci_pcie_width: `x${world.link.pcieWidth}`,
      'spdisplays_device-id': hex(gpu.deviceId, 4),
      'spdisplays_revision-id': hex(gpu.revisionId, 4),
      spdisplays_vendor: `${gpu.vendorLabel} (${hex(gpu.vendorId, 4)})`,
    });
  }
  return gpus;
}
