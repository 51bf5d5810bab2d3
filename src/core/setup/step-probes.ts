// Runs a step's check or verify probe in the user's login shell and writes what it printed to the
// step's log. Probes in flight can all be aborted when the app quits.
import { describeCommand, setupEnvironment } from './login-shell';
import { runProbe, type ProbeResult } from './probe-runner';
import type { Probe } from './recipe-schema';
import { StepLog, logFooter, logHeader } from './step-log';

export type ProbeKind = 'check' | 'verify';

export interface StepProbesOptions {
  loginShell: string;
  homeDir: string;
  now: () => number;
}

export class StepProbes {
  private readonly aborts = new Set<AbortController>();

  constructor(private readonly options: StepProbesOptions) {}

  /** Runs `probe`, logging into `log` when the step's run already has it open, else into its own entry. */
  async run(kind: ProbeKind, probe: Probe, log: StepLog | string): Promise<ProbeResult> {
    const controller = new AbortController();
    this.aborts.add(controller);
    const header = logHeader(this.options.now(), kind, describeCommand(probe));
    const ownLog = typeof log === 'string' ? await StepLog.open(log, header) : null;
    const target = ownLog ?? (log as StepLog);
    if (!ownLog) target.write(`\n${header}\n`);
    try {
      const result = await runProbe(probe, {
        loginShell: this.options.loginShell,
        cwd: this.options.homeDir,
        env: setupEnvironment(this.options.homeDir),
        signal: controller.signal,
      });
      target.write(result.output);
      target.write(`\n${logFooter(`${kind} ${result.passed ? 'passed' : 'failed'}: ${result.detail}`)}\n`);
      return result;
    } finally {
      this.aborts.delete(controller);
      await ownLog?.close();
    }
  }

  abortAll(): void {
    for (const controller of this.aborts) controller.abort();
  }
}
