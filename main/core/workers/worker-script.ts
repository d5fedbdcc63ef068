import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SigndeskError } from '../../../preload/contract/errors';

export type WorkerName = 'file-worker' | 'signing-thread';

/**
 * Where a worker thread's bundled entry is: `SIGNDESK_WORKERS_DIR` (Vitest's setup bundles the sources there), else
 * the `workers/` folder beside the bundle that runs (out/main/workers, or a bundled CLI's). In the packaged app the
 * folder is unpacked next to app.asar (electron-builder.yml), where a worker thread can load it.
 */
export function workerScript(name: WorkerName): string {
  const file = `${name}.mjs`;
  const candidates = process.env.SIGNDESK_WORKERS_DIR ? [process.env.SIGNDESK_WORKERS_DIR] : bundleFolders();
  for (const folder of candidates) {
    const found = onDisk(path.join(folder, file));
    if (fs.existsSync(found)) return found;
  }
  throw new SigndeskError('ERR_INTERNAL', `The ${name} worker is missing (looked in ${candidates.join(', ')}): build the app first`);
}

function bundleFolders(): string[] {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return [path.join(here, 'workers'), path.join(here, '..', 'workers')];
}

/** In the packaged app, files unpacked from app.asar live in app.asar.unpacked. */
export function onDisk(resolved: string): string {
  const unpacked = resolved.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
  return unpacked !== resolved && fs.existsSync(unpacked) ? unpacked : resolved;
}
