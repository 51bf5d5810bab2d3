// Shared by the CLI commands.
export class UsageError extends Error {}

export interface ParsedCli {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}
