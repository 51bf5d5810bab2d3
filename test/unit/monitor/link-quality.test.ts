import { describe, expect, it } from 'vitest';
import {
  assessLink,
  assessLinkAgainstBaseline,
  linkBandwidthGBps,
} from '../../../src/core/monitor/link-quality';
import { linkText, shortLinkText } from '../../../src/core/api/present';
import { link } from '../../builders/monitor';

describe('assessLink', () => {
  it('accepts Thunderbolt 4/5 and USB4 at x4 Gen3 or better', () => {
    for (const candidate of [
      link(),
      link({ pcieGen: 3 }),
      link({ kind: 'thunderbolt5' }),
      link({ kind: 'usb4', pcieGen: 3 }),
      link({ kind: 'pcie', pcieWidth: 16 }),
    ]) {
      expect(assessLink(candidate)).toMatchObject({ quality: 'good', problems: [], likelyCause: '' });
    }
  });

  it('trusts a Thunderbolt 4 tunnel whose PCIe details are not printed', () => {
    expect(assessLink(link({ pcieWidth: null, pcieGen: null })).quality).toBe('good');
  });

  it('says unknown when nothing about the link is known', () => {
    const result = assessLink({ kind: 'unknown', label: '', pcieWidth: null, pcieGen: null, up: null });
    expect(result.quality).toBe('unknown');
    expect(result.problems).toEqual([]);
  });

  it('flags a narrow link and says how much slower loading will be', () => {
    const result = assessLink(link({ pcieWidth: 1, pcieGen: 3 }));
    expect(result.quality).toBe('degraded');
    expect(result.problems).toEqual(['PCIe x1 instead of x4.']);
    expect(result.effect).toMatch(/about 4× slower/);
    expect(result.likelyCause).toMatch(/not through a hub/);
  });

  it('flags an old PCIe generation', () => {
    const result = assessLink(link({ pcieGen: 1 }));
    expect(result.problems).toEqual(['PCIe Gen1 instead of Gen3 or better.']);
    expect(result.effect).toMatch(/about 4× slower/);
  });

  it('flags Thunderbolt 3 and its smaller tunnel', () => {
    const result = assessLink(link({ kind: 'thunderbolt3', pcieGen: 3 }));
    expect(result.quality).toBe('degraded');
    expect(result.problems).toEqual(['Thunderbolt 3 instead of Thunderbolt 4/USB4.']);
    expect(result.effect).toMatch(/about 1\.4× slower/);
  });

  it('lists every problem when several apply', () => {
    expect(assessLink(link({ kind: 'thunderbolt3', pcieWidth: 2, pcieGen: 2 })).problems).toHaveLength(3);
  });

  it('says a USB 3 fallback cannot do compute at all', () => {
    const result = assessLink(link({ kind: 'usb3', pcieWidth: null, pcieGen: null }));
    expect(result.quality).toBe('degraded');
    expect(result.effect).toMatch(/cannot be used for compute at all/);
    expect(result.likelyCause).toMatch(/Thunderbolt 4\/USB4 cable/);
  });

  it('says a link that is down cannot reach the GPU', () => {
    const result = assessLink(link({ up: false }));
    expect(result.problems).toEqual(['The link to the GPU is down.']);
    expect(result.effect).toMatch(/cannot be reached/);
  });

  it('notes when a narrower link still carries about the expected bandwidth', () => {
    expect(assessLink(link({ pcieWidth: 2, pcieGen: 4, kind: 'pcie' })).effect).toMatch(/effect should be small/);
  });
});

describe('link bandwidth and baseline', () => {
  it('caps bandwidth at what the tunnel carries', () => {
    expect(linkBandwidthGBps(link())).toBe(4);
    expect(linkBandwidthGBps(link({ kind: 'pcie' }))).toBeCloseTo(7.9, 1);
    expect(linkBandwidthGBps(link({ kind: 'usb3' }))).toBe(0);
    expect(linkBandwidthGBps({ kind: 'unknown', label: '', pcieWidth: null, pcieGen: null, up: null })).toBeNull();
  });

  it('flags a good link that is slower than when the session began', () => {
    const result = assessLinkAgainstBaseline(link({ pcieGen: 3 }), link({ pcieGen: 4 }));
    expect(result.quality).toBe('degraded');
    expect(result.problems).toEqual(['Slower than when it was first seen this session (TB4 x4 Gen4 → TB4 x4 Gen3).']);
  });

  it('does not flag a link that matches or beats its baseline', () => {
    expect(assessLinkAgainstBaseline(link(), link()).quality).toBe('good');
    expect(assessLinkAgainstBaseline(link(), link({ pcieGen: 3 })).quality).toBe('good');
    expect(assessLinkAgainstBaseline(link(), null).quality).toBe('good');
  });

  it('does not compare a tunnel with a link of unknown kind', () => {
    const unknownKind = link({ kind: 'unknown', pcieWidth: null, pcieGen: null });
    expect(assessLinkAgainstBaseline(link({ kind: 'usb4', pcieWidth: null, pcieGen: null }), unknownKind).quality).toBe('good');
    expect(assessLinkAgainstBaseline(unknownKind, link({ kind: 'thunderbolt5' })).quality).not.toBe('degraded');
  });

  it('flags a fall from Thunderbolt 5 to Thunderbolt 4 against the session baseline', () => {
    const result = assessLinkAgainstBaseline(link({ pcieWidth: null, pcieGen: null }), link({ kind: 'thunderbolt5', pcieWidth: null, pcieGen: null }));
    expect(result.quality).toBe('degraded');
  });
});

describe('link texts', () => {
  it('reads well in messages and in the tooltip', () => {
    expect(linkText(link())).toBe('Thunderbolt 4 · PCIe x4 Gen4');
    expect(linkText(link({ kind: 'pcie', pcieWidth: 16 }))).toBe('PCIe x16 Gen4');
    expect(linkText(link({ kind: 'unknown', label: 'Mystery bus', pcieWidth: null, pcieGen: null }))).toBe('Mystery bus');
    expect(linkText(link({ up: false }))).toBe('Thunderbolt 4 · PCIe x4 Gen4 (link down)');
    expect(shortLinkText(link())).toBe('TB4 x4 Gen4');
    expect(shortLinkText({ kind: 'unknown', label: '', pcieWidth: null, pcieGen: null, up: null })).toBe('link unknown');
  });
});
