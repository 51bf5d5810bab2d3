// @ts-check
// `systemextensionsctl list [category]`: tab-separated rows under one section per category.
import { DEXT_BUNDLE_ID, DEXT_TEAM_ID, DEXT_VERSION } from '../lib/presets.mjs';
import { failed, printed } from '../lib/result.mjs';

const USAGE = [
  'systemextensionsctl: usage:',
  '\tsystemextensionsctl developer [on|off]',
  '\tsystemextensionsctl list [category]',
  '\tsystemextensionsctl reset  - reset all System Extensions state',
  "\tsystemextensionsctl uninstall <teamId> <bundleId>; can also accept '-' for teamID",
  '',
].join('\n');
const USAGE_EXIT = 1;

const DRIVER_CATEGORY = 'com.apple.system_extension.driver_extension';
const DRIVER_SECTION =
  `--- ${DRIVER_CATEGORY} (Go to 'System Settings > General > Login Items & Extensions > Driver Extensions' ` +
  'to modify these system extension(s))';
const HEADER = 'enabled\tactive\tteamID\tbundleID (version)\tname\t[state]';

/** Another driver many Macs carry, so a parser must pick the right row. */
const OTHER_DRIVER_ROW = [
  '*',
  '*',
  'G43BCU2T37',
  'org.pqrs.Karabiner-DriverKit-VirtualHIDDevice (1.8.0/1.8.0)',
  'org.pqrs.Karabiner-DriverKit-VirtualHIDDevice',
  '[activated enabled]',
].join('\t');

/** @type {import('../lib/result.mjs').Tool} */
export function systemextensionsctl(argv, world) {
  const [command, category, ...rest] = argv;
  if (command !== 'list' || rest.length > 0) return failed(USAGE, USAGE_EXIT);
  if (category !== undefined && category !== DRIVER_CATEGORY) return printed('0 extension(s)\n');
  const rows = [OTHER_DRIVER_ROW];
  if (world.extension !== null) rows.push(tinygpuRow(world.extension));
  return printed([`${rows.length} extension(s)`, DRIVER_SECTION, HEADER, ...rows, ''].join('\n'));
}

/** @param {'enabled' | 'waiting-for-user'} extension */
function tinygpuRow(extension) {
  // Waiting for approval the row is enabled but not yet active (second column empty).
  const [enabled, active, state] =
    extension === 'enabled' ? ['*', '*', '[activated enabled]'] : ['*', '', '[activated waiting for user]'];
  return [enabled, active, DEXT_TEAM_ID, `${DEXT_BUNDLE_ID} (${DEXT_VERSION})`, DEXT_BUNDLE_ID, state].join('\t');
}
