import { describe, expect, it } from 'vitest';
import { parseIoregTinygpu } from '../../../src/core/probe/parsers';
import { probeFixture } from '../../fixtures/probe/fixtures';
import { expectParseError, expectParsed } from './helpers';

const bound = (file: string) => expectParsed(parseIoregTinygpu(probeFixture('ioreg', file))).bound;

describe('parseIoregTinygpu', () => {
  it('finds the tinygpu node when the driver is bound', () => {
    expect(bound('tinygpu-bound.txt')).toBe(true);
  });

  it('reports not bound for empty output or a tree without the node', () => {
    expect(bound('empty.txt')).toBe(false);
    expect(bound('not-bound-tree.txt')).toBe(false);
    expect(expectParsed(parseIoregTinygpu('+-o tinygpuclient  <class IOUserClient, id 0x1>\n')).bound).toBe(false);
  });

  it('fails when ioreg printed an error instead of a tree', () => {
    expect(expectParseError(parseIoregTinygpu(probeFixture('ioreg', 'garbage.txt')))).toMatch(/invalid option/);
  });
});
