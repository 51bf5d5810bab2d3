// Check 4, the driver attached: a running `tinygpu` service below the card versus "matched but never
// started" (IODEXTMatchCount without an instance).
import type { DoctorCheck } from '../../api/doctor';
import type { CardView } from '../card-view';

const TITLE = 'Driver attached to the card';

export function attachedCheck(view: CardView, ioregReadable: boolean): DoctorCheck {
  const [card] = view.cards;
  const evidence = card ? [`tinygpu service ${card.driverBound ? 'running' : 'absent'}`, `IODEXTMatchCount ${card.dextMatchCount ?? 'not shown'}`] : [];
  const base = { id: 'attached' as const, title: TITLE, evidence };
  if (!card) return { ...base, status: 'skip', detail: 'No card to look at.', next: null };
  if (!ioregReadable || card.driverBound === null) return { ...base, status: 'warn', detail: 'Could not read the I/O registry.', next: null };
  if (card.driverBound) return { ...base, status: 'pass', detail: 'The tinygpu driver service runs for the card.', next: null };
  if ((card.dextMatchCount ?? 0) > 0) {
    return { ...base, status: 'fail', detail: 'macOS matched the TinyGPU driver to the card but never started it.', next: 'Restart the Mac with the eGPU connected; if that does not help, reinstall TinyGPU.' };
  }
  return { ...base, status: 'fail', detail: 'No TinyGPU driver service runs for the card.', next: 'Approve the driver if asked, then restart the Mac with the eGPU connected.' };
}
