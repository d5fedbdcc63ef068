// The worker threads' entry points, bundled on their own: one self-contained ESM file each (`.mjs`, so no
// package.json is needed to read them as modules), with every dependency inlined except the native pkcs11js, so
// the packaged app can load them from app.asar.unpacked. Used by the electron-vite build (out/main/workers), by
// Vitest's global setup and by the tests that bundle the CLI.
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

// electron-vite bundles this file into its config at the repository root, where import.meta.dirname is the root.
const ROOT = fs.existsSync(path.join(import.meta.dirname, 'scripts', 'build-workers.mjs')) ? import.meta.dirname : path.resolve(import.meta.dirname, '..');

export const WORKER_ENTRIES = {
  'file-worker': 'main/core/formats/file-worker.ts',
  'signing-thread': 'main/core/token/signing-thread.ts',
};

const NATIVE = new Set(['pkcs11js']);
const BUILTIN = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

export async function buildWorkers(outDir) {
  const { build } = await import('rolldown');
  await build({
    input: Object.fromEntries(Object.entries(WORKER_ENTRIES).map(([name, file]) => [name, path.join(ROOT, file)])),
    platform: 'node',
    external: (id) => BUILTIN.has(id) || NATIVE.has(id),
    output: { dir: outDir, format: 'esm', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' },
    logLevel: 'silent',
  });
  return outDir;
}
