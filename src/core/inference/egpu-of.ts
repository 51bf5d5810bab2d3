// The eGPU and its link as the monitor sees them, saved with each eGPU measurement.
import { egpuOf } from '../api/egpu';
import { linkText } from '../api/present';
import type { AppState } from '../api/schemas';

export function egpuLabelsOf(state: Pick<AppState, 'devices'>): { gpu: string | null; link: string | null } {
  const device = egpuOf(state);
  return device ? { gpu: device.name, link: linkText(device.link) } : { gpu: null, link: null };
}
