// "Run a model on the eGPU": tinygrad's OpenAI-compatible server in a pty with the right DEV,
// its log kept (bounded), its per-request stderr line read for live prefill/gen tok/s.
// Also the `--benchmark` run. Stopped on demand and on quit: no orphans.
import os from 'node:os';
import { PtySession } from '../../platform/pty-session';
import { isKnownTinygradModel } from './tinygrad-models';
import {
  LineSplitter,
  parseTinygradBenchmarkLine,
  parseTinygradRequestLines,
  redrawnLine,
  summarizeBenchmark,
  type BenchmarkSummary,
  type TinygradBenchmarkLine,
  type TinygradRequestLine,
} from './tinygrad-output';
import { median } from '../metering/stats';

/** Model names tinygrad.llm knows (tinygrad/llm/cli.py); a local .gguf path (settings or CLI only) is accepted too. */

export type TinygradDevice = 'NV' | 'AMD';

export interface TinygradLaunch {
  /** The python3 to run (from settings or the CLI, never from the UI). */
  python: string;
  /** A name from tinygrad's model table (tinygrad-models.ts) or an absolute path to a .gguf file. */
  model: string;
  device: TinygradDevice;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

const LOG_LINES = 500;
const LOG_LINE_CHARS = 500;
const STOP_GRACE_MS = 3000;
/** Quitting: Ctrl-C, this long, then the whole group is killed, well inside the host's quit budget. */
export const QUIT_GRACE_MS = 1000;
/** The abort reason that asks a benchmark to stop as quickly as quitting needs. */
export const QUITTING = 'quitting';

/** A name tinygrad knows: what a client may send. A file path never is one. */
export function isTinygradModelName(model: string): boolean {
  return isKnownTinygradModel(model);
}

/** An absolute path to a .gguf file (from the settings or the CLI). */
export function isGgufPath(model: string): boolean {
  return /^\/.+\.gguf$/i.test(model);
}

/** What tinygrad may be launched with: a name it knows or a GGUF path. */
export function isTinygradModel(model: string): boolean {
  return isTinygradModelName(model) || isGgufPath(model);
}

function launchEnv(launch: TinygradLaunch): NodeJS.ProcessEnv {
  // NV=1 is deprecated in tinygrad and asserts; DEV is the way.
  const { NV: _nv, AMD: _amd, ...base } = launch.env ?? process.env;
  return { ...base, DEV: launch.device, PYTHONUNBUFFERED: '1' };
}

export type TinygradServerStatus = 'running' | 'exited';

export interface TinygradServerHandlers {
  onRequest: (line: TinygradRequestLine) => void;
  /** Each complete line, colours removed, a progress bar's last state only. */
  onLog?: (line: string) => void;
  /** The first output of any kind. */
  onFirstOutput?: () => void;
}

export class TinygradServer {
  readonly port: number;
  private readonly session: PtySession;
  private readonly lines = new LineSplitter();
  private readonly log: string[] = [];
  private status: TinygradServerStatus = 'running';
  private spoke = false;
  readonly exited: Promise<number | null>;

  constructor(
    launch: TinygradLaunch & { port: number },
    private readonly handlers: TinygradServerHandlers,
  ) {
    if (!isTinygradModel(launch.model)) throw new Error(`tinygrad does not know the model "${launch.model}"`);
    if (!Number.isInteger(launch.port) || launch.port < 1 || launch.port > 65535) throw new Error('port must be 1–65535');
    this.port = launch.port;
    const decoder = new TextDecoder();
    this.session = new PtySession({
      file: launch.python,
      args: ['-m', 'tinygrad.llm', '--model', launch.model, '--serve', String(launch.port)],
      cwd: launch.cwd ?? os.homedir(),
      env: launchEnv(launch),
      cols: 200,
      rows: 40,
      onData: (chunk) => this.read(decoder.decode(chunk, { stream: true })),
    });
    this.exited = this.session.exited.then((exit) => {
      this.status = 'exited';
      return exit.exitCode;
    });
  }

  get state(): TinygradServerStatus {
    return this.status;
  }

  get pid(): number {
    return this.session.pid;
  }

  /** The last lines of the server's output, colours removed. */
  logTail(): string[] {
    return [...this.log];
  }

