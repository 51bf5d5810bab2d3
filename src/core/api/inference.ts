// The live-inference part of the contract. The UI sends server ids from the settings, model
// names from a server's own list or tinygrad's closed set, and counts: never URLs or paths.
import { z } from 'zod';

const Ok = z.object({ ok: z.literal(true) });
const ServerId = z.string().min(1).max(60).regex(/^[a-z0-9][a-z0-9._-]*$/);
/** Model names as servers list them ("llama3.1:8b", "mlx-community/Llama-3-8B-4bit"). */
const ModelName = z.string().min(1).max(200).regex(/^[\w.:/@+-]+$/);
/** What the UI may ask tinygrad to run: one of its model names ("llama3.1:8b") or "gguf" for the settings' file; never a path. */
const TinygradChoice = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\w.:-]+$/, 'a tinygrad model name or "gguf" (a GGUF file is set in the settings, not sent)');

export const MeasurementSchema = z.object({
  at: z.number(),
  /** Where it came from: the proxy, a speed test, tinygrad's own stats or its --benchmark. */
  source: z.enum(['proxy', 'speedtest', 'tinygrad-serve', 'tinygrad-benchmark']),
  backend: z.string().max(200),
  model: z.string().max(300),
  /** true only for tinygrad: the other servers run on the Apple GPU. */
  onEgpu: z.boolean(),
  gpu: z.string().max(200).nullable(),
  link: z.string().max(200).nullable(),
  outcome: z.enum(['completed', 'cancelled', 'error', 'stalled']),
  tokensPerSecond: z.number().nullable(),
  ttftMs: z.number().nullable(),
  promptTokensPerSecond: z.number().nullable(),
  promptTokens: z.number().nullable(),
  completionTokens: z.number().nullable(),
  estimated: z.boolean(),
  gbPerSecond: z.number().nullable().default(null),
  /** tinygrad --benchmark's first MB figure: memory moved (read and written) per token, not memory in use. Named before that was known. */
  mbUsed: z.number().nullable().default(null),
  /** The server it ran on, by name ("Ollama", "LM Studio"): the metering route's or the speed test's; absent in older entries. */
  server: z.string().max(200).nullable().optional(),
});
export type Measurement = z.infer<typeof MeasurementSchema>;

/** What answers on a port, told apart by its replies (see src/core/inference/server-identity.ts). */
export const ServerKindSchema = z.enum(['ollama', 'llamacpp', 'lmstudio', 'vllm', 'tinygrad', 'openai']);
export type ServerKind = z.infer<typeof ServerKindSchema>;
/**
 * up: answers as its kind; loading: up but still loading a model; busy: a tinygrad server in the middle of a
 * generation (it answers one request at a time); slow: no answer within the probe timeout.
 */
export const ServerStateSchema = z.enum(['up', 'loading', 'busy', 'down', 'slow', 'unrecognised']);
export type ServerState = z.infer<typeof ServerStateSchema>;
/** llama.cpp's or vLLM's own counters between two reads of its /metrics: tok/s while it was working, vLLM's mean TTFT. */
export const ServerRatesSchema = z.object({
  promptTokensPerSecond: z.number().nullable(),
  tokensPerSecond: z.number().nullable(),
  ttftMs: z.number().nullable().optional(),
  at: z.number(),
});
export type ServerRates = z.infer<typeof ServerRatesSchema>;

export const InferenceServerSchema = z.object({
  id: z.string(),
  name: z.string(),
  dialect: z.enum(['ollama', 'openai']),
  /** Apple GPU (Metal) for Ollama, llama.cpp, LM Studio, MLX; eGPU only for tinygrad. */
  device: z.enum(['apple-gpu', 'egpu']),
  url: z.string(),
  kind: ServerKindSchema.default('openai'),
  state: ServerStateSchema.default('down'),
  version: z.string().max(100).nullable().default(null),
  /** true for a server found on its default local port, false for one named in the settings. */
  discovered: z.boolean().default(false),
  /** When the server was last asked (epoch ms); null before the first check. */
  checkedAt: z.number().nullable().default(null),
  rates: ServerRatesSchema.nullable().default(null),
});
export type InferenceServer = z.infer<typeof InferenceServerSchema>;

