// Finds an executable the way a shell would, without running a shell.
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';

export async function isExecutable(file: string): Promise<boolean> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return false;
    await fs.access(file, constants.X_OK);
    return true;
  } catch {
    // Missing or not executable: "not found" is the whole answer the caller needs.
    return false;
  }
}

/** Absolute path of `name` (or `name` itself when it is a path), or null when not found. */
export async function findExecutable(name: string, searchPath = process.env.PATH ?? ''): Promise<string | null> {
  if (name.includes('/')) return (await isExecutable(name)) ? path.resolve(name) : null;
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return null;
}
