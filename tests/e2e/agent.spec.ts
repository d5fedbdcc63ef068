import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test as queueTest, expect, MISSING_SIGNING_TOOLS } from './queue-fixtures';
import { expectNoSeriousViolations, saveScreenshot } from './fixtures';
import { agentCall, multipart } from '../helpers/agent-client';
import { minimalPdf, qpdfCheck } from '../helpers/pdf-fixtures';
import { runPdfsig } from '../helpers/pdfsig';
import { missingTools } from '../helpers/require-tools';

const test = queueTest.extend<{ agentUrl: string; examplePage: { origin: string; page: Page } }>({
  // Any free port: a Signdesk on this machine may hold the default one.
  bridgeEnv: async ({ signingKey }, use) => {
    await use({ ...signingKey.bridgeEnv, SIGNDESK_AGENT_PORT: '0' });
  },
  agentUrl: async ({ app, dataDir }, use) => {
    expect(app).toBeTruthy();
    const published = JSON.parse(fs.readFileSync(path.join(dataDir, 'agent.json'), 'utf8')) as { url: string };
    await use(published.url);
  },
  // The example page of examples/, served from a second loopback origin (another port) as an integrator would.
  examplePage: async ({ context }, use) => {
    const html = fs.readFileSync(path.resolve('examples/agent-sign.html'));
    const server = http.createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const page = await context.newPage();
    await use({ origin, page });
    await page.close();
    server.close();
  },
});

const MISSING = MISSING_SIGNING_TOOLS || missingTools(['pdfsig', 'pdftotext', 'qpdf']);
test.skip(Boolean(MISSING), `not run here without its tools (${MISSING}); CI installs them, and there a missing tool fails the run instead of skipping`);

test('a web page on another loopback origin pairs, gets consent in the app, signs 100 documents in one batch; OpenSSL accepts every signature', async ({
  app,
  agentUrl,
  examplePage,
  signingKey,
  workDir,
}, testInfo) => {
  const { page, origin } = examplePage;
  await page.goto(`${origin}/?agent=${encodeURIComponent(agentUrl)}`);
  await page.getByRole('button', { name: 'Connect' }).click();
  const pageCode = page.getByTestId('pairing-code');
  await expect(pageCode).toHaveText(/^[A-Z2-9]{3}-[A-Z2-9]{3}$/);

  // The app shows the same origin and code; the user allows it.
  const pairing = app.getByTestId('agent-pairing-dialog');
  await expect(pairing).toBeVisible();
  await expect(app.getByTestId('agent-pairing-origin')).toHaveText(origin);
  await expect(app.getByTestId('agent-pairing-code')).toHaveText((await pageCode.textContent())!);
  await expectNoSeriousViolations(app, 'pairing dialog');
  await saveScreenshot(app, testInfo, 'agent-pairing-en');
  await app.getByTestId('agent-pairing-allow').click();
  await expect(pairing).toBeHidden();
  await expect(page.locator('#pairing')).toContainText('Connected');
  await expect(page.locator('#key option')).toHaveCount(1);

  const documents = Array.from({ length: 100 }, (_, index) => ({
    name: `накладна-${String(index + 1).padStart(3, '0')}.xml`,
    mimeType: 'application/xml',
    buffer: Buffer.from(`<invoice n="${index + 1}">${'рядок '.repeat(index + 1)}</invoice>\n`),
  }));
  await page.locator('#files').setInputFiles(documents);
  await page.getByRole('button', { name: 'Sign' }).click();
  await expect(page.locator('#status')).toContainText('Waiting for your approval in Signdesk');

  // Consent: what will be signed, by whom, with which key; the PIN is typed in the app.
  const consent = app.getByTestId('agent-consent-dialog');
  await expect(consent).toBeVisible();
  await expect(app.getByTestId('agent-consent-caller')).toHaveText(origin);
  await expect(app.getByTestId('agent-consent-what')).toContainText('100 documents');
  await expect(app.getByTestId('agent-consent-document')).toHaveCount(100);
  await expect(app.getByTestId('agent-consent-document').first()).toContainText('накладна-001.xml');
  await expect(app.getByTestId('agent-consent-key')).toContainText('Олена Підписувач');
  await expectNoSeriousViolations(app, 'consent dialog');
  await saveScreenshot(app, testInfo, 'agent-consent-en');
  await app.getByTestId('agent-consent-secret').fill(signingKey.pin);
  await app.getByTestId('agent-consent-approve').click();
  await expect(consent).toBeHidden();

  const results = page.getByTestId('result');
  await expect(results).toHaveCount(100, { timeout: 60_000 });
  await expect(page.locator('#status')).toContainText('done');
  const signed = await results.evaluateAll((items) => items.map((item) => ({ name: item.getAttribute('data-name'), signature: item.getAttribute('data-signature') })));
  const dir = path.join(workDir, 'verify');
  fs.mkdirSync(dir);
  for (const [index, document] of documents.entries()) {
    expect(signed[index]!.name).toBe(document.name);
    const content = path.join(dir, `doc-${index}.xml`);
    const signature = `${content}.p7s`;
    fs.writeFileSync(content, document.buffer);
    fs.writeFileSync(signature, Buffer.from(signed[index]!.signature!, 'base64'));
    execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', signature, '-content', content, '-CAfile', signingKey.ca.cert, '-purpose', 'any', '-out', '/dev/null'], { stdio: 'pipe' });
  }

  // The batch is in History, and the page is on the allow-list in Settings.
  await app.getByTestId('nav-history').click();
  await expect(app.getByTestId('history-row')).toHaveCount(100);
  await app.getByTestId('nav-settings').click();
  await expect(app.getByTestId('agent-origin-row')).toContainText(origin);
  await expect(app.getByTestId('agent-address')).toHaveText(agentUrl);
  await saveScreenshot(app, testInfo, 'agent-settings-en');
});

