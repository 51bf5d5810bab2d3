// Turns a byte stream of SSE (OpenAI dialect) or NDJSON (Ollama dialect) into StreamEvents.
// Never throws: an unreadable line becomes a 'malformed' event and the stream goes on.
import { z } from 'zod';
import type { Dialect, StreamEvent } from '../types';

const MAX_LINE_CHARS = 1024 * 1024;

const OpenAiChunkSchema = z.object({
  choices: z
    .array(
      z.object({
        delta: z
          .object({
            content: z.string().nullish(),
            reasoning_content: z.string().nullish(),
            reasoning: z.string().nullish(),
          })
          .passthrough()
          .nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: z
    .object({ prompt_tokens: z.number().nonnegative().nullish(), completion_tokens: z.number().nonnegative() })
    .nullish(),
  error: z.union([z.string(), z.object({ message: z.string() }).passthrough()]).nullish(),
});

const OllamaChunkSchema = z.object({
  response: z.string().nullish(),
  thinking: z.string().nullish(),
  message: z.object({ content: z.string().nullish(), thinking: z.string().nullish() }).passthrough().nullish(),
  done: z.boolean().nullish(),
  done_reason: z.string().nullish(),
  prompt_eval_count: z.number().nonnegative().nullish(),
  prompt_eval_duration: z.number().nonnegative().nullish(),
  eval_count: z.number().nonnegative().nullish(),
  eval_duration: z.number().nonnegative().nullish(),
  error: z.string().nullish(),
});

export function decodeOpenAiData(data: string): StreamEvent[] {
  if (data === '[DONE]') return [{ kind: 'done' }];
  const doc = safeJson(data);
  const chunk = OpenAiChunkSchema.safeParse(doc);
  if (doc === undefined || !chunk.success) return [{ kind: 'malformed', snippet: data.slice(0, 80) }];
  const events: StreamEvent[] = [];
  const { error, choices, usage } = chunk.data;
  if (error) events.push({ kind: 'error', message: typeof error === 'string' ? error : error.message });
  const choice = choices?.[0];
  const content = choice?.delta?.content ?? '';
  const reasoning = choice?.delta?.reasoning_content ?? choice?.delta?.reasoning ?? '';
  if (content !== '' || reasoning !== '') events.push({ kind: 'delta', content, reasoning });
  if (choice?.finish_reason) events.push({ kind: 'finish', reason: choice.finish_reason });
  if (usage) events.push({ kind: 'usage', promptTokens: usage.prompt_tokens ?? 0, completionTokens: usage.completion_tokens });
  return events;
}

export function decodeOllamaLine(line: string): StreamEvent[] {
  const doc = safeJson(line);
  const chunk = OllamaChunkSchema.safeParse(doc);
  if (doc === undefined || !chunk.success) return [{ kind: 'malformed', snippet: line.slice(0, 80) }];
  const c = chunk.data;
  if (c.error) return [{ kind: 'error', message: c.error }];
  const events: StreamEvent[] = [];
  const content = c.response ?? c.message?.content ?? '';
  const reasoning = c.thinking ?? c.message?.thinking ?? '';
  if (content !== '' || reasoning !== '') events.push({ kind: 'delta', content, reasoning });
  if (c.done) {
    events.push({
      kind: 'ollama-final',
      promptTokens: c.prompt_eval_count ?? null,
      completionTokens: c.eval_count ?? null,
      promptEvalMs: c.prompt_eval_duration == null ? null : c.prompt_eval_duration / 1e6,
      evalMs: c.eval_duration == null ? null : c.eval_duration / 1e6,
      doneReason: c.done_reason ?? null,
    });
    events.push({ kind: 'done' });
  }
  return events;
}

/** Incremental decoder: feed it chunks as they arrive, it returns the events completed so far. */
export class StreamDecoder {
  private buffer = '';
  private readonly utf8 = new TextDecoder();

  constructor(private readonly dialect: Dialect) {}

  push(bytes: Uint8Array): StreamEvent[] {
    this.buffer += this.utf8.decode(bytes, { stream: true });
    const events: StreamEvent[] = [];
    let newline = this.buffer.indexOf('\n');
    while (newline >= 0) {
      const line = this.buffer.slice(0, newline).replace(/\r$/, '');
      this.buffer = this.buffer.slice(newline + 1);
      events.push(...this.line(line));
      newline = this.buffer.indexOf('\n');
    }
    if (this.buffer.length > MAX_LINE_CHARS) {
      events.push({ kind: 'malformed', snippet: this.buffer.slice(0, 80) });
      this.buffer = '';
    }
    return events;
  }

  /** The last line may lack its newline (NDJSON often does). */
  end(): StreamEvent[] {
    const rest = this.buffer + this.utf8.decode();
    this.buffer = '';
    return rest.trim() === '' ? [] : this.line(rest);
  }

  private line(line: string): StreamEvent[] {
    if (line.trim() === '') return [];
    if (this.dialect === 'ollama') return decodeOllamaLine(line);
    // SSE: only data lines carry payload; comments (":"), event:, id: and retry: are ignored.
    if (!line.startsWith('data:')) return line.startsWith(':') || /^(event|id|retry):/.test(line) ? [] : [{ kind: 'malformed', snippet: line.slice(0, 80) }];
    return decodeOpenAiData(line.slice(5).trim());
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Not JSON: the caller reports the line as malformed.
    return undefined;
  }
}
