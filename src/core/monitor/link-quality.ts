// Judges the eGPU's link against what TinyGPU expects: Thunderbolt 4/5 or USB4 tunnelling PCIe x4 at
// Gen 3 or better. Pure; the reducer and the hazard rules both read it.
import { shortLinkText } from '../api/present';
import type { Link, LinkKind } from '../api/schemas';

export type LinkQuality = 'good' | 'degraded' | 'unknown';

export interface LinkAssessment {
  quality: LinkQuality;
  /** One short line per thing that is wrong; empty when nothing is. */
  problems: string[];
  /** What the user will notice ("model loading will be about 4× slower"). */
  effect: string;
  /** The usual reason and the fix; empty when the link is fine. */
  likelyCause: string;
}

export const EXPECTED_PCIE_WIDTH = 4;
export const EXPECTED_PCIE_GEN = 3;

/** Usable bandwidth per lane in GB/s, one direction, after line coding. */
const LANE_GBPS_BY_GEN: Readonly<Record<number, number>> = {
  1: 0.25,
  2: 0.5,
  3: 0.985,
  4: 1.969,
  5: 3.938,
  6: 7.563,
};

/** PCIe data a tunnel can carry, GB/s: TB3 ≈ 22 Gbps, TB4/USB4 ≈ 32 Gbps, TB5 ≈ 64 Gbps. */
const TUNNEL_CAP_GBPS: Partial<Record<LinkKind, number>> = {
  thunderbolt3: 2.75,
  thunderbolt4: 4,
  usb4: 4,
  thunderbolt5: 8,
};

const TUNNEL_KINDS: ReadonlySet<LinkKind> = new Set(['thunderbolt4', 'thunderbolt5', 'usb4']);

const DIRECT_PORT_ADVICE = 'plug into a Thunderbolt 4/USB4 port on the Mac directly, not through a hub or dock';

function laneGBps(gen: number): number | null {
  return LANE_GBPS_BY_GEN[gen] ?? (gen > 6 ? (LANE_GBPS_BY_GEN[6] ?? 0) * 2 ** (gen - 6) : null);
}

/** PCIe bandwidth the link can move, GB/s, capped by the tunnel it rides in; null when unknown. */
export function linkBandwidthGBps(link: Link): number | null {
  if (link.up === false || link.kind === 'usb3') return 0;
  const cap = TUNNEL_CAP_GBPS[link.kind] ?? null;
  const perLane = link.pcieGen === null ? null : laneGBps(link.pcieGen);
  const raw = link.pcieWidth === null || perLane === null ? null : link.pcieWidth * perLane;
  if (raw === null) return cap;
  return cap === null ? raw : Math.min(raw, cap);
}

const EXPECTED_GBPS = EXPECTED_PCIE_WIDTH * (LANE_GBPS_BY_GEN[EXPECTED_PCIE_GEN] ?? 1);

function formatFactor(factor: number): string {
  const rounded = factor < 3 ? Math.round(factor * 10) / 10 : Math.round(factor);
  return `${rounded}×`;
}

/** "model loading will be about 4× slower" relative to the expected x4 Gen3 tunnel. */
function slowdownEffect(link: Link): string {
  const bandwidth = linkBandwidthGBps(link);
  if (bandwidth === null || bandwidth <= 0) return 'Model loading and large transfers will be slower than expected.';
  const factor = EXPECTED_GBPS / bandwidth;
  if (factor < 1.15) return 'Bandwidth is close to the expected x4 Gen3, so the effect should be small.';
  return `Model loading and other large transfers will be about ${formatFactor(factor)} slower than over a normal eGPU link (generation speed once loaded is mostly unaffected).`;
}

