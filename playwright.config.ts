import { defineConfig } from '@playwright/test';
import { electronBinary } from './tests/e2e/electron-binary';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

// The `_electron` smoke test launches the real app, so it is collected only where the Electron binary exists.
// Without it (this CI: ELECTRON_SKIP_BINARY_DOWNLOAD=1) it is not run, and the run says so once, with why; the same
// UI and contract are covered through the bridge in Chromium.
const electron = electronBinary();

// Chromium on Linux reads file names through the C library's locale: without a UTF-8 one (a CI shell often has
// none) a picked file named in Cyrillic never reaches the page. A user's desktop has a UTF-8 locale; give the
// browser one when the shell does not.
function utf8LocaleEnv(): Record<string, string> {
  const current = process.env.LC_ALL || process.env.LC_CTYPE || process.env.LANG || '';
  return /utf-?8/i.test(current) ? {} : { LC_ALL: 'C.UTF-8' };
}

if (!electron.path && process.env.TEST_WORKER_INDEX === undefined) {
  console.log(`Electron smoke test (tests/e2e/electron-smoke.spec.ts) not run: ${electron.reason}`);
}

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  testIgnore: electron.path ? [] : ['**/electron-smoke.spec.ts'],
  outputDir: 'test-results',
  // Two cores: one browser at a time keeps timings honest and SoftHSM2 tokens private per test.
  workers: 1,
  // CI machines are slower and busier than a laptop: a test that fails there gets one more run, and `npm test`
  // names every test that needed it, with its first failure, at the end of the log (nothing passes silently).
  retries: process.env.CI ? 1 : 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  forbidOnly: true,
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'reports/e2e-report.json' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 860 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_FLAGS,
      env: { ...process.env, ...utf8LocaleEnv() },
    },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
