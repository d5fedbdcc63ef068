import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import type { SigndeskWireApi } from '../../preload/contract/index';
import { electronBinary } from './electron-binary';

/** The page's global as the renderer sees it (the node tsconfig has no DOM types). */
type PageGlobal = { signdesk: SigndeskWireApi; location: { href: string }; require?: unknown };

// Collected only where the Electron binary exists (playwright.config.ts says why it is not, where it is not).
test('the real Electron app starts with an isolated, sandboxed renderer', async () => {
  const binary = electronBinary();
  expect(binary.path, binary.reason).toBeTruthy();
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
