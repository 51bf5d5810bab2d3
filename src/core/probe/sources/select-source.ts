// Which source runs: automatic from the binaries present, overridable in settings.
import type { SourceSelection } from '../../api/schemas';
import { findExecutable, isExecutable } from '../../platform/which';
import { createNvidiaSmiSource } from './nvidia-smi';
import type { ProbeSource, SourceContext } from './source';
import { createTinygpuAppSource } from './tinygpu-app';
import { createTinygpuCliSource } from './tinygpu-cli';

export async function selectSource(ctx: SourceContext, selection: SourceSelection = ctx.monitor.source): Promise<ProbeSource> {
  const { paths } = ctx.monitor;
  const tinygpu = await findExecutable(paths.tinygpu ?? 'tinygpu', ctx.env.PATH);
  const nvidiaSmi = await findExecutable(paths.nvidiaSmi ?? 'nvidia-smi', ctx.env.PATH);
  switch (selection) {
    case 'tinygpu':
      return createTinygpuCliSource(ctx, tinygpu ?? paths.tinygpu ?? 'tinygpu');
    case 'tinygpu-app':
      return createTinygpuAppSource(ctx);
    case 'nvidia-smi':
      return createNvidiaSmiSource(ctx, nvidiaSmi ?? paths.nvidiaSmi ?? 'nvidia-smi');
    case 'auto':
      if (tinygpu) return createTinygpuCliSource(ctx, tinygpu);
      if (await isExecutable(paths.tinygpuApp)) return createTinygpuAppSource(ctx);
      if (nvidiaSmi) return createNvidiaSmiSource(ctx, nvidiaSmi);
      // Nothing installed yet: the app source reports "driver not installed", which leads to setup.
      return createTinygpuAppSource(ctx);
  }
}
