// Whose memory Ollama's resident models are. On a Mac Ollama runs on the Apple GPU (Metal) and
// nothing routes it through TinyGPU, so on the TinyGPU.app path its size_vram is not eGPU memory.
// Only the guide's CLI path keeps the guide's reading (shown labelled "Ollama").
import type { SourceId } from '../api/schemas';

export function ollamaCountsAsEgpuVram(source: SourceId): boolean {
  return source === 'tinygpu';
}
