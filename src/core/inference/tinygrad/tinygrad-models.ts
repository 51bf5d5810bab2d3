// tinygrad's model names per version (resources/tinygrad-models.json, validated at import): the last
// release and master differ (qwen3.5:27b became qwen3.6:27b). Exact names only: a name tinygrad does
// not know would be taken for a file path.
import { z } from 'zod';
import data from '../../../../resources/tinygrad-models.json';

const ModelName = z.string().regex(/^[\w.:-]+$/);
const TableSchema = z.object({
  about: z.string(),
  versions: z
    .array(z.object({ id: z.enum(['v0.13.0', 'master']), label: z.string().min(1), source: z.string().url(), models: z.array(ModelName).min(1) }))
    .min(1),
});
const table = TableSchema.parse(data);

export type TinygradBuild = 'release' | 'master';

/** What the readiness check found installed: its version, whether it is a master checkout, and its own model table when readable. */
export interface InstalledTinygrad {
  version: string | null;
  build: TinygradBuild | null;
  models: string[] | null;
}

function listOf(id: 'v0.13.0' | 'master'): string[] {
  return table.versions.find((v) => v.id === id)?.models ?? [];
}

/** The names to offer: the installed table when it was read, else the list for its build; the release's before anything is known. */
export function tinygradModelsFor(installed: InstalledTinygrad | null): string[] {
  if (installed?.models && installed.models.length > 0) return installed.models;
  return listOf(installed?.build === 'master' ? 'master' : 'v0.13.0');
}

/** Any version's exact name (a client's choice is checked against the installed list when starting). */
export function isKnownTinygradModel(name: string): boolean {
  return table.versions.some((v) => v.models.includes(name));
}

/** "tinygrad 0.13.0", "tinygrad 0.13.0 (master)"; null when unknown. */
export function tinygradVersionLabel(installed: InstalledTinygrad | null): string | null {
  if (!installed?.version) return null;
  return `tinygrad ${installed.version}${installed.build === 'master' ? ' (master)' : ''}`;
}
