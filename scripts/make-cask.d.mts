// Types for scripts/make-cask.mjs, so the tests import it type-checked.
export declare const CASK_PATH: string;
export declare function makeCask(release: { version: string; sha256: string; repository: string }): string;
export declare function publishRepository(builderConfigText: string): string;
export declare function sha256Of(file: string): string;
