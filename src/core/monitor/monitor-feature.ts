// The monitor as one of the core's features: it makes the app state every other feature adds to,
// follows the simulator in demo mode and owns the hazards its rules raise.
import { ApiError } from '../api/contract';
import type { AppState } from '../api/schemas';
import type { Feature } from '../feature';
import type { MonitorService } from './monitor-service';
import type { DemoSources } from './probe-sources';

export interface MonitorFeatureOptions {
  monitor: MonitorService;
  /** The simulator's sources in demo mode; null on a real Mac. */
  demo: DemoSources | null;
  /** The whole app state, every feature merged: what `setDemoScenario` answers. */
  appState: () => AppState;
  /** The monitor's own state, before other features add theirs. */
  monitorState: () => AppState;
}

export function createMonitorFeature(o: MonitorFeatureOptions): Feature {
  const { monitor, demo } = o;
  return {
    name: 'monitor',
    handlers: {
      setDemoScenario: async ({ scenario }) => {
        if (!demo) throw new ApiError('unavailable', 'demo controls are only available in demo mode');
        await demo.setScenario(scenario);
        await monitor.refresh();
        return o.appState();
      },
    },
    async start() {
      await demo?.follow();
      await monitor.start();
    },
    async readOnce() {
      await demo?.follow();
      await monitor.probeOnce();
    },
    stop: () => monitor.stop(),
    settingsChanged: () => monitor.settingsChanged(),
    // Only the hazards its rules show: a sleep or inference warning belongs to the feature that raised it.
    dismissHazard(id) {
      if (!o.monitorState().hazards.some((hazard) => hazard.id === id)) return false;
      monitor.dismissHazard(id);
      return true;
    },
  };
}
