// The two choices every tinygrad run starts from: a model from tinygrad's closed list (or the GGUF file
// from the settings) and DEV=NV or AMD. Used by the server card and the benchmark form alike.
import { BENCHMARK_WORDS, TINYGRAD_DEVICE_WORDS, tinygradModelLabel } from '../../../core/api/present';

type TinygradDevice = 'NV' | 'AMD';
const DEVICES: readonly TinygradDevice[] = ['NV', 'AMD'];

export function TinygradModelDevice(props: {
  models: readonly string[];
  model: string;
  device: TinygradDevice;
  onModel: (model: string) => void;
  onDevice: (device: TinygradDevice) => void;
  /** Locked while the run they started goes on. */
  disabled?: boolean;
  /** "benchmark" or "tinygrad": the test ids of the two selects. */
  idPrefix: string;
}) {
  return (
    <>
      <label>
        Model{' '}
        <select value={props.model} disabled={props.disabled} onChange={(e) => props.onModel(e.target.value)} data-testid={`${props.idPrefix}-model`}>
          {props.models.map((m) => (
            <option key={m} value={m}>
              {tinygradModelLabel(m)}
            </option>
          ))}
        </select>
      </label>{' '}
      <label>
        {BENCHMARK_WORDS.device}{' '}
        <select
          value={props.device}
          disabled={props.disabled}
          onChange={(e) => props.onDevice(e.target.value === 'AMD' ? 'AMD' : 'NV')}
          data-testid={`${props.idPrefix}-device`}
        >
          {DEVICES.map((d) => (
            <option key={d} value={d}>
              {TINYGRAD_DEVICE_WORDS[d]}
            </option>
          ))}
        </select>
      </label>{' '}
    </>
  );
}
