// Which device is "the eGPU": decided here once, for the core, the hosts and the popover.
import type { AppState } from './schemas';

/** The eGPU the app is about: the first device the probe lists (TinyGPU drives one eGPU per Mac); null when none. */
export function egpuOf<D = AppState['devices'][number]>(state: { readonly devices: readonly D[] }): D | null {
  return state.devices[0] ?? null;
}
