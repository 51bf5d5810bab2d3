// kill -9 of a writer in a loop: the file is always valid, nothing acknowledged is lost, and no
// temp file survives the next start.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { JsonDocumentStore } from '../../../src/core/store/json-document-store';
import { buildChildScript } from './build-child';

const ROUNDS = 12;
let writerScript = '';

beforeAll(async () => {
  writerScript = await buildChildScript(path.join(__dirname, 'writer-child.ts'));
});

/** Runs the writer until it acknowledged `acks` more saves (plus a random extra moment), then SIGKILLs it. */
function runAndKill(dir: string, acks: number, extraMs: number): Promise<{ lastAck: number; startStatus: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writerScript, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let lastAck = 0;
    let seen = 0;
    let startStatus = '';
    let buffered = '';
    let stderr = '';
    let killing = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const start = /^start \d+ (\w+)$/.exec(line);
        if (start) startStatus = start[1] ?? '';
        const ack = /^ack (\d+)$/.exec(line);
        if (!ack) continue;
        lastAck = Number(ack[1]);
        seen += 1;
        if (seen >= acks && !killing) {
          killing = true;
          setTimeout(() => child.kill('SIGKILL'), extraMs);
        }
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer ended by itself (${code}): ${stderr}`));
      else resolve({ lastAck, startStatus });
    });
  });
}

describe('a writer killed with SIGKILL again and again', () => {
  it('always leaves a valid file holding at least the last acknowledged save', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'egpu-killloop-'));
    const file = path.join(dir, 'doc.json');
    let acknowledged = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const { lastAck, startStatus } = await runAndKill(dir, 1 + (round % 4), (round * 7) % 13);
      // Every start found a valid file (or none yet, the very first time).
      expect(startStatus).toBe(round === 0 ? 'missing' : 'ok');
      const onDisk = JSON.parse(readFileSync(file, 'utf8')) as { n: number };
      expect(onDisk.n).toBeGreaterThanOrEqual(lastAck);
      expect(lastAck).toBeGreaterThan(acknowledged);
      acknowledged = lastAck;
    }
    // The next start (here, in this process) finds a valid file and removes every dead writer's temp file.
    const next = new JsonDocumentStore<{ n: number }>({ filePath: file, what: 'test document', noticeId: 'test', parse: (raw) => ({ ok: true, value: raw as { n: number } }) });
    const loaded = await next.load();
    expect(loaded.status).toBe('ok');
    expect(loaded.value?.n).toBeGreaterThanOrEqual(acknowledged);
    expect(readdirSync(dir)).toEqual(['doc.json']);
  }, 60_000);
});
