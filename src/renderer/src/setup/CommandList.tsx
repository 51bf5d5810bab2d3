import { useEffect, useState } from 'react';

/** The exact commands a step runs, so nothing happens that the user could not read first. */
export function CommandList({ commands }: { commands: string[] }) {
  return (
    <section className="step-section">
      <h3>{commands.length === 1 ? 'Runs this command' : `Runs these ${commands.length} commands`}</h3>
      <ol className="command-list">
        {commands.map((command, index) => (
          <li key={index} className="command">
            <pre>
              <code>{command}</code>
            </pre>
            <CopyButton text={command} label={`Copy command ${index + 1}`} />
          </li>
        ))}
      </ol>
    </section>
  );
}

const COPIED_FOR_MS = 1500;

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), COPIED_FOR_MS);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      // An unfocused page or a browser without clipboard access: the text can still be selected.
      setState('failed');
    }
  };
  return (
    <button type="button" className="copy-button" aria-label={label} onClick={() => void copy()}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Select to copy' : 'Copy'}
    </button>
  );
}