/** Compares a link with what TinyGPU expects; never throws. */
export function assessLink(link: Link): LinkAssessment {
  if (link.up === false) {
    return {
      quality: 'degraded',
      problems: ['The link to the GPU is down.'],
      effect: 'The GPU cannot be reached until the link comes back.',
      likelyCause: `The enclosure lost power or the cable came loose: check both ends of the cable and the enclosure's power, then ${DIRECT_PORT_ADVICE}.`,
    };
  }
  if (link.kind === 'usb3') {
    return {
      quality: 'degraded',
      problems: ['Connected over USB 3, which carries no PCIe tunnel.'],
      effect: 'The GPU cannot be used for compute at all over USB 3.',
      likelyCause: `A USB-C cable that is not Thunderbolt/USB4-rated, a USB 3 port or hub, or an enclosure that fell back to USB: use a Thunderbolt 4/USB4 cable and ${DIRECT_PORT_ADVICE}.`,
    };
  }

  const problems: string[] = [];
  const causes: string[] = [];
  if (link.kind === 'thunderbolt3') {
    problems.push('Thunderbolt 3 instead of Thunderbolt 4/USB4.');
    causes.push('a Thunderbolt 3 enclosure, cable or dock');
  }
  if (link.pcieWidth !== null && link.pcieWidth < EXPECTED_PCIE_WIDTH) {
    problems.push(`PCIe x${link.pcieWidth} instead of x${EXPECTED_PCIE_WIDTH}.`);
    causes.push('a long or passive cable, a hub or dock in between, or a loose connection');
  }
  if (link.pcieGen !== null && link.pcieGen < EXPECTED_PCIE_GEN) {
    problems.push(`PCIe Gen${link.pcieGen} instead of Gen${EXPECTED_PCIE_GEN} or better.`);
    causes.push("a poor cable or the enclosure's bridge negotiating a lower speed");
  }

  if (problems.length > 0) {
    return {
      quality: 'degraded',
      problems,
      effect: slowdownEffect(link),
      likelyCause: `Usually ${causes.join('; or ')}: try a short certified Thunderbolt 4/USB4 cable and ${DIRECT_PORT_ADVICE}.`,
    };
  }

  const measured = link.pcieWidth !== null && link.pcieGen !== null;
  if (measured || TUNNEL_KINDS.has(link.kind)) {
    return { quality: 'good', problems: [], effect: 'Full expected bandwidth for an eGPU.', likelyCause: '' };
  }
  return { quality: 'unknown', problems: [], effect: 'The link speed could not be read.', likelyCause: '' };
}

/** A problem line when the link is slower than when the device was first seen this session. */
export function dropSinceBaseline(current: Link, baseline: Link | null): string | null {
  if (!baseline) return null;
  if (current.up === false && baseline.up !== false) return null; // assessLink already says "down"
  const narrower = current.pcieWidth !== null && baseline.pcieWidth !== null && current.pcieWidth < baseline.pcieWidth;
  const slowerGen = current.pcieGen !== null && baseline.pcieGen !== null && current.pcieGen < baseline.pcieGen;
  const [currentRank, baselineRank] = [tunnelRank(current.kind), tunnelRank(baseline.kind)];
  const kindDrop = currentRank !== null && baselineRank !== null && currentRank < baselineRank;
  if (!narrower && !slowerGen && !kindDrop) return null;
  return `Slower than when it was first seen this session (${shortLinkText(baseline)} → ${shortLinkText(current)}).`;
}

/** Order of tunnel kinds by PCIe bandwidth; null for kinds that say nothing about the tunnel. */
function tunnelRank(kind: LinkKind): number | null {
  const ranks: Partial<Record<LinkKind, number>> = { usb3: 0, thunderbolt3: 1, usb4: 2, thunderbolt4: 2, thunderbolt5: 3 };
  return ranks[kind] ?? null;
}

/** assessLink plus a comparison with the session baseline: what the monitor calls "degraded". */
export function assessLinkAgainstBaseline(link: Link, baseline: Link | null): LinkAssessment {
  const assessment = assessLink(link);
  // Already below what TinyGPU expects: the baseline adds nothing the user can act on.
  if (assessment.quality === 'degraded') return assessment;
  const drop = dropSinceBaseline(link, baseline);
  if (!drop) return assessment;
  return {
    quality: 'degraded',
    problems: [drop],
    effect: slowdownEffect(link),
    likelyCause: `The link renegotiated at a lower speed: reseat the cable at both ends and ${DIRECT_PORT_ADVICE}.`,
  };
}