/** Where the managed tinygrad server is: spawned, printing while it loads the model, answering on its port, or not running. */
export const TinygradPhaseSchema = z.enum(['stopped', 'starting', 'loading', 'serving', 'failed']);
export type TinygradPhase = z.infer<typeof TinygradPhaseSchema>;

/** tinygrad's own per-request stats line, as the server printed it for the last request. */
export const TinygradRequestStatsSchema = z.object({
  at: z.number(),
  prefillTokensPerSecond: z.number().nullable(),
  genTokensPerSecond: z.number().nullable(),
  outTokens: z.number().nullable(),
  /** The client disconnected before the end. */
  interrupted: z.boolean(),
});
export type TinygradRequestStats = z.infer<typeof TinygradRequestStatsSchema>;

/** "Run a model on the eGPU": the managed tinygrad server, also pushed as the `tinygradStatus` event. */
export const TinygradStatusSchema = z.object({
  /** true while starting, loading or serving. */
  running: z.boolean(),
  /** What runs or ran last: a tinygrad model name, or the GGUF file's name. */
  model: z.string().nullable(),
  port: z.number(),
  /** The last lines the server printed, colours removed. */
  log: z.array(z.string()),
  /** The choices the UI offers: tinygrad's names, plus "gguf" when a GGUF file is set in the settings. */
  models: z.array(z.string()),
  phase: TinygradPhaseSchema,
  /** The choice that started it ("gguf" for the settings' file). */
  choice: z.string().nullable(),
  device: z.enum(['NV', 'AMD']).nullable(),
  /** Why it failed, in one line; null unless phase is "failed". */
  error: z.string().nullable(),
  lastRequest: TinygradRequestStatsSchema.nullable(),
  /** The tinygrad found ("tinygrad 0.13.0", "tinygrad 0.13.0 (master)"); null until the readiness check ran. */
  version: z.string().nullable().default(null),
  /** Why it cannot start on this Mac (python3 or tinygrad missing); null when nothing is known against it. */
  unavailable: z.string().nullable(),
  /** A `--benchmark` run holds the eGPU: the server cannot start until it ends. */
  benchmarkRunning: z.boolean(),
});
export type TinygradStatus = z.infer<typeof TinygradStatusSchema>;

/** A listener of the metering proxy: a local port forwarding to one server (metering/proxy-routes.ts). */
export const MeteringRouteSchema = z.object({
  id: z.string(),
  listen: z.number().int(),
  /** Shown to the user, never taken from a client. */
  target: z.string(),
  /** The server's name as the server list shows it ("Ollama", "LM Studio"), else the target's host and port. */
  label: z.string(),
  serverId: z.string().nullable(),
  /** Ollama also speaks its native API (`/api/chat`); every server here speaks OpenAI's `/v1`. */
  dialect: z.enum(['ollama', 'openai']),
  /** From the settings' routes, a server the user added, or a server found running on its port. */
  source: z.enum(['settings', 'server', 'discovered']),
});
export type MeteringRoute = z.infer<typeof MeteringRouteSchema>;

export const MeteringRouteStatusSchema = MeteringRouteSchema.extend({
  running: z.boolean(),
  /** Where clients connect while it runs: http://127.0.0.1:<listen>. */
  url: z.string().nullable(),
  error: z.string().nullable(),
});
export type MeteringRouteStatus = z.infer<typeof MeteringRouteStatusSchema>;

