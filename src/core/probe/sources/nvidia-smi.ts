// nvidia-smi, where present (Linux hosts with an eGPU, and any NVIDIA machine).
import { NVIDIA_SMI_QUERY_FIELDS, nvidiaSmiToDevice, parseNvidiaSmi } from '../parsers';
import type { RawOutput, Snapshot } from '../types';
import { UNKNOWN_DRIVER, emptyHealth, firstLine, parseError, runProbeCommand, type ProbeSource, type SourceContext } from './source';

export function createNvidiaSmiSource(ctx: SourceContext, executable: string): ProbeSource {
  return {
    id: 'nvidia-smi',
    async probe(): Promise<Snapshot> {
      const raw: RawOutput[] = [];
      const at = ctx.now();
      const argv = [executable, `--query-gpu=${NVIDIA_SMI_QUERY_FIELDS.join(',')}`, '--format=csv,noheader,nounits'];
      const result = await runProbeCommand(ctx, 'nvidia-smi', argv, raw);
      const base = { at, source: 'nvidia-smi' as const, raw, health: emptyHealth() };
      if (result.error) return { ...base, driver: UNKNOWN_DRIVER, devices: [], errors: [result.error] };
      const driver = { ...UNKNOWN_DRIVER, state: 'ready' as const, name: 'NVIDIA' };
      if (result.exitCode !== 0) {
        if (/no devices were found/i.test(result.stdout + result.stderr)) return { ...base, driver, devices: [], errors: [] };
        const message = `nvidia-smi failed (exit ${result.exitCode}): ${firstLine(result.stderr || result.stdout) || 'no message'}`;
        return { ...base, driver: UNKNOWN_DRIVER, devices: [], errors: [{ source: 'nvidia-smi', kind: 'exit-code', message }] };
      }
      const parsed = parseNvidiaSmi(result.stdout);
      if (!parsed.ok) {
        return { ...base, driver: UNKNOWN_DRIVER, devices: [], errors: [parseError('nvidia-smi', `nvidia-smi printed something unexpected: ${parsed.error.message}`)] };
      }
      return { ...base, driver, devices: parsed.value.map((gpu) => ({ ...nvidiaSmiToDevice(gpu), driver })), errors: [] };
    },
  };
}
