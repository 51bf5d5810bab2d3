import { DEMO_SCENARIO_WORDS } from '../../../core/api/present';
import { DemoScenarioSchema, type DemoScenario } from '../../../core/api/schemas';
import { PopUp } from './controls';

export function DemoControls({ scenario, onChange }: { scenario: DemoScenario; onChange: (scenario: DemoScenario) => void }) {
  return (
    <label className="demo-controls">
      <span>Simulated eGPU</span>
      <PopUp
        aria-label="Simulated eGPU scenario"
        value={scenario}
        onChange={(event) => {
          const parsed = DemoScenarioSchema.safeParse(event.target.value);
          if (parsed.success) onChange(parsed.data);
        }}
      >
        {DemoScenarioSchema.options.map((option) => (
          <option key={option} value={option}>
            {DEMO_SCENARIO_WORDS[option]}
          </option>
        ))}
      </PopUp>
    </label>
  );
}
