// The setup wizard as a user sees it, against a fake CompanionApi. xterm.js is replaced by a fake
// TerminalPort, so what reaches the terminal, what gets acknowledged and what is typed are visible.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PreflightCheck, RecipeView, SetupOverview, SetupProgress, StepProgress, StepView } from '../../src/core/api/setup';
import { resetSetupStore } from '../../src/renderer/src/setup/setup-store';
import type { TerminalPort, TerminalSize } from '../../src/renderer/src/setup/terminal-bridge';
import { bindApi, useUi } from '../../src/renderer/src/store';
import { Popover } from '../../src/renderer/src/views/Popover';
import { SetupView } from '../../src/renderer/src/views/SetupView';
import { createFakeApi, type FakeApi } from '../fakes/fake-api';

const terminals = vi.hoisted(() => {
  class FakeTerminal implements TerminalPort {
    written: string[] = [];
    resets = 0;
    focused = false;
    size: TerminalSize | null = { cols: 100, rows: 30 };
    private readonly writeCallbacks: Array<() => void> = [];
    private readonly inputListeners = new Set<(data: string) => void>();

    write(data: string, onWritten: () => void): void {
      this.written.push(data);
      this.writeCallbacks.push(onWritten);
    }
    /** What xterm does once it has parsed what was written. */
    finishWrites(): void {
      this.writeCallbacks.splice(0).forEach((callback) => callback());
    }
    reset(): void {
      this.resets += 1;
      this.written = [];
    }
    focus(): void {
      this.focused = true;
    }
    onInput(listener: (data: string) => void): () => void {
      this.inputListeners.add(listener);
      return () => this.inputListeners.delete(listener);
    }
    /** The user types (or pastes) into the terminal. */
    type(data: string): void {
      this.inputListeners.forEach((listener) => listener(data));
    }
    fit(): TerminalSize | null {
      return this.size;
    }
    dispose(): void {}
    get text(): string {
      return this.written.join('');
    }
  }
  const created: FakeTerminal[] = [];
  return { FakeTerminal, created, latest: () => created[created.length - 1]! };
});

vi.mock('../../src/renderer/src/setup/xterm-port', () => ({
  createXtermPort: () => {
    const terminal = new terminals.FakeTerminal();
    terminals.created.push(terminal);
    return terminal;
  },
}));

function step(id: string, title: string, estimatedMinutes: number, extra: Partial<StepView> = {}): StepView {
  return {
    id,
    title,
    why: `Why ${title.toLowerCase()}.`,
    estimatedMinutes,
    requirements: [],
    commands: [],
    hasCheck: false,
    hasVerify: false,
    manual: null,
    restartRequired: false,
    ...extra,
  };
}

const NVIDIA: RecipeView = {
  id: 'tinygrad-nvidia',
  title: 'NVIDIA GPU with tinygrad',
  description: 'TinyGPU.app, Docker for the CUDA compiler, then a first model.',
  vendor: 'nvidia',
  steps: [
    step('install-homebrew', 'Install Homebrew', 5, { commands: ['/bin/bash -c "$(curl -fsSL https://raw.githubusercontent.com/Homebrew/install/HEAD/install.sh)"'], hasCheck: true }),
    step('install-docker', 'Install Docker Desktop', 10, { commands: ['brew install --cask docker'], requirements: ['Apple Silicon', '25 GB free disk space'] }),
    step('approve-driver', 'Approve the TinyGPU driver', 2, {
      manual: { instructions: 'Turn on TinyGPU under Driver Extensions.', openUrl: 'x-apple.systempreferences:com.apple.LoginItems-Settings.extension', openLabel: null },
      hasVerify: true,
    }),
    step('run-model', 'Run a first model', 15, { commands: ['ollama run llama3.2'], restartRequired: true }),
  ],
};

const AMD: RecipeView = { ...NVIDIA, id: 'tinygrad-amd', title: 'AMD GPU with tinygrad', vendor: 'amd', steps: NVIDIA.steps.slice(0, 2) };

