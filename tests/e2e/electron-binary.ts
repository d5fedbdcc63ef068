import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The Electron binary's path, or why there is none. Read from the package's path.txt rather than through
 * require('electron'), which starts a download when the binary is missing.
 */
export function electronBinary(): { path?: string; reason?: string } {
  const packageDir = path.dirname(require.resolve('electron/package.json'));
  const pathFile = path.join(packageDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return { reason: 'the Electron binary is not installed (npm ci ran with ELECTRON_SKIP_BINARY_DOWNLOAD=1)' };
  const relative = fs.readFileSync(pathFile, 'utf8').trim();
  const binary = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(packageDir, 'dist'), relative);
  return fs.existsSync(binary) ? { path: binary } : { reason: `the Electron binary is missing at ${binary}` };
}
