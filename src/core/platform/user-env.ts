// Tools the user installed (python3 with tinygrad, docker, Homebrew's) live on the login shell's PATH.
// An app started from Finder gets PATH=/usr/bin:/bin:/usr/sbin:/sbin, so whatever runs them asks here.
import type { Notice } from '../api/schemas';

export interface UserEnvironment {
  /** The environment to run the user's tools in: the app's own, with the login shell's PATH, TMPDIR and HOME. */
  get(): Promise<NodeJS.ProcessEnv>;
  /** Forgets the cached answer, for example after the setup wizard changed the shell profile. */
  invalidate(): void;
  /** What the popover should say about reading it ("your shell is slow to start"); null takes it back. */
  onNotice?(listener: (notice: Notice | null) => void): () => void;
}

/** The process's own environment: right for the CLI started from a terminal, and for tests. */
export function processEnvironment(env: NodeJS.ProcessEnv = process.env): UserEnvironment {
  return { get: async () => env, invalidate: () => undefined };
}
