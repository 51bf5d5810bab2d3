import { DemoScenarioSchema, type DemoScenario } from '../../../core/api/schemas';

const LABELS: Record<DemoScenario, string> = {
  connected: 'Connected',
  absent: 'Unplugged',
  'driver-not-loaded': 'Driver not loaded',
  'awaiting-approval': 'Awaiting approval',
  'degraded-link': 'Degraded link',
  hung: 'Probe hangs',
  crashing: 'Probe crashes',
  garbage: 'Garbage output',
};

export function DemoControls({ scenario, onChange }: { scenario: DemoScenario; onChange: (scenario: DemoScenario) => void }) {
  return (
    <label className="demo-controls">
      <span>Simulated eGPU</span>
      <select
        aria-label="Simulated eGPU scenario"
        value={scenario}
        onChange={(event) => {
          const parsed = DemoScenarioSchema.safeParse(event.target.value);
          if (parsed.success) onChange(parsed.data);
        }}
      >
        {DemoScenarioSchema.options.map((option) => (
          <option key={option} value={option}>
            {LABELS[option]}
          </option>
        ))}
      </select>
    </label>
  );
}
