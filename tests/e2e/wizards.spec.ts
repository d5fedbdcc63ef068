import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { CabinetTestCa } from '../helpers/cabinet-ca';
import { startOpensslServer, type RunningServer } from '../helpers/openssl-ca';
import { closedPort } from '../helpers/outcome';
import { expectNoSeriousViolations, saveScreenshot } from './fixtures';
import { KEY_PASSWORD, MISSING_CABINET_TOOLS, chooseAction, fillEntropy, TOKEN_LABEL, expect, test } from './cabinet-fixtures';

type Result = { ok: boolean; value?: unknown; error?: { code: string } };
type Wire = { signdesk: Record<string, Record<string, (input: unknown) => Promise<Result>>> };

const LANGUAGES = ['uk', 'ru', 'en'] as const;
type Language = (typeof LANGUAGES)[number];
const SHOTS = '/work/shots';

const REFERENCE = 'UA-2026-004217';
const ONE_TIME_SECRET = 'K7-one-time-5521';
const NEW_KEY_PASSWORD = 'new-key-pass-9';
const APPLICANT = 'Петренко Олена Іванівна';

const TEXT = {
  uk: { back: 'Назад', retry: 'Спробувати ще', state: 'PIN встановлено', defaultName: `Ключ ${APPLICANT}`, ready: 'Готово', statement: 'Ключ підписав вашу заяву', noCa: 'Налаштування → Центри сертифікації', percent: 'Зібрано 100%' },
  ru: { back: 'Назад', retry: 'Попробовать ещё', state: 'PIN задан', defaultName: `Ключ ${APPLICANT}`, ready: 'Готово', statement: 'Ключ подписал ваше заявление', noCa: 'Настройки → Центры сертификации', percent: 'Собрано 100%' },
  en: { back: 'Back', retry: 'Try again', state: 'PIN set', defaultName: `Key of ${APPLICANT}`, ready: 'Done', statement: 'The key signed your statement', noCa: 'Settings → Certificate authorities', percent: '100% collected' },
} as const;

async function call<T>(page: Page, domain: string, method: string, input: unknown): Promise<T> {
  const result = await page.evaluate(([d, m, i]) => (globalThis as unknown as Wire).signdesk[d as string]![m as string]!(i), [domain, method, input] as const);
  expect(result, JSON.stringify(result.error)).toMatchObject({ ok: true });
  return result.value as T;
}

/** axe on every step in Ukrainian; the other languages share the markup (a full axe run costs ~10 s here). */
async function checkA11y(page: Page, language: Language, where: string): Promise<void> {
  if (language === 'uk') await expectNoSeriousViolations(page, where);
}

async function setLanguage(page: Page, language: Language): Promise<void> {
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-language').selectOption(language);
  await expect(page.locator('html')).toHaveAttribute('lang', language);
  await page.getByTestId('nav-cabinet').click();
  await expect(page.getByTestId('cabinet-table')).toBeVisible();
}

/** The step as the user sees it, kept in /work/shots for review. */
async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `wizards-${name}.png`) });
}

