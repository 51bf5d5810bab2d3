// "Run a model on the eGPU": one managed tinygrad server at a time and what the UI shows of it —
// starting → loading the model → serving on its port, or failed in tinygrad's own words — with its
// log and the figures of its last request. Its port is polled only while it starts; a stop (the
// user's, or the app quitting) leaves no process behind.
import net from 'node:net';
import { ApiError } from '../../api/contract';
import type { TinygradPhase, TinygradRequestStats, TinygradStatus } from '../../api/inference';
import { TINYGRAD_SERVER_WORDS } from '../../api/present';
import type { Settings } from '../../api/settings';
import { describeError } from '../../platform/logger';
import { processEnvironment, type UserEnvironment } from '../../platform/user-env';
import { openAiModels } from '../servers/openai-backend';
import { lastErrorLine, saysTinygradMissing, type TinygradRequestLine } from './tinygrad-output';
import { TinygradReadinessCache, tinygradMissingMessage } from './tinygrad-readiness';
import { modelLabel, tinygradModelFor } from './tinygrad-choice';
import { tinygradModelsFor, tinygradVersionLabel } from './tinygrad-models';
import { TinygradServer, type TinygradDevice } from './tinygrad-server';

const LOG_LINES_SHOWN = 50;
/** Log lines reach the UI in batches: a chatty model download must not flood the bridge. */
const LOG_PUBLISH_EVERY_MS = 250;
const READY_POLL_MS = 1000;
const PORT_CHECK_MS = 500;

export interface ManagedTinygradOptions {
  settings: () => Settings['inference']['tinygrad'];
  benchmarkRunning: () => boolean;
  /** tinygrad printed a request's stats line: `model` is what the card shows (a name or the GGUF file's name). */
  onRequest: (model: string, line: TinygradRequestLine) => void;
  /** What the UI shows changed. */
  publish: (status: TinygradStatus) => void;
  /** It started or stopped running: the all-interfaces warning comes or goes. */
  runningChanged: () => void;
  now: () => number;
  /** The environment tinygrad runs in (the login shell's PATH finds python3 and docker); the process's by default. */
  userEnvironment?: UserEnvironment;
  readiness?: TinygradReadinessCache;
}

interface Run {
  server: TinygradServer;
  /** What tinygrad runs: a name or the GGUF path. */
  model: string;
  /** What the user reads: a name or the GGUF file's name. */
  label: string;
  python: string;
  since: number;
  stopping: boolean;
  poll: NodeJS.Timeout | null;
}

/** What the card names and picks: kept after the server ends, so its log and failure stay readable. */
interface Shown {
  label: string;
  choice: string;
  device: TinygradDevice;
}

export class ManagedTinygrad {
  private run: Run | null = null;
  private phase: TinygradPhase = 'stopped';
  private shown: Shown | null = null;
  private error: string | null = null;
  private lastRequest: TinygradRequestStats | null = null;
  private endedLog: string[] = [];
  private logTimer: NodeJS.Timeout | null = null;
  /** Bumped by every start and stop: a start still checking python3 gives up when it is stale. */
  private attempt = 0;
  private readonly readiness: TinygradReadinessCache;
  private readonly userEnvironment: UserEnvironment;

  constructor(private readonly o: ManagedTinygradOptions) {
    this.readiness = o.readiness ?? new TinygradReadinessCache(o.now);
    this.userEnvironment = o.userEnvironment ?? processEnvironment();
  }

  private env(): Promise<NodeJS.ProcessEnv> {
    return this.userEnvironment.get();
  }

  isRunning(): boolean {
    return this.phase === 'starting' || this.phase === 'loading' || this.phase === 'serving';
  }

  /** Port and start time while the server process runs (for the all-interfaces warning). */
  listening(): { port: number; since: number } | null {
    return this.run ? { port: this.run.server.port, since: this.run.since } : null;
  }

  /** The server's process while it runs, with what it runs (a name or the GGUF path): it holds the eGPU. */
  process(): { pid: number; model: string } | null {
    return this.run && this.run.server.state === 'running' ? { pid: this.run.server.pid, model: this.run.model } : null;
  }

  status(): TinygradStatus {
    const s = this.o.settings();
    const ready = this.readiness.current(s.python);
    return {
      running: this.isRunning(),
      model: this.shown?.label ?? null,
      port: this.run?.server.port ?? s.port,
      log: (this.run ? this.run.server.logTail() : this.endedLog).slice(-LOG_LINES_SHOWN),
      models: [...tinygradModelsFor(ready?.ok ? ready.installed : null), ...(s.gguf ? ['gguf'] : [])],
      version: tinygradVersionLabel(ready?.ok ? ready.installed : null),
      phase: this.phase,
      choice: this.shown?.choice ?? null,
      device: this.shown?.device ?? null,
      error: this.error,
      lastRequest: this.lastRequest,
      unavailable: ready && !ready.ok && !this.isRunning() ? ready.message : null,
      benchmarkRunning: this.o.benchmarkRunning(),
    };
  }

  /**
   * Asks (or remembers) whether python3 and tinygrad are there. Only the views that offer tinygrad ask,
   * never a status read; the answer is pushed when it changes what the status says.
   */
  async checkReadiness(): Promise<TinygradStatus> {
    if (this.isRunning()) return this.status();
    const before = this.status().unavailable;
    await this.readiness.get(this.o.settings().python, await this.env());
    const after = this.status();
    if (after.unavailable !== before) this.publishNow();
    return after;
  }

  /** Sends the status now (a benchmark began or ended, say). */
  publishNow(): void {
    if (this.logTimer !== null) clearTimeout(this.logTimer);
    this.logTimer = null;
    this.o.publish(this.status());
  }

