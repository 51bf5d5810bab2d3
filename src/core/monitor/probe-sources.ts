// Where a poll's snapshot comes from: the source chosen from settings on a real Mac, or — behind
// the demo decorator — the same sources pointed at the simulator's stand-ins for the macOS tools.
import { stat } from 'node:fs/promises';
import type { AppState, DemoScenario, SourceSelection } from '../api/schemas';
import type { Settings } from '../api/settings';
import { describeError, nullLogger, type LoggerPort } from '../platform/logger';
import { selectSource } from '../probe/sources/select-source';
import type { ProbeSource } from '../probe/sources/source';
import { TierCache } from '../probe/sources/tiers';
import { SIM_STATE_ENV, readSimState, simToolPaths, toDemoScenario, writeSimState } from '../sim/sim-control';

export type MonitorSettings = Settings['monitor'];

export interface ProbeSources {
  /** The source for the next poll; `selection` overrides the setting (as `status --source` does). */
  select(monitor: MonitorSettings, selection?: SourceSelection): Promise<ProbeSource>;
  /** Whether Ollama may fill in VRAM use: never against the simulator, whose figures are the truth. */
  readonly fillsVramFromOllama: boolean;
  /** The Mac's CPU architecture (`arm64`, `x86_64`) or null when it cannot be told. */
  hostArch(): Promise<string | null>;
  /** What the popover's demo controls show; null on a real Mac. */
  demo(): AppState['demo'];
}

export interface HostSourceOptions {
  env: NodeJS.ProcessEnv;
  now: () => number;
  hostArch: () => Promise<string | null>;
}

export function hostSources(options: HostSourceOptions): ProbeSources {
  // Expensive probe details are kept between polls, whichever source the next poll selects.
  const tiers = new TierCache();
  return {
    select: (monitor, selection) => selectSource({ monitor, env: options.env, now: options.now, tiers }, selection),
    fillsVramFromOllama: true,
    hostArch: options.hostArch,
    demo: () => null,
  };
}

export interface DemoOptions {
  simStateFile: string;
  simBinDir: string;
}

/** The demo decorator: host sources whose every tool is the simulator's, driven by its state file. */
export class DemoSources implements ProbeSources {
  readonly fillsVramFromOllama = false;
  private scenario: DemoScenario | null = null;
  /** The state file as last read (inode, size, mtime): an unchanged file is not read and parsed again. */
  private followedStamp: string | null = null;
  private readonly toolPaths: ReturnType<typeof simToolPaths>;
  private readonly inner: ProbeSources;

  constructor(
    private readonly options: DemoOptions & Omit<HostSourceOptions, 'hostArch'>,
    private readonly logger: LoggerPort = nullLogger,
  ) {
    // The simulated Mac is Apple Silicon, whatever machine shows the demo.
    this.inner = hostSources({ env: { ...options.env, [SIM_STATE_ENV]: options.simStateFile }, now: options.now, hostArch: async () => 'arm64' });
    this.toolPaths = simToolPaths(options.simBinDir);
  }

  async select(monitor: MonitorSettings, selection: SourceSelection = monitor.source): Promise<ProbeSource> {
    // The simulator can be flipped from outside (tests, `egpu-companion sim`), so follow its file.
    await this.follow();
    const chosen = selection === 'auto' ? 'tinygpu' : selection;
    return this.inner.select({ ...monitor, source: chosen, paths: { ...monitor.paths, ...this.toolPaths } }, chosen);
  }

  hostArch(): Promise<string | null> {
    return this.inner.hostArch();
  }

  demo(): AppState['demo'] {
    return this.scenario ? { scenario: this.scenario } : null;
  }

  async follow(): Promise<void> {
    try {
      // Every poll looks; reading and validating the file only when it changed keeps the demo cheap at rest.
      const stamp = await stat(this.options.simStateFile).then(
        (info) => `${info.ino}:${info.size}:${info.mtimeMs}`,
        () => null,
      );
      if (stamp !== null && stamp === this.followedStamp && this.scenario !== null) return;
      this.scenario = toDemoScenario((await readSimState(this.options.simStateFile)).scenario);
      this.followedStamp = stamp;
    } catch (error) {
      // A broken state file acts out the default scenario, as the simulated tools do.
      this.logger.debug('demo: unreadable simulator state, showing "connected"', { error: describeError(error) });
      this.scenario = 'connected';
    }
  }

  async setScenario(scenario: DemoScenario): Promise<void> {
    const current = await readSimState(this.options.simStateFile);
    await writeSimState(this.options.simStateFile, { ...current, scenario });
    this.scenario = scenario;
  }
}
