import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { missingTools, SOFTHSM_MODULE } from '../helpers/require-tools';
import { dropFiles } from './drop-files';
import { keyOptionValue } from './key-options';
import { expect, expectNoSeriousViolations, saveScreenshot, test } from './fixtures';
import { opensslVerifyDetached, prepareSigningKey, type SigningKey } from './signing-key';

const MISSING = missingTools(['openssl', 'softhsm2-util', SOFTHSM_MODULE]);
const TOKEN = 'AddKeyToken';
const P12_NAME = 'Петренко_Олена.p12';
const P12_PASSWORD = 'Olena-p12-pass';
const PKCS8_NAME = 'director.key';
const PKCS8_PASSWORD = 'Director-key-pass';
const SHOTS = '/work/shots';

type Fixtures = { workDir: string; tokenKey: SigningKey };

/**
 * An empty cabinet, and what a user brings to it: a PKCS#12 file and an encrypted PKCS#8 key made by OpenSSL, and a
 * SoftHSM2 token holding a certified key the cabinet has never seen (made by the CLI in another data folder).
 */
const addKeyTest = test.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture list from this destructuring
  workDir: async ({}, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-e2e-addkey-'));
    await use(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  },
  tokenKey: async ({ workDir }, use) => {
    const key = prepareSigningKey(path.join(workDir, 'other-data'), workDir, TOKEN);
    await use(key);
    key.cleanup();
  },
  bridgeEnv: async ({ tokenKey }, use) => {
    await use(tokenKey.bridgeEnv);
  },
});

addKeyTest.skip(Boolean(MISSING), `not run here without its tools (${MISSING}); CI installs them, and there a missing tool fails the run instead of skipping`);

/** A PKCS#12 file with a key and the certificate the test CA issued for it, both by OpenSSL. */
function makeP12(key: SigningKey, dir: string): string {
  const openssl = (args: string[]) => key.ca.openssl(args);
  const keyFile = path.join(dir, 'olena.key');
  const csr = path.join(dir, 'olena.csr');
  const cert = path.join(dir, 'olena.pem');
  const ext = path.join(dir, 'olena.ext');
  fs.writeFileSync(ext, 'basicConstraints = CA:false\nkeyUsage = critical,digitalSignature,nonRepudiation\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n');
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', keyFile]);
  openssl(['req', '-new', '-key', keyFile, '-subj', '/CN=Olena Petrenko/O=TOV Romashka', '-out', csr]);
  openssl(['x509', '-req', '-in', csr, '-CA', key.ca.cert, '-CAkey', key.ca.key, '-CAcreateserial', '-days', '30', '-sha256', '-extfile', ext, '-out', cert]);
  const p12 = path.join(dir, P12_NAME);
  openssl(['pkcs12', '-export', '-inkey', keyFile, '-in', cert, '-name', 'Olena', '-passout', `pass:${P12_PASSWORD}`, '-out', p12]);
  return p12;
}

/** An encrypted PKCS#8 PEM key (PBES2, AES-256) by OpenSSL. */
function makePkcs8(key: SigningKey, dir: string): string {
  const plain = path.join(dir, 'director-plain.key');
  const encrypted = path.join(dir, PKCS8_NAME);
  key.ca.openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', plain]);
  key.ca.openssl(['pkcs8', '-topk8', '-v2', 'aes-256-cbc', '-in', plain, '-passout', `pass:${PKCS8_PASSWORD}`, '-out', encrypted]);
  return encrypted;
}

async function setLanguage(page: Page, language: 'uk' | 'ru' | 'en'): Promise<void> {
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-language').selectOption(language);
  await expect(page.locator('html')).toHaveAttribute('lang', language);
  await page.getByTestId('nav-cabinet').click();
}

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `addkey-${name}.png`), fullPage: false });
}

const ADD_LABEL = { uk: 'Додати ключ', ru: 'Добавить ключ', en: 'Add key' } as const;

