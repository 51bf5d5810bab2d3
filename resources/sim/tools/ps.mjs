// @ts-check
// BSD `ps`, enough for `ps -axo pid=,command=`: a fixed set of ordinary macOS processes plus
// the driver's process (while it is bound) and tinygrad with its `TinyGPU server` (while running).
import { DEXT_BUNDLE_ID, TINYGPU_APP_BINARY, TINYGPU_SOCKET } from '../lib/presets.mjs';
import { failed, printed } from '../lib/result.mjs';

const USAGE = [
  'usage: ps [-AaCcEefhjlMmrSTvwXx] [-O fmt | -o fmt] [-G gid[,gid...]]',
  '          [-g grp[,grp...]] [-u [uid,uid...]]',
  '          [-p pid[,pid...]] [-t tty[,tty...]] [-U user[,user...]]',
  '       ps [-L]',
  '',
].join('\n');
const USAGE_EXIT = 1;

/** @typedef {{ pid: number, ppid: number, user: string, tty: string, time: string, command: string }} Process */

/** @typedef {{ header: string, width: number, right: boolean, value: (p: Process) => string }} Column */

/** @type {Record<string, Column>} */
const COLUMNS = {
  pid: { header: 'PID', width: 5, right: true, value: (p) => String(p.pid) },
  ppid: { header: 'PPID', width: 5, right: true, value: (p) => String(p.ppid) },
  user: { header: 'USER', width: 14, right: false, value: (p) => p.user },
  tty: { header: 'TTY', width: 8, right: false, value: (p) => p.tty },
  tt: { header: 'TT', width: 3, right: false, value: (p) => p.tty.replace(/^tty/, '') },
  time: { header: 'TIME', width: 8, right: true, value: (p) => p.time },
  comm: { header: 'COMM', width: 16, right: false, value: (p) => p.command.split(' ')[0] ?? '' },
  command: { header: 'COMMAND', width: 16, right: false, value: (p) => p.command },
  args: { header: 'ARGS', width: 16, right: false, value: (p) => p.command },
};
const DEFAULT_FORMAT = 'pid,tty,time,command';
const PYTHON = '/opt/homebrew/Cellar/python@3.12/3.12.11/Frameworks/Python.framework/Versions/3.12/Resources/Python.app/Contents/MacOS/Python';

/**
 * @param {import('../lib/world.mjs').World} world
 * @param {readonly string[]} argv
 * @returns {Process[]}
 */
export function processes(world, argv) {
  /** @type {Array<[number, number, string, string, string, string]>} */
  const rows = [
    [1, 0, 'root', '??', '2:41.07', '/sbin/launchd'],
    [97, 1, 'root', '??', '0:52.30', '/usr/libexec/logd'],
    [104, 1, 'root', '??', '0:03.11', '/usr/libexec/UserEventAgent (System)'],
    [142, 1, 'root', '??', '0:09.84', '/System/Library/CoreServices/powerd.bundle/powerd'],
    [388, 1, '_windowserver', '??', '6:12.55', '/System/Library/PrivateFrameworks/SkyLight.framework/Resources/WindowServer -daemon'],
  ];
  // One driver process while it is bound; each re-enumeration leaves one more behind (tinygrad PR #18199).
  const driverProcesses = world.driverBound ? Math.max(1, world.doctor.driverProcesses) : 0;
  for (let i = 0; i < driverProcesses; i += 1) {
    rows.push([611 + i, 1, '_driverkit', '??', '0:01.92',
      `/Library/SystemExtensions/6E1B0C52-8D0F-4A7B-9E21-3F5C7D9A2B44/${DEXT_BUNDLE_ID}.dext/${DEXT_BUNDLE_ID} ${DEXT_BUNDLE_ID} 0x${(0x100000a2b + i).toString(16)} ${DEXT_BUNDLE_ID}`]);
  }
  rows.push(
    [702, 1, 'alex', '??', '0:14.20', '/System/Library/CoreServices/Dock.app/Contents/MacOS/Dock'],
    [715, 1, 'alex', '??', '0:22.61', '/System/Library/CoreServices/Finder.app/Contents/MacOS/Finder'],
    [1022, 1, 'alex', '??', '0:08.47', '/System/Applications/Utilities/Terminal.app/Contents/MacOS/Terminal'],
    [1040, 1022, 'alex', 'ttys000', '0:00.09', '-zsh'],
    [1311, 1, 'alex', '??', '0:31.75', '/Applications/Ollama.app/Contents/Resources/ollama serve'],
  );
  if (world.tinygradRunning) {
    rows.push(
      [4187, 1040, 'alex', 'ttys000', '1:07.33', `${PYTHON} -m tinygrad.llm -m qwen3:8b --serve`],
      [4193, 4187, 'alex', 'ttys000', '0:12.08', `${TINYGPU_APP_BINARY} server ${TINYGPU_SOCKET}`],
    );
  }
  rows.push([process.pid, 1040, 'alex', 'ttys000', '0:00.00', ['ps', ...argv].join(' ')]);
  return rows.map(([pid, ppid, user, tty, time, command]) => ({ pid, ppid, user, tty, time, command }));
}

/**
 * @param {readonly string[]} argv
 * @returns {{ ok: true, format: string } | { ok: false, stderr: string }}
 */
function parseArgs(argv) {
  let format = DEFAULT_FORMAT;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (!arg.startsWith('-') || arg.length < 2) return { ok: false, stderr: USAGE };
    for (let at = 1; at < arg.length; at += 1) {
      const flag = arg.charAt(at);
      if ('AaxewcjhM'.includes(flag)) continue;
      if (flag !== 'o' && flag !== 'O') return { ok: false, stderr: `ps: illegal option -- ${flag}\n${USAGE}` };
      const value = at + 1 < arg.length ? arg.slice(at + 1) : argv[++index];
      if (value === undefined) return { ok: false, stderr: `ps: option requires an argument -- ${flag}\n${USAGE}` };
      format = flag === 'O' ? `pid,${value},tt,time,command` : value;
      break;
    }
  }
  return { ok: true, format };
}

/** @type {import('../lib/result.mjs').Tool} */
export function ps(argv, world) {
  const parsed = parseArgs(argv);
  if (!parsed.ok) return failed(parsed.stderr, USAGE_EXIT);
  /** @type {Array<{ column: Column, header: string }>} */
  const columns = [];
  for (const spec of parsed.format.split(/[,\s]+/).filter(Boolean)) {
    const [keyword = '', ...renamed] = spec.split('=');
    const column = COLUMNS[keyword];
    if (!column) return failed(`ps: ${keyword}: keyword not found\nps: no valid keywords; using defaults\n`, 1);
    columns.push({ column, header: renamed.length > 0 ? renamed.join('=') : column.header });
  }
  const showHeader = columns.some(({ header }) => header !== '');
  /** @param {string[]} cells */
  const line = (cells) =>
    cells
      .map((cell, index) => {
        const spec = columns[index];
        if (!spec || index === columns.length - 1) return cell;
        return spec.column.right ? cell.padStart(spec.column.width) : cell.padEnd(spec.column.width);
      })
      .join(' ')
      .trimEnd();
  const lines = processes(world, argv).map((p) => line(columns.map(({ column }) => column.value(p))));
  if (showHeader) lines.unshift(line(columns.map(({ header }) => header)));
  return printed(`${lines.join('\n')}\n`);
}
