// The About box: app, Electron, Chromium and Node versions, and the TinyGPU driver the app last saw.
// Built as text here so a test pins it; index.ts shows it with dialog.showMessageBox.
import type { DriverInfo } from '../core/api/schemas';

export interface AboutFacts {
  appVersion: string;
  /** process.versions; `electron` and `chrome` are missing under plain Node. */
  versions: { electron?: string; chrome?: string; node: string };
  /** From the core's state; null when it could not be read. */
  driver: DriverInfo | null;
}

export interface AboutText {
  title: string;
  message: string;
  detail: string;
}

export function aboutText(facts: AboutFacts): AboutText {
  const lines = [
    `Electron ${facts.versions.electron ?? 'unknown'}`,
    `Chromium ${facts.versions.chrome ?? 'unknown'}`,
    `Node ${facts.versions.node.replace(/^v/, '')}`,
    driverLine(facts.driver),
    '',
    'Not affiliated with tiny corp, NVIDIA or AMD.',
  ];
  return { title: 'About eGPU Companion', message: `eGPU Companion ${facts.appVersion}`, detail: lines.join('\n') };
}

function driverLine(driver: DriverInfo | null): string {
  if (!driver || (driver.version === null && (driver.state === 'unknown' || driver.state === 'not-installed'))) {
    return driver?.state === 'not-installed' ? 'TinyGPU driver: not installed' : 'TinyGPU driver: not seen yet';
  }
  const name = driver.name ?? 'TinyGPU';
  const version = driver.version ?? 'version unknown';
  return `Driver: ${name} ${version} (${driver.state.replace(/-/g, ' ')})`;
}
