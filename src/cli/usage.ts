// What `egpu-companion help`, `<command> --help` and `--version` print. One entry per command: its
// synopsis line for the overview and its own page with every option.

export const COMMAND_HELP = {
  serve: `Usage: egpu-companion serve [--port N] [--demo] [--metrics] [--data-dir DIR] [--recipes DIR]

Run the app in a browser: serves the popover, the Speed view and setup on 127.0.0.1 only and prints the URL.

Options:
  --port N          Listen on port N (default: a free port)
  --demo            Probe the device simulator instead of this Mac; demo setup recipe
  --metrics         Serve GET /metrics for Prometheus even when the setting is off
  --data-dir DIR    Keep settings, history and logs in DIR
  --recipes DIR     Offer the setup recipes in DIR
  -h, --help        Show this text`,
  status: `Usage: egpu-companion status [--json] [--tinygpu PATH] [--source auto|tinygpu|tinygpu-app|nvidia-smi] [--sim-state FILE]

Probe the eGPU once and print what the popover would show.

Options:
  --json            Print JSON: devices, link, driver, hazards
  --tinygpu PATH    Use this tinygpu command
  --source S        Where to read the eGPU from: auto, tinygpu, tinygpu-app or nvidia-smi
  --sim-state FILE  Probe the device simulator driven by FILE
  -h, --help        Show this text

Exit status: 0 ready, 1 no eGPU or driver not ready, 2 the probe failed.`,
  watch: `Usage: egpu-companion watch [--json] [--interval SEC] [--sim-state FILE]

Print events as they happen (plugged, unplugged, link, driver, sleep) until Ctrl-C.

Options:
  --json            One JSON object per line
  --interval SEC    Seconds between probes for this run (0.5 to 60; the setting stays as it is)
  --sim-state FILE  Watch the device simulator driven by FILE
  -h, --help        Show this text`,
  speedtest: `Usage: egpu-companion speedtest [--url URL] [--backend ollama|openai] [--model M] [--runs N] [--max-tokens N] [--json]
       egpu-companion speedtest --backend tinygrad-benchmark --model M [--device NV|AMD] [--python PATH] [--runs N] [--max-tokens N] [--json]

Measure tok/s and time to first token with the guide's prompt (a warm-up run first, not counted).

Options:
  --url URL         The server (default: Ollama at http://127.0.0.1:11434); the API and its /v1 base are
                    found from what answers, so http://127.0.0.1:8080 works for llama.cpp
  --backend B       ollama or openai to skip the detection; tinygrad-benchmark runs tinygrad's own
                    --benchmark on the eGPU, no server needed
  --model M         The model (default: the first the server lists)
  --runs N          Measured runs (default 3)
  --max-tokens N    Tokens per run (default 256)
  --device NV|AMD   tinygrad-benchmark: the eGPU's vendor (default: from the card the app sees)
  --python PATH     tinygrad-benchmark: the Python that has tinygrad
  --json            Print JSON
  -h, --help        Show this text

Results say which GPU ran them: "Apple GPU (baseline)" for Ollama, llama.cpp, LM Studio, MLX and vLLM,
"eGPU (tinygrad)" for tinygrad. Ctrl-C stops the run in progress and prints what was measured (exit 130). Exit status: 0 with results,
2 when the server cannot be reached or does not know the model.`,
  sim: `Usage: egpu-companion sim <scenario> --state FILE [--gpu PRESET]

Flip the device simulator that serve --demo and --sim-state read.

Scenarios: connected, absent, driver-not-loaded, awaiting-approval, degraded-link, hung, crashing, garbage

Options:
  --state FILE      The simulator's state file (serve --demo prints it)
  --gpu PRESET      The simulated card
  -h, --help        Show this text`,
} as const;

export type CommandName = keyof typeof COMMAND_HELP;

export function isCommand(name: string | undefined): name is CommandName {
  return name !== undefined && Object.hasOwn(COMMAND_HELP, name);
}

export const OVERVIEW = `Usage: egpu-companion <command> [options]

Commands:
  serve       Run the app in a browser (127.0.0.1 only; prints the URL)
  status      Probe the eGPU once; exit 0 ready, 1 no device or driver not ready, 2 probe error
  watch       Print events as they happen
  speedtest   Measure tok/s and time to first token of a server, or tinygrad's --benchmark on the eGPU
  sim         Flip the device simulator used by serve --demo
  help [command]  Show this text, or a command's options

Options:
  -h, --help      Show this text ('egpu-companion <command> --help' for a command)
  -V, --version   Show the version`;
