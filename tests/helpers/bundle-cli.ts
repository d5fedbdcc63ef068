import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Bundles the CLI from the current sources into one ESM file under node_modules/.cache (so its bare imports —
 * better-sqlite3, pkcs11js, pkijs — resolve to the repo's node_modules), for tests that must spawn a real
 * `signdesk` process (e.g. to SIGKILL it). Packages stay external, as in the electron-vite build.
 */
export async function bundleCli(): Promise<string> {
  const { build } = await import('rolldown');
  // A fresh `npm ci` has no node_modules/.cache yet.
  const cacheDir = path.join(ROOT, 'node_modules', '.cache');
  fs.mkdirSync(cacheDir, { recursive: true });
  const outDir = fs.mkdtempSync(path.join(cacheDir, 'signdesk-cli-'));
  fs.mkdirSync(outDir, { recursive: true });
  await build({
    input: path.join(ROOT, 'main/cli/index.ts'),
    platform: 'node',
    external: (id) => !id.startsWith('.') && !path.isAbsolute(id),
    output: { dir: outDir, format: 'esm', entryFileNames: 'cli.mjs' },
    logLevel: 'silent',
  });
  return path.join(outDir, 'cli.mjs');
}
