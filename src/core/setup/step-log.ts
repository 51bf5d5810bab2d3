// Per-step logs: <dataDir>/setup-logs/<recipe>/<step>.log. Only what the terminal *printed* is
// written (plus our header/footer lines), never the keystrokes sent to it, and the step runner
// removes their echo first (echo-filter.ts), wherever in the output it landed.
import { createWriteStream, promises as fs, type WriteStream } from 'node:fs';
import path from 'node:path';

/** A log past this size is moved to `<step>.log.1` before the next run starts. */
const ROTATE_AT_BYTES = 4 * 1024 * 1024;
/** readStepLog returns at most this much of the end of a log. */
export const MAX_LOG_READ_CHARS = 1024 * 1024;

export function stepLogPath(dataDir: string, recipeId: string, stepId: string): string {
  return path.join(dataDir, 'setup-logs', recipeId, `${stepId}.log`);
}

export class StepLog {
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly stream: WriteStream,
  ) {}

  /** Opens the log for appending and writes the header line of a new entry. */
  static async open(filePath: string, header: string): Promise<StepLog> {
    await fs.mkdir(path.dirname(filePath), { recursive: true, mode: 0o700 });
    await rotateIfLarge(filePath);
    const stream = createWriteStream(filePath, { flags: 'a', mode: 0o600 });
    const log = new StepLog(filePath, stream);
    log.write(`${header}\n`);
    return log;
  }

  /** Terminal output or probe output; never user input. */
  write(text: string): void {
    if (!this.closed && text.length > 0) this.stream.write(text);
  }

  async close(footer?: string): Promise<void> {
    if (this.closed) return;
    if (footer) this.write(`\n${footer}\n`);
    this.closed = true;
    await new Promise<void>((resolve) => {
      this.stream.end(() => resolve());
      this.stream.once('error', () => resolve());
    });
  }
}

/** `===== 2025-06-01T10:00:00.000Z run: brew install ollama =====` */
export function logHeader(at: number, kind: string, summary: string): string {
  const oneLine = summary.replace(/\s*\n\s*/g, ' ; ');
  const short = oneLine.length > 300 ? `${oneLine.slice(0, 297)}...` : oneLine;
  return `===== ${new Date(at).toISOString()} ${kind}: ${short} =====`;
}

export function logFooter(text: string): string {
  return `===== ${text} =====`;
}

/** The end of a step's log ('' when the step never ran). */
export async function readStepLog(filePath: string, maxChars = MAX_LOG_READ_CHARS): Promise<string> {
  let text: string;
  try {
    text = await fs.readFile(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
  if (text.length <= maxChars) return text;
  return `[earlier output omitted]\n${text.slice(text.length - maxChars)}`;
}

async function rotateIfLarge(filePath: string): Promise<void> {
  try {
    const stat = await fs.stat(filePath);
    if (stat.size > ROTATE_AT_BYTES) await fs.rename(filePath, `${filePath}.1`);
  } catch {
    // No log yet.
  }
}
