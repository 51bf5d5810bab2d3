// Check 3, the card as macOS sees it: vendor, device id, PCI class (a 3D Controller cannot bind),
// all-ones ids (a dead link), link width and speed, and whether tinygrad's tables know the card.
import type { DoctorCheck } from '../../api/doctor';
import { gpuSupport } from '../../probe/gpu-support';
import { pciClassKind } from '../../probe/pci-class';
import { isDeadVendorId } from '../../probe/parsers';
import { cardIds, type CardFacts, type CardView } from '../card-view';

const TITLE = 'The eGPU as macOS sees it';
const POWER_CYCLE = 'Switch the enclosure off, wait a few seconds, switch it on, then check again.';

function cardEvidence(card: CardFacts): string {
  const link = [card.linkWidth ? `x${card.linkWidth}` : null, card.linkSpeedGTs ? `${card.linkSpeedGTs} GT/s` : null, card.linkUp === null ? null : card.linkUp ? 'Link up' : 'Link down']
    .filter(Boolean)
    .join(' ');
  return `${card.name} ${cardIds(card)} class ${card.pciClass ?? 'unknown'} ${card.slot ?? ''} ${link}`.replace(/\s+/g, ' ').trim();
}

export function cardCheck(view: CardView): DoctorCheck {
  const evidence = [...view.cards.map(cardEvidence), ...(view.enclosure ? [`enclosure: ${view.enclosure}`] : [])];
  const base = { id: 'card' as const, title: TITLE, evidence };
  if (!view.readable) return { ...base, status: 'warn', detail: 'Could not read the PCI devices (system_profiler and ioreg gave nothing usable).', next: null };
  const [card, second] = view.cards;
  if (!card) {
    return { ...base, status: 'fail', detail: 'macOS does not see a GPU behind Thunderbolt or USB4.', next: 'Connect the enclosure and switch it on, then restart the Mac with it connected (hot-plug is unreliable).' };
  }
  if (isDeadVendorId(card.vendorId)) return { ...base, status: 'fail', detail: 'The card answers with all-ones ids: the link to it is dead.', next: POWER_CYCLE };
  if (card.vendorId === '0x0001') return { ...base, status: 'fail', detail: 'The card answers every read with 0xffff0001: it did not come back from its last reset.', next: POWER_CYCLE };
  if (pciClassKind(card.pciClass) === '3d-controller') {
    return { ...base, status: 'fail', detail: `${card.name} presents as a 3D Controller (${card.pciClass}); TinyGPU binds display controllers only.`, next: 'This driver version cannot run this card; use a GeForce or Radeon display card.' };
  }
  const support = gpuSupport({ vendorId: card.vendorId, deviceId: card.deviceId, name: card.name });
  if (support.status === 'unsupported') return { ...base, status: 'fail', detail: `${card.name} (${cardIds(card)}): ${support.reason}`, next: 'Use a card tinygrad supports (NVIDIA Ampere or newer, AMD RDNA3 or newer).' };
  if (second) return { ...base, status: 'warn', detail: `${view.cards.length} GPUs are connected; the TinyGPU server opens only the first.`, next: 'Use one eGPU at a time: disconnect the other enclosure.' };
  if (card.linkUp === false) return { ...base, status: 'warn', detail: `${card.name} is listed but its link is down.`, next: POWER_CYCLE };
  const family = support.family ? `, ${support.family}` : '';
  if (support.status !== 'supported') return { ...base, status: 'warn', detail: `${card.name} (${cardIds(card)}${family}): ${support.reason}`, next: null };
  const enclosure = view.enclosure ? ` in ${view.enclosure}` : '';
  return { ...base, status: 'pass', detail: `${card.name} (${cardIds(card)}${family})${enclosure}, known to tinygrad.`, next: null };
}
