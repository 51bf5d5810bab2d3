// Setup wizard state: what the core last told us about recipes and progress, which step the user is
// looking at, and one result line per step. Every change to the world goes through the api, naming
// only recipe and step ids; terminal output bypasses React and goes straight to the terminal bridge.
import { create } from 'zustand';
import type { CompanionApi, EventPayload } from '../../../core/api/contract';
import type { RecipeView, SetupOverview, SetupProgress, StepView } from '../../../core/api/setup';
import { messageOf } from '../store';
import { TerminalBridge } from './terminal-bridge';

export type NoteTone = 'ok' | 'error' | 'info';

/** The latest thing that happened to a step in this window (an exit, a check), in one line. */
export interface StepNote {
  tone: NoteTone;
  text: string;
}

export interface LogView {
  stepId: string;
  path: string;
  text: string;
}

export interface SetupState {
  api: CompanionApi | null;
  overview: SetupOverview | null;
  progress: SetupProgress | null;
  loadError: string | null;
  selectedStepId: string | null;
  /** The selection moves along with progress until the user picks a step that is not the current one. */
  followCurrent: boolean;
  notes: Record<string, StepNote>;
  /** The command in flight ("run:install-brew"); buttons wait for it. */
  pending: string | null;
  actionError: string | null;
  log: LogView | null;
  /** The step whose output the terminal is showing. */
  terminalStepId: string | null;
}

const INITIAL: Omit<SetupState, 'api'> = {
  overview: null,
  progress: null,
  loadError: null,
  selectedStepId: null,
  followCurrent: true,
  notes: {},
  pending: null,
  actionError: null,
  log: null,
  terminalStepId: null,
};

export const useSetup = create<SetupState>(() => ({ api: null, ...INITIAL }));

const ignoreFailure = () => undefined;

/** The one terminal of the wizard; acks, keystrokes and sizes go to whichever api is bound. */
export const terminalBridge = new TerminalBridge({
  ack: (sessionId, chars) => void useSetup.getState().api?.setupAck({ sessionId, chars }).catch(ignoreFailure),
  input: (sessionId, data) => void useSetup.getState().api?.setupInput({ sessionId, data }).catch(ignoreFailure),
  resize: (sessionId, size) => void useSetup.getState().api?.setupResize({ sessionId, ...size }).catch(ignoreFailure),
});

/** Subscribes the wizard to the core's setup events. Returns a disposer. */
export function bindSetup(api: CompanionApi): () => void {
  useSetup.setState({ api });
  const disposers = [
    api.on('setupProgress', applyProgress),
    api.on('setupOutput', ({ sessionId, data }) => terminalBridge.output(sessionId, data)),
    api.on('setupExit', applyExit),
  ];
  return () => disposers.forEach((dispose) => dispose());
}

/** For tests: forget everything, including the terminal session. */
export function resetSetupStore(): void {
  terminalBridge.reset();
  useSetup.setState({ api: null, ...INITIAL });
}

// ---- selectors ----

export function recipeOf(state: Pick<SetupState, 'overview' | 'progress'>): RecipeView | null {
  const recipeId = state.progress?.recipeId;
  return state.overview?.recipes.find((recipe) => recipe.id === recipeId) ?? null;
}

export function selectedStepOf(state: SetupState): StepView | null {
  return recipeOf(state)?.steps.find((step) => step.id === state.selectedStepId) ?? null;
}

export function isBlocked(overview: SetupOverview | null): boolean {
  return overview?.preflight.some((check) => check.blocking && check.ok === false) ?? false;
}

// ---- loading and events ----

export async function loadOverview(): Promise<void> {
  const { api } = useSetup.getState();
  if (!api) return;
  try {
    const overview = await api.setupOverview({});
    useSetup.setState({ overview, loadError: null });
    applyProgress(overview.progress);
    // Nothing chosen yet: start from the suggestion, which the selector still lets the user change.
    if (overview.progress.recipeId === null && overview.suggestedRecipeId !== null) await chooseRecipe(overview.suggestedRecipeId);
  } catch (error) {
    useSetup.setState({ loadError: messageOf(error) });
  }
}

function applyProgress(progress: SetupProgress): void {
  const state = useSetup.getState();
  const recipeChanged = state.progress?.recipeId !== progress.recipeId;
  const steps = recipeOf({ overview: state.overview, progress })?.steps ?? [];
  const active = progress.activeSession;
  let terminalStepId = state.terminalStepId;
  if (active && terminalBridge.currentSessionId !== active.sessionId) {
    terminalBridge.startSession(active.sessionId);
    if (terminalBridge.currentSessionId === active.sessionId) {
      terminalStepId = active.stepId;
      // This terminal takes over the session: whatever an earlier one never acknowledged is gone.
      void state.api?.setupAttachTerminal({ sessionId: active.sessionId }).catch(ignoreFailure);
    }
  }
  const selectionGone = !steps.some((step) => step.id === state.selectedStepId);
  const follow = recipeChanged || selectionGone || state.followCurrent;
  const keep = recipeChanged ? null : state.selectedStepId;
  const selectedStepId = follow ? (active?.stepId ?? progress.currentStepId ?? keep ?? steps[0]?.id ?? null) : state.selectedStepId;
  useSetup.setState({
    progress,
    selectedStepId,
    followCurrent: follow || state.followCurrent,
    terminalStepId,
    ...(recipeChanged ? { notes: {}, log: null } : {}),
  });
}

/** A step whose work is done but which macOS holds until the user allows it. */
export const WAITING_APPROVAL_TEXT = 'Installed. Waiting for your approval: allow it in the next step, then check again.';

