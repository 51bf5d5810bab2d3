// VRAM in use for a GPU whose source cannot tell (the TinyGPU CLI): what Ollama's models hold.
import type { Snapshot } from '../probe/types';

export type OllamaVram = (baseUrl: string) => Promise<number | null>;

/** Fills vramUsedMB in place when exactly one device lacks it; with several, whose VRAM it is is unknown. */
export async function fillVramFromOllama(snapshot: Snapshot, baseUrl: string, ollamaVram: OllamaVram): Promise<void> {
  const missing = snapshot.devices.filter((device) => device.vramUsedMB === null);
  const [only] = missing;
  if (!only || missing.length !== 1) return;
  const used = await ollamaVram(baseUrl);
  if (used === null) return;
  only.vramUsedMB = used;
  only.vramUsedSource = 'ollama';
}
