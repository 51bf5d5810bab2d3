import { describe, expect, it } from 'vitest';
import { parseOllamaPs } from '../../../src/core/probe/parsers';
import { probeFixture } from '../../fixtures/probe/fixtures';
import { expectParseError, expectParsed } from './helpers';

const models = (file: string) => expectParsed(parseOllamaPs(probeFixture('ollama-ps', file))).models;

describe('parseOllamaPs', () => {
  it('reads the documented example', () => {
    expect(models('reference-mistral.json')).toEqual([{ name: 'mistral:latest', sizeBytes: 5137025024, sizeVramBytes: 5137025024 }]);
  });

  it('reads models partly offloaded to the CPU', () => {
    expect(models('partial-offload.json')).toEqual([
      { name: 'qwen3:8b', sizeBytes: 6254469120, sizeVramBytes: 6254469120 },
      { name: 'llama3.3:70b', sizeBytes: 45000000000, sizeVramBytes: 23400000000 },
    ]);
  });

  it('reads no resident models as an empty list', () => {
    expect(models('empty.json')).toEqual([]);
    expect(models('null-models.json')).toEqual([]);
  });

  it('skips unreadable entries with a warning', () => {
    const result = parseOllamaPs('{"models":[{"size":1},{"name":"a","size":10}]}');
    expect(expectParsed(result).models).toEqual([{ name: 'a', sizeBytes: 10, sizeVramBytes: 0 }]);
    expect(result.ok && result.warnings).toHaveLength(2);
  });

  it('fails on an error answer or a page that is not JSON', () => {
    expect(expectParseError(parseOllamaPs(probeFixture('ollama-ps', 'error.json')))).toMatch(/unauthorized/);
    expect(expectParseError(parseOllamaPs(probeFixture('ollama-ps', 'html.txt')))).toMatch(/not answer with JSON/);
  });
});
