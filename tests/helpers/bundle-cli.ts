import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Bundles the CLI from the current sources into one ESM file under node_modules/.cache (so its bare imports —
 * better-sqlite3, pkcs11js, pkijs — resolve to the repo's node_modules), for tests that must spawn a real
 * `signdesk` process (e.g. to SIGKILL it). Packages stay external, as in the electron-vite build.
 */
export function bundleCli(): Promise<string> {
  return bundleNodeScript('main/cli/index.ts');
}

/** The same for any entry of ours (repo-relative), e.g. a test's child-process script: the path of the bundle. */
export async function bundleNodeScript(entry: string): Promise<string> {
  const { build } = await import('rolldown');
  // A fresh `npm ci` has no node_modules/.cache yet.
  const cacheDir = path.join(ROOT, 'node_modules', '.cache');
  fs.mkdirSync(cacheDir, { recursive: true });
  const outDir = fs.mkdtempSync(path.join(cacheDir, 'signdesk-script-'));
  const name = `${path.basename(entry).replace(/\.[cm]?ts$/, '')}.mjs`;
  await build({
    input: path.join(ROOT, entry),
    platform: 'node',
    external: (id) => !id.startsWith('.') && !path.isAbsolute(id),
    output: { dir: outDir, format: 'esm', entryFileNames: name },
    logLevel: 'silent',
  });
  const { buildWorkers } = (await import(path.join(ROOT, 'scripts/build-workers.mjs'))) as { buildWorkers(outDir: string): Promise<string> };
  await buildWorkers(path.join(outDir, 'workers'));
  return path.join(outDir, name);
}
