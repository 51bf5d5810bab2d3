// Host facts moved to the platform layer (one module for preflight, the monitor and diagnostics).
export { countThunderboltPorts, gatherHostFacts, type HostFacts } from '../platform/host-facts';
