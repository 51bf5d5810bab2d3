#!/usr/bin/env node
// Stands in for `python3 -m tinygrad.llm` in tests: `--serve PORT` runs a small OpenAI-compatible
// server on 127.0.0.1 that prints tinygrad's per-request stats line (ANSI, in pieces) to stderr;
// `--benchmark N` prints N benchmark lines. Records DEV in its first line so tests can check it.
import { openSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
// The app's readiness check (`-c "…find_spec('tinygrad')…"`): this python3 has tinygrad.
if (args[0] === '-c' && args[1]?.includes("find_spec('tinygrad')")) process.exit(0);
if (args[0] !== '-m' || args[1] !== 'tinygrad.llm') {
  process.stderr.write('fake python3: only -m tinygrad.llm is supported\n');
  process.exit(2);
}
const model = opt('--model');
const dim = (s) => `\x1b[90m${s}\x1b[0m`;
process.stdout.write(`using device ${process.env.DEV ?? 'unset'} for ${model}\n`);

if (args.includes('--benchmark')) {
  // FAKE_TINYGRAD_TOKEN_MS: steady time per token (a slow card or a CPU fallback);
  // FAKE_TINYGRAD_LINE_DELAY_MS: real time between lines, so progress can be watched.
  const n = Number(opt('--benchmark') ?? 20);
  // FAKE_TINYGRAD_SLOW_MODEL: this model alone runs at 150 ms per token (about 6.7 tok/s).
  const steadyMs = model === process.env.FAKE_TINYGRAD_SLOW_MODEL ? 150 : Number(process.env.FAKE_TINYGRAD_TOKEN_MS ?? 28.4);
  const delay = Number(process.env.FAKE_TINYGRAD_LINE_DELAY_MS ?? 0);
  const gbs = (523.12 * 28.4) / steadyMs;
  let text = '';
  let i = 0;
  const line = () => {
    if (i >= n) process.exit(0);
    text += `w${i} `;
    const ms = i < 2 ? 60 + i : steadyMs;
    process.stdout.write(`${ms.toFixed(2).padStart(6)} ms, ${(1000 / ms).toFixed(2).padStart(6)} tok/s, ${(i < 2 ? 250 : gbs).toFixed(2).padStart(7)} GB/s, 14523/18023 MB  --  ${text}\n`);
    i += 1;
    if (delay > 0) setTimeout(line, delay);
    else line();
  };
  line();
}

if (args.includes('--serve')) {
  // FAKE_TINYGRAD_FAIL_MODEL: this model dies while loading, as a card without enough VRAM would.
  if (model === process.env.FAKE_TINYGRAD_FAIL_MODEL) {
    process.stderr.write('Traceback (most recent call last):\n  File "tinygrad/llm/cli.py", line 210, in <module>\nRuntimeError: out of memory allocating 18023 MB on NV\n');
    setTimeout(() => process.exit(1), 50);
  } else {
    // FAKE_TINYGRAD_LOAD_MS: time spent "loading the model" before the port opens.
    // FAKE_TINYGRAD_PROGRESS_BAR_ONLY: nothing but a download's progress bar until then, no line ending.
    if (process.env.FAKE_TINYGRAD_PROGRESS_BAR_ONLY === '1') {
      process.stdout.write('\rdownloading  40%');
    } else {
      process.stdout.write(`loading ${model}\n`);
      // A download progress bar redraws itself with \r before its line ends.
      process.stdout.write('\rdownloading  40%\rdownloading 100%\n');
    }
    // Opt-in: hold the GPU lock file open as tinygrad does (in tempfile.gettempdir(), which follows TMPDIR).
    if (process.env.FAKE_TINYGRAD_HOLDS_LOCK === '1') openSync(path.join(os.tmpdir(), process.env.DEV === 'AMD' ? 'am_usb4.lock' : 'nv_usb4.lock'), 'a');
    setTimeout(() => serve(Number(opt('--serve') ?? 8000)), Number(process.env.FAKE_TINYGRAD_LOAD_MS ?? 0));
  }
}

function serve(port) {
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/v1/models') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ object: 'list', data: [{ id: model, object: 'model' }] }));
    }
    // tinygrad answers every other GET with its chat page, and prints no stats line for it.
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<!doctype html><title>tinygrad</title>');
    }
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const started = Date.now();
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (delta, finish = null) => res.write(`data: ${JSON.stringify({ object: 'chat.completion.chunk', model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
      chunk({ role: 'assistant', content: '' });
      let i = 0;
      let closed = false;
      res.on('close', () => (closed = true));
      const tick = () => {
        if (closed || i >= 12) {
          const total = ((Date.now() - started) / 1000).toFixed(2);
          // Printed in pieces, as tinygrad does with print(..., end='').
          process.stderr.write(`/v1/chat/completions ${dim(' --')} prep:   12 ms ${dim(' --')} in:    0 +   45 `);
          process.stderr.write(`${dim(' --')} prefill:  850 tok/s ${dim(' --')} gen:   35 tok/s ${dim(' --')} out: ${String(i).padStart(4)} ${dim(' --')} total: `);
          process.stderr.write(`${closed ? `\x1b[31m${total.padStart(6)}s\x1b[0m` : `${total.padStart(6)}s`}\n`);
          if (!closed) {
            chunk({}, 'stop');
            res.end('data: [DONE]\n\n');
          }
          return;
        }
        chunk({ content: `t${i} ` });
        i += 1;
        setTimeout(tick, 10);
      };
      setTimeout(tick, 20);
    });
  });
  server.listen(port, '127.0.0.1', () => process.stdout.write(`listening on ${port}\n`));
}
// FAKE_TINYGRAD_IGNORE_SIGNALS: Ctrl-C and SIGTERM do nothing, as with a tinygrad stuck in a GPU call.
const ignoresSignals = process.env.FAKE_TINYGRAD_IGNORE_SIGNALS === '1';
process.on('SIGTERM', () => ignoresSignals || process.exit(0));
process.on('SIGINT', () => ignoresSignals || process.exit(0));
process.on('SIGHUP', () => process.exit(0));
