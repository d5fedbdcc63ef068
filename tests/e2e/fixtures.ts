import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export interface Bridge {
  url: string;
  dataDir: string;
  process: ChildProcess;
}

const BRIDGE_ENTRY = path.resolve('out/main/bridge.js');

/** Starts `node out/main/bridge.js` (what `npm run dev:web` runs after building) and waits for its URL line. */
export async function startBridgeProcess(env: NodeJS.ProcessEnv, dataDir: string): Promise<Bridge> {
  if (!fs.existsSync(BRIDGE_ENTRY)) throw new Error('out/main/bridge.js is missing: run `npm run build` first');
  const child = spawn(process.execPath, [BRIDGE_ENTRY], { env: { ...process.env, ...env, SIGNDESK_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`bridge did not start: ${stderr}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^Signdesk UI: (\S+)$/m.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bridge exited with ${code}: ${stderr}`));
    });
  });
  return { url, dataDir, process: child };
}

export async function stopBridgeProcess(bridge: Bridge): Promise<void> {
  if (bridge.process.exitCode !== null) return;
  const exited = new Promise((resolve) => bridge.process.once('exit', resolve));
  bridge.process.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  if (bridge.process.exitCode === null) bridge.process.kill('SIGKILL');
}

/** Serious and critical axe-core violations of the page as it is now (WCAG 2.1 A/AA). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/** Fails with `where` in the message when axe finds a serious or critical violation on the page. */
export async function expectNoSeriousViolations(page: Page, where: string): Promise<void> {
  expect(await seriousViolations(page), where).toEqual([]);
}

/** Screenshots are kept as test artifacts under test-results/<test>/. */
export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

type Fixtures = {
  /** Extra environment for the bridge process (e.g. SOFTHSM2_CONF for a test's own token). */
  bridgeEnv: NodeJS.ProcessEnv;
  dataDir: string;
  bridge: Bridge;
  app: Page;
};

export const test = base.extend<Fixtures>({
  bridgeEnv: [{}, { option: true }],
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture list from this destructuring
  dataDir: async ({}, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-e2e-'));
    await use(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  },
  bridge: async ({ bridgeEnv, dataDir }, use) => {
    const bridge = await startBridgeProcess(bridgeEnv, dataDir);
    await use(bridge);
    await stopBridgeProcess(bridge);
  },
  app: async ({ page, bridge }, use) => {
    await page.goto(bridge.url);
    await expect(page.locator('main#main-content')).toBeVisible();
    await use(page);
  },
});

export { expect };
