// The one shape every feature of the core takes (monitor, power, setup, inference, the doctor), so
// the composition root is a list plus the wiring between its entries, and merging hazards, dismissing
// them, answering `status --json` and telling the updater what is running are loops, not chains.
import { commands } from './api/contract';
import { sortHazards } from './api/hazards';
import type { AppState, Hazard } from './api/schemas';
import type { CommandHandlers } from './api/transport';

/** A long job a restart would cut, in words for the user: "a setup step", "a benchmark". */
export type BusyJob = string;

export interface Feature {
  /** Names the feature in logs and errors. */
  readonly name: string;
  /** The contract's commands this feature answers; no two features answer the same one. */
  readonly handlers: Partial<CommandHandlers>;
  /** After settings are loaded, in list order; the monitor comes first so later features see its first probe. */
  start?(): Promise<void> | void;
  /** On quit, in reverse list order; within the hosts' QUIT_BUDGET_MS. */
  stop?(): Promise<void> | void;
  settingsChanged?(): void;
  /** `status`: one reading without timers, after the features before it in the list have read theirs. */
  readOnce?(): Promise<void>;
  /** The app state with this feature's own part added (the power object); may replace hazards it supersedes. */
  decorate?(state: AppState): AppState;
  /** The warnings it raises for this app state; merged by id and sorted by severity with everyone's. */
  hazards?(state: AppState): Hazard[];
  /** true when the hazard was this feature's own and is now dismissed. */
  dismissHazard?(id: string): boolean | Promise<boolean>;
  /** What it adds to `status --json` (a key of its own, such as `power`). */
  statusFields?(state: AppState): Record<string, unknown>;
  /** The long jobs it runs now; empty when a restart would cut nothing. */
  busy?(): BusyJob[] | Promise<BusyJob[]>;
}

/** The monitor's state with every feature's part and hazards merged in, still sorted by severity. */
export function stateWithFeatures(base: AppState, features: readonly Feature[]): AppState {
  const decorated = features.reduce((state, feature) => feature.decorate?.(state) ?? state, base);
  const raised = features.flatMap((feature) => feature.hazards?.(decorated) ?? []);
  if (raised.length === 0) return decorated;
  const ids = new Set(raised.map((hazard) => hazard.id));
  return { ...decorated, hazards: sortHazards([...decorated.hazards.filter((hazard) => !ids.has(hazard.id)), ...raised]) };
}

/** Asks each feature in turn; the first that owns the hazard dismisses it. */
export async function dismissWithFeatures(features: readonly Feature[], id: string): Promise<boolean> {
  for (const feature of features) if (await feature.dismissHazard?.(id)) return true;
  return false;
}

/** Every feature's handlers in one map; a command answered twice is a wiring mistake, caught at start. */
export function featureHandlers(features: readonly Feature[]): Partial<CommandHandlers> {
  const all: Partial<CommandHandlers> = {};
  for (const feature of features) {
    for (const [name, handler] of Object.entries(feature.handlers)) {
      if (name in all) throw new Error(`${feature.name} answers ${name}, which another feature already answers`);
      Object.assign(all, { [name]: handler });
    }
  }
  return all;
}

/** The app's handlers and every feature's as one map that answers every command of the contract. */
export function completeHandlers(parts: Partial<CommandHandlers>): CommandHandlers {
  const missing = Object.keys(commands).filter((name) => !(name in parts));
  if (missing.length > 0) throw new Error(`no feature answers ${missing.join(', ')}`);
  return parts as CommandHandlers;
}

/** What the features add to `status --json`, in list order. */
export function statusFieldsOf(features: readonly Feature[], state: AppState): Record<string, unknown> {
  return Object.assign({}, ...features.map((feature) => feature.statusFields?.(state) ?? {})) as Record<string, unknown>;
}

/** Every long job running now; a feature whose answer fails counts as busy (better a late update than a cut job). */
export async function busyJobs(features: readonly Feature[]): Promise<BusyJob[]> {
  const lists = await Promise.all(
    features.map(async (feature) => {
      try {
        return (await feature.busy?.()) ?? [];
      } catch {
        // An unreadable answer is treated as busy by design, not swallowed.
        return [`${feature.name} (unknown)`];
      }
    }),
  );
  return lists.flat();
}

/** `status`: one reading by each feature in list order, then the app state and what each adds to `status --json`. */
export async function readStatusOnce(features: readonly Feature[], appState: () => AppState): Promise<{ state: AppState; fields: Record<string, unknown> }> {
  for (const feature of features) await feature.readOnce?.();
  const state = appState();
  return { state, fields: statusFieldsOf(features, state) };
}

/** Starts in list order; stops in reverse, each stop awaited so children are gone before the next. */
export async function startFeatures(features: readonly Feature[]): Promise<void> {
  for (const feature of features) await feature.start?.();
}

export async function stopFeatures(features: readonly Feature[]): Promise<void> {
  for (const feature of [...features].reverse()) await feature.stop?.();
}
