// electron-builder.yml and the GitHub workflows: the keys a signed, notarized, self-updating menu-bar
// app depends on, checked as data so an edit that drops one fails here rather than on a user's Mac.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const load = (file: string): unknown => parse(readFileSync(path.join(ROOT, file), 'utf8'));

const BuilderConfig = z.object({
  appId: z.string(),
  productName: z.string(),
  files: z.array(z.string()),
  asarUnpack: z.array(z.string()),
  extraResources: z.array(z.object({ from: z.string(), to: z.string() })),
  npmRebuild: z.boolean(),
  afterPack: z.string(),
  mac: z.object({
    target: z.array(z.object({ target: z.string(), arch: z.array(z.string()) })),
    hardenedRuntime: z.boolean(),
    entitlements: z.string(),
    entitlementsInherit: z.string(),
    notarize: z.boolean(),
    minimumSystemVersion: z.string(),
    artifactName: z.string(),
    binaries: z.array(z.string()),
    extendInfo: z.record(z.string(), z.unknown()),
  }),
  publish: z.object({ provider: z.string(), owner: z.string(), repo: z.string(), releaseType: z.string() }),
  electronFuses: z.record(z.string(), z.boolean()),
});

const config = BuilderConfig.parse(load('electron-builder.yml'));

describe('electron-builder.yml', () => {
  it('builds the arm64 dmg and the zip Squirrel.Mac updates from, named without spaces', () => {
    expect(config.appId).toBe('com.egpucompanion.app');
    expect(config.productName).toBe('eGPU Companion');
    expect(config.mac.target).toEqual([
      { target: 'dmg', arch: ['arm64'] },
      { target: 'zip', arch: ['arm64'] },
    ]);
    expect(config.mac.artifactName).toBe('egpu-companion-${version}-${arch}.${ext}');
  });

  it('signs with the hardened runtime and minimal entitlements, and notarizes', () => {
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.notarize).toBe(true);
    expect(config.mac.entitlements).toBe('build/entitlements.mac.plist');
    expect(config.mac.entitlementsInherit).toBe('build/entitlements.mac.plist');
    const entitlements = readFileSync(path.join(ROOT, config.mac.entitlements), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
    expect([...entitlements.matchAll(/<key>([^<]+)<\/key>/g)].map((match) => match[1])).toEqual(['com.apple.security.cs.allow-jit']);
  });

  it('is a menu-bar agent whose notifications can carry buttons', () => {
    expect(config.mac.extendInfo['LSUIElement']).toBe(true);
    expect(config.mac.extendInfo['NSUserNotificationAlertStyle']).toBe('alert');
  });

  it('flips the fuses of the security checklist', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it("keeps node-pty's prebuilds as they ship, unpacked, with spawn-helper signed and made executable", () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.asarUnpack).toContain('**/node_modules/node-pty/**');
    expect(config.mac.binaries).toContain('Contents/Resources/app.asar.unpacked/node_modules/node-pty/prebuilds/darwin-arm64/spawn-helper');
    expect(config.afterPack).toBe('./build/after-pack.mjs');
  });

  it('ships recipes, tray icons and gpu-support.json where the packaged app looks (Contents/Resources)', () => {
    expect(config.extraResources).toEqual([
      { from: 'resources/recipes', to: 'recipes' },
      { from: 'resources/tray', to: 'tray' },
      { from: 'resources/gpu-support.json', to: 'gpu-support.json' },
    ]);
  });

  it('publishes to GitHub Releases, which electron-updater reads', () => {
    expect(config.publish).toEqual({ provider: 'github', owner: 'egpu-companion', repo: 'egpu-companion', releaseType: 'release' });
  });
});

// ---- workflows -------------------------------------------------------------------------------------

const Step = z
  .object({ name: z.string().optional(), uses: z.string().optional(), run: z.string().optional(), if: z.string().optional(), id: z.string().optional(), with: z.record(z.string(), z.unknown()).optional(), env: z.record(z.string(), z.string()).optional(), 'timeout-minutes': z.number().int().positive().optional() })
  .strict()
  .refine((step) => (step.uses === undefined) !== (step.run === undefined), 'a step has exactly one of uses and run');
const Job = z
  .object({
    name: z.string(),
    'runs-on': z.string(),
    container: z.string().optional(),
    'timeout-minutes': z.number().int().positive(),
    env: z.record(z.string(), z.string()).optional(),
    steps: z.array(Step).min(1),
  })
  .strict();
