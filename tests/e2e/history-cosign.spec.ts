import path from 'node:path';
import { test, expect, MISSING_SIGNING_TOOLS, makeDocuments, addByTypedPaths, signSelection } from './queue-fixtures';
import { saveScreenshot, seriousViolations } from './fixtures';
import { keyOptionValue } from './key-options';
import { opensslVerifyDetached } from './signing-key';

test.skip(Boolean(MISSING_SIGNING_TOOLS), `not run here without its tools (${MISSING_SIGNING_TOOLS}); CI installs them, and there a missing tool fails the run instead of skipping`);

test('History: co-sign with another key, filter by signer and date, every screen in uk/ru/en without serious violations', async ({ app: page, signingKey, workDir }, testInfo) => {
  signingKey.addKey('e2e-key-2', 'Second Signer');
  const files = makeDocuments(path.join(workDir, 'docs'), 3);
  await page.getByTestId('nav-to-sign').click();
  await addByTypedPaths(page, files);
  await expect(page.getByTestId('queue-count')).toContainText('3');
  await page.getByTestId('select-all').click();
  await signSelection(page, signingKey);
  await expect(page.getByTestId('batch-progress')).toHaveAttribute('data-state', 'done');

  await page.getByTestId('nav-history').click();
  await expect(page.getByTestId('history-row')).toHaveCount(3);
  const row = page.locator(`[data-testid="history-row"][data-document="${files[1]}"]`);
  await row.getByTestId('history-actions').click();
  await page.getByTestId('menu-cosign').click();
  const dialog = page.getByTestId('cosign-dialog');
  await expect(dialog).toBeVisible();
  expect(await seriousViolations(page), 'co-sign dialog').toEqual([]);
  // The cabinet offers the second key (the first one has signed already).
  const second = await keyOptionValue(dialog.getByTestId('cosign-key'), { valueContains: 'object=e2e-key-2;' });
  await expect(dialog.getByTestId('cosign-key').locator('option[value*="object=e2e-key;"]')).toHaveCount(0);
  await dialog.getByTestId('cosign-key').selectOption(second);
  await dialog.getByTestId('cosign-secret').fill(signingKey.pin);
  await saveScreenshot(page, testInfo, 'history-cosign-dialog');
  await dialog.getByTestId('cosign-submit').click();
  await expect(dialog).toHaveCount(0);
  await expect(row.getByTestId('history-signer')).toHaveCount(2);
  await expect(row).toContainText('Second Signer');
  // OpenSSL checks every SignerInfo: both signers must verify over the same document.
  opensslVerifyDetached(`${files[1]}.p7s`, files[1]!, signingKey.ca.cert);
  await saveScreenshot(page, testInfo, 'history-cosigned');

  // Filter by signer: only the co-signed document has the second signer.
  await page.getByTestId('history-signer-filter').selectOption({ label: 'Second Signer — Signdesk E2E' });
  await expect(page.getByTestId('history-row')).toHaveCount(1);
  await page.getByTestId('history-signer-filter').selectOption('');
  // Date filter: nothing was signed before yesterday; today holds all three.
  const today = new Date();
  const day = (date: Date) => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
  await page.getByTestId('history-to').fill(day(new Date(today.getTime() - 2 * 86_400_000)));
  await expect(page.getByTestId('history-row')).toHaveCount(0);
  await page.getByTestId('history-to').fill('');
  await page.getByTestId('history-from').fill(day(today));
  await expect(page.getByTestId('history-row')).toHaveCount(3);

  for (const language of ['uk', 'ru', 'en'] as const) {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-language').selectOption(language);
    expect(await seriousViolations(page), `settings ${language}`).toEqual([]);
    for (const section of ['to-sign', 'history', 'verify'] as const) {
      await page.getByTestId(`nav-${section}`).click();
      await expect(page.getByTestId(`section-${section}`)).toBeVisible();
      expect(await seriousViolations(page), `${section} ${language}`).toEqual([]);
      if (language !== 'en') await saveScreenshot(page, testInfo, `${section}-${language}`);
    }
  }
});
