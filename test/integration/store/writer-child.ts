// A process that saves one document over and over, printing "ack N" once save N is on disk.
// The kill -9 test kills it at random moments and checks what it finds.
import path from 'node:path';
import { JsonDocumentStore } from '../../../src/core/store/json-document-store';

const dir = process.argv[2];
if (!dir) throw new Error('usage: writer-child <dir>');

const store = new JsonDocumentStore<{ n: number; pad: string }>({
  filePath: path.join(dir, 'doc.json'),
  what: 'test document',
  noticeId: 'test',
  parse: (raw) => {
    const value = raw as { n?: unknown; pad?: unknown };
    return typeof value?.n === 'number' && typeof value.pad === 'string' ? { ok: true, value: { n: value.n, pad: value.pad } } : { ok: false, reason: 'invalid' };
  },
});

const pad = 'x'.repeat(64 * 1024);
const loaded = await store.load();
let n = loaded.status === 'ok' ? loaded.value.n : 0;
process.stdout.write(`start ${n} ${loaded.status}\n`);
for (;;) {
  n += 1;
  await store.save({ n, pad });
  process.stdout.write(`ack ${n}\n`);
}
