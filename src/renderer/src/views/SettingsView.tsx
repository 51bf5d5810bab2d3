import { useEffect, useState } from 'react';
import { SourceSelectionSchema } from '../../../core/api/schemas';
import type { ProbeTool, Settings, SettingsPatch } from '../../../core/api/settings';
import { runAction, runRead, useUi } from '../store';

const SOURCE_LABELS = {
  auto: 'Automatic',
  tinygpu: 'tinygpu CLI',
  'tinygpu-app': 'TinyGPU.app + system report',
  'nvidia-smi': 'nvidia-smi',
} as const;

const NOTIFICATION_LABELS: Record<keyof Settings['notifications'], string> = {
  hotPlug: 'eGPU connected or lost while awake',
  link: 'Slow or degraded link',
  driver: 'Driver needs attention',
  probeFailing: 'Status cannot be read',
};

export function SettingsView() {
  const api = useUi((ui) => ui.api);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [saved, setSaved] = useState(false);
  const [transport, setTransport] = useState<'electron' | 'web' | 'direct' | null>(null);

  useEffect(() => {
    if (!api) return;
    // A failed read leaves the "Loading" line and says why on the error surface.
    void runRead((a) => a.getSettings({})).then((next) => next && setSettings(next));
    void runRead((a) => a.getAppInfo({})).then((info) => info && setTransport(info.transport));
  }, [api]);

  if (!settings) return <p className="muted">Loading settings…</p>;

  const save = async (patch: SettingsPatch) => {
    const next = await runAction((a) => a.updateSettings(patch));
    if (next) {
      setSettings(next);
      setSaved(true);
    }
  };

  const choose = async (tool: ProbeTool) => {
    const result = await runAction((a) => a.chooseProbePath({ tool }));
    if (result?.chosen) {
      setSettings(result.settings);
      setSaved(true);
    }
  };

  return (
    <form className="settings" onSubmit={(event) => event.preventDefault()} aria-label="Settings">
      <fieldset>
        <legend>Monitoring</legend>
        <label>
          Check every
          <select
            aria-label="Check every"
            value={String(settings.monitor.pollIntervalSec)}
            onChange={(event) => void save({ monitor: { pollIntervalSec: Number(event.target.value) } })}
          >
            {[0.5, 1, 2, 5, 10, 30, 60].map((seconds) => (
              <option key={seconds} value={String(seconds)}>
                {seconds} s
              </option>
            ))}
          </select>
        </label>
        <label>
          Read status from
          <select
            aria-label="Read status from"
            value={settings.monitor.source}
            onChange={(event) => {
              const source = SourceSelectionSchema.safeParse(event.target.value);
              if (source.success) void save({ monitor: { source: source.data } });
            }}
          >
            {SourceSelectionSchema.options.map((option) => (
              <option key={option} value={option}>
                {SOURCE_LABELS[option]}
              </option>
            ))}
          </select>
        </label>
        <PathRow tool="tinygpu" label="tinygpu path" value={settings.monitor.paths.tinygpu} canChoose={transport === 'electron'} onChoose={choose} />
        <PathRow tool="nvidiaSmi" label="nvidia-smi path" value={settings.monitor.paths.nvidiaSmi} canChoose={transport === 'electron'} onChoose={choose} />
      </fieldset>
      <fieldset>
        <legend>Notify me when</legend>
        {(Object.keys(NOTIFICATION_LABELS) as Array<keyof Settings['notifications']>).map((key) => (
          <label key={key} className="checkbox">
            <input type="checkbox" checked={settings.notifications[key]} onChange={(event) => void save({ notifications: { [key]: event.target.checked } })} />
            {NOTIFICATION_LABELS[key]}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>General</legend>
        <label className="checkbox">
          <input type="checkbox" checked={settings.launchAtLogin} onChange={(event) => void save({ launchAtLogin: event.target.checked })} />
          Open at login
        </label>
      </fieldset>
      {saved && (
        <p className="muted" role="status">
          Saved.
        </p>
      )}
    </form>
  );
}

/**
 * Paths are shown, never typed here: the page may not choose what the app runs. The Mac app opens a
 * native file chooser in the main process; in a browser the user edits the settings file.
 */
function PathRow({ tool, label, value, canChoose, onChoose }: { tool: ProbeTool; label: string; value: string | null; canChoose: boolean; onChoose: (tool: ProbeTool) => Promise<void> }) {
  return (
    <div className="path-row">
      <span>{label}</span>
      <code data-testid={`path-${tool}`}>{value ?? 'found on PATH'}</code>
      {canChoose ? (
        <button type="button" onClick={() => void onChoose(tool)}>
          Choose…
        </button>
      ) : (
        <p className="muted">
          To change it, set <code>monitor.paths.{tool}</code> in <code>settings.json</code> in the app's data folder and restart it.
        </p>
      )}
    </div>
  );
}
