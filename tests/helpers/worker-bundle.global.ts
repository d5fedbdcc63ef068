import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Vitest global setup: the worker threads run bundled entries (no TypeScript in a worker), so the current sources'
 * workers are bundled once per run into node_modules/.cache and SIGNDESK_WORKERS_DIR points the code there.
 */
export default async function setup(): Promise<() => void> {
  const root = path.resolve(import.meta.dirname, '../..');
  const { buildWorkers } = (await import(path.join(root, 'scripts/build-workers.mjs'))) as { buildWorkers(outDir: string): Promise<string> };
  const cache = path.join(root, 'node_modules', '.cache');
  fs.mkdirSync(cache, { recursive: true });
  const outDir = path.join(cache, `signdesk-workers-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  await buildWorkers(outDir);
  process.env.SIGNDESK_WORKERS_DIR = outDir;
  return () => fs.rmSync(outDir, { recursive: true, force: true });
}
