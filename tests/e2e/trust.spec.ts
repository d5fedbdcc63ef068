import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, saveScreenshot, expectNoSeriousViolations } from './fixtures';
import { OpensslCa, startOpensslServer, type RunningServer } from '../helpers/openssl-ca';
import { missingTools } from '../helpers/require-tools';
import { dropFiles } from './drop-files';

const MISSING = missingTools(['openssl']);
test.skip(Boolean(MISSING), `not run here without its tools (${MISSING}); CI installs them, and there a missing tool fails the run instead of skipping`);

const SHOTS = '/work/shots';

const TEXT = {
  en: { untrusted: 'Settings → Trusted certificates', valid: 'The signature is valid', title: 'Trusted certificates' },
  uk: { untrusted: 'Налаштуваннях → Довірені сертифікати', valid: 'Підпис чинний', title: 'Довірені сертифікати' },
  ru: { untrusted: 'Настройках → Доверенные сертификаты', valid: 'Подпись действительна', title: 'Доверенные сертификаты' },
} as const;
type Language = keyof typeof TEXT;

/** A detached CAdES signature made by OpenSSL that carries its CA's certificate, the document, and the CA. */
function signedAct(dir: string): { ca: OpensslCa; doc: string; sig: string } {
  const ca = new OpensslCa(path.join(dir, 'ca'), 'Kyiv Test CA');
  const key = ca.newKey('signer');
  const cert = ca.issue('signer', key, { subject: '/CN=Olena Bukhhalter/O=Signdesk Tests' });
  const doc = path.join(dir, 'act-17.txt');
  fs.writeFileSync(doc, 'Act of completed work no. 17\n');
  const sig = `${doc}.p7s`;
  ca.openssl(['cms', '-sign', '-cades', '-binary', '-md', 'sha256', '-in', doc, '-signer', cert, '-inkey', key, '-certfile', ca.cert, '-outform', 'DER', '-out', sig]);
  return { ca, doc, sig };
}

function fingerprintOf(pemFile: string): string {
  return new crypto.X509Certificate(fs.readFileSync(pemFile)).fingerprint256.replace(/:/g, '').toLowerCase();
}

async function shot(page: Page, testInfo: Parameters<typeof saveScreenshot>[1], name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  await saveScreenshot(page, testInfo, name);
}

async function setLanguage(page: Page, language: Language): Promise<void> {
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-language').selectOption(language);
}

