import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { CabinetTestCa } from '../helpers/cabinet-ca';
import { expectNoSeriousViolations, saveScreenshot } from './fixtures';
import { KEY_PASSWORD, MISSING_CABINET_TOOLS, chooseAction, fillEntropy, row, TOKEN_LABEL, expect, test } from './cabinet-fixtures';

type Wire = { signdesk: { cabinet: Record<string, (input: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>> } };




test.describe.configure({ mode: 'serial' });
test.skip(Boolean(MISSING_CABINET_TOOLS), `not run here without its tools (${MISSING_CABINET_TOOLS}); CI installs them, and there a missing tool fails the run instead of skipping`);

test('download certificates as PEM, DER and P7B; check the status; change the password', async ({ app: page }, testInfo) => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-e2e-download-'));
  try {
    await chooseAction(page, 'Іван Бондар', 'download');
    const download = page.getByTestId('download-dialog');
    await download.getByTestId('download-folder').fill(folder);
    await expectNoSeriousViolations(page, 'download dialog');
    await download.getByTestId('download-save').click();
    await expect(download.getByTestId('download-done')).toBeVisible();
    const files = fs.readdirSync(folder).sort();
    expect(files.map((file) => path.extname(file))).toEqual(['.cer', '.p7b', '.pem']);
    const p7b = path.join(folder, files.find((file) => file.endsWith('.p7b'))!);
    expect(execFileSync('openssl', ['pkcs7', '-inform', 'DER', '-in', p7b, '-print_certs', '-noout']).toString().match(/subject=/g)).toHaveLength(2);
    await saveScreenshot(page, testInfo, 'download-en');
    await page.keyboard.press('Escape');
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }

  await chooseAction(page, 'Іван Бондар', 'checkStatus');
  const status = page.getByTestId('status-dialog').getByTestId('status-result');
  await expect(status).toBeVisible();
  // The test CA publishes neither OCSP nor CRL and no CA profile is set: the answer says what to configure,
  // instead of blaming the network.
  await expect(status).toHaveAttribute('data-status', 'unavailable');
  await expect(status).toHaveAttribute('data-reason', 'noSources');
  await expect(status).toContainText('OCSP');
  await expect(status).not.toContainText(/network|cannot be reached/i);
  await expectNoSeriousViolations(page, 'status dialog');
  await saveScreenshot(page, testInfo, 'status-en');
  await page.keyboard.press('Escape');

  await chooseAction(page, 'Іван Бондар', 'changeSecret');
  const change = page.getByTestId('change-secret-dialog');
  await change.getByTestId('change-secret-old').fill('not-the-password');
  // One rule with the wizards: at least 8 characters, said next to the field; the button stays disabled.
  await change.getByTestId('change-secret-new').fill('abc');
  await change.getByTestId('change-secret-confirm').fill('abc');
  await expect(change.locator('.field-error').first()).toContainText('8');
  await expect(change.getByTestId('change-secret-run')).toBeDisabled();
  await change.getByTestId('change-secret-new').fill('new-pass-5678');
  await change.getByTestId('change-secret-confirm').fill('new-pass-567');
  await expect(change.locator('.field-error')).toBeVisible();
  await expect(change.getByTestId('change-secret-run')).toBeDisabled();
  await change.getByTestId('change-secret-confirm').fill('new-pass-5678');
  await change.getByTestId('change-secret-run').click();
  await expect(change.locator('[data-error-code="ERR_PASSWORD_INCORRECT"]')).toBeVisible();
  await change.getByTestId('change-secret-old').fill(KEY_PASSWORD);
  await change.getByTestId('change-secret-run').click();
  await expect(change.getByRole('status')).toBeVisible();
  await page.keyboard.press('Escape');

  const keyId = await row(page, 'Іван Бондар').getAttribute('data-key-id');
  const signWith = (secret: string) => page.evaluate(([id, value]) => (globalThis as unknown as Wire).signdesk.cabinet.testSign!({ keyId: id, secret: value }), [keyId, secret] as const);
  expect(await signWith(KEY_PASSWORD)).toMatchObject({ ok: false, error: { code: 'ERR_PASSWORD_INCORRECT' } });
  expect(await signWith('new-pass-5678')).toMatchObject({ ok: true });
});

