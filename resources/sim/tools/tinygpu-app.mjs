// @ts-check
// The shipping driver app's CLI, /Applications/TinyGPU.app/Contents/MacOS/TinyGPU. Texts and
// exit codes follow tinygrad's TinyGPUCLIRunner.swift: everything goes to stdout through Swift's
// print (which adds a newline after texts that already end in "\n\n").
import { failed, printed } from '../lib/result.mjs';

const EXIT = Object.freeze({ ok: 0, usage: 2, failed: 3, needsApproval: 4 });

const USAGE = [
  'Usage: TinyGPU <command>',
  '  status     Show extension status',
  '  install    Install the driver extension',
  '  uninstall  Remove the driver extension',
  '  server <path>  Start server on Unix socket',
  '',
].join('\n');

const APPROVAL_HELP =
  'Please go to System Settings > Privacy & Security and allow the extension.\n\n' +
  'If previously disabled: System Settings > General > Login Items & Extensions > Driver Extensions > Toggle TinyGPU ON\n';

/** @param {import('../lib/world.mjs').World['extension']} extension */
export function statusText(extension) {
  if (extension === null) return 'Driver extension not installed.\n\n';
  if (extension === 'waiting-for-user') return 'Extension awaiting approval.\n\n' + APPROVAL_HELP;
  return 'Extension is ready! Run tinygrad to use your eGPU.\n\n';
}

/** Swift's print: the text plus a newline. @param {string} text */
const print = (text) => `${text}\n`;

/** @type {import('../lib/result.mjs').Tool} */
export function tinygpuApp(argv, world) {
  // Without arguments the real binary opens its window; the simulator has none, so it explains usage.
  const [command, socketPath] = argv;
  switch (command) {
    case 'status':
      return printed(print(statusText(world.extension)), EXIT.ok);
    case 'install':
      return install(world);
    case 'uninstall':
      if (world.extension === null) return printed(print('Not installed.\n'), EXIT.ok);
      return printed(
        print('Uninstalling TinyGPU driver extension...\n') + print('Driver extension uninstalled successfully!\n'),
        EXIT.ok,
      );
    case 'server':
      if (socketPath === undefined) {
        return printed(print('Error: server requires socket path\n') + print(USAGE), EXIT.usage);
      }
      return serve(socketPath, world);
    case 'help':
    case '-h':
    case '--help':
      return printed(print(USAGE), EXIT.ok);
    case undefined:
      return printed(print(USAGE), EXIT.usage);
    default:
      return printed(print(`Unknown command: ${command}\n`) + print(USAGE), EXIT.usage);
  }
}

/** @param {import('../lib/world.mjs').World} world */
function install(world) {
  if (world.extension === 'waiting-for-user') {
    return printed(print(statusText('waiting-for-user')), EXIT.needsApproval);
  }
  const started = print('Installing TinyGPU driver extension...\nYou may need to approve in System Settings.\n');
  if (world.extension === null) {
    const approval = print(
      '\nUser approval required!\n\n' + APPROVAL_HELP + 'After approval, connect the gpu and use it with tinygrad.\n',
    );
    return printed(started + approval, EXIT.needsApproval);
  }
  return printed(started + print('Driver extension installed successfully!\n'), EXIT.ok);
}

/**
 * `TinyGPU server <path>` (tinygrad's server.c): listens on a Unix socket at once and opens the
 * driver only when a client connects (`client connected`, then `failed to connect to tinygpu
 * driver` on stderr when the dext is not bound). One client at a time; it keeps running. Exit 3
 * only on socket errors; exit 0 once the GPU's driver service goes away (the scenario stops
 * binding the driver) after a client opened it. The simulator speaks no protocol.
 * @param {string} socketPath
 * @param {import('../lib/world.mjs').World} world
 * @returns {import('../lib/result.mjs').ToolOutcome}
 */
function serve(socketPath, world) {
  return {
    banner: `listening on ${socketPath}\n`,
    start: () => listen(socketPath, world.driverBound),
  };
}

/** @param {string} socketPath @param {boolean} boundAtStart */
async function listen(socketPath, boundAtStart) {
  const [{ createServer }, { unlinkSync }, { loadState }, { worldFor }] = await Promise.all([
    import('node:net'),
    import('node:fs'),
    import('../lib/state.mjs'),
    import('../lib/world.mjs'),
  ]);
  const driverBoundNow = () => {
    const { state } = loadState(process.env);
    return worldFor(state, state.scenario).driverBound;
  };
  try {
    unlinkSync(socketPath);
  } catch {
    // Nothing to replace: the usual case.
  }
  let clientActive = false;
  let driverOpened = false;
  const server = createServer((socket) => {
    if (clientActive) {
      process.stdout.write('rejected: client already connected\n');
      socket.destroy();
      return;
    }
    clientActive = true;
    process.stdout.write('client connected\n');
    if (boundAtStart && driverBoundNow()) driverOpened = true;
    else process.stderr.write('failed to connect to tinygpu driver\n');
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      clientActive = false;
      process.stdout.write('client disconnected\n');
    });
    socket.resume();
  });
  await new Promise((resolve) => {
    server.once('error', (error) => {
      process.stderr.write(`bind: ${describeErrno(error)}\n`);
      process.exitCode = EXIT.failed;
      resolve(undefined);
    });
    server.listen(socketPath, () => {
      process.stdout.write(`listening on ${socketPath}\n`);
      resolve(undefined);
    });
  });
  if (process.exitCode === EXIT.failed) return;
  // The real server _exit(0)s on kIOMessageServiceIsTerminated once it opened the driver.
  const watch = setInterval(() => {
    if (driverOpened && !driverBoundNow()) {
      clearInterval(watch);
      process.exit(EXIT.ok);
    }
  }, 500);
}

/** perror-style text for the errors bind() commonly gives. @param {NodeJS.ErrnoException} error */
function describeErrno(error) {
  const texts = /** @type {Record<string, string>} */ ({
    ENOENT: 'No such file or directory',
    EACCES: 'Permission denied',
    EADDRINUSE: 'Address already in use',
    ENOTDIR: 'Not a directory',
    ENAMETOOLONG: 'File name too long',
  });
  return (error.code && texts[error.code]) ?? error.message;
}