const Workflow = z
  .object({
    name: z.string(),
    on: z.record(z.string(), z.unknown()),
    permissions: z.record(z.string(), z.enum(['read', 'write', 'none'])),
    concurrency: z.object({ group: z.string(), 'cancel-in-progress': z.boolean() }),
    jobs: z.record(z.string(), Job),
  })
  .strict();

const ci = Workflow.parse(load('.github/workflows/ci.yml'));
const release = Workflow.parse(load('.github/workflows/release.yml'));
const runs = (job: z.infer<typeof Job>) => job.steps.map((step) => step.run ?? '').join('\n');

describe('workflows', () => {
  it('pin every action to a major version', () => {
    for (const workflow of [ci, release]) {
      for (const job of Object.values(workflow.jobs)) {
        for (const step of job.steps) if (step.uses) expect(step.uses).toMatch(/^actions\/[\w-]+@v\d+$/);
      }
    }
  });

  it('CI runs .ci/run on Linux, and type-check, unit tests, test:mac, an unsigned app bundle and its self-test on Apple Silicon', () => {
    expect(ci.on).toHaveProperty('pull_request');
    expect(ci.permissions).toEqual({ contents: 'read' });
    const linux = ci.jobs['linux'];
    const mac = ci.jobs['macos'];
    expect(linux?.['runs-on']).toBe('ubuntu-latest');
    expect(runs(linux!)).toContain('bash .ci/run');
    expect(mac?.['runs-on']).toBe('macos-14');
    const macRuns = runs(mac!);
    for (const command of ['npm run typecheck', 'npm run test:unit', 'npm run build', 'electron-builder --mac --arm64 --dir']) expect(macRuns).toContain(command);
    expect(macRuns).toContain('spawn-helper');
    // This Mac's real tool output through the parsers, then the packaged app started for real.
    expect(macRuns).toContain('npm run test:mac');
    expect(macRuns).toMatch(/MacOS\/eGPU Companion" --self-test=/);
    expect(macRuns.indexOf('--self-test')).toBeGreaterThan(macRuns.indexOf('electron-builder --mac'));
    expect(mac!.steps.some((step) => step.uses?.startsWith('actions/upload-artifact@') && step.if === 'always()')).toBe(true);
  });

  it('Release runs on a version tag on Apple Silicon and may write releases', () => {
    expect(release.on).toMatchObject({ push: { tags: ['v*'] } });
    expect(release.permissions).toEqual({ contents: 'write' });
    expect(release.jobs['release']?.['runs-on']).toBe('macos-14');
  });

  it('Release signs and notarizes with the App Store Connect API key, or says it builds unsigned', () => {
    const job = release.jobs['release']!;
    const text = readFileSync(path.join(ROOT, '.github/workflows/release.yml'), 'utf8');
    for (const secret of ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER', 'CSC_LINK', 'CSC_KEY_PASSWORD']) {
      expect(text).toContain(`secrets.${secret} }}`);
    }
    const signing = job.steps.find((step) => step.id === 'signing');
    expect(signing?.run).toContain('::notice title=Unsigned build::');
    // A missing secret ends the check step successfully, choosing the unsigned path.
    expect(signing?.run).toMatch(/signed=false[^]*exit 0/);
    const signed = job.steps.filter((step) => step.if === "steps.signing.outputs.signed == 'true'");
    const unsigned = job.steps.filter((step) => step.if === "steps.signing.outputs.signed != 'true'");
    expect(signed.map((step) => step.run).join('\n')).toMatch(/electron-builder --mac --arm64 --publish never\n?$/m);
    expect(signed.map((step) => step.run).join('\n')).toContain('xcrun stapler staple');
    expect(unsigned.map((step) => step.run).join('\n')).toContain('-c.mac.identity=null -c.mac.notarize=false');
  });

  it('Release writes the cask from the final dmg and uploads dmg, zip and latest-mac.yml', () => {
    const text = runs(release.jobs['release']!);
    expect(text).toContain('node scripts/make-cask.mjs --version "$VERSION" --dmg "dist/egpu-companion-${VERSION}-arm64.dmg"');
    expect(text.indexOf('xcrun stapler staple')).toBeLessThan(text.indexOf('scripts/make-cask.mjs'));
    for (const file of ['arm64.dmg"', 'arm64.zip"', 'dist/latest-mac.yml', 'packaging/homebrew/egpu-companion.rb']) expect(text).toContain(file);
    expect(text).toContain('gh release create "$TAG"');
    expect(text).toMatch(/--draft/);
  });
});
