// A writer of the data folder: takes the lock like the app and `serve` do, then saves settings in a
// loop, printing "ack N" after each save. A busy folder prints the message and exits 3.
import { acquireDataDirLock, DataDirBusyError } from '../../../src/core/store/data-dir-lock';
import { SettingsStore } from '../../../src/core/store/settings-store';

const [dir, host = 'test writer'] = process.argv.slice(2);
if (!dir) throw new Error('usage: lock-child <dataDir> [host]');

try {
  await acquireDataDirLock(dir, { host });
} catch (error) {
  if (!(error instanceof DataDirBusyError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(3);
}
process.stdout.write('locked\n');
const store = SettingsStore.inDataDir(dir);
await store.load();
for (let n = 1; ; n++) {
  await store.update({ monitor: { pollIntervalSec: 1 + (n % 50) }, launchAtLogin: n % 2 === 0 });
  process.stdout.write(`ack ${n}\n`);
}