  /** Ctrl-C, then SIGTERM, then SIGKILL; `quitting` skips SIGTERM and waits QUIT_GRACE_MS only. */
  async stop(quitting = false): Promise<void> {
    if (this.status === 'exited') return;
    await (quitting ? this.session.stopQuickly(QUIT_GRACE_MS) : this.session.stop(STOP_GRACE_MS));
  }

  private read(text: string): void {
    // Any output (a download's \r progress bar too) means python3 is up and tinygrad is at work.
    if (!this.spoke) {
      this.spoke = true;
      this.handlers.onFirstOutput?.();
    }
    for (const raw of this.lines.push(text)) {
      const clean = redrawnLine(raw, LOG_LINE_CHARS);
      this.log.push(clean);
      if (this.log.length > LOG_LINES) this.log.shift();
      this.handlers.onLog?.(clean);
      for (const request of parseTinygradRequestLines(raw)) this.handlers.onRequest(request);
    }
  }
}

export interface BenchmarkRun {
  summary: BenchmarkSummary;
  lines: TinygradBenchmarkLine[];
  exitCode: number | null;
  timedOut: boolean;
  /** Stopped by the caller's signal or because it printed more than the output cap. */
  stopped: 'cancelled' | 'output-cap' | null;
  /** The last lines it printed, colours removed: the error when it failed. */
  logTail: string[];
}

export interface BenchmarkOptions extends TinygradLaunch {
  tokens: number;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Every complete line, colours removed, with its parsed figures when it is a benchmark line. */
  onLine?: (line: string, parsed: TinygradBenchmarkLine | null) => void;
  outputCapBytes?: number;
}

/** The decoded text grows with each token; 16 MiB is far beyond 1000 tokens of it. */
const BENCHMARK_OUTPUT_CAP = 16 * 1024 * 1024;
const BENCHMARK_LOG_LINES = 40;
const BENCHMARK_LOG_LINE_CHARS = 300;

/** `python3 -m tinygrad.llm --model M --benchmark N` in a pty, parsed for tok/s, GB/s and MB. */
export async function runTinygradBenchmark(launch: BenchmarkOptions): Promise<BenchmarkRun> {
  if (!isTinygradModel(launch.model)) throw new Error(`tinygrad does not know the model "${launch.model}"`);
  const lines: TinygradBenchmarkLine[] = [];
  const logTail: string[] = [];
  const splitter = new LineSplitter();
  const decoder = new TextDecoder();
  const cap = launch.outputCapBytes ?? BENCHMARK_OUTPUT_CAP;
  let received = 0;
  let stopped: BenchmarkRun['stopped'] = null;
  const session = new PtySession({
    file: launch.python,
    args: ['-m', 'tinygrad.llm', '--model', launch.model, '--benchmark', String(Math.max(1, Math.min(1000, Math.floor(launch.tokens))))],
    cwd: launch.cwd ?? os.homedir(),
    env: launchEnv(launch),
    cols: 200,
    rows: 40,
    onData: (chunk) => {
      received += chunk.length;
      if (received > cap && stopped === null) {
        stopped = 'output-cap';
        void session.stop(STOP_GRACE_MS);
        return;
      }
      for (const raw of splitter.push(decoder.decode(chunk, { stream: true }))) {
        const line = parseTinygradBenchmarkLine(raw);
        if (line) lines.push(line);
        const clean = redrawnLine(raw);
        if (clean !== '') {
          logTail.push(redrawnLine(raw, BENCHMARK_LOG_LINE_CHARS));
          if (logTail.length > BENCHMARK_LOG_LINES) logTail.shift();
        }
        launch.onLine?.(clean, line);
      }
    },
  });
  const cancel = () => {
    stopped ??= 'cancelled';
    void (launch.signal?.reason === QUITTING ? session.stopQuickly(QUIT_GRACE_MS) : session.stop(STOP_GRACE_MS));
  };
  if (launch.signal?.aborted) cancel();
  launch.signal?.addEventListener('abort', cancel, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void session.stop(STOP_GRACE_MS);
  }, launch.timeoutMs);
  const exit = await session.exited;
  clearTimeout(timer);
  launch.signal?.removeEventListener('abort', cancel);
  return { summary: summarizeBenchmark(lines, median), lines, exitCode: exit.exitCode, timedOut, stopped, logTail };
}
