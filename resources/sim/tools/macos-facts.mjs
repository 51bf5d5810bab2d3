// @ts-check
// `sw_vers` and `sysctl -n` for the simulated M4 Mac mini (Mac16,10) on macOS 15.1.
import { failed, printed } from '../lib/result.mjs';

/** @type {import('../lib/result.mjs').Tool} */
export function swVers(argv) {
  if (argv[0] === '-productVersion') return printed('15.1\n');
  if (argv[0] === '-buildVersion') return printed('24B83\n');
  return printed('ProductName:\t\tmacOS\nProductVersion:\t\t15.1\nBuildVersion:\t\t24B83\n');
}

/** @type {Record<string, string>} */
const OIDS = { 'hw.optional.arm64': '1', 'machdep.cpu.brand_string': 'Apple M4', 'hw.model': 'Mac16,10' };

/** @type {import('../lib/result.mjs').Tool} */
export function sysctl(argv) {
  const names = argv.filter((a) => a !== '-n');
  const unknown = names.find((n) => !(n in OIDS));
  if (unknown !== undefined || names.length === 0) return failed(`sysctl: unknown oid '${unknown ?? ''}'\n`, 1);
  const bare = argv.includes('-n');
  return printed(names.map((n) => (bare ? `${OIDS[n]}\n` : `${n}: ${OIDS[n]}\n`)).join(''));
}