test('a key awaiting its certificate becomes active when the issued certificate is imported', async ({ app: page, dataDir }, testInfo) => {
  const created = (await page.evaluate(() =>
    (globalThis as unknown as Wire).signdesk.cabinet.newKeyRequest!({
      keyType: 'ec-p256',
      storage: 'file',
      name: 'Awaiting key',
      password: 'awaiting-pass',
      entropy: btoa(String.fromCharCode(...Array.from({ length: 48 }, (_, i) => (i * 97 + 13) % 256))),
      reference: 'REF-IMPORT',
      phone: '+380501112233',
    }),
  )) as { ok: true; value: { id: string } };
  expect(created.ok).toBe(true);
  await page.reload();
  await page.getByTestId('cabinet-search').fill('Awaiting key');
  await expect(row(page, 'Awaiting key').getByTestId('key-status')).toHaveText('Awaiting certificate');

  const request = (await page.evaluate((keyId) => (globalThis as unknown as Wire).signdesk.cabinet.request!({ keyId }), created.value.id)) as { value: { pem: string } };
  const ca = new CabinetTestCa(path.join(dataDir, 'import-ca'));
  const certFile = path.join(dataDir, 'issued.pem');
  fs.writeFileSync(certFile, ca.issue(request.value.pem, { subject: '/CN=Олег Іваненко/serialNumber=TINUA-3344556677' }));

  await chooseAction(page, 'Awaiting key', 'bindCertificate');
  const dialog = page.getByTestId('import-dialog');
  await dialog.getByTestId('import-path').fill(certFile);
  await expectNoSeriousViolations(page, 'import dialog');
  await dialog.getByTestId('import-run').click();
  await expect(dialog.getByTestId('import-done')).toBeVisible();
  await page.keyboard.press('Escape');
  await page.getByTestId('cabinet-search').fill('Олег Іваненко');
  await expect(row(page, 'Олег Іваненко').getByTestId('key-status')).toHaveText('Active');
  await expect(row(page, 'Олег Іваненко')).toContainText('RNOKPP 3344556677');
  await saveScreenshot(page, testInfo, 'imported-en');
});

test('the token wizard says when no token is connected, and keeps its state when the token is pulled out mid-wizard', async ({ app: page, hsm }, testInfo) => {
  const plugBack = hsm.removeToken(TOKEN_LABEL);
  await chooseAction(page, 'Олена Петренко', 'temporaryToken');
  const wizard = page.getByTestId('temporary-wizard');
  await wizard.getByTestId('period-day').check();
  await expect(wizard.getByTestId('validity-preview')).toHaveAttribute('data-capped', 'false');
  await wizard.getByTestId('wizard-next').click();
  await expect(wizard.getByTestId('token-missing')).toContainText('No token is connected');
  await expectNoSeriousViolations(page, 'no token');
  await saveScreenshot(page, testInfo, 'no-token-en');

  plugBack();
  await wizard.getByTestId('token-detect-again').click();
  await expect(wizard.getByTestId('token-found')).toContainText(TOKEN_LABEL);
  await wizard.getByTestId('wizard-next').click();
  await wizard.getByTestId('wizard-parent-secret').fill(KEY_PASSWORD);
  await wizard.getByTestId('wizard-next').click();
  await wizard.getByTestId('wizard-token-pin').fill(hsm.pin);
  await wizard.getByTestId('wizard-next').click();

  const plugBackAgain = hsm.removeToken(TOKEN_LABEL);
  await wizard.getByTestId('wizard-generate').click();
  const error = wizard.locator('[data-error-code]');
  await expect(error).toBeVisible();
  expect(['ERR_TOKEN_NOT_FOUND', 'ERR_TOKEN_NOT_PRESENT']).toContain(await error.getAttribute('data-error-code'));
  await expect(error).toContainText('Insert');
  await saveScreenshot(page, testInfo, 'token-removed-en');

  plugBackAgain();
  await expect(wizard.getByTestId('wizard-generate')).toHaveText('Try again');
  await wizard.getByTestId('wizard-generate').click();
  await expect(wizard.getByTestId('wizard-done')).toBeVisible();
  await wizard.getByTestId('wizard-close').click();
  await page.getByTestId('cabinet-search').fill(TOKEN_LABEL);
  await expect(row(page, TOKEN_LABEL)).toHaveCount(1);
});

