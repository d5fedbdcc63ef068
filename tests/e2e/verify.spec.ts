import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, saveScreenshot, seriousViolations } from './fixtures';
import { OpensslCa } from '../helpers/openssl-ca';
import { missingTools } from '../helpers/require-tools';
import { trustForVerify } from './trust';
import { dropFiles } from './drop-files';

const MISSING = missingTools(['openssl']);
test.skip(Boolean(MISSING), `not run here without its tools (${MISSING}); CI installs them, and there a missing tool fails the run instead of skipping`);

/** A detached CAdES signature made by OpenSSL (an independent signer), its document, and the CA. */
function signWithOpenssl(dir: string): { ca: OpensslCa; doc: string; sig: string } {
  const ca = new OpensslCa(path.join(dir, 'ca'), 'Signdesk Verify CA');
  const key = ca.newKey('signer');
  const cert = ca.issue('signer', key, { subject: '/CN=Petro Perevirka/O=Signdesk Tests' });
  const doc = path.join(dir, 'contract.pdf');
  fs.writeFileSync(doc, 'The parties agree.\n'.repeat(200));
  const sig = `${doc}.p7s`;
  ca.openssl(['cms', '-sign', '-cades', '-binary', '-md', 'sha256', '-in', doc, '-signer', cert, '-inkey', key, '-outform', 'DER', '-out', sig]);
  return { ca, doc, sig };
}

test('a good signature passes every check; the same signature over a changed document fails on content', async ({ app: page, dataDir }, testInfo) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-e2e-verify-'));
  try {
    const { ca, doc, sig } = signWithOpenssl(dir);
    trustForVerify(dataDir, ca.cert);

    await page.getByTestId('nav-verify').click();
    expect(await seriousViolations(page), 'empty Verify').toEqual([]);
    await page.getByTestId('verify-no-revocation').check();

    // Dropped as a browser delivers them (uploads): the signature and its document.
    const drop = (files: Array<{ name: string; content: Buffer }>) => dropFiles(page, files);
    const asUpload = (file: string, content = fs.readFileSync(file)) => ({ name: path.basename(file), content });

    await drop([asUpload(sig), asUpload(doc)]);
    const result = page.getByTestId('verify-result');
    await expect(result).toHaveAttribute('data-valid', 'true');
    await expect(page.getByTestId('verify-summary')).toContainText('valid');
    const signer = page.getByTestId('signer-report');
    await expect(signer).toHaveCount(1);
    await expect(signer).toHaveAttribute('data-indication', 'TOTAL-PASSED');
    await expect(signer).toContainText('Petro Perevirka');
    for (const check of ['signature', 'messageDigest', 'signingCertificate', 'chain']) {
      await expect(page.getByTestId(`check-${check}`)).toHaveAttribute('data-result', 'ok');
    }
    await signer.getByText('Technical details').click();
    await expect(signer).toContainText('TOTAL-PASSED');
    expect(await seriousViolations(page), 'good report').toEqual([]);
    await saveScreenshot(page, testInfo, 'verify-good');

    // One byte changed in the document: the digest no longer matches.
    const tampered = Buffer.from(fs.readFileSync(doc));
    tampered[10] = tampered[10]! ^ 0x01;
    await drop([asUpload(sig), asUpload(doc, tampered)]);
    await expect(result).toHaveAttribute('data-valid', 'false');
    await expect(signer).toHaveAttribute('data-indication', 'TOTAL-FAILED');
    await expect(page.getByTestId('check-messageDigest')).toHaveAttribute('data-result', 'bad');
    await expect(page.getByTestId('verify-summary')).toContainText('NOT valid');
    expect(await seriousViolations(page), 'tampered report').toEqual([]);
    await saveScreenshot(page, testInfo, 'verify-tampered');

    // The detached signature alone: its document is needed, and the screen says so.
    await drop([asUpload(sig)]);
    await expect(result).toHaveAttribute('data-valid', 'error');
    await expect(result.locator('[data-error-code]')).toHaveAttribute('data-error-code', 'ERR_CONTENT_MISSING');

    // An attached signature carries its document: dropped alone, it is checked whole.
    const attached = path.join(dir, 'attached.txt.p7s');
    ca.openssl(['cms', '-sign', '-cades', '-binary', '-nodetach', '-md', 'sha256', '-in', doc, '-signer', path.join(ca.dir, 'signer.pem'), '-inkey', path.join(ca.dir, 'signer.key'), '-outform', 'DER', '-out', attached]);
    await drop([asUpload(attached)]);
    await expect(result).toHaveAttribute('data-valid', 'true');
    await expect(page.getByTestId('verify-summary')).toContainText('The document is inside the signature');

    // Dropped with a document of its name that is not the one it carries (issue 13): not valid for that document.
    await drop([asUpload(attached), { name: 'attached.txt', content: Buffer.from('Another act entirely.\n') }]);
    await expect(result).toHaveAttribute('data-valid', 'false');
    await expect(signer).toHaveAttribute('data-indication', 'TOTAL-FAILED');
    await expect(page.getByTestId('verify-content-mismatch')).toContainText('is not the one that was signed');
    expect(await seriousViolations(page), 'attached with another document').toEqual([]);
    await saveScreenshot(page, testInfo, 'verify-attached-other-document');

    // With revocation checking on and nowhere to ask (no OCSP, no CRL point): not established, not valid.
    await page.getByTestId('verify-no-revocation').uncheck();
    await drop([asUpload(sig), asUpload(doc)]);
    await expect(signer).toHaveAttribute('data-indication', 'INDETERMINATE');
    await expect(page.getByTestId('check-revocation')).toHaveAttribute('data-result', 'unknown');
    await expect(page.getByTestId('verify-summary')).toContainText('could not be fully checked');
    expect(await seriousViolations(page), 'indeterminate report').toEqual([]);
    await saveScreenshot(page, testInfo, 'verify-indeterminate');

    // By typed paths, in Ukrainian.
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-language').selectOption('uk');
    await page.getByTestId('nav-verify').click();
    await page.getByTestId('verify-no-revocation').check();
    await page.locator('.typed-paths summary').click();
    await page.getByTestId('verify-signature-path').fill(sig);
    await page.getByTestId('verify-content-path').fill(doc);
    await page.getByTestId('verify-typed-submit').click();
    await expect(page.getByTestId('verify-summary')).toContainText('Підпис чинний');
    expect(await seriousViolations(page), 'uk report').toEqual([]);
    await saveScreenshot(page, testInfo, 'verify-good-uk');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
