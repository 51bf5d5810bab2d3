// Messages between the boot test and the Electron double running inside the child process.

/** One recorded call on the double, as a JSON line in $EGPU_BOOT_RECORD. */
export interface BootRecord {
  seq: number;
  /** The double object, e.g. `app#1`, `Tray#1`, `BrowserWindow#1`, `shell`. */
  target: string;
  method: string;
  args: unknown[];
}

/** Orders the test sends over the child-process channel. */
export type BootOrder =
  | { id: number; op: 'invoke'; channel: string; args: unknown[]; frameUrl: string }
  | { id: number; op: 'tray-menu' }
  | { id: number; op: 'menu-click'; itemId: string }
  | { id: number; op: 'quit' }
  /** A bug somewhere in main: a throw from a timer and a rejection nobody handles. */
  | { id: number; op: 'unexpected-error'; message: string };

export type BootReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string } | { id: number; ok: boolean; value: null };
