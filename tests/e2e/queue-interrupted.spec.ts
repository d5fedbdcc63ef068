import path from 'node:path';
import { test, expect, MISSING_SIGNING_TOOLS, makeDocuments, addByTypedPaths, signSelection } from './queue-fixtures';
import { saveScreenshot, seriousViolations, startBridgeProcess, stopBridgeProcess } from './fixtures';
import { opensslVerifyDetached } from './signing-key';

test.skip(Boolean(MISSING_SIGNING_TOOLS), `not run here without its tools (${MISSING_SIGNING_TOOLS}); CI installs them, and there a missing tool fails the run instead of skipping`);

// Enough that the batch is still running when the crash comes, however fast the machine signs (about 2,000 files/s here).
const COUNT = 5000;

test('a batch cut short by a crash is offered after the restart and finishes when resumed', async ({ page, dataDir, signingKey, workDir }, testInfo) => {
  test.setTimeout(180_000);
  const files = makeDocuments(path.join(workDir, 'docs'), COUNT, 32 * 1024);
  const first = await startBridgeProcess(signingKey.bridgeEnv, dataDir);
  try {
    await page.goto(first.url);
    await page.getByTestId('nav-to-sign').click();
    await addByTypedPaths(page, [path.join(workDir, 'docs')]);
    await expect(page.getByTestId('queue-count')).toContainText(String(COUNT), { timeout: 60_000 });
    await page.getByTestId('select-all').click();
    await signSelection(page, signingKey);
    await expect(page.getByTestId('batch-progress')).toHaveAttribute('data-state', 'running');
    // Cut it short once some documents are signed, so the resume has both done and pending items.
    await expect(page.getByTestId('batch-counts')).toHaveText(/Signed [1-9]/, { timeout: 30_000 });
  } finally {
    // The crash: no goodbye, no journal flush beyond what was already committed.
    first.process.kill('SIGKILL');
    await stopBridgeProcess(first);
  }

  const second = await startBridgeProcess(signingKey.bridgeEnv, dataDir);
  try {
    await page.goto(second.url);
    // Whatever screen the app opens on, the unfinished batch is announced there.
    await expect(page.getByTestId('section-cabinet')).toBeVisible();
    await expect(page.getByTestId('interrupted-notice')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('interrupted-notice-open').click();
    await expect(page.getByTestId('section-to-sign')).toBeVisible();
    const offer = page.getByTestId('interrupted-batch');
    await expect(offer).toBeVisible();
    await expect(offer).toContainText(`of ${COUNT} documents`);
    // Only the offer: the crashed batch is not shown as if it were still running.
    await expect(page.getByTestId('batch-progress')).toHaveCount(0);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, testInfo, 'interrupted-offered');
    await page.getByTestId('interrupted-secret').fill(signingKey.pin);
    await page.getByTestId('interrupted-resume').click();
    await expect(offer).toHaveCount(0);
    await expect(page.getByTestId('batch-progress')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
    await expect(page.getByTestId('batch-counts')).toContainText(`Signed ${COUNT}`);
    await saveScreenshot(page, testInfo, 'interrupted-resumed-done');
    for (const file of [files[0]!, files[COUNT - 1]!]) opensslVerifyDetached(`${file}.p7s`, file, signingKey.ca.cert);
  } finally {
    await stopBridgeProcess(second);
  }
});
