import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, saveScreenshot, seriousViolations } from './fixtures';
import { OID_COUNTER_SIGNATURE } from '../../main/core/cms/oids';
import { contextConstructed, sequence } from '../../main/core/crypto/der';
import { attribute, baseAttributes, sha256, signatureValueOf, signedData, signerInfo } from '../helpers/cms-builder';
import { OpensslCa } from '../helpers/openssl-ca';
import { missingTools } from '../helpers/require-tools';
import { trustForVerify } from './trust';

const MISSING = missingTools(['openssl']);
test.skip(Boolean(MISSING), `not run here without its tools (${MISSING}); CI installs them, and there a missing tool fails the run instead of skipping`);

/**
 * A packet as an accountant receives it: OpenSSL-signed documents (X.p7s beside X), one changed after signing, one whose
 * document is missing, and one with a counter-signature (built with our ASN.1 layer: OpenSSL cannot counter-sign).
 */
function makePacket(dir: string): { ca: OpensslCa; folder: string } {
  const ca = new OpensslCa(path.join(dir, 'ca'), 'Signdesk Packet CA');
  const key = ca.newKey('sender');
  const cert = ca.issue('sender', key, { subject: '/CN=Olena Vidpravnyk/O=Signdesk Tests' });
  const counterKey = ca.newKey('notary');
  const counterCert = ca.issue('notary', counterKey, { subject: '/CN=Notary Kontrol/O=Signdesk Tests' });
  const folder = path.join(dir, 'packet');
  fs.mkdirSync(folder);
  for (let index = 1; index <= 4; index++) {
    const doc = path.join(folder, `act-${index}.pdf`);
    fs.writeFileSync(doc, `Act number ${index}\n`.repeat(100));
    ca.openssl(['cms', '-sign', '-cades', '-binary', '-md', 'sha256', '-in', doc, '-signer', cert, '-inkey', key, '-outform', 'DER', '-out', `${doc}.p7s`]);
  }
  fs.appendFileSync(path.join(folder, 'act-2.pdf'), 'changed after signing');
  fs.rmSync(path.join(folder, 'act-4.pdf'));
  const der = (pem: string) => new Uint8Array(Buffer.from(fs.readFileSync(pem, 'utf8').replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64'));
  const sender = { certDer: der(cert), keyPem: fs.readFileSync(key, 'utf8') };
  const notary = { certDer: der(counterCert), keyPem: fs.readFileSync(counterKey, 'utf8') };
  const content = new Uint8Array(Buffer.from('Contract with a counter-signature\n'.repeat(50)));
  fs.writeFileSync(path.join(folder, 'contract.pdf'), content);
  const main = signerInfo(sender, baseAttributes(sender, sha256(content)));
  const counter = signerInfo(notary, baseAttributes(notary, sha256(signatureValueOf(main)), { contentType: null }));
  const header = main[1]! < 0x80 ? 2 : 2 + (main[1]! & 0x7f);
  const withCounter = sequence(main.subarray(header), contextConstructed(1, attribute(OID_COUNTER_SIGNATURE, counter)));
  fs.writeFileSync(path.join(folder, 'contract.pdf.p7s'), signedData({ signerInfos: [withCounter], certificates: [sender.certDer, notary.certDer] }));
  return { ca, folder };
}

test('a dropped packet folder: verdicts listed, filtered, expanded (counter-signers nested) and exported as CSV', async ({ app: page, dataDir }, testInfo) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-e2e-bulk-'));
  try {
    const { ca, folder } = makePacket(dir);
    trustForVerify(dataDir, ca.cert);
    await page.getByTestId('nav-verify').click();
    await page.getByTestId('verify-no-revocation').check();
    await page.getByText('Check files by path').click();
    await page.getByTestId('verify-folder-path').fill(folder);
    await page.getByTestId('verify-folder-submit').click();

    const summary = page.getByTestId('verify-bulk-summary');
    await expect(summary).toContainText('Files: 5. Valid: 3, not valid: 1, not established: 0, could not be checked: 1.');
    await expect(page.getByTestId('verify-bulk-row')).toHaveCount(5);
    expect(await seriousViolations(page), 'bulk list').toEqual([]);
    await saveScreenshot(page, testInfo, 'verify-bulk-list');

    await page.getByTestId('verify-filter-failed').check({ force: true });
    await expect(page.getByTestId('verify-bulk-row')).toHaveCount(1);
    await expect(page.getByTestId('verify-bulk-row')).toContainText('act-2.pdf.p7s');
    await page.getByTestId('verify-filter-errors').check({ force: true });
    await expect(page.getByTestId('verify-bulk-row')).toContainText('act-4.pdf.p7s');

    await page.getByTestId('verify-filter-all').check({ force: true });
    const counterRow = page.getByTestId('verify-bulk-row').filter({ hasText: 'contract.pdf.p7s' });
    await counterRow.getByTestId('verify-bulk-expand').click();
    const nested = counterRow.getByTestId('counter-signers');
    await expect(nested).toContainText('Notary Kontrol');
    await expect(nested.getByTestId('signer-report')).toHaveAttribute('data-indication', 'TOTAL-PASSED');
    expect(await seriousViolations(page), 'expanded report').toEqual([]);
    await saveScreenshot(page, testInfo, 'verify-bulk-counter-signer');

    const download = page.waitForEvent('download');
    await page.getByTestId('verify-bulk-export').click();
    const csvPath = path.join(dir, 'export.csv');
    await (await download).saveAs(csvPath);
    const rows = fs.readFileSync(csvPath, 'utf8').trim().split('\r\n');
    expect(rows[0]).toBe('signature,document,indication,signers,levels,signing_times,errors');
    expect(rows).toHaveLength(6);
    expect(rows.find((row) => row.includes('act-2.pdf.p7s'))).toContain('TOTAL-FAILED');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
