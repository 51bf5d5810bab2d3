// The import matrix is part of the architecture: prove the lint rules really catch violations.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: path.resolve(__dirname, '..', '..') });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering rules', () => {
  it('keep electron out of core', async () => {
    expect(await restrictedImports('src/core/monitor/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
  });

  it('keep Node, Electron and core internals out of the renderer, but allow the contract', async () => {
    const code = [
      "import fs from 'node:fs';",
      "import { spawn } from 'child_process';",
      "import { ipcRenderer } from 'electron';",
      "import { createCompanion } from '../../core/companion';",
      "import { commands } from '../../core/api/contract';",
      'export const all = [fs, spawn, ipcRenderer, createCompanion, commands];',
    ].join('\n');
    const messages = await restrictedImports('src/renderer/src/x.ts', code);
    expect(messages).toHaveLength(4);
    expect(messages.join('\n')).not.toContain('core/api/contract');
  });

  it('keep Node modules out of the contract the renderer imports', async () => {
    expect(await restrictedImports('src/core/api/x.ts', "import os from 'node:os';\nexport const a = os;\n")).toHaveLength(1);
  });

  it('allow raw ipcMain only in the one IPC module', async () => {
    const code = "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n";
    expect(await restrictedImports('src/main/tray.ts', code)).toHaveLength(1);
    expect(await restrictedImports('src/main/ipc.ts', code)).toHaveLength(0);
  });
});
