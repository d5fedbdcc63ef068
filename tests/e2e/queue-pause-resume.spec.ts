import type { Page } from '@playwright/test';
import path from 'node:path';
import { test, expect, MISSING_SIGNING_TOOLS, makeDocuments, addByTypedPaths, signSelection } from './queue-fixtures';
import { saveScreenshot, seriousViolations } from './fixtures';
import { opensslVerifyDetached } from './signing-key';

test.skip(Boolean(MISSING_SIGNING_TOOLS), `not run here without its tools (${MISSING_SIGNING_TOOLS}); CI installs them, and there a missing tool fails the run instead of skipping`);

// Enough that the batch is still running when Pause lands, however fast the machine signs (about 2,000 files/s here).
const COUNT = 5000;

async function counts(page: Page): Promise<number[]> {
  const text = (await page.getByTestId('batch-counts').textContent()) ?? '';
  return (text.match(/\d+/g) ?? []).map(Number);
}

test('a running batch pauses, stays still while paused, and resumes to the end', async ({ app: page, signingKey, workDir }, testInfo) => {
  test.setTimeout(180_000);
  const files = makeDocuments(path.join(workDir, 'docs'), COUNT, 32 * 1024);
  await page.getByTestId('nav-to-sign').click();
  await addByTypedPaths(page, [path.join(workDir, 'docs')]);
  await expect(page.getByTestId('queue-count')).toContainText(String(COUNT), { timeout: 60_000 });
  await page.getByTestId('queue-list').focus();
  await page.keyboard.press('Control+a');
  await signSelection(page, signingKey, { typed: true });

  await page.getByTestId('batch-pause').click();
  const progress = page.getByTestId('batch-progress');
  await expect(progress).toHaveAttribute('data-state', 'paused');
  await expect(page.getByTestId('batch-resume')).toBeVisible();
  // Settled: whatever was in flight when pausing has landed; from then on nothing moves.
  await page.waitForTimeout(500);
  const paused = await counts(page);
  await page.waitForTimeout(1000);
  expect(await counts(page)).toEqual(paused);
  expect(paused[0]!).toBeLessThan(COUNT);
  expect(await seriousViolations(page)).toEqual([]);
  await saveScreenshot(page, testInfo, 'batch-paused');

  await page.getByTestId('batch-resume').click();
  await expect(progress).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await expect(page.getByTestId('batch-counts')).toContainText(`Signed ${COUNT}`);
  await saveScreenshot(page, testInfo, 'batch-resumed-done');
  for (const file of [files[0]!, files[COUNT / 2]!, files[COUNT - 1]!]) opensslVerifyDetached(`${file}.p7s`, file, signingKey.ca.cert);
});
