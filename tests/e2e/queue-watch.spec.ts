import fs from 'node:fs';
import path from 'node:path';
import { test, expect, MISSING_SIGNING_TOOLS, makeDocuments, addByTypedPaths, signSelection } from './queue-fixtures';
import { saveScreenshot, seriousViolations } from './fixtures';

test.skip(Boolean(MISSING_SIGNING_TOOLS), `not run here without its tools (${MISSING_SIGNING_TOOLS}); CI installs them, and there a missing tool fails the run instead of skipping`);

test('a watched inbox folder set in Settings feeds the list; a file that vanished is reported, the others are signed', async ({ app: page, signingKey, workDir }, testInfo) => {
  const inbox = path.join(workDir, 'inbox');
  fs.mkdirSync(inbox);
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('watched-path').fill(inbox);
  await page.getByTestId('watched-add').click();
  await expect(page.getByTestId('watched-folders')).toContainText(inbox);
  expect(await seriousViolations(page)).toEqual([]);
  await saveScreenshot(page, testInfo, 'settings-watched-folder');

  await page.getByTestId('nav-to-sign').click();
  fs.writeFileSync(path.join(inbox, 'incoming.pdf'), 'arrived by itself\n');
  await expect(page.getByTestId('queue-row')).toContainText(['incoming.pdf'], { timeout: 20_000 });

  const files = makeDocuments(path.join(workDir, 'docs'), 3);
  await addByTypedPaths(page, files);
  await expect(page.getByTestId('queue-count')).toContainText('Documents: 4');
  fs.rmSync(files[1]!);
  await page.getByTestId('select-all').click();
  await signSelection(page, signingKey);
  await expect(page.getByTestId('batch-progress')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('batch-counts')).toContainText('Signed 3');
  await expect(page.getByTestId('batch-counts')).toContainText('failed 1');
  const failures = page.getByTestId('batch-failures');
  await expect(failures).toContainText(path.basename(files[1]!));
  await expect(failures.locator('[data-error-code]')).toHaveCount(1);
  expect(fs.existsSync(path.join(inbox, 'incoming.pdf.p7s'))).toBe(true);
  // The signed documents leave the list; the one that failed stays for another try.
  await expect(page.getByTestId('queue-row')).toHaveCount(1);
  await expect(page.getByTestId('queue-row')).toContainText(path.basename(files[1]!));
  expect(await seriousViolations(page)).toEqual([]);
  await saveScreenshot(page, testInfo, 'batch-with-failure');
});
