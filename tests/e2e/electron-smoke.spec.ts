import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { _electron as electron, expect, test } from '@playwright/test';
import type { SigndeskWireApi } from '../../preload/contract/index';

const require = createRequire(import.meta.url);

/** The page's global as the renderer sees it (the node tsconfig has no DOM types). */
type PageGlobal = { signdesk: SigndeskWireApi; location: { href: string }; require?: unknown };

/**
 * The Electron binary's path, or why there is none. Read from the package's path.txt rather than through
 * require('electron'), which starts a download when the binary is missing.
 */
function electronBinary(): { path?: string; reason?: string } {
  const packageDir = path.dirname(require.resolve('electron/package.json'));
  const pathFile = path.join(packageDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return { reason: 'Electron binary not installed (npm ci ran with ELECTRON_SKIP_BINARY_DOWNLOAD=1)' };
  const relative = fs.readFileSync(pathFile, 'utf8').trim();
  const binary = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(packageDir, 'dist'), relative);
  return fs.existsSync(binary) ? { path: binary } : { reason: `Electron binary missing at ${binary}` };
}

test('the real Electron app starts with an isolated, sandboxed renderer', async () => {
  const binary = electronBinary();
  if (!binary.path) console.log(`electron smoke test skipped: ${binary.reason}`);
  test.skip(!binary.path, `${binary.reason}; the same UI and contract are covered through the bridge in Chromium`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-electron-'));
  const app = await electron.launch({ executablePath: binary.path!, args: ['.'], env: { ...process.env, SIGNDESK_DATA_DIR: dataDir } });
  try {
    const window = await app.firstWindow();
    await expect(window.locator('main#main-content')).toBeVisible();
    expect(await window.evaluate(() => typeof (globalThis as unknown as PageGlobal).require)).toBe('undefined');
    expect(await window.evaluate(() => typeof (globalThis as unknown as PageGlobal).signdesk.app.info)).toBe('function');
    expect(await window.evaluate(() => new URL((globalThis as unknown as PageGlobal).location.href).protocol)).toBe('app:');
    const info = await window.evaluate(() => (globalThis as unknown as PageGlobal).signdesk.app.info());
    expect(info).toMatchObject({ ok: true, value: { runtime: 'electron', dataDir } });
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