test('an untrusted issuer: indeterminate → added in Settings → Trusted certificates → valid; removed → indeterminate again (en, uk, ru)', async ({ app: page }, testInfo) => {
  test.setTimeout(480_000);
  await page.setViewportSize({ width: 1366, height: 860 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-e2e-trust-'));
  try {
    const { ca, doc, sig } = signedAct(dir);
    const fingerprint = fingerprintOf(ca.cert);
    const signer = page.getByTestId('signer-report');
    const trusted = page.getByTestId('trusted-certificate');

    await page.getByTestId('nav-verify').click();
    await page.getByTestId('verify-no-revocation').check();
    // A folder (bulk verification) says the same above its verdicts.
    await page.locator('.typed-paths summary').click();
    await page.getByTestId('verify-folder-path').fill(dir);
    await page.getByTestId('verify-folder-submit').click();
    await expect(page.getByTestId('verify-bulk-settle').getByTestId('settle-untrusted')).toContainText(TEXT.en.untrusted);

    await dropFiles(page, [
      { name: path.basename(sig), content: fs.readFileSync(sig) },
      { name: path.basename(doc), content: fs.readFileSync(doc) },
    ]);

    for (const language of ['en', 'uk', 'ru'] as const) {
      await setLanguage(page, language);
      await page.getByTestId('nav-verify').click();
      // Verify checks the last files again when it opens: with nothing trusted, not established, and it says why.
      await expect(signer).toHaveAttribute('data-indication', 'INDETERMINATE');
      await expect(page.getByTestId('settle-untrusted')).toContainText(TEXT[language].untrusted);
      await expect(page.getByTestId('check-chain')).toHaveAttribute('data-result', 'bad');
      await expectNoSeriousViolations(page, `indeterminate (${language})`);
      await shot(page, testInfo, `trust-verify-indeterminate-${language}`);

      // The button goes to Settings → Trusted certificates; the CA's certificate is added from a file.
      await page.getByTestId('settle-open-trusted').click();
      await expect(page.getByTestId('section-settings')).toBeVisible();
      await expect(page.getByTestId('trusted-certificates').getByRole('heading', { name: TEXT[language].title })).toBeFocused();
      await expect(page.getByTestId('trusted-none')).toBeVisible();
      const chooser = page.waitForEvent('filechooser');
      await page.getByTestId('trusted-add').click();
      await (await chooser).setFiles(ca.cert);
      await expect(trusted).toHaveCount(1);
      await expect(trusted).toHaveAttribute('data-fingerprint', fingerprint);
      await expect(trusted).toContainText('Kyiv Test CA');
      await expect(trusted.getByTestId('trusted-fingerprint')).toHaveText(fingerprint.toUpperCase().replace(/(.{4})(?!$)/g, '$1 '));
      await expect(page.getByTestId('trusted-status')).toContainText('Kyiv Test CA');
      // The same certificate again is recognised, not duplicated.
      const again = page.waitForEvent('filechooser');
      await page.getByTestId('trusted-add').click();
      await (await again).setFiles(ca.cert);
      await expect(page.getByTestId('trusted-status')).toContainText(language === 'en' ? 'Already trusted' : language === 'uk' ? 'Уже довірені' : 'Уже доверенные');
      await expect(trusted).toHaveCount(1);
      await expectNoSeriousViolations(page, `trusted certificates (${language})`);
      await page.getByTestId('trusted-certificates').scrollIntoViewIfNeeded();
      await shot(page, testInfo, `trust-settings-${language}`);

      // Back in Verify: valid.
      await page.getByTestId('nav-verify').click();
      await expect(signer).toHaveAttribute('data-indication', 'TOTAL-PASSED');
      await expect(page.getByTestId('verify-summary')).toContainText(TEXT[language].valid);
      await expect(page.getByTestId('verify-settle')).toHaveCount(0);
      await shot(page, testInfo, `trust-verify-valid-${language}`);

      // Removed (after a confirmation): indeterminate again.
      await page.getByTestId('nav-settings').click();
      await page.getByTestId('trusted-remove').click();
      await expect(page.getByTestId('trusted-remove-dialog')).toBeVisible();
      await page.getByTestId('trusted-remove-confirm').click();
      await expect(trusted).toHaveCount(0);
      await page.getByTestId('nav-verify').click();
      await expect(signer).toHaveAttribute('data-indication', 'INDETERMINATE');
    }

    // From the signature's own chain, after a clear warning (in Russian, the language left on).
    await page.getByTestId('settle-from-chain').click();
    const dialog = page.getByTestId('trust-from-chain-dialog');
    await expect(dialog.getByTestId('trust-from-chain-warning')).toContainText('сверив его отпечаток');
    await expect(dialog.getByTestId('trust-chain-item')).toHaveCount(1);
    await expect(dialog.getByTestId('trust-chain-item')).toContainText('Kyiv Test CA');
    await expect(dialog.getByRole('radio')).toBeChecked();
    await expectNoSeriousViolations(page, 'trust from the chain');
    await shot(page, testInfo, 'trust-from-chain-ru');
    await dialog.getByTestId('trust-from-chain-confirm').click();
    await expect(signer).toHaveAttribute('data-indication', 'TOTAL-PASSED');
    await page.getByTestId('nav-settings').click();
    await expect(trusted).toHaveAttribute('data-fingerprint', fingerprint);

    // The trust screen at 1024×768.
    await page.setViewportSize({ width: 1024, height: 768 });
    await setLanguage(page, 'uk');
    await page.getByTestId('trusted-certificates').scrollIntoViewIfNeeded();
    const box = await page.getByTestId('trusted-certificate').boundingBox();
    const main = await page.locator('main#main-content').boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(main!.x + main!.width + 1);
    await shot(page, testInfo, 'trust-settings-uk-1024');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the revoked director: revocation from the CA profile makes Verify say “revoked”; without it, what to set (en, uk, ru)', async ({ app: page, dataDir }, testInfo) => {
  test.setTimeout(480_000);
  await page.setViewportSize({ width: 1366, height: 860 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-e2e-trust-revoked-'));
  let ocsp: RunningServer | undefined;
  try {
    const ca = new OpensslCa(path.join(dir, 'ca'), 'Kyiv Test CA');
    const key = ca.newKey('director');
    // No AIA and no CRL distribution point: only the CA profile knows where to ask.
    const cert = ca.issue('director', key, { subject: '/CN=Director Petrenko/O=Signdesk Tests' });
    const doc = path.join(dir, 'order-5.txt');
    fs.writeFileSync(doc, 'Order no. 5\n');
    const sig = `${doc}.p7s`;
    ca.openssl(['cms', '-sign', '-cades', '-binary', '-md', 'sha256', '-in', doc, '-signer', cert, '-inkey', key, '-outform', 'DER', '-out', sig]);
    ca.revoke(cert);
    ocsp = await startOpensslServer((port) => ['ocsp', '-index', ca.indexFile, '-port', String(port), '-rsigner', ca.cert, '-rkey', ca.key, '-CA', ca.cert, '-ndays', '1'], dir);
    const profile = (ocspUrl: string | null) =>
      fs.writeFileSync(
        path.join(dataDir, 'ca-profiles.json'),
        JSON.stringify({ version: 1, profiles: [{ id: 'kyiv', name: 'Kyiv Test CA', cmpUrl: null, ocspUrl, crlUrls: [], tsaUrl: null, trustAnchors: [fs.readFileSync(ca.cert, 'latin1')] }] }),
      );
    const signer = page.getByTestId('signer-report');

    // The profile trusts the CA but names no OCSP / CRL: the chain is good, the status cannot be established.
    profile(null);
    await page.getByTestId('nav-verify').click();
    await dropFiles(page, [
      { name: path.basename(sig), content: fs.readFileSync(sig) },
      { name: path.basename(doc), content: fs.readFileSync(doc) },
    ]);
    await expect(signer).toHaveAttribute('data-indication', 'INDETERMINATE');
    await expect(page.getByTestId('check-chain')).toHaveAttribute('data-result', 'ok');
    await expect(page.getByTestId('check-revocation')).toHaveAttribute('data-result', 'unknown');
    await expect(page.getByTestId('settle-revocation')).toContainText('Settings → Certificate authorities');
    await expect(page.getByTestId('settle-untrusted')).toHaveCount(0);
    await expectNoSeriousViolations(page, 'revocation unknown');
    await shot(page, testInfo, 'trust-verify-revocation-unknown-en');

    // With the profile's OCSP responder, as the cabinet asks: revoked.
    profile(`http://127.0.0.1:${ocsp.port}/`);
    for (const language of ['en', 'uk', 'ru'] as const) {
      await setLanguage(page, language);
      await page.getByTestId('nav-verify').click();
      await expect(signer).toHaveAttribute('data-indication', 'TOTAL-FAILED');
      await expect(page.getByTestId('check-revocation')).toHaveAttribute('data-result', 'bad');
      await expect(page.getByTestId('verify-result')).toHaveAttribute('data-valid', 'false');
      await expect(page.getByTestId('verify-settle')).toHaveCount(0);
      await expectNoSeriousViolations(page, `revoked (${language})`);
      await shot(page, testInfo, `trust-verify-revoked-${language}`);
    }
  } finally {
    await ocsp?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
