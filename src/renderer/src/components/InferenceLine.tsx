// The popover's one inference line: live tok/s while a generation runs, else the last result, and the
// way to the Speed window. The managed tinygrad server has its own line under it when an eGPU is there.
import { formatTokensPerSecond, INFERENCE_GROUP_WORDS, INFERENCE_WORDS } from '../../../core/api/present';
import { openSpeed } from '../router';
import { useUi } from '../store';
import { Button } from './controls';
import { GaugeIcon } from './icons';
import { TinygradServerRow } from './TinygradServerRow';

export function InferenceLine({ egpuConnected }: { egpuConnected: boolean }) {
  const reading = useUi((ui) => ui.live.reading);
  const last = useUi((ui) => ui.inference?.lastByModel ?? null);
  const transport = useUi((ui) => ui.info?.transport);
  const running = reading?.running ?? false;
  const newest = last && last.length > 0 ? [...last].sort((a, b) => b.at - a.at)[0] : undefined;
  const text = running && reading
    ? `${INFERENCE_WORDS.live} · ${reading.model} · ${formatTokensPerSecond(reading.currentTokensPerSecond ?? reading.medianTokensPerSecond)}`
    : newest
      ? `Last: ${newest.model} · ${formatTokensPerSecond(newest.tokensPerSecond)} · ${INFERENCE_GROUP_WORDS[newest.onEgpu ? 'egpu' : 'apple-gpu']}`
      : 'No speed measured yet';
  return (
    <section className="inference-lines" aria-label="Inference speed">
      <div className="line" data-testid="inference-line">
        <GaugeIcon />
        <span className={running ? 'line-text live-running' : 'line-text'} data-testid="inference-line-text">
          {text}
        </span>
        <Button variant="link" onClick={() => openSpeed(transport)}>
          {INFERENCE_WORDS.speedView}
        </Button>
      </div>
      {egpuConnected && <TinygradServerRow />}
    </section>
  );
}
