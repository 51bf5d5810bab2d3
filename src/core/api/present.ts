// The app's one vocabulary: every word and number format the tray menu, the popover, the event log
// and the CLI show for devices, links, VRAM, driver states, tray states and hazard severities.
// Renderer-safe (no Node modules); pure functions of contract values.
import type { ServerKind, ServerRates, ServerState } from './inference';
import type { DemoScenario, Device, DriverInfo, DriverState, Hazard, Link, LinkKind, Severity, TrayState } from './schemas';

export const PRODUCT_NAME = 'eGPU Companion';

/** How a driver state reads after "TinyGPU driver is …" or "TinyGPU 1.0 — …". */
export const DRIVER_STATE_WORDS: Record<DriverState, string> = {
  ready: 'ready',
  activating: 'activating…',
  'awaiting-approval': 'waiting for approval in System Settings',
  'not-installed': 'not installed',
  'waiting-to-uninstall': 'waiting to uninstall (restart to finish)',
  disabled: 'switched off in System Settings',
  unknown: 'state unknown',
};

/** "TinyGPU 1.0.3 (signed) — ready" */
export function driverLine(driver: DriverInfo): string {
  const name = [driver.name ?? 'TinyGPU', driver.version].filter(Boolean).join(' ');
  const signing = driver.signing ? ` (${driver.signing})` : '';
  return `${name}${signing} — ${DRIVER_STATE_WORDS[driver.state]}`;
}

/** The headline when no GPU is shown and the driver explains why. */
const DRIVER_SUMMARY: Partial<Record<DriverState, string>> = {
  'not-installed': 'TinyGPU driver not installed',
  'awaiting-approval': 'TinyGPU driver waiting for approval in System Settings',
  activating: 'TinyGPU driver activating…',
  'waiting-to-uninstall': 'TinyGPU driver waiting to uninstall: restart to finish',
  disabled: 'TinyGPU driver switched off in System Settings',
};

/** One word per tray state, as the popover header shows it. */
export const TRAY_STATE_WORDS: Record<TrayState, string> = {
  ok: 'Ready',
  warning: 'Needs attention',
  disconnected: 'Disconnected',
  unknown: 'Status unknown',
};

/** The generic hover text of each tray icon, used before a summary exists. */
export const TRAY_ICON_TEXT: Record<TrayState, string> = {
  ok: 'eGPU connected',
  warning: 'eGPU needs attention',
  disconnected: 'No eGPU connected',
  unknown: 'eGPU status unknown',
};

const MAX_TOOLTIP_LENGTH = 120;

/** The menu-bar hover text: "eGPU Companion — RTX 4090 · 24 GB · TB4 x4 Gen4". */
export function trayTooltip(tray: TrayState, summary: string): string {
  const text = `${PRODUCT_NAME} — ${summary.trim() || TRAY_ICON_TEXT[tray]}`;
  return truncate(text, MAX_TOOLTIP_LENGTH);
}

