// The plain-Node power port with the command paths saved in a data folder's settings (monitor.paths
// pmset, ioreg, caffeinate), so every host finds the same tools: CLI, web mode and the Electron app.
import type { LoggerPort } from '../platform/logger';
import { SettingsStore } from '../store/settings-store';
import { nodePowerPortFor } from './node-port';
import type { PowerPort } from '../ports';

/** Reads the settings without writing them (a damaged file stays for the app to report); unsupported where pmset is absent. */
export async function powerPortForDataDir(dataDir: string, logger: LoggerPort): Promise<PowerPort> {
  const { settings } = await SettingsStore.inDataDir(dataDir, { readOnly: true, logger }).load();
  return nodePowerPortFor(settings.monitor, logger);
}
