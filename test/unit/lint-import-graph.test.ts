// import-x/no-cycle skips `import type`; modules that name each other's types are still one
// tangle to read and test, so this walks every import in src, types included.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(__dirname, '..', '..', 'src');

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