test('pairing and consent dialogs in Ukrainian, Russian and English; a denial reaches the caller as ERR_CONSENT_DENIED', async ({ app, agentUrl, signingKey }, testInfo) => {
  // Three languages, each with two dialogs, axe checks and screenshots: on a busy 2-core machine past the default 2 minutes.
  test.slow();
  const port = Number(new URL(agentUrl).port);
  // Each language asks for another format, so each format's line is seen in a language.
  const texts = {
    uk: { pairing: 'Дозволити цьому сайту користуватися Signdesk?', consent: 'Запит на підпис', documents: '3 документи', query: `&format=asice&packet=${encodeURIComponent('звітність.asice')}&timestamp=true`, format: 'ASiC-E, один контейнер звітність.asice для всіх документів' },
    ru: { pairing: 'Разрешить этому сайту пользоваться Signdesk?', consent: 'Запрос на подпись', documents: '3 документа', query: `&format=pades&visible=${encodeURIComponent('page=1,corner=top-left,lang=ru')}`, format: 'PAdES, внутри PDF' },
    en: { pairing: 'Allow this website to use Signdesk?', consent: 'Signing request', documents: '3 documents', query: '&packaging=attached', format: 'CAdES, attached' },
  };
  // The time-stamp service a request with timestamp=true gets its time-stamp from is the one set in Settings.
  const tsaUrl = 'http://tsa.buh.example/tsp';
  await app.getByTestId('nav-settings').click();
  await app.getByTestId('settings-tsa').fill(tsaUrl);
  await app.getByTestId('settings-tsa-save').click();
  await expect(app.getByTestId('signing-options-status')).toHaveText('Saved.');
  for (const language of ['uk', 'ru', 'en'] as const) {
    await app.getByTestId('nav-settings').click();
    await app.getByTestId('settings-language').selectOption(language);
    await expect(app.locator('html')).toHaveAttribute('lang', language);
    const origin = `https://${language}.buh.example`;

    const asked = await agentCall(port, { method: 'POST', path: '/v1/pairing', headers: { origin } });
    expect(asked.status).toBe(202);
    const dialog = app.getByTestId('agent-pairing-dialog');
    await expect(dialog).toContainText(texts[language].pairing);
    await expect(app.getByTestId('agent-pairing-code')).toHaveText(asked.json<{ code: string }>().code);
    await expectNoSeriousViolations(app, `pairing dialog (${language})`);
    await saveScreenshot(app, testInfo, `agent-pairing-${language}`);
    await app.getByTestId('agent-pairing-allow').click();
    await expect(dialog).toBeHidden();

    const keys = (await agentCall(port, { path: '/v1/keys', headers: { origin } })).json<{ keys: Array<{ id: string }> }>().keys;
    const form = await multipart(['акт-звірки.pdf', 'рахунок-фактура.pdf', 'договір №15.docx'].map((name, index) => ({ field: 'documents', name, content: Buffer.alloc(1000 * (index + 1), 65) })));
    const answer = agentCall(port, { method: 'POST', path: `/v1/batches?keyId=${keys[0]!.id}${texts[language].query}`, headers: { origin, 'content-type': form.contentType }, body: form.body });
    const consent = app.getByTestId('agent-consent-dialog');
    await expect(consent).toContainText(texts[language].consent);
    await expect(app.getByTestId('agent-consent-what')).toContainText(texts[language].documents);
    await expect(app.getByTestId('agent-consent-format')).toContainText(texts[language].format);
    if (language === 'uk') await expect(app.getByTestId('agent-consent-timestamp')).toHaveText(tsaUrl);
    else await expect(app.getByTestId('agent-consent-timestamp')).toHaveCount(0);
    if (language === 'ru') await expect(app.getByTestId('agent-consent-visible')).toHaveText('Вверху слева страницы 1, текст на русском');
    else await expect(app.getByTestId('agent-consent-visible')).toHaveCount(0);
    await expectNoSeriousViolations(app, `consent dialog (${language})`);
    await saveScreenshot(app, testInfo, `agent-consent-${language}`);
    await app.getByTestId('agent-consent-deny').click();
    await expect(consent).toBeHidden();
    const denied = await answer;
    expect([denied.status, denied.code]).toEqual([403, 'ERR_CONSENT_DENIED']);
  }

  // "Allow for this session": the next request signs without a dialog, the banner says so until Stop.
  const origin = 'https://en.buh.example';
  const keyId = (await agentCall(port, { path: '/v1/keys', headers: { origin } })).json<{ keys: Array<{ id: string }> }>().keys[0]!.id;
  const signOne = async (name: string) => {
    const form = await multipart([{ field: 'document', name, content: `${name}\n` }]);
    return agentCall(port, { method: 'POST', path: `/v1/sign?keyId=${keyId}`, headers: { origin, 'content-type': form.contentType }, body: form.body });
  };
  const first = signOne('first.txt');
  await app.getByTestId('agent-consent-secret').fill(signingKey.pin);
  await app.getByTestId('agent-consent-session').check();
  await app.getByTestId('agent-consent-approve').click();
  expect((await first).status).toBe(200);
  expect((await signOne('second.txt')).status).toBe(200);
  const banner = app.getByTestId('agent-session-banner');
  await expect(banner).toContainText(origin);
  await expect(banner).toContainText('signed 1');
  await expectNoSeriousViolations(app, 'session banner');
  await saveScreenshot(app, testInfo, 'agent-session-banner-en');
  await app.getByTestId('agent-session-stop').click();
  await expect(banner).toBeHidden();
  const third = signOne('third.txt');
  await expect(app.getByTestId('agent-consent-dialog')).toBeVisible();
  await app.getByTestId('agent-consent-deny').click();
  expect((await third).code).toBe('ERR_CONSENT_DENIED');
});