  /** Starts `choice` ("gguf" for the settings' file), replacing a running server. Refusals throw; so do failures, after the status says why. */
  async start(choice: string, device: TinygradDevice): Promise<void> {
    const s = this.o.settings();
    const model = tinygradModelFor(choice, s.gguf);
    if (this.o.benchmarkRunning()) throw new ApiError('unavailable', TINYGRAD_SERVER_WORDS.benchmarkRunning);
    await this.stop();
    const attempt = ++this.attempt;
    const label = modelLabel(model);
    this.shown = { label, choice, device };
    this.error = null;
    this.lastRequest = null;
    this.endedLog = [];
    this.setPhase('starting');

    const env = await this.env();
    if (attempt !== this.attempt) return;
    const ready = await this.readiness.get(s.python, env);
    if (attempt !== this.attempt) return;
    if (!ready.ok) return this.failToStart('unavailable', ready.message);
    const known = tinygradModelsFor(ready.installed);
    if (choice !== 'gguf' && !known.includes(model)) {
      return this.failToStart('unavailable', `the installed ${tinygradVersionLabel(ready.installed) ?? 'tinygrad'} does not know the model "${model}"; it knows ${known.join(', ')}`);
    }
    if (await portAnswers(s.port)) {
      if (attempt !== this.attempt) return;
      return this.failToStart('unavailable', `port ${s.port} is already in use by another program: stop it, or set inference.tinygrad.port in settings.json`);
    }
    if (attempt !== this.attempt) return;
    let server: TinygradServer;
    try {
      server = new TinygradServer(
        { python: ready.python, model, device, port: s.port, env },
        { onRequest: (line) => this.request(run, line), onLog: () => this.logged(run), onFirstOutput: () => this.spoke(run) },
      );
    } catch (error) {
      return this.failToStart('failed', `tinygrad could not start: ${describeError(error)}`);
    }
    const run: Run = { server, model, label, python: ready.python, since: this.o.now(), stopping: false, poll: null };
    this.run = run;
    this.o.runningChanged();
    void server.exited.then((code) => this.ended(run, code));
    this.pollUntilServing(run);
  }

  /** Stops the server (or a start still checking) and waits until its process is gone; `quitting` fits the host's quit budget. */
  async stop(quitting = false): Promise<void> {
    this.attempt += 1;
    const run = this.run;
    if (!run) {
      if (this.isRunning()) {
        this.setPhase('stopped');
        this.o.runningChanged();
      }
      return;
    }
    run.stopping = true;
    await run.server.stop(quitting);
    this.ended(run, null);
  }

  /** The app is quitting: stop, and send nothing more. */
  async dispose(): Promise<void> {
    await this.stop(true);
    if (this.logTimer !== null) clearTimeout(this.logTimer);
    this.logTimer = null;
  }

  private failToStart(code: 'unavailable' | 'failed', message: string): never {
    this.error = message;
    this.setPhase('failed');
    this.o.runningChanged();
    throw new ApiError(code, message);
  }

  private setPhase(phase: TinygradPhase): void {
    this.phase = phase;
    this.publishNow();
  }

  // Its first output, a download's progress bar included, means python3 is up and tinygrad is loading the model.
  private spoke(run: Run): void {
    if (this.run === run && this.phase === 'starting') this.setPhase('loading');
  }

  private logged(run: Run): void {
    if (this.run !== run) return;
    this.logTimer ??= setTimeout(() => this.publishNow(), LOG_PUBLISH_EVERY_MS);
  }

  private request(run: Run, line: TinygradRequestLine): void {
    if (this.run !== run) return;
    this.lastRequest = {
      at: this.o.now(),
      prefillTokensPerSecond: line.prefillTokensPerSecond,
      genTokensPerSecond: line.genTokensPerSecond,
      outTokens: line.outTokens,
      interrupted: line.interrupted,
    };
    this.o.onRequest(run.label, line);
    if (this.phase !== 'serving') this.stopPolling(run);
    this.setPhase('serving');
  }

  // tinygrad answers GET /v1/models once the model is loaded and the server listens. The port was
  // free before the start, so whatever answers now is this server.
  private pollUntilServing(run: Run): void {
    run.poll = setTimeout(() => {
      run.poll = null;
      if (this.run !== run || this.phase === 'serving') return;
      void openAiModels(`http://127.0.0.1:${run.server.port}/v1`).then((reply) => {
        if (this.run !== run || this.phase === 'serving') return;
        if (reply.ok) this.setPhase('serving');
        else this.pollUntilServing(run);
      });
    }, READY_POLL_MS);
  }

  private stopPolling(run: Run): void {
    if (run.poll !== null) clearTimeout(run.poll);
    run.poll = null;
  }

  private ended(run: Run, exitCode: number | null): void {
    if (this.run !== run) return;
    this.stopPolling(run);
    this.run = null;
    this.endedLog = run.server.logTail().slice(-LOG_LINES_SHOWN);
    if (run.stopping) {
      this.setPhase('stopped');
    } else {
      this.error = this.exitReason(run, exitCode);
      this.setPhase('failed');
    }
    this.o.runningChanged();
  }

  private exitReason(run: Run, exitCode: number | null): string {
    const said = lastErrorLine(this.endedLog);
    if (saysTinygradMissing(said)) {
      this.readiness.markMissing(this.o.settings().python, run.python);
      return tinygradMissingMessage(run.python);
    }
    const how = exitCode === null ? 'tinygrad was killed' : `tinygrad exited with code ${exitCode}`;
    return said ? `${how}: ${said}` : how;
  }
}

/** true when something already accepts connections on 127.0.0.1:port. */
function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(PORT_CHECK_MS, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
