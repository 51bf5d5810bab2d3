// Joins the power service to the rest of the app: the eGPU as the monitor sees it goes in, and
// the app state (power object, merged hazards), monitor events and notifications come out. The
// composition root constructs it and stays wiring-only.
import { ApiError, type CommandOutput } from '../api/contract';
import { POWER_WORDS } from '../api/present';
import { SLEEP_SOON_HAZARD_ID, ON_BATTERY_HAZARD_ID, type KeepAwakeMode, type PowerSettings, type PersistedKeepAwakeMode, type SleepNotificationActionId, type UnplugHolder } from '../api/power';
import type { AppState, Hazard, MonitorEvent } from '../api/schemas';
import { inUseLabel, missingAfterWakeId } from '../api/hazards';
import { HOUR_MS } from '../api/durations';
import { clockWithNow, type Clock } from '../platform/clock';
import type { LoggerPort } from '../platform/logger';
import type { Feature } from '../feature';
import type { Notification } from '../ports';
import type { EgpuContext, WakeResult } from './around-sleep';
import type { PowerPort } from '../ports';
import { PowerService, type PowerServiceEvent } from './power-service';
import { powerJson } from './status';
import { UnplugService } from './unplug';

export interface PowerFeatureOptions {
  /** Absent: the power features hide themselves. */
  port: PowerPort | null;
  settings: () => PowerSettings;
  /** The monitor's app state, before the power parts are merged in. */
  monitorState: () => AppState;
  /** The whole app state, every feature merged: what the power commands answer. */
  appState: () => AppState;
  /** Probes now (after wake, before listing what holds the eGPU) and answers the new state. */
  probeNow: () => Promise<AppState>;
  /** The merged state changed: publish it. */
  changed: () => void;
  event: (event: MonitorEvent) => void;
  notify: (notification: Notification) => void;
  /** Saves the keep-awake mode in settings; never rejects. */
  persistKeepAwake: (mode: PersistedKeepAwakeMode) => Promise<void>;
  now: () => number;
  logger: LoggerPort;
  clock?: Clock;
  /** What the app itself runs on the eGPU (the tinygrad server it manages); absent = nothing. */
  ownHolders?: () => UnplugHolder[];
  /** Stops one of `ownHolders`; resolves once it has exited. */
  stopOwnHolder?: (holder: UnplugHolder) => Promise<void>;
}

const POWER_HAZARDS = new Set([SLEEP_SOON_HAZARD_ID, ON_BATTERY_HAZARD_ID]);

/** Pure: what the power service needs to know of the eGPU. */
export function egpuContextOf(state: AppState, own: readonly UnplugHolder[] = []): EgpuContext {
  const driver = state.driver.state;
  return {
    devices: state.devices.map((d) => ({ key: d.key, name: d.name, link: d.link.kind === 'unknown' ? null : d.link.label })),
    driverReady: driver === 'ready' ? true : driver === 'unknown' ? null : false,
    users: unplugHoldersOf(state, own).map((h) => (h.pid !== null ? inUseLabel({ pid: h.pid, command: h.command ?? h.name }) : h.name)),
  };
}

/**
 * Pure: what holds the eGPU — the GPU lock holder, a running TinyGPU server and what the app itself
 * runs. A lock holder the app started is the same process: listed once, as the app's, so it can be stopped.
 */
export function unplugHoldersOf(state: AppState, own: readonly UnplugHolder[] = []): UnplugHolder[] {
  const holders = new Map<string, UnplugHolder>();
  for (const device of state.devices) {
    const holder = device.inUseBy;
    if (holder) holders.set(`pid:${holder.pid}`, { pid: holder.pid, name: holder.command.split(/\s+/)[0]?.split('/').pop() ?? holder.command, command: holder.command, ownedByApp: false });
  }
  if (state.health.serverRunning === true) holders.set('server', { pid: null, name: POWER_WORDS.tinygpuServer, command: null, ownedByApp: false });
  for (const holder of own) holders.set(holder.pid !== null ? `pid:${holder.pid}` : `own:${holder.name}`, { ...holder, ownedByApp: true });
  return [...holders.values()];
}

