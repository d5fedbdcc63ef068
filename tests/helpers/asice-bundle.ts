import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Bundles tests/helpers/asice-driver.ts (packages stay external) for tests that run the engine in its own process. */
export async function bundleAsiceDriver(): Promise<string> {
  const { build } = await import('rolldown');
  const cacheDir = path.join(ROOT, 'node_modules', '.cache');
  fs.mkdirSync(cacheDir, { recursive: true });
  const outDir = fs.mkdtempSync(path.join(cacheDir, 'signdesk-asice-'));
  await build({
    input: path.join(ROOT, 'tests/helpers/asice-driver.ts'),
    platform: 'node',
    external: (id) => !id.startsWith('.') && !path.isAbsolute(id),
    output: { dir: outDir, format: 'esm', entryFileNames: 'asice-driver.mjs' },
    logLevel: 'silent',
  });
  return path.join(outDir, 'asice-driver.mjs');
}

export interface DriverOutcome<T> {
  result?: T;
  error?: { code?: string; message?: string };
  peakRss: number;
  maxRss: number;
}

/** Runs the bundled driver with a spec; resolves with what it printed. The driver is killed after `timeoutMs`. */
export function runAsiceDriver<T>(bundle: string, operation: 'write' | 'inspect', specFile: string, timeoutMs = 480_000): Promise<DriverOutcome<T>> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [bundle, operation, specFile], { maxBuffer: 16 * 1024 * 1024, timeout: timeoutMs, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      const line = stdout.trim().split('\n').at(-1);
      if (!line) return reject(new Error(`the driver printed nothing: ${error?.message ?? ''} ${stderr}`));
      resolve(JSON.parse(line) as DriverOutcome<T>);
    });
  });
}
