// The monitor pipeline, once: pick a source → probe → fill VRAM → reduce → hazards → app state.
// The companion polls it on a timer; `status` asks it for one probe; `watch` listens to its events.
import { egpuOf } from '../api/egpu';
import type { AppState, Hazard, MonitorEvent, Notice, SourceSelection } from '../api/schemas';
import type { Settings } from '../api/settings';
import { clockWithNow, type Clock, type TimerHandle } from '../platform/clock';
import { describeError, nullLogger, type LoggerPort } from '../platform/logger';
import { noopNotifier, type NotifierPort, type PowerEvent } from '../ports';
import { ollamaVramUsedMB } from '../probe/ollama-vram';
import { withCardNames } from '../probe/card-names';
import type { Snapshot } from '../probe/types';
import { toAppState } from './app-state';
import { deriveHazards } from './hazards';
import { initialMonitorState, isFailedSnapshot, type MonitorContext, type MonitorState } from './monitor-state';
import { notificationsFor } from './notifications';
import { Poller } from './poller';
import type { ProbeSources } from './probe-sources';
import { dismissHazard, reduce } from './reducer';
import { ollamaCountsAsEgpuVram } from '../probe/vram';
import { fillVramFromOllama, type OllamaVram } from './vram-fill';

// After wake the Thunderbolt tunnel needs a moment to come back before we look.
export const RESUME_SETTLE_MS = 2_000;

export interface MonitorServiceOptions {
  sources: ProbeSources;
  settings: () => Settings;
  now?: () => number;
  /** Waits after wake before polling again; the real clock (with `now`) by default. */
  clock?: Clock;
  notifier?: NotifierPort;
  logger?: LoggerPort;
  /** Called after every poll or dismissal with that poll's events (often none). */
  onUpdate?: (events: MonitorEvent[]) => void;
  /** Overrides the source setting, as `status --source` does. */
  selection?: SourceSelection;
  ollamaVram?: OllamaVram;
  /** True for a while after "Prepare to unplug" said safe: a device leaving then is info, not a warning. */
  preparedUnplug?: () => boolean;
}

export class MonitorService {
  private monitor: MonitorState = initialMonitorState();
  private hazards: Hazard[] = [];
  private snapshot: Snapshot | null = null;
  private lastResumeAt: number | null = null;
  private asleep = false;
  private hostArch: string | null = null;
  private resumeTimer: TimerHandle | null = null;
  private running = false;
  /** The next probe runs the expensive details too: on start, refresh, settings change and wake. */
  private forceDetail = true;
  private readonly appStartedAt: number;
  private readonly now: () => number;
  private readonly clock: Clock;
  private readonly poller: Poller;

  constructor(private readonly options: MonitorServiceOptions) {
    this.now = options.now ?? Date.now;
    this.clock = options.clock ?? clockWithNow(this.now);
    this.appStartedAt = this.now();
    this.poller = new Poller({ intervalMs: this.intervalMs(), poll: () => this.pollOnce() });
  }

  /** Asks the host's architecture once, then polls on the settings' interval. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.hostArch = await this.options.sources.hostArch();
    this.poller.setInterval(this.intervalMs());
    this.poller.start();
  }

  isRunning(): boolean {
    return this.running;
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.resumeTimer) this.clock.cancel(this.resumeTimer);
    this.resumeTimer = null;
    await this.poller.stop();
  }

  /** One probe without the timer: what `status` prints. */
  async probeOnce(): Promise<AppState> {
    this.hostArch = await this.options.sources.hostArch();
    await this.pollOnce();
    return this.appState([]);
  }

  /** Polls now (or waits for the poll already running). */
  refresh(): Promise<void> {
    this.forceDetail = true;
    return this.poller.pollNow();
  }

  /** Follows a settings change: new interval, and a fresh look with the new paths. */
  settingsChanged(): void {
    this.forceDetail = true;
    this.poller.setInterval(this.intervalMs());
    void this.poller.pollNow();
  }

  dismissHazard(id: string): void {
    this.monitor = dismissHazard(this.monitor, id, this.now());
    this.hazards = deriveHazards(this.monitor, this.context());
    this.options.onUpdate?.([]);
  }

  appState(notices: Notice[]): AppState {
    return toAppState(this.monitor, this.hazards, { notices, demo: this.options.sources.demo(), intervalMs: this.intervalMs() });
  }

  /** The last snapshot as the source reported it, raw command output included (for diagnostics). */
  lastSnapshot(): Snapshot | null {
    return this.snapshot;
  }

  /** The vendor of the first GPU, so setup can offer the matching recipe. */
  firstGpuVendor(): 'nvidia' | 'amd' | null {
    const vendor = egpuOf(this.monitor)?.vendor;
    return vendor === 'nvidia' || vendor === 'amd' ? vendor : null;
  }

  handlePowerEvent(event: PowerEvent): void {
    if (event === 'suspend') {
      this.asleep = true;
      void this.poller.stop();
      return;
    }
    if (event === 'resume') {
      this.asleep = false;
      this.lastResumeAt = this.now();
      this.forceDetail = true;
      if (this.resumeTimer) this.clock.cancel(this.resumeTimer);
      this.resumeTimer = this.clock.setTimeout(() => {
        if (this.running) this.poller.start();
      }, RESUME_SETTLE_MS);
      return;
    }
    // Screen lock changes nothing about the eGPU; an unlock is a good moment to look again.
    if (event === 'unlock-screen' && this.running && !this.asleep) void this.poller.pollNow();
  }

  private intervalMs(): number {
    return this.options.settings().monitor.pollIntervalSec * 1000;
  }

  private context(): MonitorContext {
    return {
      now: this.now(),
      appStartedAt: this.appStartedAt,
      lastResumeAt: this.lastResumeAt,
      asleep: this.asleep,
      hostArch: this.hostArch,
      intervalMs: this.intervalMs(),
      preparedUnplug: this.options.preparedUnplug?.() ?? false,
    };
  }

  /** Resolves true when the probe read the eGPU (the poller backs off otherwise). */
  private async pollOnce(): Promise<boolean> {
    if (this.asleep) return true;
    const { sources, settings } = this.options;
    const monitorSettings = settings().monitor;
    const source = await sources.select(monitorSettings, this.options.selection);
    const probed = await source.probe({ detail: this.forceDetail ? 'force' : 'auto' });
    const snapshot: Snapshot = { ...probed, devices: withCardNames(probed.devices) };
    this.forceDetail = false;
    if (sources.fillsVramFromOllama && ollamaCountsAsEgpuVram(snapshot.source)) {
      await fillVramFromOllama(snapshot, monitorSettings.ollamaUrl, this.options.ollamaVram ?? ollamaVramUsedMB).catch((error: unknown) =>
        (this.options.logger ?? nullLogger).debug('monitor: Ollama VRAM lookup failed', { error: describeError(error) }),
      );
    }
    this.snapshot = snapshot;
    this.apply(snapshot);
    return !isFailedSnapshot(snapshot);
  }

  private apply(snapshot: Snapshot): void {
    const ctx = this.context();
    const result = reduce(this.monitor, { kind: 'snapshot', snapshot }, ctx);
    this.monitor = result.state;
    const previous = this.hazards;
    this.hazards = deriveHazards(this.monitor, ctx);
    const notifier = this.options.notifier ?? noopNotifier;
    for (const notification of notificationsFor(previous, this.hazards, this.options.settings().notifications)) {
      notifier.notify(notification);
    }
    this.options.onUpdate?.(result.events);
  }
}
