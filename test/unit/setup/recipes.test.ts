import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadRecipes, parseRecipeText } from '../../../src/core/setup/recipe-loader';
import { toRecipeView } from '../../../src/core/setup/recipe-view';
import { meaningOf, type Recipe } from '../../../src/core/setup/recipe-schema';

const SHIPPED = path.resolve(__dirname, '../../../resources/recipes');
const FIXTURES = path.resolve(__dirname, '../../fixtures/recipes');
const FIXTURE_LIKE = {
  id: 'meanings',
  title: 'Meanings',
  description: 'One step whose command declares meanings.',
  vendor: 'any',
  steps: [{ id: 'one', title: 'One', why: 'Runs one command.', estimatedMinutes: 1 }],
};

function stepCommands(recipe: Recipe, stepId: string): string[] {
  const step = toRecipeView(recipe).steps.find((candidate) => candidate.id === stepId);
  if (!step) throw new Error(`no step ${stepId}`);
  return step.commands;
}

function byId(recipes: Recipe[], id: string): Recipe {
  const recipe = recipes.find((candidate) => candidate.id === id);
  if (!recipe) throw new Error(`recipe ${id} missing`);
  return recipe;
}

describe('shipped recipes', () => {
  it('all validate, with the three expected recipes', async () => {
    const { recipes, errors } = await loadRecipes(SHIPPED);
    expect(errors).toEqual([]);
    expect(recipes.map((recipe) => recipe.id).sort()).toEqual(
      expect.arrayContaining(['guide-nvidia', 'tinygrad-amd', 'tinygrad-nvidia']),
    );
    for (const recipe of recipes) {
      for (const step of recipe.steps) {
        expect(step.why.length, `${recipe.id}/${step.id} why`).toBeGreaterThan(60);
        expect(step.estimatedMinutes, `${recipe.id}/${step.id}`).toBeGreaterThan(0);
      }
    }
  });

  it('the demo recipe validates and runs nothing that installs software', async () => {
    const { recipes, errors } = await loadRecipes(path.resolve(__dirname, '../../../resources/recipes-demo'));
    expect(errors).toEqual([]);
    expect(recipes.map((recipe) => recipe.id)).toEqual(['demo-nvidia']);
    // What the demo prints may quote the real tools' words ("python3 -m pip install -e ."); what it runs may not install.
    const text = JSON.stringify(recipes.flatMap((recipe) => recipe.steps.map((step) => [step.check, step.run, step.verify]))).replace(/echo '[^']*'/g, "echo ''");
    for (const installer of [/\bbrew /, /\bcurl /, /\bsudo /, /\bpip /, /kextload/, /\bdocker /]) expect(text).not.toMatch(installer);
  });

  it('the guide recipe keeps the guide commands verbatim and takes about 45 minutes', async () => {
    const guide = byId((await loadRecipes(SHIPPED)).recipes, 'guide-nvidia');
    const total = guide.steps.reduce((sum, step) => sum + step.estimatedMinutes, 0);
    expect(total).toBeGreaterThanOrEqual(40);
    expect(total).toBeLessThanOrEqual(55);

    const all = guide.steps.flatMap((step) => stepCommands(guide, step.id)).join('\n');
    for (const line of [
      'git clone https://github.com/tinygrad/tinygpu',
      'cd tinygpu',
      'make nvidia',
      'sudo kextload /Library/Extensions/TinyGPU.kext',
      'tinygpu list',
      'brew install ollama',
      'ollama pull llama4-scout',
      'ollama run llama4-scout',
      'pip install mlx-lm',
      "mlx_lm.generate --model mlx-community/Llama-4-Scout-8B-4bit --prompt 'Explain CUDA in one paragraph'",
    ]) {
      expect(all).toContain(line);
    }
    const connect = guide.steps.find((step) => step.id === 'connect-gpu');
    expect(connect?.verify?.expect.stdoutMatches).toBe('Device 0:');
    const backend = guide.steps.find((step) => step.id === 'check-cuda-backend');
    expect(backend?.verify).toMatchObject({ shell: 'ollama run llama4-scout --verbose 2>&1 | grep -i backend' });
    expect(backend?.verify?.expect.stdoutMatches).toBe('using CUDA backend');
    const approve = guide.steps.find((step) => step.id === 'approve-driver');
    expect(approve?.restartRequired).toBe(true);
    expect(approve?.manual?.openUrl).toMatch(/^x-apple\.systempreferences:/);
  });

  it('the tinygrad recipes follow the driver as it ships', async () => {
    const { recipes } = await loadRecipes(SHIPPED);
    const nvidia = byId(recipes, 'tinygrad-nvidia');
    const amd = byId(recipes, 'tinygrad-amd');
    const nvidiaCommands = nvidia.steps.flatMap((step) => stepCommands(nvidia, step.id)).join('\n');
    const amdCommands = amd.steps.flatMap((step) => stepCommands(amd, step.id)).join('\n');
    const appInstall = 'curl -fsSL https://raw.githubusercontent.com/tinygrad/tinygrad/master/extra/setup_tinygpu_osx.sh | sh';
    expect(nvidiaCommands).toContain(appInstall);
    expect(amdCommands).toContain(appInstall);
    expect(nvidiaCommands).toContain('python3 -m pip install tinygrad');
    expect(nvidiaCommands).toContain('extra/setup_nvcc_osx.sh | sh');
    expect(nvidiaCommands).toContain('DEV=NV python3 -m tinygrad.llm -m qwen3:8b --benchmark');
    expect(amdCommands).toContain('extra/setup_hipcomgr_osx.sh');
    expect(amdCommands).toContain('DEV=AMD python3 -m tinygrad.llm -m qwen3:8b --benchmark');
    expect(amdCommands).not.toContain('nvcc');

    for (const recipe of [nvidia, amd]) {
      const approve = recipe.steps.find((step) => step.id === 'approve-extension');
      expect(approve?.manual?.openUrl).toBe('x-apple.systempreferences:com.apple.LoginItems-Settings.extension');
      expect(approve?.verify).toMatchObject({ argv: ['/Applications/TinyGPU.app/Contents/MacOS/TinyGPU', 'status'] });
      expect(approve?.verify?.expect.stdoutMatches).toBe('Extension is ready');
    }
    const path = nvidia.steps.find((step) => step.id === 'nvcc-on-path');
    expect(path?.verify).toMatchObject({ shell: 'command -v nvcc' });
  });

  it('the TinyGPU install declares what its first-install exit and its wrapper\'s output mean', async () => {
    const { recipes } = await loadRecipes(SHIPPED);
    for (const recipe of [byId(recipes, 'tinygrad-nvidia'), byId(recipes, 'tinygrad-amd')]) {
      const step = recipe.steps.find((candidate) => candidate.id === 'install-tinygpu-app');
      const command = step?.run?.commands[0];
      if (!command) throw new Error(`${recipe.id}: no install command`);
      expect(step?.verify, `${recipe.id} verifies the app after any exit`).toBeDefined();
      expect(meaningOf(command, 4, 'Installing TinyGPU driver extension...\nUser approval required!\n')).toBe('needs-approval');
      // setup_tinygpu_osx.sh: tinygrad raises on the 4 and the script exits 1.
      const tooOld = 'Your tinygrad is too old. Please clone the latest tinygrad: git clone https://github.com/tinygrad/tinygrad.git && cd tinygrad && python3 -m pip install -e .';
      const wrapped = `Downloading TinyGPU.app...\n${tooOld}\nsystem: '/Applications/TinyGPU.app/Contents/MacOS/TinyGPU install' failed with exit code 4\nInstalling TinyGPU driver extension...\nYou may need to approve in System Settings.\nUser approval required!\n`;
      expect(meaningOf(command, 1, wrapped)).toBe('needs-approval');
      // The script says "too old" for any exception: a failed download is not a reason to wait for approval.
      expect(meaningOf(command, 1, `Downloading TinyGPU.app...\n${tooOld}\n<urlopen error [Errno 8] nodename nor servname provided, or not known>\n`)).toBeNull();
      // And the driver's own state has the last word.
      expect(step?.approvalFromDriver).toBe(true);
      expect(meaningOf(command, 6, 'curl: (6) Could not resolve host: raw.githubusercontent.com\n')).toBeNull();
    }
  });

  it('the AMD compiler script gets jq first and the terminal as its input, for its key-press prompt', async () => {
    const amd = byId((await loadRecipes(SHIPPED)).recipes, 'tinygrad-amd');
    const commands = stepCommands(amd, 'install-hipcomgr');
    const script = commands.findIndex((command) => command.includes('setup_hipcomgr_osx.sh'));
    const jq = commands.findIndex((command) => /brew install jq/.test(command));
    expect(jq).toBeGreaterThanOrEqual(0);
    expect(jq).toBeLessThan(script);
    // Piped into sh, the script would read its key press from the download instead of the keyboard.
    expect(commands[script]).not.toMatch(/\|\s*(ba)?sh\b/);
    expect(commands[script]).not.toMatch(/<\s*\/dev\/null|\bexec\s+0</);
  });

  it('the nvcc step says what the script installs and where tinygrad compiles by default', async () => {
    const nvidia = byId((await loadRecipes(SHIPPED)).recipes, 'tinygrad-nvidia');
    const why = nvidia.steps.find((step) => step.id === 'install-nvcc')?.why ?? '';
    expect(why).toContain('nvcc and nvdisasm shims');
    expect(why).toContain('ghcr.io/tinygrad/cuda-arm64');
  });

  it('rejects exit-code meanings it does not know, and exit code 0', () => {
    const withCommand = (command: object) =>
      JSON.stringify({ ...FIXTURE_LIKE, steps: [{ ...FIXTURE_LIKE.steps[0], run: { commands: [command], timeoutSec: 10 } }] });
    expect(parseRecipeText('a.json', withCommand({ shell: 'x', exitCodes: { '4': 'needs-approval' } })).ok).toBe(true);
    expect(parseRecipeText('a.json', withCommand({ shell: 'x', exitCodes: { '0': 'needs-approval' } })).ok).toBe(false);
    expect(parseRecipeText('a.json', withCommand({ shell: 'x', exitCodes: { '4': 'reboot-now' } })).ok).toBe(false);
    expect(parseRecipeText('a.json', withCommand({ shell: 'x', outputMeans: [{ matches: '(', meaning: 'needs-approval' }] })).ok).toBe(false);
  });

  it('the test fixtures validate too', async () => {
    const { recipes, errors } = await loadRecipes(FIXTURES);
    expect(errors).toEqual([]);
    expect(recipes.map((recipe) => recipe.id).sort()).toEqual(['test-resume', 'test-runner']);
  });

  it('shows argv commands quoted and shell scripts as written', async () => {
    const runner = byId((await loadRecipes(FIXTURES)).recipes, 'test-runner');
    expect(stepCommands(runner, 'multi')).toEqual(["echo 'first command' '$HOME stays literal'", 'echo second command']);
  });
});

