// The import matrix is part of the architecture: prove the lint rules really catch violations.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

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

describe('the floors inside src/core', () => {
  const upward = (filePath: string, code: string) => ruleMessages(filePath, code, 'import-x/no-restricted-paths');

  it('reject an import from a floor above', async () => {
    expect(await upward('src/core/power/x.ts', "import type { Measurement } from '../api/inference';\nimport { egpuContextOf } from './power-feature';\nexport type A = Measurement;\nexport const a = egpuContextOf;\n")).toEqual([]);
    const fromInference = await upward('src/core/power/x.ts', "import type { InferenceService } from '../inference/inference-service';\nexport type A = InferenceService;\n");
    expect(fromInference).toHaveLength(1);
    expect(fromInference[0]).toContain('power floor sits below');
    expect(await upward('src/core/monitor/x.ts', "import { forecastIdleSleep } from '../power/forecast';\nexport const a = forecastIdleSleep;\n")).toHaveLength(1);
    expect(await upward('src/core/setup/x.ts', "import { tinygradListensHazard } from '../inference/inference-hazards';\nexport const a = tinygradListensHazard;\n")).toHaveLength(1);
  });

  it('reject a feature importing the composition root, and a base importing a feature', async () => {
    expect(await upward('src/core/inference/servers/x.ts', "import { createCompanion } from '../../companion';\nexport const a = createCompanion;\n")).toHaveLength(1);
    expect(await upward('src/core/api/x.ts', "import type { PowerPort } from '../ports';\nexport type A = PowerPort;\n")).toHaveLength(1);
    expect(await upward('src/core/platform/x.ts', "import { EventLog } from '../store/event-log';\nexport const a = EventLog;\n")).toHaveLength(1);
  });

  it('accept imports downwards, from the base and within a floor', async () => {
    const code = [
      "import type { PowerPort } from '../ports';",
      "import { deriveHazards } from '../monitor/hazards';",
      "import { runCommand } from '../platform/run-command';",
      "import { forecastIdleSleep } from './forecast';",
      'export type A = PowerPort;',
      'export const all = [deriveHazards, runCommand, forecastIdleSleep];',
    ].join('\n');
    expect(await upward('src/core/power/x.ts', `${code}\n`)).toEqual([]);
    expect(await upward('src/core/x.ts', "import { createPowerFeature } from './power/power-feature';\nexport const a = createPowerFeature;\n")).toEqual([]);
  });
});

describe('module shape rules', () => {
  it('reject an import cycle in src', async () => {
    // The rule follows imports on disk, so the two modules of the cycle must be real files.
    const dir = path.join(root, 'src', 'core', `lint-cycle-fixture-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    try {
      writeFileSync(path.join(dir, 'first.ts'), "import { second } from './second';\nexport const first = (): number => second() + 1;\n");
      writeFileSync(path.join(dir, 'second.ts'), "import { first } from './first';\nexport const second = (): number => first() - 1;\n");
      const [result] = await eslint.lintFiles([path.join(dir, 'first.ts')]);
      const cycles = (result?.messages ?? []).filter((m) => m.ruleId === 'import-x/no-cycle');
      expect(cycles).toHaveLength(1);
      expect(cycles[0]?.severity).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('accept imports that only go one way', async () => {
    const messages = await ruleMessages('src/core/monitor/x.ts', "import { reduce } from './reducer';\nexport const a = reduce;\n", 'import-x/no-cycle');
    expect(messages).toEqual([]);
  });

  it('warn on a file over 400 lines', async () => {
    const long = Array.from({ length: 401 }, (_, i) => `export const line${i} = ${i};`).join('\n');
    expect(await ruleMessages('src/core/monitor/x.ts', `${long}\n`, 'max-lines')).toHaveLength(1);
    expect(await ruleMessages('src/core/monitor/x.ts', 'export const a = 1;\n', 'max-lines')).toEqual([]);
  });
});

async function ruleMessages(filePath: string, code: string, ruleId: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === ruleId).map((m) => m.message);
}
