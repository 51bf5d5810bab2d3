// Types for what the tests read from eslint.config.js.
import type { Linter } from 'eslint';

/** The floors inside src/core, lowest first; a path is a folder, a file, or (the top floor) a glob. */
export declare const CORE_FLOORS: ReadonlyArray<{ floor: string; paths: readonly string[] }>;
declare const config: Linter.Config[];
export default config;
