// @ts-check
// The scenarios where a tool misbehaves instead of describing a device: it hangs, crashes,
// prints noise, or floods its output. Each applies to every tool and every argument list.

/** Keeps the process alive with no output until a signal ends it. */
export function hang() {
  setInterval(() => undefined, 1 << 30);
}

/**
 * Prints the start of a line, then dies by SIGSEGV like a crashing native tool.
 * @param {string} partialLine
 */
export function crash(partialLine) {
  process.stdout.write(partialLine, () => process.kill(process.pid, 'SIGSEGV'));
}

/**
 * Non-format noise: random words mixed with raw bytes (NUL, escapes, invalid UTF-8). Seeded by
 * the tool name so a given tool always prints the same noise.
 * @param {string} seedText
 * @returns {Uint8Array}
 */
export function garbage(seedText) {
  const next = seededRandom(seedText);
  const words = ['0xDEAD', 'lorem', '%%%', 'NaN', '::', 'ERR?', 'Device', '{', ']]', 'GT/s', '\u00e9t\u00e9', 'null'];
  /** @type {number[]} */
  const bytes = [];
  while (bytes.length < 4096) {
    if (next() < 0.5) {
      const word = words[Math.floor(next() * words.length)] ?? '';
      bytes.push(...Buffer.from(`${word}${next() < 0.15 ? '\n' : ' '}`, 'utf8'));
    } else {
      const run = 1 + Math.floor(next() * 12);
      for (let index = 0; index < run; index += 1) bytes.push(Math.floor(next() * 256));
    }
  }
  return Uint8Array.from(bytes);
}

/**
 * Writes output for as long as anyone reads it (respecting back-pressure), until killed.
 * A reader that closes the pipe ends it quietly.
 */
export function flood() {
  const line = 'flood: the simulated tool keeps printing this line so the reader must cap its output\n';
  const chunk = Buffer.from(line.repeat(Math.ceil(65536 / line.length)));
  process.stdout.on('error', () => process.exit(0));
  const pump = () => {
    while (process.stdout.write(chunk)) {
      // Keep writing until the pipe is full, then wait for it to drain.
    }
    process.stdout.once('drain', pump);
  };
  pump();
}

/** A small deterministic generator (mulberry32) seeded from text. @param {string} text */
function seededRandom(text) {
  let state = 0;
  for (const char of text) state = (Math.imul(state, 31) + (char.codePointAt(0) ?? 0)) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}