export const WAKE_HAZARD_PREFIX = 'sleep-wake:';

/** Pure: the critical warning for a device that did not come back from sleep as it was; null when it did. */
export function wakeHazard(at: number, r: WakeResult): Hazard | null {
  if (r.outcome === 'back' || r.severity !== 'critical') return null;
  return {
    id: `${WAKE_HAZARD_PREFIX}${r.deviceKey ?? ''}`,
    severity: 'critical',
    title: POWER_WORDS.wakeTitles[r.outcome],
    why: r.message,
    actions: [
      { kind: 'refresh', label: POWER_WORDS.checkAgain },
      { kind: 'dismiss', label: POWER_WORDS.dismiss },
    ],
    since: at,
  };
}

/** Pure: the monitor's state with the power object and hazards merged in; a wake warning replaces the monitor's milder one. */
export function withPower(state: AppState, power: ReturnType<PowerService['state']>, at: number, wake: readonly Hazard[] = []): AppState {
  const wakeKeys = new Set(wake.map((h) => missingAfterWakeId(h.id.slice(WAKE_HAZARD_PREFIX.length))));
  const monitorHazards = state.hazards.filter((h) => !POWER_HAZARDS.has(h.id) && !wakeKeys.has(h.id));
  if (!power.status.supported && wake.length === 0) return state;
  const hazards: Hazard[] = [...wake, ...monitorHazards, ...power.hazards];
  // The tray icon stays about the eGPU (its title counts down to sleep); only a wake that lost it escalates.
  const warns = wake.length > 0;
  return {
    ...state,
    hazards,
    tray: state.tray === 'ok' && warns ? 'warning' : state.tray,
    power: !power.status.supported ? undefined : { ...power.status, preventedLine: power.preventedLine, at, warning: power.hazards.some((h) => h.id === SLEEP_SOON_HAZARD_ID) },
  };
}

/** Pure: one monitor event per device compared after wake. */
export function wakeEvents(at: number, results: WakeResult[]): MonitorEvent[] {
  return results.map((r) => ({
    at,
    kind: 'woke',
    severity: r.severity,
    message: r.outcome === 'back' ? `${POWER_WORDS.egpuBack}: ${r.message}` : r.message,
    deviceKey: r.deviceKey,
  }));
}

export interface PowerFeature extends Feature {
  start(): void;
  stop(): void;
  settingsChanged(): void;
  readOnce(): Promise<void>;
  decorate(state: AppState): AppState;
  /** After each monitor update. */
  egpuChanged(): void;
  /** true when the hazard was the power feature's own (the user chose "Let it sleep"). */
  dismissHazard(id: string): boolean;
  prepareUnplug(): Promise<CommandOutput<'prepareUnplug'>>;
  /** Stops a holder the app started (refuses any other), then lists again. */
  stopUnplugHolder(pid: number): Promise<CommandOutput<'stopUnplugHolder'>>;
  /** For the monitor: a device leaving now was unplugged as prepared (info, not the hot-plug warning). */
  isPreparedUnplug(): boolean;
}

