// The tray menu's item for the managed tinygrad server: "Stop the tinygrad server (llama3.1:8b)" while it
// runs, so the eGPU (and the port open to the network) can be freed without opening a window.
import type { MenuItemConstructorOptions } from 'electron';
import { tinygradTrayStopLabel } from '../core/api/present';

/** What the tray knows of the server, from the core's tinygradStatus events. */
export interface TrayTinygrad {
  running: boolean;
  model: string | null;
}

/** Pure: no items while the server is not running or without a handler. */
export function trayTinygradItems(tinygrad: TrayTinygrad | null | undefined, stop: (() => void) | undefined): MenuItemConstructorOptions[] {
  if (!tinygrad?.running || !stop) return [];
  return [{ type: 'separator' }, { id: 'stop-tinygrad', label: tinygradTrayStopLabel(tinygrad.model), click: () => stop() }];
}