export const InferenceStatusSchema = z.object({
  servers: z.array(InferenceServerSchema),
  /** The first route, as the popover's one-line switch shows it. */
  proxy: z.object({ running: z.boolean(), url: z.string().nullable(), target: z.string(), error: z.string().nullable() }),
  /** Every metering route, each switched on and off by its id. */
  routes: z.array(MeteringRouteStatusSchema).optional(),
  tinygrad: TinygradStatusSchema,
  /** Last completed measurement per model. */
  lastByModel: z.array(MeasurementSchema),
  /** Models Ollama holds in memory, with their share in GPU memory (the rest is offloaded to the CPU). */
  resident: z
    .array(z.object({ serverId: z.string(), model: z.string(), gpuPercent: z.number().nullable(), offloaded: z.boolean() }))
    .default([]),
});
export type InferenceStatus = z.infer<typeof InferenceStatusSchema>;

export const InferenceLiveSchema = z.object({
  generationId: z.number(),
  model: z.string(),
  tokens: z.number(),
  currentTokensPerSecond: z.number().nullable(),
  medianTokensPerSecond: z.number().nullable(),
  ttftMs: z.number().nullable(),
  onEgpu: z.boolean(),
  /** The metering route's server ("Ollama", "LM Studio"). */
  server: z.string().nullable().optional(),
  /** false on the last reading of a generation. */
  running: z.boolean(),
});
export type InferenceLive = z.infer<typeof InferenceLiveSchema>;

/** One row of "this Mac vs the guide vs the card's limit", for the last result of each model. */
export const SpeedComparisonRowSchema = z.object({
  model: z.string(),
  backend: z.string(),
  onEgpu: z.boolean(),
  /** What this Mac measured last (tok/s). */
  measuredTokensPerSecond: z.number().nullable(),
  ttftMs: z.number().nullable(),
  /** The card the guide and the limit refer to (the eGPU as the monitor sees it). */
  gpu: z.string().nullable(),
  guideMin: z.number().nullable(),
  guideMax: z.number().nullable(),
  /** Decode ceiling: memory bandwidth ÷ bytes read per token at 4-bit weights. */
  limitTokensPerSecond: z.number().nullable(),
  verdict: z.enum(['as-expected', 'above-expected', 'below-expected', 'no-expectation', 'apple-gpu-baseline']),
});
export type SpeedComparisonRow = z.infer<typeof SpeedComparisonRowSchema>;

/** tinygrad's server binds every interface (`('', port)`): the popover and the speed view say so while it runs. */
export const TINYGRAD_LISTENS_HAZARD_ID = 'tinygrad-listens-on-network';
/** The guide's rule: under 10 tok/s on an 8B model on the eGPU means the GPU backend is not active. */
export const BACKEND_NOT_ACTIVE_HAZARD_ID = 'backend-not-active';

/** One `--benchmark` run on the eGPU: the saved measurement and how close it came to the card's bandwidth. */
export const TinygradBenchmarkResultSchema = z.object({
  measurement: MeasurementSchema,
  /** "achieved 523 GB/s = 52 % of the RTX 4090's 1008 GB/s"; null when the card or the figure is unknown. */
  bandwidth: z.object({ percent: z.number(), text: z.string() }).nullable(),
  /** tinygrad --benchmark's second MB figure: memory allocated on the device. */
  mbAllocated: z.number().nullable(),
});
export type TinygradBenchmarkResult = z.infer<typeof TinygradBenchmarkResultSchema>;

export const TinygradBenchmarkProgressSchema = z.object({
  model: z.string(),
  tokensDone: z.number().int().nonnegative(),
  tokensTotal: z.number().int().positive(),
  /** The latest line tinygrad printed (colours removed, shortened); null when nothing new. */
  line: z.string().nullable(),
  running: z.boolean(),
});
export type TinygradBenchmarkProgress = z.infer<typeof TinygradBenchmarkProgressSchema>;

/** The tinygrad device (DEV) for the GPU vendor the monitor reports; NVIDIA when it is not known. */
export function tinygradDeviceForVendor(vendor: string | null | undefined): 'NV' | 'AMD' {
  return vendor === 'amd' ? 'AMD' : 'NV';
}

