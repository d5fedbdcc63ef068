import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedSignature, hashByteRanges, preparePdfSignature, readPdfSignatures } from '../../main/core/formats/pades/pdf';
import { codeOf } from '../helpers/outcome';
import { cmsOverByteRanges, makeTestSigner, pdfLibDocument, qpdfCheck, signPdf, type TestSigner } from '../helpers/pdf-fixtures';
import { runPdfsig } from '../helpers/pdfsig';
import { missingTools } from '../helpers/require-tools';

const missing = missingTools(['pdfsig', 'qpdf', 'openssl']);

describe.skipIf(missing)('PAdES PDF engine: reading signatures back', () => {
  let dir: string;
  let signer: TestSigner;
  let tsa: TestSigner;
  const file = (name: string): string => path.join(dir, name);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pades-pdf-verify-'));
    signer = makeTestSigner(dir);
    const tsaKey = file('tsa.key.pem');
    execFileSync('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', tsaKey]);
    execFileSync('openssl', ['req', '-new', '-x509', '-key', tsaKey, '-out', file('tsa.cert.pem'), '-days', '30', '-subj', '/CN=Test TSA', '-addext', 'extendedKeyUsage=critical,timeStamping']);
    tsa = { certPath: file('tsa.cert.pem'), keyPath: tsaKey, commonName: 'Test TSA' };
    fs.writeFileSync(file('doc.pdf'), await pdfLibDocument({ pages: 2 }));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('returns the dictionary entries, the exact CMS without padding, and the ByteRange checks', async () => {
    const when = new Date('2026-03-15T12:05:07Z');
    const temp = file('entries.tmp');
    const prepared = await preparePdfSignature(file('doc.pdf'), temp, {
      signingTime: when,
      timeZoneOffsetMinutes: 120,
      name: 'Олена Іваненко',
      reason: 'Акт погоджено',
      location: 'Київ',
      contactInfo: 'olena@example.com',
      fieldName: 'Accountant',
    });
    const cms = await cmsOverByteRanges(temp, prepared.byteRange, signer);
    await embedSignature(temp, prepared.contentsOffset, prepared.contentsLength, cms);
    fs.renameSync(temp, file('entries.pdf'));

    const [signature] = await readPdfSignatures(file('entries.pdf'));
    expect(signature).toMatchObject({
      fieldName: 'Accountant',
      kind: 'signature',
      filter: 'Adobe.PPKLite',
      subFilter: 'ETSI.CAdES.detached',
      signingTimeText: "D:20260315140507+02'00'",
      name: 'Олена Іваненко',
      reason: 'Акт погоджено',
      location: 'Київ',
      contactInfo: 'olena@example.com',
      byteRange: prepared.byteRange,
      page: undefined,
      byteRangeValid: true,
      problems: [],
      coversWholeDocument: true,
      revision: 2,
      docMdpLevel: undefined,
    });
    expect(signature!.signingTime?.toISOString()).toBe(when.toISOString());
    expect(signature!.cms.equals(cms)).toBe(true);
    expect(signature!.revisionEnd).toBe(fs.statSync(file('entries.pdf')).size);
    // The streamed digest is OpenSSL's messageDigest of the same ranges.
    const digest = await hashByteRanges(file('entries.pdf'), prepared.byteRange, 'SHA-256');
    expect(cms.includes(Buffer.concat([Buffer.from([0x04, 0x20]), digest]))).toBe(true);
  });

  it('refuses a CMS larger than the placeholder with ERR_PDF_SIGNATURE_TOO_LARGE, and a wrong placeholder offset', async () => {
    const temp = file('small.tmp');
    const prepared = await preparePdfSignature(file('doc.pdf'), temp, { contentsSize: 1024 });
    expect(prepared.contentsLength).toBe(1024);
    expect(await codeOf(embedSignature(temp, prepared.contentsOffset, prepared.contentsLength, Buffer.alloc(1025, 1)))).toBe('ERR_PDF_SIGNATURE_TOO_LARGE');
    expect(await codeOf(embedSignature(temp, prepared.contentsOffset + 2, prepared.contentsLength, Buffer.alloc(10, 1)))).toBe('ERR_INPUT_INVALID');
    // Prepared but never embedded: the verifier says so instead of returning an empty CMS as if it were one.
    const [unsigned] = await readPdfSignatures(temp);
    expect(unsigned!.byteRangeValid).toBe(false);
    expect(unsigned!.problems).toEqual(['/Contents is empty: the signature was never written']);
    expect(unsigned!.cms).toHaveLength(0);
    fs.rmSync(temp);
  });

  it('recognises a document timestamp (/SubFilter /ETSI.RFC3161) and returns its token', async () => {
    await signPdf(file('doc.pdf'), file('signed.pdf'), signer);
    const temp = file('ts.tmp');
    const prepared = await preparePdfSignature(file('signed.pdf'), temp, { subFilter: 'ETSI.RFC3161' });
    const ranges = Buffer.concat([
      fs.readFileSync(temp).subarray(0, prepared.byteRange[1]),
      fs.readFileSync(temp).subarray(prepared.byteRange[2], prepared.byteRange[2] + prepared.byteRange[3]),
    ]);
    fs.writeFileSync(file('ranges.bin'), ranges);
    fs.writeFileSync(file('serial'), '01\n');
    fs.writeFileSync(
      file('ts.cnf'),
      `[ tsa ]\ndefault_tsa = tsa1\n[ tsa1 ]\nserial = ${file('serial')}\ncrypto_device = builtin\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256\naccuracy = secs:1\nordering = yes\ntsa_name = yes\ness_cert_id_chain = no\ness_cert_id_alg = sha256\n`,
    );
    execFileSync('openssl', ['ts', '-query', '-data', file('ranges.bin'), '-sha256', '-cert', '-out', file('q.tsq')]);
    execFileSync('openssl', ['ts', '-reply', '-queryfile', file('q.tsq'), '-signer', tsa.certPath, '-inkey', tsa.keyPath, '-config', file('ts.cnf'), '-token_out', '-out', file('token.der')], { stdio: 'pipe' });
    const token = fs.readFileSync(file('token.der'));
    await embedSignature(temp, prepared.contentsOffset, prepared.contentsLength, token);
    fs.renameSync(temp, file('timestamped.pdf'));

    expect(qpdfCheck(file('timestamped.pdf')).status).toBe(0);
    const report = runPdfsig(file('timestamped.pdf'));
    expect(report.signatures[0]!.validation).toBe('Signature is Valid.');
    const signatures = await readPdfSignatures(file('timestamped.pdf'));
    expect(signatures.map((s) => [s.kind, s.subFilter, s.byteRangeValid, s.coversWholeDocument])).toEqual([
      ['signature', 'ETSI.CAdES.detached', true, false],
      ['timestamp', 'ETSI.RFC3161', true, true],
    ]);
    expect(signatures[1]!.cms.equals(token)).toBe(true);
    // The token verifies over the byte ranges with OpenSSL.
    execFileSync('openssl', ['ts', '-verify', '-data', file('ranges.bin'), '-in', file('token.der'), '-token_in', '-CAfile', tsa.certPath], { stdio: 'pipe' });
  });

  it('flags a /ByteRange whose gap is not the /Contents string', async () => {
    await signPdf(file('doc.pdf'), file('tamper-src.pdf'), signer);
    const bytes = fs.readFileSync(file('tamper-src.pdf'));
    const [signature] = await readPdfSignatures(file('tamper-src.pdf'));
    const [, a, b, c] = signature!.byteRange!;
    const text = bytes.toString('latin1');
    const original = `[0 ${a} ${b} ${c}]`;
    const forged = `[0 ${a + 1} ${b} ${c}]`.padEnd(original.length, ' ');
    expect(text.includes(original)).toBe(true);
    fs.writeFileSync(file('tamper.pdf'), Buffer.from(text.replace(original, forged), 'latin1'));
    const [tampered] = await readPdfSignatures(file('tamper.pdf'));
    expect(tampered!.byteRangeValid).toBe(false);
    expect(tampered!.problems).toContain('the /ByteRange gap is not exactly the /Contents hex string');
    const short = `[0 ${a} ${b} ${c - 20}]`.padEnd(original.length, ' ');
    fs.writeFileSync(file('short.pdf'), Buffer.from(text.replace(original, short), 'latin1'));
    const [shortened] = await readPdfSignatures(file('short.pdf'));
    expect(shortened!.problems).toEqual(['/ByteRange does not end where a revision ends']);
    expect(shortened!.coversWholeDocument).toBe(false);
  });
});
