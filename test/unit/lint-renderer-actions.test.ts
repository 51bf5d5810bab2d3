// The renderer's one action path is enforced by lint: prove the rules fire where they should and stay
// quiet where they should not.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function syntaxMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

const WRITES_STORE = "import { useUi } from './store';\nexport const clear = (): void => useUi.setState({ busy: false });\n";

describe('one action path in the renderer', () => {
  it('rejects a store write from a component', async () => {
    const messages = await syntaxMessages('src/renderer/src/components/X.tsx', WRITES_STORE);
    expect(messages).toEqual(['Only store modules (*store.ts) write a store: add an action there and call it.']);
  });

  it('allows store writes in store modules', async () => {
    expect(await syntaxMessages('src/renderer/src/inference-store.ts', WRITES_STORE)).toEqual([]);
    expect(await syntaxMessages('src/renderer/src/setup/setup-store.ts', WRITES_STORE)).toEqual([]);
  });

  it('leaves a component’s own useState setter alone', async () => {
    const code = "import { useState } from 'react';\nexport function X(): null {\n  const [, setState] = useState(0);\n  setState(1);\n  return null;\n}\n";
    expect(await syntaxMessages('src/renderer/src/components/X.tsx', code)).toEqual([]);
  });

  it('rejects a catch that drops the error, in components and in stores alike', async () => {
    const code = 'export const go = (p: Promise<void>): void => void p.catch(() => undefined);\n';
    expect(await syntaxMessages('src/renderer/src/components/X.tsx', code)).toHaveLength(1);
    expect(await syntaxMessages('src/renderer/src/store.ts', code)).toHaveLength(1);
  });

  it('rejects a then with a rejection handler that drops the error', async () => {
    const code = 'export const go = (p: Promise<number>, show: (n: number) => void): void => void p.then(show, () => show(0));\n';
    expect(await syntaxMessages('src/renderer/src/views/X.tsx', code)).toHaveLength(1);
  });

  it('accepts a handler that receives the error', async () => {
    const code = "import { reportError } from '../store';\nexport const go = (p: Promise<void>): void => void p.catch((error: unknown) => reportError(error));\n";
    expect(await syntaxMessages('src/renderer/src/views/X.tsx', code)).toEqual([]);
  });

  it('does not apply outside the renderer', async () => {
    expect(await syntaxMessages('src/core/monitor/x.ts', 'export const go = (p: Promise<void>): void => void p.catch(() => undefined);\n')).toEqual([]);
  });
});
