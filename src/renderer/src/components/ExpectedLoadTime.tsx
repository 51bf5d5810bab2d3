// "Run a model on the eGPU": how long the chosen model should take to load, from its size and the
// card's measured copy rate (or the link's typical rate, marked as typical).
import { LINK_KIND_NAMES } from '../../../core/api/present';
import { expectedLoadLine } from '../../../core/api/present-doctor';
import { useUi } from '../store';

export function ExpectedLoadTime({ model }: { model: string }) {
  const measured = useUi((ui) => ui.state?.doctor?.measured?.hostToDeviceGBps ?? null);
  const kind = useUi((ui) => ui.state?.devices[0]?.link.kind ?? null);
  const line = expectedLoadLine(model, measured, kind ? { kind, name: LINK_KIND_NAMES[kind] } : null);
  if (!line) return null;
  return (
    <p className="muted" data-testid="tinygrad-load-time">
      {line}
    </p>
  );
}
