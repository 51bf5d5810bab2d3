// Warnings the inference side adds to the popover: tinygrad's server open to the network while it
// runs, and the guide's "under 10 tok/s on an 8B model" rule after an eGPU measurement. Pure.
import { BACKEND_NOT_ACTIVE_HAZARD_ID, TINYGRAD_LISTENS_HAZARD_ID, type Measurement } from '../api/inference';
import type { Hazard } from '../api/schemas';
import { speedHazard } from './history/expectations';

export function tinygradListensHazard(port: number, since: number): Hazard {
  return {
    id: TINYGRAD_LISTENS_HAZARD_ID,
    severity: 'info',
    title: `tinygrad's server accepts connections from your network on port ${port}`,
    why: `tinygrad listens on all network interfaces, not only on this Mac, and asks no password: anyone on the same network can use the model on your eGPU. Stop it when you are on an untrusted network.`,
    actions: [],
    since,
  };
}

/** The guide's rule applied to the latest eGPU measurement; null when it is fast enough or not an eGPU figure. */
export function backendNotActiveHazard(m: Measurement | null): Hazard | null {
  if (!m || m.outcome !== 'completed') return null;
  const rule = speedHazard(m);
  if (!rule) return null;
  return {
    id: BACKEND_NOT_ACTIVE_HAZARD_ID,
    severity: 'warning',
    title: rule.title,
    why: `${rule.detail} Check: ${rule.checks.join(' ')}`,
    actions: [{ kind: 'dismiss', label: 'Dismiss' }],
    since: m.at,
  };
}
