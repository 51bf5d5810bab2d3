// "Run a model on the eGPU": tinygrad's server, managed by the core. The user picks a model from
// tinygrad's closed list (or "GGUF file from settings" when one is set) and DEV=NV/AMD; the card
// shows its phase, its log and the last request's prefill and gen tok/s, and warns before it starts
// that tinygrad listens on every interface.
import { useEffect, useRef, useState } from 'react';
import { tinygradDeviceForVendor, type TinygradStatus } from '../../../core/api/inference';
import {
  preferredTinygradModel,
  TINYGRAD_SERVER_WORDS,
  tinygradListensNote,
  tinygradPhaseLine,
  tinygradRequestLine,
} from '../../../core/api/present';
import { sectionFromHash } from '../router';
import { checkTinygradReadiness, startTinygrad, stopTinygrad } from '../inference-store';
import { useUi } from '../store';
import { ExpectedLoadTime } from './ExpectedLoadTime';
import { TinygradModelDevice } from './TinygradModelDevice';

/** Why Start is not offered now, in the user's words; null when it is. */
export function startBlocker(s: Pick<TinygradStatus, 'benchmarkRunning' | 'unavailable'>, egpuConnected: boolean): string | null {
  if (s.benchmarkRunning) return TINYGRAD_SERVER_WORDS.benchmarkRunning;
  if (!egpuConnected) return TINYGRAD_SERVER_WORDS.noEgpu;
  return s.unavailable;
}

export function TinygradServerCard() {
  const api = useUi((ui) => ui.api);
  const status = useUi((ui) => ui.inference?.tinygrad ?? null);
  const vendor = useUi((ui) => ui.state?.devices[0]?.vendor ?? null);
  const egpuConnected = useUi((ui) => (ui.state?.devices.length ?? 0) > 0);
  const [model, setModel] = useState('');
  const [device, setDevice] = useState<'NV' | 'AMD' | null>(null);
  const pending = useUi((ui) => ui.busy);
  const card = useRef<HTMLElement>(null);

  // Whether python3 and tinygrad are there is asked only while this card is shown; the answer is pushed.
  useEffect(() => {
    if (api) checkTinygradReadiness();
  }, [api]);

  // The popover's "Run a model on the eGPU…" lands here.
  useEffect(() => {
    if (sectionFromHash(window.location.hash) === 'run-egpu') card.current?.scrollIntoView?.({ block: 'start' });
  }, []);

  if (!api || !status) return null;
  const { running } = status;
  const models = status.models;
  const chosenModel = running && status.choice ? status.choice : model || preferredTinygradModel(models);
  const chosenDevice = running && status.device ? status.device : (device ?? tinygradDeviceForVendor(vendor));
  const blocker = running ? null : startBlocker(status, egpuConnected);
  // A start that failed for the same reason already says it in the state line.
  const showBlocker = blocker !== null && !(status.phase === 'failed' && status.error === blocker);

  const start = () => void startTinygrad(chosenModel, chosenDevice);
  const stop = () => void stopTinygrad();

  return (
    <section className="card tinygrad-server" data-testid="tinygrad-server" ref={card}>
      <div className="card-title">
        {TINYGRAD_SERVER_WORDS.title}
        {/* Model names differ between tinygrad's release and master: say which one the list is for. */}
        {status.version !== null && (
          <span className="muted tinygrad-version" data-testid="tinygrad-version">
            {' '}
            · {status.version}
          </span>
        )}
      </div>
      <div className="tinygrad-server-form">
        <TinygradModelDevice
          models={models}
          model={chosenModel}
          device={chosenDevice}
          onModel={setModel}
          onDevice={setDevice}
          disabled={running}
          idPrefix="tinygrad"
        />
        {running ? (
          <button type="button" disabled={pending} onClick={stop} data-testid="tinygrad-stop">
            {TINYGRAD_SERVER_WORDS.stopShort}
          </button>
        ) : (
          <button type="button" className="primary" disabled={pending || blocker !== null || chosenModel === ''} onClick={start} data-testid="tinygrad-start">
            {TINYGRAD_SERVER_WORDS.start}
          </button>
        )}
      </div>
      {!running && chosenModel !== '' && <ExpectedLoadTime model={chosenModel} />}
      {showBlocker && (
        <p className="tinygrad-blocked" data-testid="tinygrad-blocked">
          {blocker}
        </p>
      )}
      {!running && blocker === null && (
        <p className="muted tinygrad-listens-note" data-testid="tinygrad-listens-note">
          {tinygradListensNote(status.port)}
        </p>
      )}
      <div className={`tinygrad-phase tinygrad-phase-${status.phase}`} role="status" data-testid="tinygrad-phase">
        {tinygradPhaseLine(status)}
      </div>
      {status.phase === 'serving' && (
        <div className="tinygrad-request" data-testid="tinygrad-request">
          {status.lastRequest ? tinygradRequestLine(status.lastRequest) : TINYGRAD_SERVER_WORDS.noRequestYet}
        </div>
      )}
      {status.log.length > 0 && <ServerLog lines={status.log} />}
    </section>
  );
}

/** The last lines the server printed, kept scrolled to the newest unless the user scrolled up. */
function ServerLog({ lines }: { lines: string[] }) {
  const box = useRef<HTMLPreElement>(null);
  const pinned = useRef(true);
  const text = lines.join('\n');
  useEffect(() => {
    if (box.current && pinned.current) box.current.scrollTop = box.current.scrollHeight;
  }, [text]);
  const onScroll = () => {
    const el = box.current;
    if (el) pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 8;
  };
  return (
    <pre className="tinygrad-log" ref={box} onScroll={onScroll} data-testid="tinygrad-log">
      {text}
    </pre>
  );
}
