import { useEffect, useState } from 'react';
import { SourceSelectionSchema } from '../../../core/api/schemas';
import type { Settings, SettingsPatch } from '../../../core/api/settings';
import { runAction, useUi } from '../store';

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

  useEffect(() => {
    if (api) void api.getSettings({}).then(setSettings, () => undefined);
  }, [api]);

  if (!settings) return <p className="muted">Loading settings…</p>;

  const save = async (patch: SettingsPatch) => {
    const next = await runAction((a) => a.updateSettings(patch));
    if (next) {
      setSettings(next);
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
        <PathField
          label="tinygpu path"
          placeholder="found on PATH"
          value={settings.monitor.paths.tinygpu}
          onSave={(value) => save({ monitor: { paths: { tinygpu: value } } })}
        />
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

function PathField({ label, placeholder, value, onSave }: { label: string; placeholder: string; value: string | null; onSave: (value: string | null) => Promise<void> }) {
  const [draft, setDraft] = useState(value ?? '');
  return (
    <label>
      {label}
      <input
        type="text"
        aria-label={label}
        placeholder={placeholder}
        value={draft}
        spellCheck={false}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={() => {
          const next = draft.trim() === '' ? null : draft.trim();
          if (next !== value) void onSave(next);
        }}
      />
    </label>
  );
}
