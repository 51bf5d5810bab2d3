// One run of a step's commands in one terminal session: the commands run one after another in
// the user's login shell, their output is batched, flow-controlled and logged, and the whole run
// is bounded by the step's timeout. Cancel and timeout stop the current command the same way.
import { StringDecoder } from 'node:string_decoder';
import { ECHO_TICK_MS, EchoFilter } from './echo-filter';
import { FlowControl } from './flow-control';
import { describeCommand, terminalInvocation } from './login-shell';
import { OutputBatcher } from './output-batcher';
import { formatSeconds } from './probe-runner';
import { PtySession } from '../platform/pty-session';
import { meaningOf, type OutcomeMeaning, type RunCommand } from './recipe-schema';

export interface StepRunOptions {
  commands: RunCommand[];
  timeoutSec: number;
  loginShell: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  cols: number;
  rows: number;
  /** Batched terminal output (already decoded), for the screen. */
  onOutput: (text: string) => void;
  /** The same output without the echo of anything typed into it, for the log. */
  onLog?: (text: string) => void;
  /** Wait between Ctrl-C, SIGTERM and SIGKILL. */
  killGraceMs?: number;
  /** How long to keep reading after a command exits, so its last output lands. */
  exitFlushMs?: number;
  highWatermark?: number;
  lowWatermark?: number;
}

export interface StepRunResult {
  outcome: 'exited' | 'timed-out' | 'cancelled' | 'interrupted' | 'failed-to-start';
  /** Exit code of the last command that ran (null if it was killed or never started). */
  exitCode: number | null;
  /** null when every command exited 0; otherwise one line for the user. */
  reason: string | null;
  /** What the recipe says the failing command's exit code or output means, if it says. */
  meaning: OutcomeMeaning | null;
}

const DEFAULT_KILL_GRACE_MS = 3000;
const DEFAULT_EXIT_FLUSH_MS = 250;
/** How much of a command's output is kept to match the recipe's output patterns against. */
const OUTPUT_TAIL_CHARS = 64 * 1024;

type StopRequest = { outcome: 'timed-out' | 'cancelled' | 'interrupted'; reason: string };

export class StepRun {
  readonly done: Promise<StepRunResult>;
  private readonly batcher: OutputBatcher;
  private readonly flow: FlowControl;
  private readonly echo = new EchoFilter();
  /** The log's own decoding of the pty bytes, filtered as they arrive: output that came before a keystroke is never its echo. */
  private readonly logDecoder = new StringDecoder('utf8');
  private outputTail = '';
  private current: PtySession | null = null;
  private stopRequest: StopRequest | null = null;
  private size: { cols: number; rows: number };

  constructor(private readonly options: StepRunOptions) {
    this.size = { cols: options.cols, rows: options.rows };
    this.flow = new FlowControl({
      pause: () => {
        this.echo.setReading(false);
        this.current?.pause();
      },
      resume: () => {
        this.echo.setReading(true);
        this.current?.resume();
      },
      highWatermark: options.highWatermark,
      lowWatermark: options.lowWatermark,
    });
    this.batcher = new OutputBatcher({
      onBatch: (text) => {
        // Counted before it is handed on: a renderer may ack synchronously.
        this.flow.sent(text.length);
        this.options.onOutput(text);
      },
    });
    this.done = this.runAll();
  }

  input(data: string): void {
    if (!this.current) return;
    this.echo.typed(data);
    this.current.write(data);
  }

  resize(cols: number, rows: number): void {
    this.size = { cols, rows };
    this.current?.resize(cols, rows);
  }

  ack(chars: number): void {
    this.flow.ack(chars);
  }

  /** A new terminal took over the output (the wizard was reopened or reloaded). */
  terminalAttached(): void {
    this.flow.reset();
  }

  cancel(): void {
    this.requestStop({ outcome: 'cancelled', reason: 'cancelled' });
  }

  /** The app is quitting: kill at once, no grace. */
  interrupt(): Promise<StepRunResult> {
    if (!this.stopRequest) this.stopRequest = { outcome: 'interrupted', reason: 'interrupted' };
    void this.current?.kill();
    return this.done;
  }

  private logOutput(text: string): void {
    if (text.length === 0) return;
    this.outputTail = (this.outputTail + text).slice(-OUTPUT_TAIL_CHARS);
    this.options.onLog?.(text);
  }

  private requestStop(request: StopRequest): void {
    if (this.stopRequest) return;
    this.stopRequest = request;
    void this.current?.stop(this.options.killGraceMs ?? DEFAULT_KILL_GRACE_MS);
  }

  private async runAll(): Promise<StepRunResult> {
    const timeout = setTimeout(
      () => this.requestStop({ outcome: 'timed-out', reason: `timed out after ${formatSeconds(this.options.timeoutSec)}` }),
      this.options.timeoutSec * 1000,
    );
    // The echo filter learns from timer turns when everything the pty queued has been read.
    const echoTicks = setInterval(() => this.logOutput(this.echo.tick()), ECHO_TICK_MS);
    try {
      let exitCode: number | null = null;
      for (const command of this.options.commands) {
        if (this.stopRequest) break;
        this.outputTail = '';
        const banner = `$ ${describeCommand(command).replace(/\n/g, '\r\n  ')}\r\n`;
        this.batcher.push(banner);
        this.logOutput(banner);
        const { file, args } = terminalInvocation(command, this.options.loginShell);
        let session: PtySession;
        try {
          session = this.startSession(file, args);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          return { outcome: 'failed-to-start', exitCode: null, reason: `could not start: ${message}`, meaning: null };
        }
        const exit = await session.exited;
        await delay(this.options.exitFlushMs ?? DEFAULT_EXIT_FLUSH_MS);
        this.current = null;
        // The command's pty is closed and read to the end: no echo of what was typed into it is still coming.
        this.logOutput(this.echo.filter(this.logDecoder.end()) + this.echo.flush());
        exitCode = exit.exitCode;
        if (this.stopRequest) break;
        if (exit.exitCode === null) {
          return { outcome: 'exited', exitCode: null, reason: `stopped by signal ${exit.signal ?? '?'}`, meaning: null };
        }
        if (exit.exitCode !== 0) {
          const meaning = meaningOf(command, exit.exitCode, this.outputTail);
          return { outcome: 'exited', exitCode, reason: `exited with code ${exit.exitCode}`, meaning };
        }
      }
      if (this.stopRequest) return { outcome: this.stopRequest.outcome, exitCode, reason: this.stopRequest.reason, meaning: null };
      return { outcome: 'exited', exitCode, reason: null, meaning: null };
    } finally {
      clearTimeout(timeout);
      clearInterval(echoTicks);
      this.logOutput(this.echo.filter(this.logDecoder.end()) + this.echo.flush());
      this.batcher.end();
      this.batcher.dispose();
    }
  }

  private startSession(file: string, args: string[]): PtySession {
    const session = new PtySession({
      file,
      args,
      cwd: this.options.cwd,
      env: this.options.env,
      cols: this.size.cols,
      rows: this.size.rows,
      onData: (chunk) => {
        this.batcher.push(chunk);
        this.logOutput(this.echo.filter(this.logDecoder.write(chunk)));
      },
    });
    this.current = session;
    // A backlog from the previous command still holds: start this one paused too.
    if (this.flow.isPaused) session.pause();
    return session;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
