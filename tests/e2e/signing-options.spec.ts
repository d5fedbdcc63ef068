import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startOpensslServices } from '../helpers/openssl-services';
import { expectNoSeriousViolations, saveScreenshot } from './fixtures';
import { addByTypedPaths, expect, MISSING_SIGNING_TOOLS, signSelection, test } from './queue-fixtures';
import { setLanguage } from './readable-helpers';

test.skip(Boolean(MISSING_SIGNING_TOOLS), `not run here without its tools (${MISSING_SIGNING_TOOLS}); CI installs them, and there a missing tool fails the run instead of skipping`);

const TEXTS = {
  uk: { title: 'Підписування', invalid: 'Введіть адресу, що починається з http:// або https://', saved: 'Збережено.' },
  ru: { title: 'Подписание', invalid: 'Введите адрес, начинающийся с http:// или https://', saved: 'Сохранено.' },
  en: { title: 'Signing', invalid: 'Type an address that starts with http:// or https://', saved: 'Saved.' },
} as const;

test('Settings → Signing: a time-stamp service and attached signatures, set in the app, give attached CAdES-T signatures that OpenSSL verifies', async ({ app: page, signingKey, workDir }, testInfo) => {
  const tsaKey = signingKey.ca.newKey('tsa');
  const tsa = await startOpensslServices(signingKey.ca, { certPath: path.join(signingKey.ca.dir, 'tsa.pem'), keyPath: tsaKey });
  signingKey.ca.issue('tsa', tsaKey, { extensions: ['extendedKeyUsage = critical,timeStamping'], subject: '/CN=E2E TSA/O=Signdesk Tests' });
  try {
    for (const language of ['ru', 'en', 'uk'] as const) {
      await setLanguage(page, language);
      const card = page.getByTestId('signing-options');
      await expect(card.locator('h2')).toHaveText(TEXTS[language].title);
      // Not an address: said inline, in the language, and nothing is saved.
      await page.getByTestId('settings-tsa').fill('tsa.example.ua');
      await page.getByTestId('settings-tsa-save').click();
      await expect(page.getByTestId('settings-tsa-error')).toContainText(TEXTS[language].invalid);
      await expect(page.getByTestId('settings-tsa')).toHaveAttribute('aria-invalid', 'true');
      await expectNoSeriousViolations(page, `Settings → Signing (${language})`);
      await saveScreenshot(page, testInfo, `settings-signing-invalid-${language}`);
      await page.getByTestId('settings-tsa').fill('');
    }

    await page.getByTestId('settings-tsa').fill(tsa.tsaUrl);
    await page.getByTestId('settings-tsa').press('Enter');
    await expect(page.getByTestId('signing-options-status')).toHaveText(TEXTS.uk.saved);
    await page.getByTestId('settings-attached').check();
    // Kept: after a reload the card shows what was set.
    await page.reload();
    await page.getByTestId('nav-settings').click();
    await expect(page.getByTestId('settings-tsa')).toHaveValue(tsa.tsaUrl);
    await expect(page.getByTestId('settings-attached')).toBeChecked();
    await saveScreenshot(page, testInfo, 'settings-signing-uk');

    const document = path.join(workDir, 'акт 21.txt');
    fs.writeFileSync(document, 'Акт виконаних робіт № 21\n');
    await page.getByTestId('nav-to-sign').click();
    await addByTypedPaths(page, [document]);
    await page.getByTestId('select-all').click();
    await signSelection(page, signingKey);
    await expect(page.getByTestId('batch-progress')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });

    // Attached: OpenSSL verifies it with no separate document and gives the document back; the time-stamp is inside.
    const signature = `${document}.p7s`;
    const content = path.join(workDir, 'content.out');
    execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', signature, '-CAfile', signingKey.ca.cert, '-purpose', 'any', '-out', content], { stdio: 'pipe' });
    expect(fs.readFileSync(content, 'utf8')).toBe('Акт виконаних робіт № 21\n');
    expect(execFileSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', signature]).toString()).toContain('id-smime-aa-timeStampToken');
    expect(tsa.counts.tsa).toBe(1);
  } finally {
    await tsa.close();
  }
});
