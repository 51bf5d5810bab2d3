// The words of the inference features: live speed, servers, tinygrad's server and benchmark.
// Renderer-safe (no Node modules); re-exported by present.ts.
import type { ServerKind, ServerRates, ServerState } from './inference';

/** "42.3 tok/s"; one decimal under 100, whole numbers above. "—" when unknown. */
export function formatTokensPerSecond(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  return `${value < 100 ? value.toFixed(1) : Math.round(value)} tok/s`;
}
/** Time to first token: "180 ms", "1.4 s". */
export function formatTtft(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
/** The guide's range: "45–50 tok/s". */
export function formatGuideRange(min: number | null, max: number | null): string {
  return min === null || max === null ? '—' : `${min}–${max} tok/s`;
}
/** Ollama, llama.cpp, LM Studio and MLX run on the Apple GPU; only tinygrad drives the eGPU. */
export const INFERENCE_GROUP_WORDS = { egpu: 'eGPU (tinygrad)', 'apple-gpu': 'Apple GPU (baseline)' } as const;
export const SPEED_VERDICT_WORDS = {
  'as-expected': 'as the guide expects',
  'above-expected': 'above the guide',
  'below-expected': 'below the guide',
  'no-expectation': 'no guide figure',
  'apple-gpu-baseline': 'Apple GPU baseline',
} as const;
export const INFERENCE_WORDS = {
  live: 'Generating',
  current: 'now',
  median: 'median',
  ttft: 'TTFT',
  idle: 'No generation running. Start the metering proxy and point a client at it to measure your own chats.',
  lastResults: 'Last result per model',
  speedView: 'Speed…',
} as const;
/** Ollama's split of a loaded model, as `ollama ps` shows it: "100% Apple GPU", "62% GPU / 38% CPU". */
export function offloadBadge(gpuPercent: number | null, offloaded: boolean): string {
  if (gpuPercent === null) return 'GPU share unknown';
  return offloaded ? `${gpuPercent}% GPU / ${100 - gpuPercent}% CPU · offloaded, slower` : `${gpuPercent}% Apple GPU`;
}
/** The badge of an inference server's row. */
export const SERVER_STATE_WORDS: Record<ServerState, string> = {
  up: 'running',
  loading: 'loading model',
  busy: 'busy with a generation',
  down: 'not running',
  slow: 'slow to answer',
  unrecognised: 'not an inference server',
};
export const SERVER_KIND_NAMES: Record<ServerKind, string> = {
  ollama: 'Ollama',
  llamacpp: 'llama.cpp',
  lmstudio: 'LM Studio',
  vllm: 'vLLM',
  tinygrad: 'tinygrad',
  openai: 'OpenAI-compatible',
};
/** llama.cpp's or vLLM's rates from its /metrics: "prompt 812 tok/s · gen 42.1 tok/s · TTFT 180 ms"; null when it has none. */
export function formatServerRates(rates: ServerRates | null): string | null {
  const ttftMs = rates?.ttftMs ?? null;
  if (!rates || (rates.promptTokensPerSecond === null && rates.tokensPerSecond === null && ttftMs === null)) return null;
  const parts = [
    rates.promptTokensPerSecond === null ? null : `prompt ${formatTokensPerSecond(rates.promptTokensPerSecond)}`,
    rates.tokensPerSecond === null ? null : `gen ${formatTokensPerSecond(rates.tokensPerSecond)}`,
    ttftMs === null ? null : `TTFT ${formatTtft(ttftMs)}`,
  ];
  return parts.filter((p) => p !== null).join(' · ');
}

/** The speed test on the eGPU: tinygrad's own `--benchmark`, no server needed. */
export const BENCHMARK_WORDS = {
  choice: 'tinygrad --benchmark (no server)',
  title: 'Speed test on the eGPU (tinygrad --benchmark)',
  tokens: 'Tokens',
  device: 'Device',
  loading: 'Starting tinygrad and loading the model (the first run downloads it)…',
  /** A run the form did not see start (opened again during it), until its next progress. */
  running: 'tinygrad --benchmark is running on the eGPU…',
  stop: 'Stop',
} as const;
/** "Run a model on the eGPU": the managed tinygrad server in the speed view, the popover and the tray menu. */
export const TINYGRAD_SERVER_WORDS = {
  untrusted: 'stop it when you are on an untrusted network.',
  stop: 'Stop the tinygrad server',
  title: 'Run a model on the eGPU',
  open: 'Run a model on the eGPU…',
  start: 'Start',
  stopShort: 'Stop',
  ggufChoice: 'GGUF file from settings',
  noEgpu: 'No eGPU is connected: connect it to run a model on it.',
  benchmarkRunning: 'A tinygrad benchmark is running on the eGPU: wait for it or stop it first.',
  noRequestYet: 'No request yet: point an OpenAI-compatible client at it.',
} as const;
/** The model choice that stands for the GGUF file named in the settings: a choice, not a name servers list. */
export const GGUF_MODEL_CHOICE = 'gguf';
/** A tinygrad model choice as the server card and the benchmark form list it. */
export function tinygradModelLabel(choice: string): string {
  return choice === GGUF_MODEL_CHOICE ? TINYGRAD_SERVER_WORDS.ggufChoice : choice;
}
/** The `DEV=` choices, as both tinygrad forms list them. */
export const TINYGRAD_DEVICE_WORDS = { NV: 'NVIDIA (DEV=NV)', AMD: 'AMD (DEV=AMD)' } as const;
/** The model a tinygrad form starts on: the guide's figures and its "under 10 tok/s" rule are about 8B models. */
export function preferredTinygradModel(models: readonly string[]): string {
  const preferred = 'llama3.1:8b';
  return models.includes(preferred) ? preferred : (models[0] ?? '');
}
/** The managed server's state in one line: "Serving on port 8000 (http://127.0.0.1:8000/v1)", "Failed: …". */
export function tinygradPhaseLine(s: { phase: 'stopped' | 'starting' | 'loading' | 'serving' | 'failed'; port: number; error: string | null }): string {
  switch (s.phase) {
    case 'starting':
      return 'Starting tinygrad…';
    case 'loading':
      return 'Loading the model (the first run downloads it)…';
    case 'serving':
      return `Serving on port ${s.port} (http://127.0.0.1:${s.port}/v1)`;
    case 'failed':
      return `Failed: ${s.error ?? 'tinygrad stopped'}`;
    default:
      return 'Stopped';
  }
}
/** Said beside Start, before the server runs: tinygrad binds every interface. */
export function tinygradListensNote(port: number): string {
  return `tinygrad's server listens on all network interfaces (port ${port}) with no password: anyone on your network can use it while it runs.`;
}
/** "Last request: prefill 850 tok/s · gen 35.0 tok/s · 96 tokens". */
export function tinygradRequestLine(r: { prefillTokensPerSecond: number | null; genTokensPerSecond: number | null; outTokens: number | null; interrupted: boolean }): string {
  const parts = [`prefill ${formatTokensPerSecond(r.prefillTokensPerSecond)}`, `gen ${formatTokensPerSecond(r.genTokensPerSecond)}`, r.outTokens === null ? null : `${r.outTokens} tokens`, r.interrupted ? 'client disconnected' : null];
  return `Last request: ${parts.filter((p) => p !== null).join(' · ')}`;
}
/** The popover's row while it runs: "tinygrad · llama3.1:8b on the eGPU · 35.0 tok/s". */
export function tinygradRowText(s: { model: string | null; phase: string; lastRequest: { genTokensPerSecond: number | null } | null }): string {
  const speed = s.lastRequest ? formatTokensPerSecond(s.lastRequest.genTokensPerSecond) : s.phase === 'serving' ? 'ready' : 'loading…';
  return `tinygrad · ${s.model ?? 'a model'} on the eGPU · ${speed}`;
}
/** The tray menu's item while it runs: the banner's words, with the model. */
export function tinygradTrayStopLabel(model: string | null): string {
  return model ? `${TINYGRAD_SERVER_WORDS.stop} (${model})` : TINYGRAD_SERVER_WORDS.stop;
}
/** "12 of 20 tokens". */
export function benchmarkProgressLine(done: number, total: number): string {
  return `${done} of ${total} tokens`;
}
/**
 * "llama3.1:8b on the eGPU: 35.2 tok/s · achieved 523 GB/s = 52 % of the RTX 4090's 1008 GB/s · 14523 MB moved per token".
 * tinygrad's first "MB" figure is the memory read and written for one token (GlobalCounters.global_mem), not memory in use.
 */
export function benchmarkResultLine(r: { model: string; tokensPerSecond: number | null; gbPerSecond: number | null; mbUsed: number | null; bandwidthText: string | null }): string {
  const bandwidth = r.bandwidthText ?? (r.gbPerSecond === null ? null : `${Math.round(r.gbPerSecond)} GB/s`);
  const parts = [formatTokensPerSecond(r.tokensPerSecond), bandwidth, r.mbUsed === null ? null : `${Math.round(r.mbUsed)} MB moved per token`];
  return `${r.model} on the eGPU: ${parts.filter((p) => p !== null).join(' · ')}`;
}

