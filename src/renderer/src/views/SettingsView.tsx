import { useEffect, useState } from 'react';
import { SourceSelectionSchema } from '../../../core/api/schemas';
import type { ProbeTool, Settings, SettingsPatch } from '../../../core/api/settings';
import { Button, PopUp, Switch } from '../components/controls';
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

export function SettingsView({ onOpenSetup }: { onOpenSetup?: () => void } = {}) {
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
      <section className="settings-group" aria-labelledby="settings-monitoring">
        <h2 id="settings-monitoring">Monitoring</h2>
        <div className="settings-row">
          <label htmlFor="settings-interval">Check every</label>
          <PopUp id="settings-interval" value={String(settings.monitor.pollIntervalSec)} onChange={(event) => void save({ monitor: { pollIntervalSec: Number(event.target.value) } })}>
            {[0.5, 1, 2, 5, 10, 30, 60].map((seconds) => (
              <option key={seconds} value={String(seconds)}>
                {seconds} s
              </option>
            ))}
          </PopUp>
        </div>
        <div className="settings-row">
          <label htmlFor="settings-source">Read status from</label>
          <PopUp
            id="settings-source"
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
          </PopUp>
        </div>
        <PathRow tool="tinygpu" label="tinygpu path" value={settings.monitor.paths.tinygpu} canChoose={transport === 'electron'} onChoose={choose} />
        <PathRow tool="nvidiaSmi" label="nvidia-smi path" value={settings.monitor.paths.nvidiaSmi} canChoose={transport === 'electron'} onChoose={choose} />
      </section>
      <section className="settings-group" aria-labelledby="settings-notify">
        <h2 id="settings-notify">Notify me when</h2>
        {(Object.keys(NOTIFICATION_LABELS) as Array<keyof Settings['notifications']>).map((key) => (
          <div key={key} className="settings-row">
            <span>{NOTIFICATION_LABELS[key]}</span>
            <Switch label={NOTIFICATION_LABELS[key]} checked={settings.notifications[key]} onChange={(checked) => void save({ notifications: { [key]: checked } })} />
          </div>
        ))}
      </section>
      <section className="settings-group" aria-labelledby="settings-general">
        <h2 id="settings-general">General</h2>
        <div className="settings-row">
          <span>Open at login</span>
          <Switch label="Open at login" checked={settings.launchAtLogin} onChange={(checked) => void save({ launchAtLogin: checked })} />
        </div>
        {onOpenSetup && (
          <div className="settings-row">
            <span>Driver and tools</span>
            <Button onClick={onOpenSetup}>Set up eGPU…</Button>
          </div>
        )}
      </section>
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
    <div className="settings-row path-row">
      <span>{label}</span>
      <span className="path-value">
        <code data-testid={`path-${tool}`}>{value ?? 'Found on PATH'}</code>
        {canChoose ? (
          <Button onClick={() => void onChoose(tool)}>Choose…</Button>
        ) : (
          <span className="path-hint muted" title={`Set monitor.paths.${tool} in settings.json in the app's data folder, then restart it.`}>
            Set in <code>settings.json</code>
          </span>
        )}
      </span>
    </div>
  );
}
