// The monitor's view of the processor (hazards warn about Intel Macs); read by the host-facts module.
import { defaultHostProbeDeps, readHostArch, type HostArch, type HostProbeDeps } from './host-facts';

export async function macHostArch(deps: HostProbeDeps = defaultHostProbeDeps()): Promise<HostArch | null> {
  return readHostArch(deps);
}