export function createPowerFeature(o: PowerFeatureOptions): PowerFeature {
  const port = o.port;
  const wake = new Map<string, Hazard>();
  let saving: Promise<void> = Promise.resolve();
  const own = (): UnplugHolder[] => o.ownHolders?.() ?? [];
  const unplug = new UnplugService({
    holders: async () => unplugHoldersOf(await o.probeNow(), own()),
    ...(o.stopOwnHolder ? { stopOwned: o.stopOwnHolder } : {}),
    now: o.now,
    logger: o.logger,
  });
  let deviceKeys = new Set<string>();
  const onEvent = (event: PowerServiceEvent): void => {
    if (event.kind === 'state') o.changed();
    else if (event.kind === 'sleep-soon') o.event({ at: event.at, kind: 'sleep-soon', severity: 'warning', message: event.hazard.title, deviceKey: null });
    else if (event.kind === 'notify') o.notify({ id: `${SLEEP_SOON_HAZARD_ID}:${o.now()}`, title: event.notification.title, body: event.notification.body, severity: 'warning', actions: event.notification.actions });
    else if (event.kind === 'woke') {
      for (const e of wakeEvents(event.at, event.results)) o.event(e);
      for (const result of event.results) {
        const hazard = wakeHazard(event.at, result);
        if (!hazard) continue;
        wake.set(hazard.id, hazard);
        o.notify({ id: `${hazard.id}:${event.at}`, title: hazard.title, body: hazard.why, severity: 'critical' });
      }
      o.changed();
    } else if (event.keepAwake.mode !== 'until' && event.keepAwake.mode !== o.settings().keepAwake) saving = o.persistKeepAwake(event.keepAwake.mode);
  };
  const service = port
    ? new PowerService({
        port,
        clock: o.clock ?? clockWithNow(o.now),
        egpu: () => egpuContextOf(o.monitorState(), own()),
        egpuAfterWake: async () => egpuContextOf(await o.probeNow(), own()),
        emit: onEvent,
        settings: o.settings(),
        logger: o.logger,
      })
    : null;
  const requireService = (): PowerService => {
    if (!service || !port?.supported) throw new ApiError('unavailable', POWER_WORDS.unsupported);
    return service;
  };
  const setKeepAwake = async (mode: KeepAwakeMode, hours: number | undefined): Promise<void> => {
    requireService().setKeepAwake(mode, mode === 'until' ? o.now() + (hours ?? 1) * HOUR_MS : null);
    // Resolves once a persistable mode is saved.
    await saving;
  };
  const notificationAction = async (action: SleepNotificationActionId): Promise<void> => {
    requireService().handleNotificationAction(action);
    await saving;
  };
  const begin = (): Promise<void> => {
    // Settings are loaded by now: start with the saved keep-awake mode and lead time.
    service?.updateSettings(o.settings());
    return service?.start() ?? Promise.resolve();
  };
  return {
    name: 'power',
    handlers: {
      setKeepAwake: async ({ mode, hours }) => {
        await setKeepAwake(mode, hours);
        return o.appState();
      },
      prepareUnplug: () => unplug.refresh(),
      stopUnplugHolder: ({ pid }) => unplug.stopOwned(pid),
      powerNotificationAction: async ({ action }) => {
        await notificationAction(action);
        return o.appState();
      },
    },
    start() {
      // The first reading arrives as a state change; nothing waits for pmset.
      void begin();
    },
    readOnce: begin,
    stop: () => service?.stop(),
    statusFields: (state) => ({ power: powerJson(state.power) }),
    egpuChanged() {
      const keys = new Set(o.monitorState().devices.map((d) => d.key));
      // A device plugged (back) in ends a prepared unplug: the next one leaving is a surprise again.
      if ([...keys].some((key) => !deviceKeys.has(key))) unplug.deviceArrived();
      deviceKeys = keys;
      // A device that was missing after wake and is back again ends its warning.
      for (const [id, hazard] of wake) if (keys.has(id.slice(WAKE_HAZARD_PREFIX.length)) && hazard.title === POWER_WORDS.wakeTitles.missing) wake.delete(id);
      service?.egpuChanged();
    },
    settingsChanged: () => service?.updateSettings(o.settings()),
    decorate: (state) => (service ? withPower(state, service.state(), o.now(), [...wake.values()]) : state),
    dismissHazard(id) {
      if (wake.delete(id)) {
        o.changed();
        return true;
      }
      if (id !== SLEEP_SOON_HAZARD_ID || !service) return false;
      service.handleNotificationAction('let-it-sleep');
      return true;
    },
    prepareUnplug: () => unplug.refresh(),
    stopUnplugHolder: (pid) => unplug.stopOwned(pid),
    isPreparedUnplug: () => unplug.isPreparedUnplug(),
  };
}
