import { useEffect, useState } from 'react';
import type { SetupProgress } from '../../../core/api/setup';
import { useUi } from '../store';
import { badgeText } from './progress-summary';

/** "Setup 3/9" in the popover footer while a started setup is unfinished; opens the wizard. */
/** No badge is better than an error line about setup in the status popover. */
function showNoBadge(): void {}

export function SetupBadge({ onOpen }: { onOpen: () => void }) {
  const api = useUi((ui) => ui.api);
  const connection = useUi((ui) => ui.connection);
  const [progress, setProgress] = useState<SetupProgress | null>(null);

  useEffect(() => (api ? api.on('setupProgress', setProgress) : undefined), [api]);
  useEffect(() => {
    if (!api || connection !== 'open') return;
    let live = true;
    api.setupGetProgress({}).then((next) => live && setProgress(next), showNoBadge);
    return () => {
      live = false;
    };
  }, [api, connection]);

  const text = badgeText(progress);
  if (!text) return null;
  return (
    <button type="button" className="setup-badge" data-testid="setup-badge" title="Continue setting up your eGPU" onClick={onOpen}>
      {text}
    </button>
  );
}
