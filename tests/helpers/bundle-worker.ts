import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Bundles a worker-thread entry from the current sources (as electron-vite does for `out/main/verify-worker.js`) into
 * node_modules/.cache, so tests run the real threaded path; packages stay external and resolve to the repo's.
 */
export async function bundleWorker(entry: string, name: string): Promise<string> {
  const { build } = await import('rolldown');
  const cacheDir = path.join(ROOT, 'node_modules', '.cache');
  fs.mkdirSync(cacheDir, { recursive: true });
  const outDir = fs.mkdtempSync(path.join(cacheDir, `signdesk-${name}-`));
  await build({
    input: path.join(ROOT, entry),
    platform: 'node',
    external: (id) => !id.startsWith('.') && !path.isAbsolute(id),
    output: { dir: outDir, format: 'esm', entryFileNames: `${name}.mjs` },
    logLevel: 'silent',
  });
  return path.join(outDir, `${name}.mjs`);
}