describe('broken recipes', () => {
  const valid = {
    id: 'guide-nvidia',
    title: 'Guide',
    description: 'A recipe',
    vendor: 'nvidia',
    steps: [
      {
        id: 'load-driver',
        title: 'Load',
        why: 'Because.',
        estimatedMinutes: 2,
        run: { commands: [{ argv: ['sudo', 'kextload', '/Library/Extensions/TinyGPU.kext'] }], timeoutSec: 60 },
      },
    ],
  };
  type Mutable = Record<string, unknown> & { steps: Array<Record<string, unknown>> };
  function variant(change: (recipe: Mutable) => void): string {
    const copy = JSON.parse(JSON.stringify(valid)) as Mutable;
    change(copy);
    return JSON.stringify(copy);
  }
  function errorsOf(text: string): string[] {
    const result = parseRecipeText('guide-nvidia.json', text);
    expect(result.ok).toBe(false);
    return result.ok ? [] : result.errors;
  }

  it('names the file, the step and the field', () => {
    const text = variant((recipe) => {
      (recipe.steps[0]!.run as Record<string, unknown>).timeoutSec = '60';
    });
    const [error] = errorsOf(text);
    expect(error).toMatch(/^guide-nvidia\.json: step "load-driver": run\.timeoutSec: expected number/);
  });

  it('reports a step without run or manual, unknown fields, bad URLs, bad regexes and duplicate ids', () => {
    expect(errorsOf(variant((recipe) => delete recipe.steps[0]!.run))[0]).toBe(
      'guide-nvidia.json: step "load-driver": a step needs "run" or "manual"',
    );
    expect(errorsOf(variant((recipe) => (recipe.steps[0]!.timeoutSecs = 5)))[0]).toBe(
      'guide-nvidia.json: step "load-driver": timeoutSecs: unknown field',
    );
    expect(
      errorsOf(variant((recipe) => (recipe.steps[0]!.manual = { instructions: 'Open it', openUrl: 'file:///etc/passwd' })))[0],
    ).toBe('guide-nvidia.json: step "load-driver": manual.openUrl: must be an x-apple.systempreferences: or https:// URL');
    expect(
      errorsOf(variant((recipe) => (recipe.steps[0]!.verify = { argv: ['tinygpu', 'list'], expect: { stdoutMatches: 'Device (' } })))[0],
    ).toBe('guide-nvidia.json: step "load-driver": verify.expect.stdoutMatches: not a valid regular expression');
    expect(
      errorsOf(variant((recipe) => (recipe.steps[0]!.check = { argv: ['true'], shell: 'true', expect: {} })))[0],
    ).toBe('guide-nvidia.json: step "load-driver": check: give exactly one of "argv" or "shell"');
    expect(errorsOf(variant((recipe) => recipe.steps.push({ ...recipe.steps[0]! })))[0]).toBe(
      'guide-nvidia.json: step "load-driver": id: duplicate step id "load-driver"',
    );
    expect(errorsOf(variant((recipe) => (recipe.vendor = 'intel')))[0]).toMatch(/^guide-nvidia\.json: vendor: /);
    expect(errorsOf('{ "id": ')[0]).toMatch(/^guide-nvidia\.json: invalid JSON/);
  });

  it('labels a step without a usable id by its position', () => {
    const text = variant((recipe) => {
      recipe.steps[0]!.id = 42;
    });
    expect(errorsOf(text)[0]).toMatch(/^guide-nvidia\.json: step #1: id: expected string/);
  });

  describe('in a folder', () => {
    let dir = '';
    afterEach(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('leaves a broken recipe out entirely and keeps the good ones', async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'recipes-'));
      await writeFile(path.join(dir, 'good.json'), JSON.stringify({ ...valid, id: 'good' }));
      await writeFile(
        path.join(dir, 'broken.json'),
        variant((recipe) => {
          recipe.id = 'broken';
          (recipe.steps[0]!.run as Record<string, unknown>).timeoutSec = 'soon';
        }),
      );
      await writeFile(path.join(dir, 'twin.json'), JSON.stringify({ ...valid, id: 'good' }));
      await writeFile(path.join(dir, 'notes.txt'), 'not a recipe');
      const { recipes, errors } = await loadRecipes(dir);
      expect(recipes.map((recipe) => recipe.id)).toEqual(['good']);
      expect(errors).toEqual([
        'broken.json: step "load-driver": run.timeoutSec: expected number, received string',
        'twin.json: id: recipe id "good" is already used by good.json',
      ]);
    });

    it('reports a missing folder instead of throwing', async () => {
      const { recipes, errors } = await loadRecipes(path.join(os.tmpdir(), 'no-such-recipes-folder'));
      expect(recipes).toEqual([]);
      expect(errors[0]).toMatch(/cannot read the recipes folder/);
    });
  });
});
