// import-x/no-cycle skips `import type`; modules that name each other's types are still one
// tangle to read and test, so this walks every import in src, types included.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CORE_FLOORS } from '../../eslint.config.js';

const ROOT = path.resolve(__dirname, '..', '..');
const SRC = path.join(ROOT, 'src');
const CORE = path.join(SRC, 'core');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

function resolveLocal(from: string, specifier: string, known: Set<string>): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), specifier);
  return [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), base].find((candidate) => known.has(candidate)) ?? null;
}

function importGraph(files: string[]): Map<string, string[]> {
  const known = new Set(files);
  return new Map(
    files.map((file) => {
      const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      const local = importedFiles.map((ref) => resolveLocal(file, ref.fileName, known)).filter((dep): dep is string => dep !== null);
      return [file, local];
    }),
  );
}

/** Every strongly connected group of two or more modules (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const dep of graph.get(node) ?? []) {
      if (!index.has(dep)) {
        visit(dep);
        low.set(node, Math.min(low.get(node)!, low.get(dep)!));
      } else if (onStack.has(dep)) {
        low.set(node, Math.min(low.get(node)!, index.get(dep)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    for (;;) {
      const member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
      if (member === node) break;
    }
    if (group.length > 1) found.push(group.map((file) => path.relative(SRC, file)).sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe('the import graph of src', () => {
  it('has no cycle, type-only imports included', () => {
    expect(cycles(importGraph(sourceFiles(SRC)))).toEqual([]);
  });

  it('finds a cycle made only of type imports', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'egpu-import-graph-'));
    const files = ['a', 'b', 'c', 'd'].map((name) => path.join(dir, `${name}.ts`));
    writeFileSync(files[0]!, "import type { B } from './b';\nexport type A = { b: B };\n");
    writeFileSync(files[1]!, "import { type C } from './c';\nexport type B = { c: C };\n");
    writeFileSync(files[2]!, "export type { A as C } from './a';\n");
    writeFileSync(files[3]!, "import type { A } from './a';\nexport type D = A;\n");
    try {
      const found = cycles(importGraph(files)).map((group) => group.map((file) => path.basename(file)));
      expect(found).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** The index of a file's floor in CORE_FLOORS; the last (the composition root) holds the files directly in src/core. */
function floorOf(file: string): number {
  const claimed = CORE_FLOORS.slice(0, -1).findIndex(({ paths }) =>
    paths.some((p) => {
      const full = path.join(ROOT, p);
      return p.endsWith('.ts') ? file === full : file.startsWith(`${full}${path.sep}`);
    }),
  );
  if (claimed >= 0) return claimed;
  return path.dirname(file) === CORE ? CORE_FLOORS.length - 1 : -1;
}

/** Every import inside src/core that goes up a floor, or sideways into another folder on the same floor. */
function arrowsAgainstTheFloors(graph: Map<string, string[]>): string[] {
  const wrong: string[] = [];
  // A folder of src/core, or '' for the files directly in it.
  const room = (file: string): string => (path.dirname(file) === CORE ? '' : path.relative(CORE, file).split(path.sep)[0]!);
  for (const [file, deps] of graph) {
    for (const dep of deps) {
      const [from, to] = [floorOf(file), floorOf(dep)];
      const sideways = from === to && room(file) !== room(dep);
      if (to > from || sideways) wrong.push(`${path.relative(CORE, file)} -> ${path.relative(CORE, dep)}`);
    }
  }
  return wrong;
}

describe('the floors of src/core', () => {
  const files = sourceFiles(CORE);

  it('give every module of the core a floor', () => {
    expect(files.filter((file) => floorOf(file) < 0).map((file) => path.relative(CORE, file))).toEqual([]);
  });

  it('have no import up a floor and none sideways between features, type-only imports included', () => {
    expect(arrowsAgainstTheFloors(importGraph(files))).toEqual([]);
  });

  it('catch an arrow up and a module outside every floor', () => {
    const power = path.join(CORE, 'power', 'x.ts');
    const inference = path.join(CORE, 'inference', 'y.ts');
    const api = path.join(CORE, 'api', 'z.ts');
    const graph = new Map([
      [power, [inference, api]],
      [inference, [power]],
    ]);
    expect(arrowsAgainstTheFloors(graph)).toEqual([`power${path.sep}x.ts -> inference${path.sep}y.ts`]);
    expect(arrowsAgainstTheFloors(new Map([[api, [path.join(CORE, 'ports.ts')]]]))).toEqual([`api${path.sep}z.ts -> ports.ts`]);
    expect(floorOf(path.join(CORE, 'unplaced', 'w.ts'))).toBe(-1);
  });
});