test('temporary file key: until the main certificate ends, password twice, awaiting its certificate', async ({ app: page }, testInfo) => {
  await chooseAction(page, 'Тетяна Мельник', 'temporaryFile');
  const wizard = page.getByTestId('temporary-wizard');
  await wizard.getByTestId('period-untilMain').check();
  await expect(wizard.getByTestId('validity-preview')).toHaveAttribute('data-capped', 'false');
  await wizard.getByTestId('wizard-next').click();
  await wizard.getByTestId('wizard-parent-secret').fill(KEY_PASSWORD);
  await wizard.getByTestId('wizard-next').click();
  await wizard.getByTestId('wizard-new-secret').fill('short');
  await wizard.getByTestId('wizard-confirm-secret').fill('short');
  await expect(wizard.getByTestId('wizard-next')).toBeDisabled();
  await wizard.getByTestId('wizard-new-secret').fill('temporary-pass');
  await wizard.getByTestId('wizard-confirm-secret').fill('temporary-pass');
  await expectNoSeriousViolations(page, 'temporary file key: password');
  await wizard.getByTestId('wizard-next').click();
  await wizard.getByTestId('wizard-generate').click();
  await expect(wizard.getByTestId('wizard-done')).toBeVisible();
  await saveScreenshot(page, testInfo, 'temporary-file-done-en');
  await wizard.getByTestId('wizard-close').click();

  await page.getByTestId('cabinet-search').fill('temporary');
  const temporary = page.getByTestId('cabinet-row').filter({ hasText: 'temporary' });
  await expect(temporary).toHaveCount(1);
  await expect(temporary.getByTestId('key-status')).toHaveText('Awaiting certificate');
  await expect(temporary).toContainText('until');
});

test('the application form QR code read from an image fills in the reference and the CA address', async ({ app: page, dataDir }, testInfo) => {
  const QRCode = createRequire(import.meta.url)('qrcode') as { toFile(file: string, text: string, options?: Record<string, unknown>): Promise<void> };
  const image = path.join(dataDir, 'application-qr.png');
  await QRCode.toFile(image, JSON.stringify({ ca: 'https://ca.example.ua/cmp', ref: 'QR-2026-42' }), { width: 320, margin: 2 });

  await page.getByTestId('create-request').click();
  const wizard = page.getByTestId('new-key-wizard');
  await wizard.getByTestId('wizard-next').click();
  // Two entropy rounds, then the applicant step where the QR code is read.
  for (const round of ['entropy', 'entropy-2']) {
    await fillEntropy(page, wizard, round);
    await wizard.getByTestId('wizard-next').click();
  }

  await wizard.getByTestId('qr-file').setInputFiles(image);
  await expect(wizard.getByTestId('qr-message')).toContainText('QR-2026-42');
  await expect(wizard.getByTestId('new-key-reference')).toHaveValue('QR-2026-42');
  await expect(wizard.getByTestId('new-key-ca')).toContainText('https://ca.example.ua/cmp');
  await expectNoSeriousViolations(page, 'new key: QR read');
  await saveScreenshot(page, testInfo, 'new-key-qr-en');

  const blank = path.join(dataDir, 'blank.png');
  fs.writeFileSync(blank, Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64'));
  await wizard.getByTestId('qr-file').setInputFiles(blank);
  await expect(wizard.getByTestId('qr-message')).toContainText('No QR code was found');
  await expect(wizard.getByTestId('new-key-reference')).toHaveValue('QR-2026-42');
});
