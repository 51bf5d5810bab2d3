// What a client may ask tinygrad to run: one of tinygrad's model names, or "gguf" for the file named
// in the settings. A path never comes from the UI or a WebSocket client; the CLI passes its own.
import path from 'node:path';
import { ApiError } from '../../api/contract';
import { isGgufPath, isTinygradModelName } from './tinygrad-server';

/** The model tinygrad runs for a client's choice: a name it knows, or the settings' GGUF file for "gguf". Never a path from the client. */
export function tinygradModelFor(choice: string, gguf: string | null): string {
  if (choice === 'gguf') {
    if (gguf === null) throw new ApiError('invalid-payload', 'no GGUF file is set (inference.tinygrad.gguf in settings.json)');
    if (!isGgufPath(gguf)) throw new ApiError('invalid-payload', `inference.tinygrad.gguf in settings.json must be the absolute path of a .gguf file, not "${gguf}"`);
    return gguf;
  }
  if (!isTinygradModelName(choice)) throw new ApiError('invalid-payload', `tinygrad does not know the model "${choice}"`);
  return choice;
}

/** What the user reads for a model: a GGUF file by its name, a tinygrad model by its own. */
export function modelLabel(model: string): string {
  return isGgufPath(model) ? path.basename(model) : model;
}

