import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineSplitter, parseTinygradBenchmarkLine, parseTinygradRequestLine, parseTinygradRequestLines, redrawnLine, summarizeBenchmark } from '../../../src/core/inference/tinygrad/tinygrad-output';
import { median } from '../../../src/core/inference/metering/stats';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../../fixtures/inference/tinygrad', name), 'utf8');

describe('tinygrad --serve request line', () => {
  it('reads every field through the colour codes', () => {
    expect(parseTinygradRequestLine(fixture('serve-request.txt'))).toEqual({
      path: '/v1/chat/completions',
      prepMs: 12,
      cachedTokens: 0,
      newTokens: 45,
      prefillTokensPerSecond: 850,
      genTokensPerSecond: 35,
      outTokens: 96,
      totalSeconds: 3.21,
      interrupted: false,
    });
  });

  it('a red total means the client disconnected', () => {
    const line = parseTinygradRequestLine(fixture('serve-interrupted.txt'));
    expect(line).toMatchObject({ interrupted: true, cachedTokens: 57, newTokens: 8, outTokens: 21, totalSeconds: 0.83 });
  });

  it('a line printed in pieces is read once complete; other lines are not stats', () => {
    const splitter = new LineSplitter();
    const text = fixture('serve-request.txt');
    expect(splitter.push(text.slice(0, 40))).toEqual([]);
    const lines = splitter.push(text.slice(40));
    expect(lines.map(parseTinygradRequestLine)[0]?.genTokensPerSecond).toBe(35);
    for (const other of ['loaded weights in 3.1 s', '', 'GET /v1/models', '\x1b[31mTraceback (most recent call last):\x1b[0m']) expect(parseTinygradRequestLine(other)).toBeNull();
  });
});

describe('tinygrad --serve stats as each version prints them', () => {
  const full = { path: '/v1/chat/completions', cachedTokens: 0, newTokens: 45, prefillTokensPerSecond: 850, genTokensPerSecond: 35, outTokens: 96, totalSeconds: 3.21, interrupted: false };

  it('v0.13.0: no prep field', () => {
    expect(parseTinygradRequestLines(fixture('v0.13.0-serve-request.txt'))).toEqual([{ ...full, prepMs: null }]);
  });

  it('master: with the prep time', () => {
    expect(parseTinygradRequestLines(fixture('master-serve-request.txt'))).toEqual([{ ...full, prepMs: 12 }]);
  });

  it('v0.13.0: a client that disconnected leaves its stats unended; the next request continues the line', () => {
    const lines = parseTinygradRequestLines(fixture('v0.13.0-serve-disconnect.txt'));
    expect(lines).toEqual([
      { path: '/v1/chat/completions', prepMs: null, cachedTokens: 0, newTokens: 57, prefillTokensPerSecond: 412, genTokensPerSecond: null, outTokens: null, totalSeconds: null, interrupted: true },
      { path: '/v1/chat/completions', prepMs: null, cachedTokens: 69, newTokens: 8, prefillTokensPerSecond: 905, genTokensPerSecond: 36, outTokens: 21, totalSeconds: 0.83, interrupted: false },
    ]);
    // Read a piece at a time, as the pty delivers it: nothing until the line ends, then both.
    const splitter = new LineSplitter();
    const text = fixture('v0.13.0-serve-disconnect.txt');
    const first = splitter.push(text.slice(0, text.indexOf('/v1/', 10)));
    expect(first).toEqual([]);
    expect(splitter.push(text.slice(text.indexOf('/v1/', 10))).flatMap(parseTinygradRequestLines)).toHaveLength(2);
  });

  it('master: a disconnect ends the stats with a red total', () => {
    expect(parseTinygradRequestLines(fixture('master-serve-disconnect.txt'))).toEqual([
      { path: '/v1/chat/completions', prepMs: 9, cachedTokens: 57, newTokens: 8, prefillTokensPerSecond: 412, genTokensPerSecond: 34, outTokens: 21, totalSeconds: 0.83, interrupted: true },
    ]);
  });

  it('master: a prompt over the context is not a measurement', () => {
    expect(parseTinygradRequestLines(fixture('master-serve-context-exceeded.txt'))).toEqual([]);
  });
});

describe('tinygrad --benchmark line', () => {
  it('reads ms, tok/s, GB/s and MB used/allocated; summary skips the compile tokens', () => {
    const lines = fixture('benchmark.txt').split('\n').map(parseTinygradBenchmarkLine).filter((l) => l !== null);
    expect(lines[1]).toEqual({ tokenMs: 28.42, tokensPerSecond: 35.19, gbPerSecond: 523.12, mbUsed: 14523, mbAllocated: 18023, text: 'Hello world' });
    expect(lines).toHaveLength(3);
    expect(summarizeBenchmark(lines, median)).toMatchObject({ tokens: 3, mbUsed: 14523, mbAllocated: 18023, medianTokensPerSecond: 35.19 });
    expect(parseTinygradBenchmarkLine('ram used:  4.20 GB, loading weights')).toBeNull();
    expect(parseTinygradBenchmarkLine(' 28.42 ms,  nan tok/s')).toBeNull();
  });
});

describe('a line as the terminal shows it', () => {
  it('keeps only the last state of a \\r progress bar, without colours, cut where asked', () => {
    expect(redrawnLine('\rdownloading  40%\r\x1b[32mdownloading 100%\x1b[0m\r  ')).toBe('downloading 100%');
    expect(redrawnLine('plain')).toBe('plain');
    expect(redrawnLine('\r\r')).toBe('');
    expect(redrawnLine('abcdef', 3)).toBe('abc…');
  });
});
