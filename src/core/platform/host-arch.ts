// The Mac's real CPU: Apple Silicon or Intel. An x64 build running under Rosetta reports
// process.arch === 'x64' on Apple Silicon, so ask the kernel instead. Not a Mac → null.
import { runCommand } from './run-command';

export async function macHostArch(platform: NodeJS.Platform = process.platform): Promise<'arm64' | 'x86_64' | null> {
  if (platform !== 'darwin') return null;
  const result = await runCommand({ argv: ['/usr/sbin/sysctl', '-n', 'hw.optional.arm64'], timeoutMs: 2000, maxOutputBytes: 1024 });
  if (result.error === null && result.stdout.trim() === '1') return 'arm64';
  // The key is missing on Intel Macs (sysctl exits non-zero) and reads 0 there on some versions.
  if (result.error === null) return 'x86_64';
  return process.arch === 'arm64' ? 'arm64' : null;
}