function pinWorks(hsm: { modulePath: string; env: NodeJS.ProcessEnv }, pin: string): boolean {
  try {
    execFileSync('pkcs11-tool', ['--module', hsm.modulePath, '--token-label', TOKEN_LABEL, '--login', '--pin', pin, '-O'], { env: hsm.env, stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

test.describe.configure({ mode: 'default', timeout: 420_000 });
test.skip(Boolean(MISSING_CABINET_TOOLS), `not run here without its tools (${MISSING_CABINET_TOOLS}); CI installs them, and there a missing tool fails the run instead of skipping`);

for (const language of LANGUAGES) {
  test(`hardware key wizard (${language}): asks for the token's PIN, never changes it, ends in a key that signs`, async ({ app: page, hsm, dataDir }, testInfo) => {
    const text = TEXT[language];
    await setLanguage(page, language);
    await chooseAction(page, 'Олена Петренко', 'temporaryToken');
    const wizard = page.getByTestId('temporary-wizard');
    await wizard.getByTestId('period-week').check();
    await expect(wizard.getByTestId('validity-preview')).toBeVisible();
    await shot(page, `hardware-1-validity-${language}`);
    await wizard.getByTestId('wizard-next').click();

    await expect(wizard.getByTestId('token-found')).toContainText(TOKEN_LABEL);
    await expect(wizard.getByTestId('token-pin-state-label')).toHaveText(text.state);
    if (language === 'uk') {
      // Changing the token's PIN is its own action, offered beside the token, never part of making a key.
      await wizard.getByTestId('token-change-pin').click();
      await expect(wizard.getByTestId('token-change-pin-form')).toBeVisible();
      await checkA11y(page, language, 'change token PIN');
      await shot(page, `hardware-change-pin-${language}`);
      await wizard.getByTestId('token-change-pin-form').getByRole('button', { name: 'Скасувати' }).click();
    }
    await shot(page, `hardware-2-token-${language}`);
    await wizard.getByTestId('wizard-next').click();

    await wizard.getByTestId('wizard-parent-secret').fill(KEY_PASSWORD);
    await shot(page, `hardware-3-current-${language}`);
    await wizard.getByTestId('wizard-next').click();

    // The old seed: new PIN twice, current PIN empty. Now there is only the token's PIN, and no way on without it.
    await expect(wizard.getByTestId('wizard-pin-state')).toHaveAttribute('data-pin-state', 'set');
    await expect(wizard.getByTestId('wizard-new-token-pin')).toHaveCount(0);
    await expect(wizard.getByTestId('wizard-confirm-token-pin')).toHaveCount(0);
    await expect(wizard.getByTestId('wizard-new-secret')).toHaveCount(0);
    await expect(wizard.getByTestId('wizard-next')).toBeDisabled();
    await wizard.getByTestId('wizard-token-pin').fill(hsm.pin);
    await checkA11y(page, language, 'hardware wizard: token PIN');
    await shot(page, `hardware-4-pin-${language}`);
    await wizard.getByTestId('wizard-next').click();
    await shot(page, `hardware-5-generate-${language}`);
    await wizard.getByTestId('wizard-generate').click();
    await expect(wizard.getByTestId('wizard-done')).toBeVisible();
    await expect(wizard.locator('[data-error-code]')).toHaveCount(0);
    await shot(page, `hardware-6-done-${language}`);
    await wizard.getByTestId('wizard-close').click();

    // The token's PIN is what it was; nothing else opens it.
    expect(pinWorks(hsm, hsm.pin)).toBe(true);
    const flags = execFileSync('pkcs11-tool', ['--module', hsm.modulePath, '-T'], { env: hsm.env }).toString();
    expect(flags).not.toMatch(/count low|final try|locked/i);

    // The certificate comes (here: imported from a test CA) and the new token key signs with the token's PIN.
    const keys = await call<Array<{ id: string; storage: string; status: string }>>(page, 'cabinet', 'list', {});
    const made = keys.find((key) => key.storage === 'token' && key.status === 'awaitingCertificate')!;
    const request = await call<{ pem: string }>(page, 'cabinet', 'request', { keyId: made.id });
    const ca = new CabinetTestCa(path.join(dataDir, 'token-ca'));
    await call(page, 'cabinet', 'bindCertificate', { keyId: made.id, pem: ca.issue(request.pem, { days: 3 }), secret: hsm.pin });
    expect(await call(page, 'cabinet', 'testSign', { keyId: made.id, secret: hsm.pin })).toEqual({ signed: true });
    await saveScreenshot(page, testInfo, `hardware-done-${language}`);
  });

  test(`new key wizard (${language}): two entropy rounds, applicant, one-time password, CMP ir, certificate checked, statement signed`, async ({ app: page, dataDir }, testInfo) => {
    const text = TEXT[language];
    const servers: RunningServer[] = [];
    try {
      await setLanguage(page, language);
      await page.getByTestId('create-request').click();
      const wizard = page.getByTestId('new-key-wizard');
      await shot(page, `newkey-1-key-${language}`);
      await wizard.getByTestId('wizard-next').click();

      await fillEntropy(page, wizard, 'entropy');
      await expect(wizard.getByTestId('entropy-percent')).toHaveText(text.percent);
      await shot(page, `newkey-2-entropy-${language}`);
      await wizard.getByTestId('wizard-next').click();
      await expect(wizard.getByTestId('entropy-2-percent')).toBeVisible();
      await fillEntropy(page, wizard, 'entropy-2');
      await checkA11y(page, language, 'new key: second entropy round');
      await shot(page, `newkey-3-entropy2-${language}`);
      await wizard.getByTestId('wizard-next').click();

      await wizard.getByTestId('new-key-reference').fill(REFERENCE);
      await wizard.getByTestId('new-key-full-name').fill(APPLICANT);
      await wizard.getByTestId('new-key-rnokpp').fill('12345');
      await expect(wizard.getByTestId('wizard-next')).toBeDisabled();
      await wizard.getByTestId('new-key-rnokpp').fill('1234567890');
      await wizard.getByTestId('new-key-email').fill('olena@example.ua');
      await wizard.getByTestId('new-key-phone').fill('+380 50 123 45 67');
      await checkA11y(page, language, 'new key: applicant');
      await shot(page, `newkey-4-applicant-${language}`);
      await wizard.getByTestId('wizard-next').click();

      // No CA yet: the wizard says what to configure.
      await expect(wizard.getByTestId('new-key-no-ca')).toContainText(text.noCa);
      await shot(page, `newkey-5-no-ca-${language}`);
      // The accountant adds their CA (Settings → Certificate authorities); here through the same contract.
      const profile = await call<{ id: string }>(page, 'ca', 'saveProfile', {
        profile: { name: 'АЦСК Тест', cmpUrl: `http://127.0.0.1:${await closedPort()}/pkix/`, ocspUrl: null, crlUrls: [], tsaUrl: null, trustAnchors: [] },
      });
      await wizard.getByRole('button', { name: text.back }).click();
      await wizard.getByTestId('wizard-next').click();
      await expect(wizard.getByTestId('new-key-ca-target')).toHaveAttribute('data-source', 'profile');
      await expect(wizard.getByTestId('wizard-next')).toBeDisabled();
      await wizard.getByTestId('new-key-account-secret').fill(ONE_TIME_SECRET);
      await checkA11y(page, language, 'new key: account password');
      await shot(page, `newkey-6-account-${language}`);
      await wizard.getByTestId('wizard-next').click();

      await wizard.getByTestId('new-key-secret').fill(NEW_KEY_PASSWORD);
      await wizard.getByTestId('new-key-confirm').fill(NEW_KEY_PASSWORD);
      await shot(page, `newkey-7-password-${language}`);
      await wizard.getByTestId('wizard-next').click();

      await expect(wizard.getByTestId('new-key-review-name')).toHaveText(text.defaultName);
      await shot(page, `newkey-8-review-${language}`);
      // The CA is not reachable yet: a coded error, the key and request are kept, and a retry sends the same request.
      await wizard.getByTestId('wizard-sign').click();
      await expect(wizard.locator('[data-error-code="ERR_NETWORK"]')).toBeVisible();
      await expect(wizard.getByTestId('wizard-sign')).toHaveText(text.retry);

      const keys = await call<Array<{ id: string; name: string; status: string }>>(page, 'cabinet', 'list', {});
      const made = keys.find((key) => key.name === text.defaultName)!;
      expect(made.status).toBe('awaitingCertificate');
      const request = await call<{ pem: string; subject: string }>(page, 'cabinet', 'request', { keyId: made.id });
      expect(request.subject).toContain(`CN=${APPLICANT}`);
      expect(request.subject).toContain('serialNumber=TINUA-1234567890');
      const ca = new CabinetTestCa(path.join(dataDir, 'cmp-ca'));
      const issued = ca.issue(request.pem, { subject: `/CN=${APPLICANT}/SN=Петренко/GN=Олена Іванівна/serialNumber=TINUA-1234567890/C=UA`, days: 365 });
      const certFile = path.join(dataDir, 'issued.pem');
      fs.writeFileSync(certFile, issued.slice(0, issued.indexOf('-----END CERTIFICATE-----') + 26));
      const server = await startOpensslServer(
        (port) => ['cmp', '-port', String(port), '-srv_ref', REFERENCE, '-srv_secret', `pass:${ONE_TIME_SECRET}`, '-srv_cert', ca.ca.cert, '-srv_key', ca.ca.key, '-rsp_capubs', ca.ca.cert, '-rsp_cert', certFile],
        dataDir,
      );
      servers.push(server);
      await call(page, 'ca', 'saveProfile', {
        profile: { id: profile.id, name: 'АЦСК Тест', cmpUrl: `http://127.0.0.1:${server.port}/pkix/`, ocspUrl: null, crlUrls: [], tsaUrl: null, trustAnchors: [fs.readFileSync(ca.ca.cert, 'latin1')] },
      });

      await wizard.getByTestId('wizard-sign').click();
      const certificate = wizard.getByTestId('new-key-certificate');
      await expect(certificate).toBeVisible();
      await expect(wizard.getByTestId('new-key-certificate-owner')).toHaveText(APPLICANT);
      await expect(certificate).toContainText('1234567890');
      await expect(certificate).toContainText('Signdesk Cabinet Test CA');
      // Not accepted yet: the key still waits.
      const waiting = await call<Array<{ id: string; status: string; hasCertificate: boolean }>>(page, 'cabinet', 'list', {});
      expect(waiting.find((key) => key.id === made.id)).toMatchObject({ status: 'awaitingCertificate', hasCertificate: false });
      await checkA11y(page, language, 'new key: certificate review');
      await shot(page, `newkey-9-certificate-${language}`);
      await page.setViewportSize({ width: 1024, height: 768 });
      await shot(page, `newkey-9-certificate-1024-${language}`);
      await page.setViewportSize({ width: 1366, height: 860 });

      await wizard.getByTestId('wizard-accept').click();
      await expect(wizard.getByTestId('wizard-done')).toContainText(text.ready);
      // The signed statement is kept, and the wizard says where; OpenSSL verifies it against the CA that issued the key.
      const statement = wizard.getByTestId('wizard-statement');
      await expect(statement).toContainText(text.statement);
      const statementPath = (await statement.locator('.mono').textContent())!;
      expect(path.dirname(statementPath)).toBe(path.join(dataDir, 'statements'));
      const statementText = execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', statementPath, '-CAfile', ca.ca.cert, '-purpose', 'any'], { stdio: ['ignore', 'pipe', 'pipe'] }).toString('utf8');
      expect(statementText).toContain(`Я, ${APPLICANT}, перевірив(ла) дані сертифіката`);
      await wizard.getByTestId('wizard-statement-show').click();
      await expect(statement.locator('.muted')).toBeVisible();
      await checkA11y(page, language, 'new key: done');
      await shot(page, `newkey-10-done-${language}`);
      await wizard.getByTestId('wizard-close').click();

      await page.getByTestId('cabinet-search').fill('Олена Іванівна');
      await expect(page.locator(`[data-testid="cabinet-row"][data-key-id="${made.id}"]`)).toHaveAttribute('data-status', 'active');
      expect(await call(page, 'cabinet', 'testSign', { keyId: made.id, secret: NEW_KEY_PASSWORD })).toEqual({ signed: true });
      // Later, the key's actions lead back to the statement (here, with no file manager: its path).
      await chooseAction(page, 'Олена Іванівна', 'statement');
      await expect(page.getByTestId('cabinet-notice')).toContainText(statementPath);
      await saveScreenshot(page, testInfo, `new-key-active-${language}`);
    } finally {
      for (const server of servers) await server.stop();
    }
  });
}
