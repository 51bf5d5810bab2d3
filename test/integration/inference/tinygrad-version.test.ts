// The readiness check reads which tinygrad is installed (python3 runs it against a package laid out as
// each version ships): the release's and master's own model tables, so the app offers exact names.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkTinygrad } from '../../../src/core/inference/tinygrad/tinygrad-readiness';
import { isKnownTinygradModel, tinygradModelsFor, tinygradVersionLabel } from '../../../src/core/inference/tinygrad/tinygrad-models';

const PYTHON = ['/usr/bin/python3', '/usr/local/bin/python3'].find((p) => existsSync(p));
const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A site-packages with tinygrad's package metadata and llm/cli.py's model table, as `pip install` or a git checkout leaves it. */
function installed(build: 'release' | 'master'): NodeJS.ProcessEnv {
  const root = mkdtempSync(path.join(os.tmpdir(), 'egpu-tinygrad-site-'));
  roots.push(root);
  const pkg = path.join(root, 'tinygrad');
  mkdirSync(path.join(pkg, 'llm'), { recursive: true });
  writeFileSync(path.join(pkg, '__init__.py'), '');
  const big = build === 'master' ? 'qwen3.6' : 'qwen3.5';
  const table = ['llama3.2:1b', 'llama3.1:8b', 'qwen3.5:9b', `${big}:27b`, 'olmoe'].map((name) => `  "${name}": "https://huggingface.co/x/${name}.gguf",`).join('\n');
  writeFileSync(path.join(pkg, 'llm', 'cli.py'), `import sys\n\nmodels = {\n${table}\n}\n`);
  if (build === 'master') writeFileSync(path.join(pkg, 'llm', 'serve.py'), '');
  const dist = path.join(root, 'tinygrad-0.13.0.dist-info');
  mkdirSync(dist);
  writeFileSync(path.join(dist, 'METADATA'), 'Metadata-Version: 2.1\nName: tinygrad\nVersion: 0.13.0\n');
  return { PATH: path.dirname(PYTHON ?? '/usr/bin/python3'), PYTHONPATH: root, HOME: root };
}

describe.runIf(PYTHON !== undefined)('which tinygrad is installed', () => {
  it('the release: version 0.13.0, qwen3.5 names from its own table', async () => {
    const ready = await checkTinygrad('python3', installed('release'));
    expect(ready).toMatchObject({ ok: true, installed: { version: '0.13.0', build: 'release' } });
    const installedTinygrad = ready.ok ? ready.installed : null;
    expect(tinygradModelsFor(installedTinygrad)).toEqual(['llama3.2:1b', 'llama3.1:8b', 'qwen3.5:9b', 'qwen3.5:27b', 'olmoe']);
    expect(tinygradVersionLabel(installedTinygrad)).toBe('tinygrad 0.13.0');
  });

  it('master: marked as such, qwen3.6 names', async () => {
    const ready = await checkTinygrad('python3', installed('master'));
    const installedTinygrad = ready.ok ? ready.installed : null;
    expect(installedTinygrad?.build).toBe('master');
    expect(tinygradModelsFor(installedTinygrad)).toContain('qwen3.6:27b');
    expect(tinygradVersionLabel(installedTinygrad)).toBe('tinygrad 0.13.0 (master)');
  });
});

describe('the bundled lists', () => {
  it('stand in per build when the installed table cannot be read, with exact names only', () => {
    expect(tinygradModelsFor(null)).toContain('qwen3.5:35b-a3b');
    expect(tinygradModelsFor(null)).not.toContain('qwen3.6:35b-a3b');
    expect(tinygradModelsFor({ version: '0.13.0', build: 'master', models: null })).toContain('qwen3.6:35b-a3b');
    expect(isKnownTinygradModel('qwen3.6:27b')).toBe(true);
    // No wildcard: a made-up size is not a model.
    expect(isKnownTinygradModel('qwen3.6:999b')).toBe(false);
    expect(isKnownTinygradModel('qwen3.5:27b')).toBe(true);
  });
});
