// What a person sees of a tool's output: no control or replacement characters; the meaning stays.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayLines, displayText } from '../../src/core/api/display-text';
import { parseTinygpuList } from '../../src/core/probe/parsers/tinygpu-list';

describe('displayText', () => {
  it('drops replacement characters, colour codes and control bytes, keeping the words', () => {
    expect(displayText(':: lorem Device { Device \uFFFD\' z\uFFFDl\uFFFD f\uFFFD\uFFFD\uFFFDR')).toBe(":: lorem Device { Device ' z l f R");
    expect(displayText('\u001b[31merror:\u001b[0m out of memory\r\n')).toBe('error: out of memory');
    expect(displayText('a\u0000b\u0007c\u009bd')).toBe('a b c d');
    expect(displayText('name\u202Egpj.exe')).toBe('name gpj.exe');
  });

  it('leaves ordinary text, accents and emoji-free symbols alone', () => {
    expect(displayText('TinyGPU 1.0.2 — ready · 24 GB GDDR6X · Müller')).toBe('TinyGPU 1.0.2 — ready · 24 GB GDDR6X · Müller');
  });

  it('never leaves a control or replacement character, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const shown = displayText(text);
        expect(shown).not.toMatch(/[\p{Cc}\uFFFD]/u);
        expect(shown).toBe(shown.trim());
      }),
    );
  });

  it('keeps line breaks when asked to', () => {
    expect(displayLines('one\u0007\r\ntwo\uFFFD')).toBe('one\ntwo');
  });
});

describe('probe errors shown to users', () => {
  it('quote what a tool printed without replacement characters', () => {
    const result = parseTinygpuList(':: lorem Device { Device \uFFFD\' z\uFFFDl\uFFFD f\uFFFD\uFFFD\uFFFDR\n');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toContain('it printed ":: lorem Device');
      expect(result.error.message).not.toContain('\uFFFD');
    }
  });
});
