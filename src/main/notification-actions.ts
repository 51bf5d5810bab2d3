// A notification's buttons as Electron takes them, and the button the user pressed turned back into
// one of the closed set of actions the core accepts. Pure, so tests reach it without Electron.
import type { SleepNotificationActionId } from '../core/api/power';
import type { Notification } from '../core/ports';

export interface ElectronButton {
  type: 'button';
  text: string;
}

type Actions = Notification['actions'];

/** Electron's `actions` option: one button per action, in order. */
export function electronButtons(actions: Actions): ElectronButton[] {
  return (actions ?? []).map((action) => ({ type: 'button', text: action.label }));
}

/** The action behind the pressed button; null for an index Electron should never send. */
export function notificationActionAt(actions: Actions, index: unknown): SleepNotificationActionId | null {
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) return null;
  return actions?.[index]?.id ?? null;
}

/**
 * The index from Electron's `action` event: newer versions pass `{ actionIndex }` first, older ones
 * the index itself (now deprecated) second.
 */
export function actionIndexOf(details: unknown, positional: unknown): number | null {
  if (typeof details === 'object' && details !== null && 'actionIndex' in details) {
    const index = (details as { actionIndex: unknown }).actionIndex;
    if (typeof index === 'number') return index;
  }
  if (typeof details === 'number') return details;
  return typeof positional === 'number' ? positional : null;
}