export function truncate(text: string, maxLength: number): string {
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

export const SEVERITY_ICONS: Record<Severity, string> = { critical: '⛔', warning: '⚠️', info: 'ℹ️' };
export const SEVERITY_WORDS: Record<Severity, string> = { critical: 'Critical', warning: 'Warning', info: 'Note' };
/** The activity list marks routine events quietly: most of them are notes. */
export const EVENT_SEVERITY_ICONS: Record<Severity, string> = { critical: '⛔', warning: '⚠️', info: '•' };

/** The demo's scenario picker. */
export const DEMO_SCENARIO_WORDS: Record<DemoScenario, string> = {
  connected: 'Connected',
  absent: 'Unplugged',
  'driver-not-loaded': 'Driver not loaded',
  'awaiting-approval': 'Waiting for approval',
  'degraded-link': 'Degraded link',
  hung: 'Probe hangs',
  crashing: 'Probe crashes',
  garbage: 'Garbage output',
};

/** How each link kind is named to a person, everywhere the app shows it. */
export const LINK_KIND_NAMES: Record<LinkKind, string> = {
  thunderbolt5: 'Thunderbolt 5',
  thunderbolt4: 'Thunderbolt 4',
  thunderbolt3: 'Thunderbolt 3',
  usb4: 'USB4',
  usb3: 'USB 3',
  pcie: 'PCIe',
  unknown: 'Unknown link',
};

const LINK_KIND_SHORT: Record<LinkKind, string> = {
  thunderbolt5: 'TB5',
  thunderbolt4: 'TB4',
  thunderbolt3: 'TB3',
  usb4: 'USB4',
  usb3: 'USB 3',
  pcie: 'PCIe',
  unknown: '',
};

function pcieParts(link: Link): string {
  const parts: string[] = [];
  if (link.pcieWidth !== null) parts.push(`x${link.pcieWidth}`);
  if (link.pcieGen !== null) parts.push(`Gen${link.pcieGen}`);
  return parts.join(' ');
}

/** "Thunderbolt 4 · PCIe x4 Gen4", "USB 3 (link down)". */
export function linkText(link: Link): string {
  const pcie = pcieParts(link);
  const down = link.up === false ? ' (link down)' : '';
  if (link.kind === 'unknown') {
    // A source's own text may already carry the PCIe details in brackets; the badge stays short.
    const label = link.label.replace(/\s*\(.*\)$/, '').trim() || LINK_KIND_NAMES.unknown;
    return `${label}${pcie ? ` · PCIe ${pcie}` : ''}${down}`;
  }
  if (link.kind === 'pcie') return `PCIe${pcie ? ` ${pcie}` : ''}${down}`;
  return `${LINK_KIND_NAMES[link.kind]}${pcie ? ` · PCIe ${pcie}` : ''}${down}`;
}

/** "TB4 x4 Gen4" for the one-line summary. */
export function shortLinkText(link: Link): string {
  const text = [LINK_KIND_SHORT[link.kind], pcieParts(link)].filter((part) => part !== '').join(' ');
  return text || 'link unknown';
}

/** 512 → "512 MB", 8192 → "8 GB", 5632 → "5.5 GB", 24576 → "24 GB". */
export function formatVram(mb: number): string {
  if (mb < 1024) return `${Math.round(mb)} MB`;
  const gigabytes = mb / 1024;
  const rounded = gigabytes >= 10 ? Math.round(gigabytes).toString() : (Math.round(gigabytes * 10) / 10).toString();
  return `${rounded} GB`;
}

/** "5.5 GB of 24 GB GDDR6X in use", "24 GB GDDR6X", "VRAM unknown". */
export function vramLine(device: Device): string {
  if (device.vramTotalMB === null) return 'VRAM unknown';
  const total = `${formatVram(device.vramTotalMB)}${device.vramType ? ` ${device.vramType}` : ''}`;
  if (device.vramUsedMB === null) return total;
  return `${formatVram(device.vramUsedMB)} of ${total} in use`;
}

/** Where the "in use" figure came from, when it is not the GPU itself. */
export function vramSourceNote(device: Device): string | null {
  return device.vramUsedMB !== null && device.vramUsedSource === 'ollama' ? 'by Ollama models' : null;
}

/** "NVIDIA GeForce RTX 4090" → "RTX 4090"; "AMD Radeon RX 7900 XTX" → "RX 7900 XTX". */
export function shortGpuName(name: string): string {
  const short = name
    .trim()
    .replace(/^(?:nvidia|amd|ati|intel)(?:\s+corporation)?\s+/i, '')
    .replace(/^(?:geforce|radeon)\s+/i, '')
    .trim();
  return short || name.trim() || 'GPU';
}

/** "24 GB, Thunderbolt 4 · PCIe x4 Gen4" */
export function deviceDetails(device: Device): string {
  const vram = device.vramTotalMB === null ? null : formatVram(device.vramTotalMB);
  return [vram, linkText(device.link)].filter((part): part is string => part !== null).join(', ');
}

/** "NVIDIA GeForce RTX 4090 (24 GB, Thunderbolt 4 · PCIe x4 Gen4)" */
export function describeDevice(device: Device): string {
  return `${device.name} (${deviceDetails(device)})`;
}

/** "RTX 4090 · 24 GB · TB4 x4 Gen4" */
export function deviceSummary(device: Device): string {
  const parts = [shortGpuName(device.name)];
  if (device.vramTotalMB !== null) parts.push(formatVram(device.vramTotalMB));
  parts.push(shortLinkText(device.link));
  return parts.join(' · ');
}

export interface SummaryInput {
  /** No successful probe yet. */
  checking: boolean;
  /** The last probe's error while probes fail, else null. */
  probeError: string | null;
  devices: Device[];
  driverState: DriverState;
  /** Sorted most severe first. */
  hazards: Hazard[];
}

/** The one line under the tray icon and atop the popover. */
export function summaryLine(input: SummaryInput): string {
  if (input.probeError !== null) return `Can't read the eGPU status: ${input.probeError}`;
  if (input.checking) return 'Checking the eGPU…';
  const top = input.hazards.find((hazard) => hazard.severity !== 'info');
  const [first, ...others] = input.devices;
  if (!first) {
    if (top?.severity === 'critical') return top.title;
    return DRIVER_SUMMARY[input.driverState] ?? TRAY_ICON_TEXT.disconnected;
  }
  if (top) return `${shortGpuName(first.name)}: ${top.title}`;
  return others.length > 0 ? `${deviceSummary(first)} (+${others.length} more)` : deviceSummary(first);
}

// Live inference speed.
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
/** llama.cpp's rates from its /metrics: "prompt 812 tok/s · gen 42.1 tok/s"; null when it has none. */
export function formatServerRates(rates: ServerRates | null): string | null {
  if (!rates || (rates.promptTokensPerSecond === null && rates.tokensPerSecond === null)) return null;
  const parts = [
    rates.promptTokensPerSecond === null ? null : `prompt ${formatTokensPerSecond(rates.promptTokensPerSecond)}`,
    rates.tokensPerSecond === null ? null : `gen ${formatTokensPerSecond(rates.tokensPerSecond)}`,
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
/** "llama3.1:8b on the eGPU: 35.2 tok/s · achieved 523 GB/s = 52 % of the RTX 4090's 1008 GB/s · 14523 MB used". */
export function benchmarkResultLine(r: { model: string; tokensPerSecond: number | null; gbPerSecond: number | null; mbUsed: number | null; bandwidthText: string | null }): string {
  const bandwidth = r.bandwidthText ?? (r.gbPerSecond === null ? null : `${Math.round(r.gbPerSecond)} GB/s`);
  const parts = [formatTokensPerSecond(r.tokensPerSecond), bandwidth, r.mbUsed === null ? null : `${Math.round(r.mbUsed)} MB used`];
  return `${r.model} on the eGPU: ${parts.filter((p) => p !== null).join(' · ')}`;
}

/** Words of the power features: sleep warning, keep-awake, prepare to unplug. */
export const POWER_WORDS = {
  tinygpuServer: 'TinyGPU server',
  egpuBack: 'eGPU is back',
  notBack: 'eGPU did not come back after sleep',
  unsupported: 'the power features need macOS (pmset)',
  keepAwake: 'Keep awake',
  keepAwakeModes: { off: 'Off', 'while-attached': 'While attached', 'while-in-use': 'While in use', until: 'For 1 hour' },
  keepAwakeHolding: 'The Mac is kept awake',
  prepareUnplug: 'Prepare to unplug',
  safeToUnplug: 'Safe to unplug',
  lidNote: 'Closing the lid sleeps the Mac regardless.',
  noIdleSleep: 'No idle sleep coming',
  checkAgain: 'Check again',
  /** The sleep warning's three choices, in the order the notification and the popover show them. */
  sleepSoonActions: {
    'keep-awake-while-attached': 'Keep awake while the eGPU is attached',
    'keep-awake-1h': 'Keep awake for 1 hour',
    'let-it-sleep': 'Let it sleep',
  },
  stopHolder: 'Stop',
  unpluggedAsPrepared: 'eGPU unplugged as prepared',
  managedTinygrad: 'tinygrad server',
  dismiss: 'Dismiss',
  /** Titles of the critical warning after a wake that did not bring the eGPU back as it was. */
  wakeTitles: { missing: 'eGPU did not come back after sleep', 'link-changed': 'eGPU came back on a different link', 'driver-not-ready': 'eGPU driver not ready after sleep' },
} as const;

/** "python3 (pid 4242)", "TinyGPU server": one thing that holds the eGPU. */
export function describeHolder(h: { name: string; pid: number | null }): string {
  return h.pid !== null ? `${h.name} (pid ${h.pid})` : h.name;
}

/** "0:42", "12:05": minutes and seconds of a countdown. */
export function countdownClock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** "Mac sleeps in 0:42". */
export function sleepCountdownLine(seconds: number): string {
  // A countdown never shows "0:00": the last second reads as what is happening.
  return seconds < 1 ? 'Mac is going to sleep' : `Mac sleeps in ${countdownClock(Math.max(1, seconds))}`;
}

/** The seconds left now, counted down from a reading taken at `at`; null when no sleep is coming. */
export function secondsLeftAt(power: { secondsToSleep: number | null; at: number }, now: number): number | null {
  if (power.secondsToSleep === null) return null;
  return Math.max(0, power.secondsToSleep - Math.max(0, now - power.at) / 1000);
}
