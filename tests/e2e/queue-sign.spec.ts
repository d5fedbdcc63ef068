import fs from 'node:fs';
import path from 'node:path';
import { test, expect, MISSING_SIGNING_TOOLS, signSelection } from './queue-fixtures';
import { saveScreenshot, seriousViolations } from './fixtures';
import { opensslVerifyDetached } from './signing-key';
import { dropFiles } from './drop-files';

test.skip(Boolean(MISSING_SIGNING_TOOLS), `not run here without its tools (${MISSING_SIGNING_TOOLS}); CI installs them, and there a missing tool fails the run instead of skipping`);

test('50 dropped files are signed in one batch, appear in History, and OpenSSL accepts every signature', async ({ app: page, signingKey, dataDir }, testInfo) => {
  await page.getByTestId('nav-to-sign').click();
  await expect(page.getByTestId('section-to-sign')).toBeVisible();
  expect(await seriousViolations(page), 'empty To sign').toEqual([]);

  // A real drop as the browser delivers it: File objects in a DataTransfer (a browser has no paths: uploads).
  const names = Array.from({ length: 50 }, (_, i) => `act-${String(i + 1).padStart(2, '0')}.txt`);
  await dropFiles(page, names.map((name) => ({ name, content: `Act ${name}\n`.repeat(20) })));

  await expect(page.getByTestId('queue-count')).toContainText('50');
  await expect(page.getByTestId('queue-status')).toContainText('50');
  await page.getByTestId('select-all').click();
  await expect(page.getByTestId('queue-count')).toContainText('selected: 50');
  expect(await seriousViolations(page), 'To sign with documents').toEqual([]);
  await saveScreenshot(page, testInfo, 'to-sign-50-selected');

  await signSelection(page, signingKey);
  const progress = page.getByTestId('batch-progress');
  await expect(progress).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('batch-counts')).toContainText('Signed 50');
  await expect(page.getByTestId('batch-counts')).toContainText('failed 0');
  expect(await seriousViolations(page), 'batch finished').toEqual([]);
  await saveScreenshot(page, testInfo, 'to-sign-batch-done');

  await page.getByTestId('nav-history').click();
  await expect(page.getByTestId('history-row')).toHaveCount(50);
  expect(await seriousViolations(page), 'History').toEqual([]);
  await saveScreenshot(page, testInfo, 'history-50');

  const documents = await page.getByTestId('history-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-document') ?? ''));
  expect(documents.map((doc) => path.basename(doc)).sort()).toEqual(names);
  for (const doc of documents) {
    expect(path.dirname(doc)).toBe(path.join(dataDir, 'inbox'));
    opensslVerifyDetached(`${doc}.p7s`, doc, signingKey.ca.cert);
  }

  // The list as CSV (a browser download here; the app writes it where the save dialog says).
  const downloading = page.waitForEvent('download');
  await page.getByTestId('history-csv').click();
  const csv = fs.readFileSync((await (await downloading).path())!, 'utf8');
  for (const name of names) expect(csv).toContain(name);
  expect(csv).toContain('Олена Підписувач');

  // Search narrows the list; every signer is shown with the key.
  await page.getByTestId('history-search').fill('act-07');
  await expect(page.getByTestId('history-row')).toHaveCount(1);
  await expect(page.getByTestId('history-signer')).toContainText('Олена Підписувач');
  expect(fs.existsSync(path.join(dataDir, 'inbox', 'act-07.txt.p7s'))).toBe(true);

  // Export the signature file (a browser has no save dialog: the path is typed) and open-folder says it cannot.
  await page.getByTestId('history-actions').click();
  await page.getByTestId('menu-exportSignature').click();
  const target = path.join(dataDir, 'copy.p7s');
  await page.getByTestId('export-signature-path').fill(target);
  await page.getByTestId('export-signature-save').click();
  await expect(page.getByTestId('history-status')).toContainText(target);
  expect(fs.readFileSync(target)).toEqual(fs.readFileSync(path.join(dataDir, 'inbox', 'act-07.txt.p7s')));
  await page.getByTestId('history-actions').click();
  await page.getByTestId('menu-showInFolder').click();
  await expect(page.getByTestId('history-status')).toContainText('cannot be opened from a browser');
});