test('the example page signs PDFs as PAdES: the signed copies it offers are accepted by pdfsig and qpdf', async ({ app, agentUrl, examplePage, signingKey, workDir, dataDir }, testInfo) => {
  const { page, origin } = examplePage;
  await page.goto(`${origin}/?agent=${encodeURIComponent(agentUrl)}`);
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByTestId('pairing-code')).toBeVisible();
  await app.getByTestId('agent-pairing-allow').click();
  await expect(page.locator('#pairing')).toContainText('Connected');

  const originals = ['акт-1.pdf', 'акт-2.pdf'].map((name, index) => ({ name, mimeType: 'application/pdf', buffer: minimalPdf(`Act ${index + 1}`) }));
  await page.locator('#format').selectOption('pades');
  await page.locator('#visible').check();
  await page.locator('#files').setInputFiles(originals);
  await page.getByRole('button', { name: 'Sign' }).click();
  await expect(app.getByTestId('agent-consent-format')).toHaveText('PAdES, inside the PDF (a signed copy of each PDF)');
  await expect(app.getByTestId('agent-consent-visible')).toContainText('Bottom right of page 1');
  await saveScreenshot(app, testInfo, 'agent-consent-pades-en');
  await app.getByTestId('agent-consent-secret').fill(signingKey.pin);
  await app.getByTestId('agent-consent-approve').click();

  const files = page.getByTestId('result-file');
  await expect(files).toHaveCount(2, { timeout: 60_000 });
  await expect(page.locator('#status')).toContainText('done');
  const signed = await files.evaluateAll((links) =>
    Promise.all(
      links.map(async (link) => {
        const bytes = new Uint8Array(await (await fetch(link.getAttribute('href')!)).arrayBuffer());
        return { name: link.getAttribute('download'), base64: btoa(Array.from(bytes, (byte) => String.fromCharCode(byte)).join('')) };
      }),
    ),
  );
  expect(signed.map((file) => file.name)).toEqual(['акт-1-signed.pdf', 'акт-2-signed.pdf']);
  for (const [index, file] of signed.entries()) {
    const pdf = path.join(workDir, `signed-${index}.pdf`);
    fs.writeFileSync(pdf, Buffer.from(file.base64, 'base64'));
    const report = runPdfsig(pdf);
    expect(report.signatures, report.stdout).toHaveLength(1);
    expect(report.signatures[0]).toMatchObject({ valid: true, totalDocumentSigned: true });
    expect(qpdfCheck(pdf).status).toBe(0);
    // Visible: the signer's name is drawn on page 1.
    expect(execFileSync('pdftotext', ['-f', '1', '-l', '1', pdf, '-'], { encoding: 'utf8' })).toContain('Олена Підписувач');
  }
  // The page let go of the batch once it had the files: nothing stays in the agent's folder.
  await expect.poll(() => fs.readdirSync(path.join(dataDir, 'agent', 'incoming'))).toEqual([]);
});