addKeyTest('a key file by picker and by drop, a wrong password refused, a duplicate recognised, a token key added; the added key signs', async ({ app: page, tokenKey, workDir, dataDir }, testInfo) => {
  // Many steps and 30 screenshots on a shared two-core machine.
  addKeyTest.setTimeout(600_000);
  const p12 = makeP12(tokenKey, workDir);
  const pkcs8 = makePkcs8(tokenKey, workDir);
  await page.getByTestId('nav-cabinet').click();

  // The empty cabinet offers "Add key", in every language, at both window sizes.
  for (const language of ['uk', 'ru', 'en'] as const) {
    await setLanguage(page, language);
    await expect(page.getByTestId('empty-add-key')).toHaveText(ADD_LABEL[language]);
    await expect(page.getByTestId('add-key')).toHaveText(ADD_LABEL[language]);
    for (const [width, height] of [[1366, 860], [1024, 768]] as const) {
      await page.setViewportSize({ width, height });
      await shot(page, `empty-${language}-${width}`);
      await page.getByTestId('empty-add-key').click();
      await expect(page.getByTestId('add-key-dialog')).toContainText(ADD_LABEL[language]);
      await shot(page, `dialog-file-${language}-${width}`);
      await page.getByTestId('add-key-source-token').check();
      await expect(page.getByTestId('token-found')).toContainText(TOKEN);
      await shot(page, `dialog-token-${language}-${width}`);
      await page.getByTestId('add-key-close').click();
    }
    await page.getByTestId('empty-add-key').click();
    await expectNoSeriousViolations(page, `Add key dialog (${language})`);
    await page.getByTestId('add-key-close').click();
  }
  await page.setViewportSize({ width: 1366, height: 860 });

  // 1. By the picker (a browser: <input type=file> and an upload), with a wrong password first.
  await page.getByTestId('empty-add-key').click();
  const dialog = page.getByTestId('add-key-dialog');
  const choosing = page.waitForEvent('filechooser');
  await page.getByTestId('add-key-choose').click();
  await (await choosing).setFiles(p12);
  await expect(page.getByTestId('add-key-chosen')).toHaveText(`Key file: ${P12_NAME}`);
  await page.getByTestId('add-key-password').fill('wrong-password');
  await page.getByTestId('add-key-run').click();
  await expect(dialog.locator('[data-error-code]')).toHaveAttribute('data-error-code', 'ERR_PASSWORD_INCORRECT');
  await expect(dialog.getByRole('alert')).toContainText('The password is incorrect');
  await expect(page.getByTestId('cabinet-row')).toHaveCount(0);
  await page.getByTestId('add-key-password').fill(P12_PASSWORD);
  await page.getByTestId('add-key-run').click();
  await expect(page.getByTestId('add-key-done')).toContainText(P12_NAME);
  await saveScreenshot(page, testInfo, 'added-by-picker');
  await page.getByTestId('add-key-close').click();
  const olena = page.getByTestId('cabinet-row').filter({ hasText: 'Olena Petrenko' });
  await expect(olena).toContainText('TOV Romashka');
  await expect(olena).toContainText(P12_NAME);
  await expect(olena).not.toContainText(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  // The cabinet keeps its own encrypted copy, named by the key's id; the user's name is only what is shown.
  const copies = fs.readdirSync(path.join(dataDir, 'keys'));
  expect(copies).toHaveLength(1);
  expect(copies[0]).toMatch(/^[0-9a-f-]{36}\.p12$/);

  // 2. By a drop onto the cabinet: the dialog opens with the file; an encrypted PKCS#8 key.
  await dropFiles(page, [{ name: PKCS8_NAME, content: fs.readFileSync(pkcs8) }]);
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('add-key-chosen')).toHaveText(`Key file: ${PKCS8_NAME}`);
  await page.getByTestId('add-key-password').fill(PKCS8_PASSWORD);
  await page.getByTestId('add-key-name').fill('Director');
  await page.getByTestId('add-key-run').click();
  await expect(page.getByTestId('add-key-done')).toContainText('Director');
  await page.getByTestId('add-key-close').click();
  await expect(page.getByTestId('cabinet-row').filter({ hasText: PKCS8_NAME })).toHaveCount(1);

  // 3. The same PKCS#12 again (dropped this time): recognised, not added twice.
  await dropFiles(page, [{ name: 'copy of olena.pfx', content: fs.readFileSync(p12) }]);
  await page.getByTestId('add-key-password').fill(P12_PASSWORD);
  await page.getByTestId('add-key-run').click();
  await expect(dialog.locator('[data-error-code]')).toHaveAttribute('data-error-code', 'ERR_KEY_ALREADY_ADDED');
  await expect(dialog.getByRole('alert')).toContainText(`already in the cabinet as “${P12_NAME}”`);
  await saveScreenshot(page, testInfo, 'duplicate');
  await page.getByTestId('add-key-close').click();
  await expect(page.getByTestId('cabinet-row')).toHaveCount(2);

  // 4. A key on the token: a wrong PIN is refused, the right one lists the token's keys, one is added.
  await page.getByTestId('add-key').click();
  await page.getByTestId('add-key-source-token').check();
  await expect(page.getByTestId('token-found')).toContainText(TOKEN);
  await page.getByTestId('add-key-pin').fill('000000');
  await page.getByTestId('add-key-show').click();
  await expect(dialog.locator('[data-error-code]')).toHaveAttribute('data-error-code', 'ERR_PIN_INCORRECT');
  await expect(dialog.getByRole('alert')).toContainText('The PIN is incorrect');
  await page.getByTestId('add-key-pin').fill(tokenKey.pin);
  await page.getByTestId('add-key-show').click();
  const found = page.getByTestId('add-key-token-key');
  await expect(found).toHaveCount(1);
  await expect(found).toContainText('Олена Підписувач');
  await expect(found).toContainText('Signdesk E2E');
  await expect(found.getByRole('radio')).toBeChecked();
  await page.getByTestId('add-key-run').click();
  await expect(page.getByTestId('add-key-done')).toBeVisible();
  await page.getByTestId('add-key-close').click();
  const tokenRow = page.getByTestId('cabinet-row').filter({ hasText: 'Олена Підписувач' });
  await expect(tokenRow).toContainText(TOKEN);
  await expect(tokenRow.getByTestId('key-status')).toHaveText('Active');
  await expect(page.getByTestId('cabinet-row')).toHaveCount(3);

  // The same token key again: shown as already in the cabinet, and refused if asked for by its URI.
  await page.getByTestId('add-key').click();
  await page.getByTestId('add-key-source-token').check();
  await page.getByTestId('add-key-pin').fill(tokenKey.pin);
  await page.getByTestId('add-key-show').click();
  await expect(page.getByTestId('add-key-token-key')).toContainText('already in the cabinet');
  await expect(page.getByTestId('add-key-token-key').getByRole('radio')).toBeDisabled();
  await expect(page.getByTestId('add-key-run')).toBeDisabled();
  await page.getByTestId('add-key-close').click();

  for (const language of ['uk', 'ru', 'en'] as const) {
    await setLanguage(page, language);
    for (const width of [1366, 1024] as const) {
      await page.setViewportSize({ width, height: width === 1366 ? 860 : 768 });
      await expect(page.getByTestId('cabinet-row')).toHaveCount(3);
      await shot(page, `cabinet-${language}-${width}`);
      await page.getByTestId('add-key').click();
      await page.getByTestId('add-key-source-token').check();
      await page.getByTestId('add-key-pin').fill(tokenKey.pin);
      await page.getByTestId('add-key-show').click();
      await expect(page.getByTestId('add-key-token-key')).toContainText('Олена Підписувач');
      await shot(page, `token-keys-${language}-${width}`);
      if (width === 1024) await expectNoSeriousViolations(page, `token keys listed (${language})`);
      await page.getByTestId('add-key-close').click();
    }
    await expectNoSeriousViolations(page, `cabinet with added keys (${language})`);
  }
  await page.setViewportSize({ width: 1366, height: 860 });

  // 5. The added key signs: the PKCS#12 key from the cabinet, and the same file by its plain path as "another key".
  await page.getByTestId('nav-to-sign').click();
  await dropFiles(page, [{ name: 'act-1.txt', content: 'Act 1\n'.repeat(10) }]);
  await expect(page.getByTestId('queue-count')).toContainText('1');
  await page.getByTestId('select-all').click();
  await page.getByTestId('sign-key').selectOption(await keyOptionValue(page.getByTestId('sign-key'), { textContains: P12_NAME }));
  await page.getByTestId('sign-secret').fill(P12_PASSWORD);
  await page.getByTestId('sign-start').click();
  await expect(page.getByTestId('batch-progress')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('batch-counts')).toContainText('Signed 1');
  const signed = path.join(dataDir, 'inbox', 'act-1.txt');
  opensslVerifyDetached(`${signed}.p7s`, signed, tokenKey.ca.cert);

  await page.getByTestId('batch-close').click();
  await dropFiles(page, [{ name: 'act-2.txt', content: 'Act 2\n'.repeat(10) }]);
  await page.getByTestId('queue-row').filter({ hasText: 'act-2.txt' }).click();
  await expect(page.getByTestId('queue-count')).toContainText('selected: 1');
  await page.getByTestId('sign-key').selectOption('__other__');
  await page.getByTestId('sign-keyref').fill(`"${p12}"`);
  await page.getByTestId('sign-secret').fill(P12_PASSWORD);
  await page.getByTestId('sign-start').click();
  await expect(page.getByTestId('batch-progress')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('batch-counts')).toContainText('Signed 1');
  const second = path.join(dataDir, 'inbox', 'act-2.txt');
  opensslVerifyDetached(`${second}.p7s`, second, tokenKey.ca.cert);
});