export const inferenceCommands = {
  /** Answers from memory: the servers as last checked (a check is started, and pushes `inferenceServers`), no python3. */
  getInferenceStatus: { input: z.object({}).strict(), output: InferenceStatusSchema },
  /** The servers as last checked; no I/O (for /metrics). */
  getInferenceServers: { input: z.object({}).strict(), output: z.object({ servers: z.array(InferenceServerSchema) }) },
  getInferenceHistory: { input: z.object({ limit: z.number().int().min(1).max(5000).default(500) }).strict(), output: z.array(MeasurementSchema) },
  /** Starts one metering route by id, or, without one, every route in the settings. */
  startMeteringProxy: { input: z.object({ routeId: ServerId.optional() }).strict(), output: InferenceStatusSchema },
  /** Stops one metering route by id, or, without one, every running route. */
  stopMeteringProxy: { input: z.object({ routeId: ServerId.optional() }).strict(), output: InferenceStatusSchema },
  runSpeedTest: {
    input: z.object({ serverId: ServerId, model: ModelName.nullable().default(null), runs: z.number().int().min(1).max(20).default(3) }).strict(),
    output: z.array(MeasurementSchema),
  },
  /** Stops a running speed test: it returns the runs measured so far (the one cut short as cancelled). { ok: true } whether or not one ran. */
  cancelSpeedTest: { input: z.object({}).strict(), output: Ok },
  /** "Run a model on the eGPU": a tinygrad model name, or "gguf" for the file named in the settings. */
  startTinygrad: { input: z.object({ model: TinygradChoice, device: z.enum(['NV', 'AMD']) }).strict(), output: InferenceStatusSchema },
  stopTinygrad: { input: z.object({}).strict(), output: Ok },
  /**
   * Asks whether python3 and tinygrad are there (remembered; a bad answer re-asked after a minute). The
   * views that offer tinygrad call it when shown; a status read never does. The answer is also pushed
   * as `tinygradStatus` when it changes what the status says.
   */
  checkTinygradReadiness: { input: z.object({}).strict(), output: TinygradStatusSchema },
  /**
   * `python3 -m tinygrad.llm --model M --benchmark N` on the eGPU, saved as a measurement. Refused while
   * the managed tinygrad server runs: one tinygrad process holds the eGPU at a time.
   */
  runTinygradBenchmark: {
    input: z.object({ model: TinygradChoice, device: z.enum(['NV', 'AMD']), tokens: z.number().int().min(1).max(200).default(20) }).strict(),
    output: TinygradBenchmarkResultSchema,
  },
  /** Stops a running benchmark; { ok: true } whether or not one ran. */
  cancelTinygradBenchmark: { input: z.object({}).strict(), output: Ok },
  getSpeedComparison: { input: z.object({}).strict(), output: z.array(SpeedComparisonRowSchema) },
  /** The models a server lists (Ollama's /api/tags, OpenAI's /v1/models); empty when it is down. */
  getServerModels: { input: z.object({ serverId: ServerId }).strict(), output: z.object({ models: z.array(z.string()), error: z.string().nullable() }) },
} as const;

export const inferenceEvents = {
  /** About 10 readings a second while a generation streams through the proxy. */
  inferenceLive: InferenceLiveSchema,
  inferenceMeasurement: MeasurementSchema,
  /** Text for the menu-bar title ("42 tok/s"), null to clear it. */
  inferenceTrayTitle: z.object({ text: z.string().nullable() }),
  /** While a tinygrad benchmark runs: tokens so far and tinygrad's latest line, a few times a second. */
  tinygradBenchmarkProgress: TinygradBenchmarkProgressSchema,
  /** The managed tinygrad server changed: its phase, a new log line (a few times a second at most), a request's stats. */
  tinygradStatus: TinygradStatusSchema,
  /** The servers' health after a check that changed something. */
  inferenceServers: z.object({ servers: z.array(InferenceServerSchema) }),
} as const;
