// electron-builder afterPack hook: runs after the app is assembled and before it is signed.
// node-pty 1.1.0's npm tarball ships prebuilds/darwin-*/spawn-helper with mode 0644 (node-pty #850,
// fixed in 1.2.0). Without the executable bit every terminal spawn fails with "posix_spawnp failed",
// so the wizard's setup steps could not run. Give the unpacked helpers mode 0755.
import { chmod, readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export default async function afterPack(context) {
  if (context.electronPlatformName !== 'darwin' && context.electronPlatformName !== 'mas') return;
  const appName = `${context.packager.appInfo.productFilename}.app`;
  const ptyDir = path.join(context.appOutDir, appName, 'Contents', 'Resources', 'app.asar.unpacked', 'node_modules', 'node-pty');
  const helpers = await findSpawnHelpers(ptyDir);
  if (helpers.length === 0) {
    throw new Error(`after-pack: no node-pty spawn-helper found under ${ptyDir}; is node-pty still unpacked from the asar?`);
  }
  for (const helper of helpers) {
    await chmod(helper, 0o755);
    console.log(`  • made executable: ${path.relative(context.appOutDir, helper)}`);
  }
}

async function findSpawnHelpers(ptyDir) {
  const candidates = [path.join(ptyDir, 'build', 'Release', 'spawn-helper')];
  const prebuilds = path.join(ptyDir, 'prebuilds');
  for (const entry of await readdir(prebuilds).catch(() => [])) {
    if (entry.startsWith('darwin-')) candidates.push(path.join(prebuilds, entry, 'spawn-helper'));
  }
  const found = [];
  for (const candidate of candidates) {
    const info = await stat(candidate).catch(() => null);
    if (info?.isFile()) found.push(candidate);
  }
  return found;
}