const NO_MAC_REASON = { uk: 'не має контролю цілісності', ru: 'нет контроля целостности' } as const;

for (const language of ['uk', 'ru'] as const) {
  test(`a .p12 without its integrity MAC (${language}): refused with the reason, added once the user accepts it; the original file is untouched`, async ({ app: page }, testInfo) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-e2e-nomac-'));
    try {
      const openssl = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
      openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'k.pem']);
      openssl(['req', '-new', '-x509', '-key', 'k.pem', '-subj', '/CN=Петро Сидоренко/O=ФОП Сидоренко', '-utf8', '-days', '30', '-out', 'k.crt']);
      openssl(['pkcs12', '-export', '-inkey', 'k.pem', '-in', 'k.crt', '-passout', `pass:${P12_PASSWORD}`, '-nomac', '-out', 'sydorenko.p12']);
      const original = fs.readFileSync(path.join(dir, 'sydorenko.p12'));
      await setLanguage(page, language);
      await dropFiles(page, [{ name: 'sydorenko.p12', content: original }]);
      const dialog = page.getByTestId('add-key-dialog');
      await expect(page.getByTestId('add-key-chosen')).toHaveText('Файл ключа: sydorenko.p12');
      await expect(page.getByTestId('add-key-accept-no-mac')).toHaveCount(0);
      await page.getByTestId('add-key-password').fill(P12_PASSWORD);
      await page.getByTestId('add-key-run').click();
      await expect(dialog.locator('[data-error-code]')).toHaveAttribute('data-error-code', 'ERR_KEY_FILE_UNPROTECTED');
      await expect(dialog.getByRole('alert')).toContainText(NO_MAC_REASON[language]);
      await expect(page.getByTestId('cabinet-row')).toHaveCount(0);
      const accept = page.getByTestId('add-key-accept-no-mac');
      await expect(accept).not.toBeChecked();
      await shot(page, `nomac-${language}`);
      await expectNoSeriousViolations(page, `Add key: a .p12 without MAC (${language})`);
      await accept.check();
      await page.getByTestId('add-key-password').fill(P12_PASSWORD);
      await page.getByTestId('add-key-run').click();
      await expect(page.getByTestId('add-key-done')).toContainText('sydorenko.p12');
      await saveScreenshot(page, testInfo, `nomac-added-${language}`);
      await page.getByTestId('add-key-close').click();
      await expect(page.getByTestId('cabinet-row').filter({ hasText: 'Петро Сидоренко' })).toContainText('sydorenko.p12');
      expect(fs.readFileSync(path.join(dir, 'sydorenko.p12'))).toEqual(original);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