function applyExit(exit: EventPayload<'setupExit'>): void {
  terminalBridge.endSession(exit.sessionId);
  setNote(exit.stepId, exitNote(exit));
}

function exitNote(exit: EventPayload<'setupExit'>): StepNote {
  if (exit.status === 'waiting-approval') return { tone: 'info', text: WAITING_APPROVAL_TEXT };
  if (exit.reason === null) return { tone: 'ok', text: 'Finished successfully.' };
  return { tone: 'error', text: sentence(exit.reason) };
}

// ---- user actions ----

export function selectStep(stepId: string): void {
  const { progress } = useSetup.getState();
  useSetup.setState({ selectedStepId: stepId, followCurrent: stepId === progress?.currentStepId });
}

export async function chooseRecipe(recipeId: string): Promise<void> {
  await act('select-recipe', async (api) => {
    applyProgress(await api.setupSelectRecipe({ recipeId }));
    useSetup.setState({ followCurrent: true });
  });
}

export async function runStep(stepId: string): Promise<void> {
  await withRecipe(`run:${stepId}`, async (api, recipeId) => {
    const { cols, rows } = terminalBridge.terminalSize;
    const { sessionId } = await api.setupRunStep({ recipeId, stepId, cols, rows });
    terminalBridge.startSession(sessionId);
    const notes = { ...useSetup.getState().notes };
    delete notes[stepId];
    useSetup.setState({ terminalStepId: stepId, notes, log: null });
    // Commands may ask for a password or a "y": let the user type straight away.
    terminalBridge.focus();
  });
}

export async function cancelRun(): Promise<void> {
  const sessionId = useSetup.getState().progress?.activeSession?.sessionId;
  if (!sessionId) return;
  await act('cancel', (api) => api.setupCancel({ sessionId }));
}

export async function skipStep(stepId: string): Promise<void> {
  await withRecipe(`skip:${stepId}`, async (api, recipeId) => {
    applyProgress(await api.setupSkipStep({ recipeId, stepId }));
    setNote(stepId, { tone: 'info', text: 'Skipped. You can still run it later.' });
  });
}

export async function verifyStep(stepId: string): Promise<void> {
  await withRecipe(`verify:${stepId}`, async (api, recipeId) => {
    const result = await api.setupVerifyStep({ recipeId, stepId });
    applyProgress(result.progress);
    setNote(stepId, { tone: result.passed ? 'ok' : 'error', text: `${result.passed ? 'Verified' : 'Not verified'}: ${result.detail}` });
  });
}

/** "Is this already done?": a passing check marks the step done; a failing one changes nothing. */
export async function checkStep(stepId: string): Promise<void> {
  await withRecipe(`check:${stepId}`, async (api, recipeId) => {
    const result = await api.setupCheckStep({ recipeId, stepId });
    applyProgress(result.progress);
    setNote(stepId, { tone: result.passed ? 'ok' : 'info', text: `${result.passed ? 'Already done' : 'Not done yet'}: ${result.detail}` });
  });
}

export async function confirmManualStep(stepId: string): Promise<void> {
  await withRecipe(`confirm:${stepId}`, async (api, recipeId) => {
    const result = await api.setupConfirmManualStep({ recipeId, stepId });
    applyProgress(result.progress);
    setNote(stepId, { tone: result.passed ? 'ok' : 'error', text: result.passed ? sentence(result.detail) : `Not done yet: ${result.detail}` });
  });
}

/** System Settings panes and links printed in the terminal; the core opens only allow-listed URLs. */
export async function openExternalUrl(url: string, stepId: string | null): Promise<void> {
  await act('open-url', async (api) => {
    const { opened } = await api.openExternal({ url });
    if (opened) return;
    const text = `Open this on your Mac: ${url}`;
    if (stepId) setNote(stepId, { tone: 'info', text });
    else useSetup.setState({ actionError: text });
  });
}

export async function showLog(stepId: string): Promise<void> {
  await withRecipe(`log:${stepId}`, async (api, recipeId) => {
    const { path, text } = await api.setupReadLog({ recipeId, stepId });
    useSetup.setState({ log: { stepId, path, text } });
  });
}

export function closeLog(): void {
  useSetup.setState({ log: null });
}

/** Electron only: shows the log file in Finder. */
export async function revealLog(stepId: string): Promise<void> {
  await withRecipe(`reveal:${stepId}`, async (api, recipeId) => {
    const { path, opened } = await api.setupOpenLog({ recipeId, stepId });
    if (!opened) setNote(stepId, { tone: 'info', text: `The log is at ${path}` });
  });
}

export function dismissActionError(): void {
  useSetup.setState({ actionError: null });
}

// ---- helpers ----

async function act(name: string, action: (api: CompanionApi) => Promise<unknown>): Promise<void> {
  const { api, pending } = useSetup.getState();
  if (!api || pending) return;
  useSetup.setState({ pending: name, actionError: null });
  try {
    await action(api);
  } catch (error) {
    useSetup.setState({ actionError: messageOf(error) });
  } finally {
    useSetup.setState({ pending: null });
  }
}

function withRecipe(name: string, action: (api: CompanionApi, recipeId: string) => Promise<void>): Promise<void> {
  const recipeId = useSetup.getState().progress?.recipeId;
  if (!recipeId) return Promise.resolve();
  return act(name, (api) => action(api, recipeId));
}

function setNote(stepId: string, note: StepNote): void {
  useSetup.setState((state) => ({ notes: { ...state.notes, [stepId]: note } }));
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return trimmed.length === 0 ? trimmed : trimmed[0]!.toUpperCase() + trimmed.slice(1);
}
