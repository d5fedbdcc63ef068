/** The worker entries by name → source file (repository-relative). */
export declare const WORKER_ENTRIES: Readonly<Record<string, string>>;
/** Bundles every worker entry into `outDir` as self-contained `<name>.mjs`; resolves with `outDir`. */
export declare function buildWorkers(outDir: string): Promise<string>;
