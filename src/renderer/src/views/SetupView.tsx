import { navigate } from '../router';

// The guided setup wizard lives here.
export function SetupView() {
  return (
    <div className="setup">
      <button type="button" className="link-button" onClick={() => navigate('popover')}>
        ← Back
      </button>
      <h1>Set up your eGPU</h1>
    </div>
  );
}
