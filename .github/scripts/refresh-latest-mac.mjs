// After the dmg is stapled its bytes change: rewrite its sha512 and size in latest-mac.yml, so the
// update metadata describes the files actually uploaded. Usage: node refresh-latest-mac.mjs dist/latest-mac.yml
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';

const file = process.argv[2];
if (!file) throw new Error('usage: refresh-latest-mac.mjs <latest-mac.yml>');
const dir = path.dirname(file);
const info = parse(readFileSync(file, 'utf8'));
for (const entry of info.files ?? []) {
  const artifact = path.join(dir, entry.url);
  entry.sha512 = createHash('sha512').update(readFileSync(artifact)).digest('base64');
  entry.size = statSync(artifact).size;
}
// The top-level path/sha512 name the zip, which stapling the dmg does not touch; refresh them anyway.
const main = (info.files ?? []).find((entry) => entry.url === info.path);
if (main) info.sha512 = main.sha512;
writeFileSync(file, stringify(info));
process.stdout.write(`refreshed checksums in ${file}\n`);
