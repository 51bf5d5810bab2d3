import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OutputBatcher } from '../../../src/core/setup/output-batcher';

describe('OutputBatcher', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps multibyte characters intact when the bytes arrive split at every position', () => {
    const text = 'café ✓ 日本語 🚀 done';
    const bytes = Buffer.from(text, 'utf8');
    for (let cut = 1; cut < bytes.length; cut++) {
      const batches: string[] = [];
      const batcher = new OutputBatcher({ onBatch: (batch) => batches.push(batch) });
      batcher.push(bytes.subarray(0, cut));
      batcher.push(bytes.subarray(cut));
      batcher.end();
      expect(batches.join(''), `cut at byte ${cut}`).toBe(text);
      expect(batches.join('')).not.toContain('\uFFFD');
    }
  });

  it('survives one byte at a time', () => {
    const text = '✓🚀é';
    const batches: string[] = [];
    const batcher = new OutputBatcher({ onBatch: (batch) => batches.push(batch) });
    for (const byte of Buffer.from(text, 'utf8')) batcher.push(Buffer.from([byte]));
    batcher.end();
    expect(batches.join('')).toBe(text);
  });

  it('sends small writes together once per interval', () => {
    const batches: string[] = [];
    const batcher = new OutputBatcher({ onBatch: (batch) => batches.push(batch), intervalMs: 16 });
    batcher.push(Buffer.from('a'));
    batcher.push(Buffer.from('b'));
    batcher.push('c');
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(16);
    expect(batches).toEqual(['abc']);
  });

  it('sends at once when a batch grows past the size limit', () => {
    const batches: string[] = [];
    const batcher = new OutputBatcher({ onBatch: (batch) => batches.push(batch), maxBatchChars: 10 });
    batcher.push('12345');
    expect(batches).toEqual([]);
    batcher.push('678901');
    expect(batches).toEqual(['12345678901']);
    batcher.dispose();
  });

  it('marks a character cut off by the end of the stream instead of dropping it silently', () => {
    const batches: string[] = [];
    const batcher = new OutputBatcher({ onBatch: (batch) => batches.push(batch) });
    batcher.push(Buffer.from('ok ✓', 'utf8').subarray(0, 5));
    batcher.end();
    expect(batches.join('')).toBe('ok \uFFFD');
  });
});