const PENDING: StepProgress = { status: 'pending', startedAt: null, finishedAt: null, exitCode: null, reason: null };

function progressOf(statuses: Record<string, Partial<StepProgress>>, extra: Partial<SetupProgress> = {}): SetupProgress {
  const steps: Record<string, StepProgress> = {};
  for (const { id } of NVIDIA.steps) steps[id] = { ...PENDING, ...statuses[id] };
  const current = NVIDIA.steps.find(({ id }) => steps[id]!.status !== 'done' && steps[id]!.status !== 'skipped');
  return { recipeId: NVIDIA.id, steps, currentStepId: current?.id ?? null, restartPendingStepId: null, activeSession: null, ...extra };
}

const FRESH = progressOf({});

const PREFLIGHT_OK: PreflightCheck[] = [
  { id: 'apple-silicon', label: 'Apple Silicon Mac', ok: true, detail: 'Apple Silicon (arm64).', blocking: true },
  { id: 'homebrew', label: 'Homebrew', ok: false, detail: 'Not installed yet. A setup step installs it.', blocking: false },
];

function overviewWith(progress: SetupProgress, extra: Partial<SetupOverview> = {}): SetupOverview {
  return {
    recipes: [NVIDIA, AMD],
    suggestedRecipeId: NVIDIA.id,
    suggestionReason: 'NVIDIA GPU detected.',
    preflight: PREFLIGHT_OK,
    recipeErrors: [],
    progress,
    ...extra,
  };
}

type Replies = Parameters<typeof createFakeApi>[0];

let fake: FakeApi;
let unbind: () => void;

function connect(replies: Replies): void {
  fake = createFakeApi({
    getAppInfo: () => ({ name: 'eGPU Companion', version: '0.1.0', transport: 'direct', demo: false, platform: 'darwin-arm64', dataDir: '/tmp' }),
    getEventLog: () => [],
    ...replies,
  });
  unbind = bindApi(fake.api);
}

async function openWizard(overview: SetupOverview, replies: Replies = {}): Promise<void> {
  connect({ setupOverview: () => overview, ...replies });
  render(<SetupView />);
  await screen.findByRole('tablist', { name: 'Setup steps' });
}

const tab = (name: string) => screen.getByRole('tab', { name: new RegExp(name) });
const statusOf = (name: string) => within(tab(name)).getByTestId('step-status').textContent;
const click = (element: HTMLElement) => act(async () => void fireEvent.click(element));
const callsOf = (command: string) => fake.calls.filter((call) => call.command === command).map((call) => call.input);

beforeEach(() => {
  resetSetupStore();
  terminals.created.length = 0;
  useUi.setState({ state: null, info: null, events: [], actionError: null, busy: false });
});
afterEach(() => {
  cleanup();
  unbind?.();
});

