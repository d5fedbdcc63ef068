import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, MISSING_SIGNING_TOOLS, signSelection } from './queue-fixtures';
import { saveScreenshot, seriousViolations } from './fixtures';
import { dropFiles } from './drop-files';
import { trustForVerify } from './trust';
import { minimalPdf } from '../helpers/pdf-fixtures';
import { runPdfsig } from '../helpers/pdfsig';
import { missingTools } from '../helpers/require-tools';

const MISSING = MISSING_SIGNING_TOOLS || missingTools(['pdfsig']);
test.skip(Boolean(MISSING), `not run here without its tools (${MISSING}); CI installs them, and there a missing tool fails the run instead of skipping`);

async function setLanguage(page: Page, language: 'uk' | 'en'): Promise<void> {
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-language').selectOption(language);
  await expect(page.locator('html')).toHaveAttribute('lang', language);
}

const upload = (file: string) => ({ name: path.basename(file), content: fs.readFileSync(file) });

test('PAdES chosen in the sign panel signs two PDFs; History shows the format; Verify checks a PDF and an ASiC-E container', async ({ app: page, signingKey, dataDir }, testInfo) => {
  trustForVerify(dataDir, signingKey.ca.cert);
  const inbox = path.join(dataDir, 'inbox');

  // Two PDFs, signed PAdES with a visible signature (the choice is remembered in the settings).
  await page.getByTestId('nav-to-sign').click();
  await dropFiles(page, [
    { name: 'act-1.pdf', content: minimalPdf('Act 1') },
    { name: 'act-2.pdf', content: minimalPdf('Act 2') },
  ]);
  await expect(page.getByTestId('queue-count')).toContainText('2');
  await page.getByTestId('select-all').click();
  await page.getByTestId('sign-format-pades').check();
  await page.getByTestId('sign-visible').check();
  await page.getByTestId('sign-visible-corner').selectOption('bottom-left');
  expect(await seriousViolations(page), 'sign panel with PAdES').toEqual([]);
  await saveScreenshot(page, testInfo, 'sign-panel-pades-en');
  await signSelection(page, signingKey);
  await expect(page.getByTestId('batch-progress')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('batch-counts')).toContainText('Signed 2');
  const signed = ['act-1-signed.pdf', 'act-2-signed.pdf'].map((name) => path.join(inbox, name));
  for (const file of signed) expect(fs.existsSync(file), `${file} among ${fs.readdirSync(inbox).join(', ')}`).toBe(true);
  for (const file of signed) expect(runPdfsig(file).signatures.map((signature) => signature.validation)).toEqual(['Signature is Valid.']);

  // Remembered: after a reload the panel still offers PAdES, visible, bottom left.
  await page.reload();
  await page.getByTestId('nav-to-sign').click();
  await dropFiles(page, [{ name: 'letter.txt', content: 'A letter to sign as a container.\n' }]);
  await expect(page.getByTestId('queue-count')).toContainText('1');
  await expect(page.getByTestId('sign-format-pades')).toBeChecked();
  await expect(page.getByTestId('sign-visible-corner')).toHaveValue('bottom-left');
  // The letter goes into an ASiC-E container.
  await page.getByTestId('select-all').click();
  await page.getByTestId('sign-format-asice').check();
  await signSelection(page, signingKey);
  await expect(page.getByTestId('batch-progress')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  const container = path.join(inbox, 'letter.txt.asice');
  expect(fs.existsSync(container)).toBe(true);

  // History: the format of each entry; opening the output says where it is (a browser cannot open files).
  await page.getByTestId('nav-history').click();
  await expect(page.getByTestId('history-row')).toHaveCount(3);
  const formats = await page.getByTestId('history-format').allTextContents();
  expect(formats.sort()).toEqual(['ASiC-E', 'PAdES', 'PAdES']);
  expect(await seriousViolations(page), 'History with formats').toEqual([]);
  await saveScreenshot(page, testInfo, 'history-formats-en');
  await page.getByTestId('history-search').fill('act-1');
  await expect(page.getByTestId('history-row')).toHaveCount(1);
  await page.getByTestId('history-open').click();
  await expect(page.getByTestId('history-status')).toContainText(signed[0]!);

  // Verify, in Ukrainian: a signed PDF alone, then the container alone.
  await setLanguage(page, 'uk');
  await page.getByTestId('nav-history').click();
  await expect(page.getByTestId('history-format').first()).toBeVisible();
  await saveScreenshot(page, testInfo, 'history-formats-uk');
  await page.getByTestId('nav-verify').click();
  await page.getByTestId('verify-no-revocation').check();
  await dropFiles(page, [upload(signed[0]!)]);
  const result = page.getByTestId('verify-result');
  await expect(result).toHaveAttribute('data-valid', 'true');
  await expect(page.getByTestId('verify-pades-level')).toContainText('B-B');
  await expect(page.getByTestId('verify-covers-whole')).toContainText('Охоплює весь документ');
  await expect(page.getByTestId('signer-report')).toContainText('Олена Підписувач');
  expect(await seriousViolations(page), 'Verify a PDF (uk)').toEqual([]);
  await saveScreenshot(page, testInfo, 'verify-pdf-uk');

  await dropFiles(page, [upload(container)]);
  await expect(result).toHaveAttribute('data-valid', 'true');
  await expect(page.getByTestId('verify-container-facts')).toContainText('letter.txt');
  await expect(page.getByTestId('verify-asic-signer')).toContainText('letter.txt');
  expect(await seriousViolations(page), 'Verify a container (uk)').toEqual([]);
  await saveScreenshot(page, testInfo, 'verify-asice-uk');

  // English, and the documents extracted into a folder (typed: a browser has no folder dialog).
  await setLanguage(page, 'en');
  await page.getByTestId('nav-verify').click();
  await page.getByTestId('verify-no-revocation').check();
  await dropFiles(page, [upload(container)]);
  await expect(result).toHaveAttribute('data-valid', 'true');
  await page.getByTestId('verify-extract').click();
  const target = path.join(dataDir, 'extracted');
  await page.getByTestId('verify-extract-folder').fill(target);
  await page.getByTestId('verify-extract-start').click();
  await expect(page.getByTestId('verify-extracted')).toContainText('Extracted: 1');
  expect(fs.readFileSync(path.join(target, 'letter.txt'), 'utf8')).toBe('A letter to sign as a container.\n');
  expect(await seriousViolations(page), 'Verify a container (en)').toEqual([]);
  await saveScreenshot(page, testInfo, 'verify-asice-en');

  await dropFiles(page, [upload(signed[1]!)]);
  await expect(result).toHaveAttribute('data-valid', 'true');
  await expect(page.getByTestId('verify-covers-whole')).toContainText('Covers the whole document');
  await saveScreenshot(page, testInfo, 'verify-pdf-en');
});
