// The tray menu's power items: a "Keep awake" submenu and "Prepare to unplug", only where the
// power features are supported.
import type { MenuItemConstructorOptions } from 'electron';
import type { KeepAwakeMode } from '../core/api/power';
import { POWER_WORDS } from '../core/api/present';
import type { AppState } from '../core/api/schemas';

export interface TrayPowerHandlers {
  setKeepAwake(mode: KeepAwakeMode): void;
  /** Opens the popover, where the list of what uses the eGPU is shown. */
  prepareUnplug(): void;
}

const MODES: readonly KeepAwakeMode[] = ['off', 'while-attached', 'while-in-use', 'until'];

/** Pure: no items when the state carries no supported power object or no handlers are given. */
export function trayPowerItems(state: AppState | null, handlers: TrayPowerHandlers | undefined): MenuItemConstructorOptions[] {
  const power = state?.power;
  if (!power?.supported || !handlers) return [];
  return [
    { type: 'separator' },
    {
      id: 'keep-awake',
      label: POWER_WORDS.keepAwake,
      submenu: MODES.map((mode) => ({
        id: `keep-awake-${mode}`,
        label: POWER_WORDS.keepAwakeModes[mode],
        type: 'radio' as const,
        checked: power.keepAwake.mode === mode,
        click: () => handlers.setKeepAwake(mode),
      })),
    },
    { id: 'prepare-unplug', label: `${POWER_WORDS.prepareUnplug}…`, click: () => handlers.prepareUnplug() },
  ];
}