describe('setup wizard', () => {
  it('lists the steps with their status, resumes at the current step and shows the progress', async () => {
    await openWizard(
      overviewWith(
        progressOf({
          'install-homebrew': { status: 'done', exitCode: 0 },
          'install-docker': { status: 'failed', exitCode: 1, reason: 'exited with code 1' },
          'run-model': { status: 'skipped', reason: 'skipped' },
        }),
      ),
    );
    expect(statusOf('Install Homebrew')).toBe('Done');
    expect(statusOf('Install Docker Desktop')).toBe('Failed');
    expect(statusOf('Approve the TinyGPU driver')).toBe('Not started');
    expect(statusOf('Run a first model')).toBe('Skipped');

    expect(tab('Install Docker Desktop').getAttribute('aria-current')).toBe('step');
    expect(tab('Install Docker Desktop').getAttribute('aria-selected')).toBe('true');
    const panel = screen.getByRole('tabpanel');
    expect(within(panel).getByRole('heading', { name: 'Install Docker Desktop' })).toBeTruthy();
    expect(within(panel).getByText('Needs Apple Silicon')).toBeTruthy();
    expect(within(panel).getByText('brew install --cask docker')).toBeTruthy();
    expect(screen.getByTestId('step-result').textContent).toBe('Failed: exited with code 1');
    expect(within(panel).getByRole('button', { name: 'Retry' })).toBeTruthy();

    expect(screen.getByTestId('setup-progress-text').textContent).toBe('2 of 4 steps done · about 12 min left');
    expect(screen.getByRole('progressbar', { name: 'Setup progress' }).getAttribute('aria-valuenow')).toBe('2');
    // "Install Homebrew" is done, so the preflight chip says so instead of the stale "not installed".
    const homebrew = screen.getAllByTestId('preflight-check').find((chip) => chip.textContent?.includes('Homebrew'));
    expect(homebrew?.className).toContain('preflight-ok');
    expect(screen.queryByText('Homebrew: Not installed yet. A setup step installs it.')).toBeNull();
  });

  it('moves between steps with the arrow keys', async () => {
    await openWizard(overviewWith(FRESH));
    expect(tab('Install Homebrew').getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(tab('Install Homebrew'), { key: 'ArrowDown' });
    expect(tab('Install Docker Desktop').getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(tab('Install Docker Desktop'));
    fireEvent.keyDown(tab('Install Docker Desktop'), { key: 'End' });
    expect(screen.getByRole('tabpanel').querySelector('h2')?.textContent).toBe('Run a first model');
  });

  it('selects the suggested recipe on first use and lets the user pick another', async () => {
    const unselected: SetupProgress = { recipeId: null, steps: {}, currentStepId: null, restartPendingStepId: null, activeSession: null };
    await openWizard(overviewWith(unselected), {
      setupSelectRecipe: (input) => ((input as { recipeId: string }).recipeId === AMD.id ? { ...FRESH, recipeId: AMD.id, steps: {}, currentStepId: 'install-homebrew' } : FRESH),
    });
    expect(callsOf('setupSelectRecipe')).toEqual([{ recipeId: NVIDIA.id }]);
    expect(screen.getByTestId('recipe-note').textContent).toContain('Suggested: NVIDIA GPU detected.');

    await act(async () => void fireEvent.change(screen.getByRole('combobox', { name: 'Recipe' }), { target: { value: AMD.id } }));
    expect(callsOf('setupSelectRecipe')).toEqual([{ recipeId: NVIDIA.id }, { recipeId: AMD.id }]);
    expect(screen.getAllByRole('tab')).toHaveLength(2);
  });

  it('shows a blocking preflight failure prominently and does not let anything run', async () => {
    const intel: PreflightCheck = {
      id: 'apple-silicon',
      label: 'Apple Silicon Mac',
      ok: false,
      detail: 'This is an Intel Mac. The TinyGPU driver is reported to kernel-panic Intel Macs.',
      blocking: true,
    };
    await openWizard(overviewWith(FRESH, { preflight: [intel] }));
    expect(screen.getByTestId('preflight-blocking').textContent).toContain('This is an Intel Mac.');
    const run = within(screen.getByRole('tabpanel')).getByRole('button', { name: 'Run' }) as HTMLButtonElement;
    expect(run.disabled).toBe(true);
    await click(run);
    expect(callsOf('setupRunStep')).toEqual([]);
  });

  it('runs a step by naming its recipe and step and the terminal size, never the command', async () => {
    await openWizard(overviewWith(FRESH), { setupRunStep: () => ({ sessionId: 'run-1' }) });
    await click(within(screen.getByRole('tabpanel')).getByRole('button', { name: 'Run' }));
    expect(callsOf('setupRunStep')).toEqual([{ recipeId: NVIDIA.id, stepId: 'install-homebrew', cols: 100, rows: 30 }]);
    expect(JSON.stringify(fake.calls)).not.toContain('curl');
    // Ready for a password prompt straight away.
    expect(terminals.latest().focused).toBe(true);
  });

  it('writes the session output and acknowledges it only once written, at most 5000 characters at a time', async () => {
    await openWizard(overviewWith(FRESH), { setupRunStep: () => ({ sessionId: 'run-1' }), setupAck: () => ({ ok: true }) });
    await click(within(screen.getByRole('tabpanel')).getByRole('button', { name: 'Run' }));
    const terminal = terminals.latest();

    act(() => fake.emit('setupOutput', { sessionId: 'run-1', data: '==> Downloading\r\n' + 'x'.repeat(11_983) }));
    act(() => fake.emit('setupOutput', { sessionId: 'someone-else', data: 'not ours' }));
    expect(terminal.text).toContain('==> Downloading');
    expect(terminal.text).not.toContain('not ours');
    expect(callsOf('setupAck')).toEqual([]);

    terminal.finishWrites();
    expect(callsOf('setupAck')).toEqual([
      { sessionId: 'run-1', chars: 5000 },
      { sessionId: 'run-1', chars: 5000 },
      { sessionId: 'run-1', chars: 2000 },
    ]);
  });

  it('sends what is typed in the terminal to the running session, and shows why a run failed', async () => {
    await openWizard(overviewWith(FRESH), { setupRunStep: () => ({ sessionId: 'run-1' }), setupInput: () => ({ ok: true }) });
    await click(within(screen.getByRole('tabpanel')).getByRole('button', { name: 'Run' }));
    act(() => fake.emit('setupProgress', progressOf({ 'install-homebrew': { status: 'running' } }, { activeSession: { sessionId: 'run-1', stepId: 'install-homebrew' } })));
    expect(statusOf('Install Homebrew')).toBe('Running');
    expect(within(screen.getByRole('tabpanel')).getByRole('button', { name: 'Cancel' })).toBeTruthy();

    terminals.latest().type('hunter2\r');
    expect(callsOf('setupInput')).toEqual([{ sessionId: 'run-1', data: 'hunter2\r' }]);

    act(() => {
      fake.emit('setupExit', { sessionId: 'run-1', stepId: 'install-homebrew', exitCode: 1, reason: 'exited with code 1' });
      fake.emit('setupProgress', progressOf({ 'install-homebrew': { status: 'failed', exitCode: 1, reason: 'exited with code 1' } }));
    });
    terminals.latest().type('ignored after exit');
    expect(callsOf('setupInput')).toHaveLength(1);
    expect(statusOf('Install Homebrew')).toBe('Failed');
    expect(screen.getByTestId('step-result').textContent).toBe('Exited with code 1');
    expect(within(screen.getByRole('tabpanel')).getByRole('button', { name: 'Retry' })).toBeTruthy();
  });

  it('after a relaunch mid-run, shows the running step and its live output', async () => {
    const running = progressOf({ 'install-homebrew': { status: 'done' }, 'install-docker': { status: 'running' } }, { activeSession: { sessionId: 'run-7', stepId: 'install-docker' } });
    await openWizard(overviewWith(running), { setupAttachTerminal: () => ({ ok: true }) });
    expect(tab('Install Docker Desktop').getAttribute('aria-selected')).toBe('true');
    // The new terminal tells the core it took over, so output the old one never acknowledged is forgotten.
    expect(callsOf('setupAttachTerminal')).toEqual([{ sessionId: 'run-7' }]);
    act(() => fake.emit('setupOutput', { sessionId: 'run-7', data: 'still downloading' }));
    expect(terminals.latest().text).toBe('still downloading');
    expect(screen.getByTestId('terminal-title').textContent).toBe('Install Docker Desktop');
  });

  it('shows an install that needs approval as waiting, and moves on to the approval step', async () => {
    await openWizard(overviewWith(progressOf({ 'install-homebrew': { status: 'done' } })), { setupRunStep: () => ({ sessionId: 'run-4' }) });
    await click(within(screen.getByRole('tabpanel')).getByRole('button', { name: 'Run' }));
    act(() => {
      fake.emit('setupExit', { sessionId: 'run-4', stepId: 'install-docker', exitCode: 1, reason: 'waiting for your approval', status: 'waiting-approval' });
      fake.emit(
        'setupProgress',
        progressOf(
          { 'install-homebrew': { status: 'done' }, 'install-docker': { status: 'waiting-approval', exitCode: 1, reason: 'waiting for your approval' } },
          { currentStepId: 'approve-driver' },
        ),
      );
    });
    expect(statusOf('Install Docker Desktop')).toBe('Waiting for your approval');
    expect(tab('Approve the TinyGPU driver').getAttribute('aria-selected')).toBe('true');
    await click(tab('Install Docker Desktop'));
    expect(screen.getByTestId('step-result').textContent).toMatch(/^Installed\. Waiting for your approval/);
    expect(screen.getByTestId('step-result').textContent).not.toMatch(/fail/i);
  });

  it('walks through a manual step: open System Settings, then "Done, check again"', async () => {
    await openWizard(overviewWith(FRESH), {
      openExternal: () => ({ opened: false }),
      setupConfirmManualStep: () => ({ stepId: 'approve-driver', passed: false, detail: 'TinyGPU is not enabled yet', progress: FRESH }),
    });
    await click(tab('Approve the TinyGPU driver'));
    const panel = screen.getByRole('tabpanel');
    expect(within(panel).getByText('Turn on TinyGPU under Driver Extensions.')).toBeTruthy();
    expect(within(panel).queryByRole('button', { name: 'Run' })).toBeNull();

    await click(within(panel).getByRole('button', { name: 'Open System Settings' }));
    expect(callsOf('openExternal')).toEqual([{ url: 'x-apple.systempreferences:com.apple.LoginItems-Settings.extension' }]);
    expect(screen.getByTestId('step-result').textContent).toBe('Open this on your Mac: x-apple.systempreferences:com.apple.LoginItems-Settings.extension');

    await click(within(panel).getByRole('button', { name: 'Done, check again' }));
    expect(callsOf('setupConfirmManualStep')).toEqual([{ recipeId: NVIDIA.id, stepId: 'approve-driver' }]);
    expect(screen.getByTestId('step-result').textContent).toBe('Not done yet: TinyGPU is not enabled yet');
  });

  it('skips a step and checks whether one is already done', async () => {
    await openWizard(overviewWith(FRESH), {
      setupSkipStep: () => progressOf({ 'install-homebrew': { status: 'skipped', reason: 'skipped' } }),
      setupCheckStep: () => ({ stepId: 'install-homebrew', passed: false, detail: '`brew --version` exited with 127 (expected 0)', progress: FRESH }),
    });
    const panel = screen.getByRole('tabpanel');
    await click(within(panel).getByRole('button', { name: 'Check if already done' }));
    expect(callsOf('setupCheckStep')).toEqual([{ recipeId: NVIDIA.id, stepId: 'install-homebrew' }]);
    expect(screen.getByTestId('step-result').textContent).toBe('Not done yet: `brew --version` exited with 127 (expected 0)');

    await click(within(panel).getByRole('button', { name: 'Skip' }));
    expect(callsOf('setupSkipStep')).toEqual([{ recipeId: NVIDIA.id, stepId: 'install-homebrew' }]);
    expect(statusOf('Install Homebrew')).toBe('Skipped');
    // The wizard moves on to the new current step.
    expect(tab('Install Docker Desktop').getAttribute('aria-selected')).toBe('true');
  });

  it('shows a step log as plain text', async () => {
    await openWizard(overviewWith(FRESH), {
      setupReadLog: () => ({ path: '/data/setup-logs/tinygrad-nvidia/install-homebrew.log', text: '$ brew\r\n\x1b[1;32m==> Installing\x1b[0m 10%\r==> Installing 100%\r\n' }),
    });
    await click(within(screen.getByRole('tabpanel')).getByRole('button', { name: 'Open log' }));
    expect(callsOf('setupReadLog')).toEqual([{ recipeId: NVIDIA.id, stepId: 'install-homebrew' }]);
    expect(screen.getByTestId('log-text').textContent).toBe('$ brew\n==> Installing 100%\n');
    expect(screen.getByText('/data/setup-logs/tinygrad-nvidia/install-homebrew.log')).toBeTruthy();
    await click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByTestId('log-text')).toBeNull();
  });

  it('copies a command', async () => {
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    await openWizard(overviewWith(FRESH));
    await click(screen.getByRole('button', { name: 'Copy command 1' }));
    expect(writeText).toHaveBeenCalledWith(NVIDIA.steps[0]!.commands[0]);
    expect(screen.getByRole('button', { name: 'Copy command 1' }).textContent).toBe('Copied');
  });

  it('tells the user about a pending restart and recipes that failed to load', async () => {
    const done = progressOf({ 'install-homebrew': { status: 'done' } }, { restartPendingStepId: 'install-homebrew' });
    await openWizard(overviewWith(done, { recipeErrors: ['broken.json: step "load-driver": run.timeoutSec: expected number'] }));
    expect(screen.getByTestId('restart-pending').textContent).toContain('Restart your Mac to finish “Install Homebrew”.');
    expect(screen.getByTestId('recipe-errors').textContent).toContain('broken.json: step "load-driver": run.timeoutSec: expected number');
  });
});

describe('setup badge in the popover', () => {
  it('shows how far an unfinished setup is and follows progress', async () => {
    connect({ setupGetProgress: () => progressOf({ 'install-homebrew': { status: 'done' }, 'install-docker': { status: 'skipped' } }) });
    render(<Popover />);
    expect((await screen.findByTestId('setup-badge')).textContent).toBe('Setup 2/4');
    act(() => fake.emit('setupProgress', progressOf({ 'install-homebrew': { status: 'done' }, 'install-docker': { status: 'done' }, 'approve-driver': { status: 'done' }, 'run-model': { status: 'done' } })));
    expect(screen.queryByTestId('setup-badge')).toBeNull();
  });
});

describe('the end of setup', () => {
  it('offers the next steps once every step is done', async () => {
    const allDone = progressOf(Object.fromEntries(NVIDIA.steps.map(({ id }) => [id, { status: 'done' as const }])));
    await openWizard(overviewWith(allDone));
    const ready = await screen.findByTestId('setup-ready');
    expect(within(ready).getByRole('heading', { name: 'You’re ready' })).toBeTruthy();
    for (const name of ['Status', 'Check the eGPU', 'Run a model']) expect(within(ready).getByRole('button', { name })).toBeTruthy();
    expect(screen.getByTestId('setup-progress-text').textContent).toBe(`All ${NVIDIA.steps.length} steps done`);
  });

  it('shows no end state while a step waits for approval', async () => {
    await openWizard(overviewWith(progressOf({ [NVIDIA.steps[0]!.id]: { status: 'waiting-approval' } })));
    expect(screen.queryByTestId('setup-ready')).toBeNull();
  });

  it('says "You’re ready" with next steps once every step is done, and counts only done steps', async () => {
    const { summarizeProgress, preflightAfterSteps, badgeText } = await import('../../src/renderer/src/setup/progress-summary');
    const recipe = { steps: [{ id: 'install-homebrew', estimatedMinutes: 3 }, { id: 'approve-driver', estimatedMinutes: 1 }] } as never;
    const waiting = { recipeId: 'r', currentStepId: 'approve-driver', steps: { 'install-homebrew': { status: 'done' }, 'approve-driver': { status: 'waiting-approval' } } } as never;
    expect(summarizeProgress(recipe, waiting)).toMatchObject({ finished: 1, complete: false });
    expect(badgeText(waiting)).toBe('Setup 1/2');
    const chips = preflightAfterSteps([{ id: 'homebrew', label: 'Homebrew', ok: false, detail: 'Not installed yet.', blocking: false }], waiting);
    expect(chips[0]?.ok).toBe(true);
  });
});
