import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSignedData } from '../../main/core/cms';
import { embedSignature, preparePdfSignature, readPdfSignatures } from '../../main/core/formats/pades/pdf';
import { runSigndesk } from '../helpers/run-cli';
import { missingTools } from '../helpers/require-tools';
import { createTestPki, TEST_IDENTIFIERS, tsaConfigPath, type TestPki } from '../helpers/test-pki';
import { pkcs12For } from '../helpers/file-key';
import { startTsa, type TsaServer } from '../helpers/tsa-server';
import { hybridPdf, makeNssDb, makeTestSigner, minimalPdf, pdfLibDocument, pdfsigAddSignature, qpdf, qpdfCheck, signPdf } from '../helpers/pdf-fixtures';
import { runPdfsig } from '../helpers/pdfsig';

const missing = missingTools(['openssl', 'pdfsig', 'pdftotext', 'qpdf', 'certutil', 'pk12util']);
const OID_SIGNING_TIME = '1.2.840.113549.1.9.5';
const PASSWORD = 'pades-test-password';

interface SignJson {
  total: number;
  done: number;
  failed: number;
  files: Array<{ input: string; output: string; status: string; error: { code: string; message: string } | null }>;
}

interface VerifyJson {
  valid: boolean;
  indication: string;
  format: string;
  signers: Array<{ subject: string; indication: string; errors: string[] }>;
  pdf: {
    level: string | null;
    signatures: number;
    documentTimestamps: number;
    perSigner: Array<{ fieldName: string; kind: string; level: string | null; coversWholeDocument: boolean; onlyAllowedChanges: boolean; laterChanges: Array<{ kind: string; allowed: boolean }>; page: number | null }>;
  };
}

/** Appends a hand-written incremental update (classic xref section) replacing or adding `objects`. */
function appendUpdate(file: string, objects: ReadonlyArray<{ num: number; body: string }>): void {
  const bytes = fs.readFileSync(file);
  const text = bytes.toString('latin1');
  const startxref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)![1]);
  let size = 0;
  for (const match of text.matchAll(/\/Size (\d+)/g)) size = Math.max(size, Number(match[1]));
  for (const object of objects) size = Math.max(size, object.num + 1);
  const rootRef = [...text.matchAll(/\/Root (\d+ \d+ R)/g)].at(-1)![1];
  let position = bytes.length;
  let body = '';
  let xref = 'xref\n';
  for (const object of objects) {
    const chunk = `${object.num} 0 obj\n${object.body}\nendobj\n`;
    xref += `${object.num} 1\n${String(position).padStart(10, '0')} 00000 n\r\n`;
    body += chunk;
    position += Buffer.byteLength(chunk, 'latin1');
  }
  fs.appendFileSync(file, `${body}${xref}trailer\n<< /Size ${size} /Root ${rootRef} /Prev ${startxref} >>\nstartxref\n${position}\n%%EOF\n`, 'latin1');
}

/** Adds a document timestamp (ETSI.RFC3161) from the test PKI's TSA to `file`, in place, through the PDF engine. */
async function addDocumentTimestamp(pki: TestPki, file: string): Promise<void> {
  const temp = `${file}.ts-tmp`;
  const prepared = await preparePdfSignature(file, temp, { subFilter: 'ETSI.RFC3161' });
  const bytes = fs.readFileSync(temp);
  const ranges = pki.file(`ranges-${path.basename(file)}.bin`, Buffer.concat([bytes.subarray(0, prepared.byteRange[1]), bytes.subarray(prepared.byteRange[2])]));
  const query = pki.file(`ts-${path.basename(file)}.tsq`, '');
  const token = `${query}.der`;
  execFileSync('openssl', ['ts', '-query', '-data', ranges, '-sha256', '-cert', '-out', query]);
  execFileSync('openssl', ['ts', '-reply', '-config', tsaConfigPath(pki), '-queryfile', query, '-signer', pki.tsa.certPath, '-inkey', pki.tsa.keyPath, '-chain', pki.intermediate.certPath, '-token_out', '-out', token], { stdio: 'pipe' });
  await embedSignature(temp, prepared.contentsOffset, prepared.contentsLength, fs.readFileSync(token));
  fs.renameSync(temp, file);
}

describe.skipIf(missing)('signdesk sign --format pades with file keys, checked by pdfsig and qpdf', () => {
  let pki: TestPki;
  let tsa: TsaServer;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let keyRef: string;
  let secondKeyRef: string;
  const cli = (argv: string[]) => runSigndesk(argv, env);
  const trust = () => ['--trust', pki.root.certPath, '--no-revocation'];

  /** pdfsig's verdict: every signature's CMS and digest valid. */
  function expectPdfsigValid(file: string, signatures: number): void {
    const report = runPdfsig(file);
    expect(report.signatures, report.stdout + report.stderr).toHaveLength(signatures);
    for (const signature of report.signatures) expect(signature.validation, report.stdout).toBe('Signature is Valid.');
    expect(report.signatures.at(-1)!.totalDocumentSigned, report.stdout).toBe(true);
    expect(qpdfCheck(file).status, qpdfCheck(file).output).toBe(0);
  }

  function writePdf(name: string, bytes: Uint8Array): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return file;
  }

  beforeAll(async () => {
    pki = createTestPki();
    tsa = await startTsa(pki);
    dir = path.join(pki.dir, 'pades');
    fs.mkdirSync(dir);
    env = { SIGNDESK_DATA_DIR: path.join(pki.dir, 'data'), SIGNDESK_PW: PASSWORD };
    keyRef = `file:${pkcs12For(pki, pki.uaLeaf, PASSWORD)}`;
    secondKeyRef = `file:${pkcs12For(pki, pki.rsaLeaf, PASSWORD)}`;
  });

  afterAll(async () => {
    await tsa?.close();
    pki?.cleanup();
  });

  it('signs a classic table, a cross-reference stream and a hybrid file at B-B: no signingTime attribute, /M set, the original bytes untouched', async () => {
    const inputs = [writePdf('classic.pdf', minimalPdf('Act 1')), writePdf('xref-stream.pdf', await pdfLibDocument({ objectStreams: true, pages: 2 })), writePdf('hybrid.pdf', hybridPdf())];
    const originals = inputs.map((file) => fs.readFileSync(file));
    const run = await cli(['sign', '--format', 'pades', '--key', keyRef, '--pass-env', 'SIGNDESK_PW', '--json', ...inputs]);
    expect(run.code, run.stderr).toBe(0);
    const report = run.json<SignJson>();
    expect(report).toMatchObject({ total: 3, done: 3, failed: 0 });
    for (const [index, item] of report.files.entries()) {
      expect(item.output).toBe(inputs[index]!.replace(/\.pdf$/, '-signed.pdf'));
      const signed = fs.readFileSync(item.output);
      expect(signed.subarray(0, originals[index]!.length).equals(originals[index]!)).toBe(true);
      expectPdfsigValid(item.output, 1);
      const [signature] = await readPdfSignatures(item.output);
      expect(signature).toMatchObject({ subFilter: 'ETSI.CAdES.detached', coversWholeDocument: true, byteRangeValid: true });
      expect(signature!.signingTime).toBeInstanceOf(Date);
      const signer = parseSignedData(signature!.cms).signerInfos[0]!;
      expect(signer.signedAttributes!.map((attribute) => attribute.type)).not.toContain(OID_SIGNING_TIME);
      const verified = await cli(['verify', item.output, ...trust(), '--json']);
      expect(verified.code, verified.stdout + verified.stderr).toBe(0);
      expect(verified.json<VerifyJson>()).toMatchObject({ valid: true, format: 'pades', pdf: { level: 'B-B', signatures: 1, perSigner: [{ kind: 'signature', level: 'B-B', coversWholeDocument: true }] } });
    }
    expect(fs.readdirSync(dir).filter((name) => name.endsWith('.signdesk-tmp'))).toEqual([]);
    const human = await cli(['verify', report.files[0]!.output, ...trust()]);
    expect(human.stdout).toMatch(/PAdES level: B-B/);
    expect(human.stdout).toMatch(/Covers the whole document/);
  });

  it('B-T with a TSA: the signature timestamp is inside the CMS and the level says so', async () => {
    const input = writePdf('with-tsa.pdf', minimalPdf('Timestamped act'));
    const run = await cli(['sign', '--format', 'pades', '--key', keyRef, '--pass-env', 'SIGNDESK_PW', '--tsa', tsa.url, input]);
    expect(run.code, run.stderr).toBe(0);
    const output = input.replace(/\.pdf$/, '-signed.pdf');
    expectPdfsigValid(output, 1);
    const verified = await cli(['verify', output, ...trust(), '--json']);
    expect(verified.json<VerifyJson>()).toMatchObject({ valid: true, pdf: { level: 'B-T' } });
  });

  it('a visible signature in Ukrainian: the box is on the chosen page, with the name and EDRPOU from the certificate', async () => {
    const input = writePdf('visible.pdf', await pdfLibDocument({ pages: 2 }));
    const run = await cli(['sign', '--format', 'pades', '--key', keyRef, '--pass-env', 'SIGNDESK_PW', '--visible', 'page=2,corner=top-left,lang=uk', input]);
    expect(run.code, run.stderr).toBe(0);
    const output = input.replace(/\.pdf$/, '-signed.pdf');
    expectPdfsigValid(output, 1);
    const [signature] = await readPdfSignatures(output);
    expect(signature!.page).toBe(2);
    // pdftotext prints the widget's appearance: the stamp's words and the signer's details, in Ukrainian.
    const text = execFileSync('pdftotext', ['-f', '2', '-l', '2', output, '-'], { encoding: 'utf8' });
    expect(text).toMatch(/Підписано електронним підписом/);
    expect(text).toMatch(/Підписувач:/);
    expect(text).toContain(`ЄДРПОУ: ${TEST_IDENTIFIERS.edrpou}`);
    expect(text).toMatch(/Дата: \d\d\.\d\d\.\d{4} \d\d:\d\d/);
    const page1 = execFileSync('pdftotext', ['-f', '1', '-l', '1', output, '-'], { encoding: 'utf8' });
    expect(page1).not.toMatch(/Підписувач/);
    const bad = await cli(['sign', '--format', 'pades', '--key', keyRef, '--pass-env', 'SIGNDESK_PW', '--visible', 'corner=middle', input]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/ERR_USAGE: --visible/);
  });

  it('a second signer (cosign) and a foreign signer (pdfsig) add incremental updates; every signature stays valid', async () => {
    const input = writePdf('cosign.pdf', await pdfLibDocument({ textField: 'Total' }));
    expect((await cli(['sign', '--format', 'pades', '--key', keyRef, '--pass-env', 'SIGNDESK_PW', input])).code).toBe(0);
    const output = input.replace(/\.pdf$/, '-signed.pdf');
    const cosigned = await cli(['cosign', '--key', secondKeyRef, '--pass-env', 'SIGNDESK_PW', output, '--json']);
    expect(cosigned.code, cosigned.stderr).toBe(0);
    expect(cosigned.json<{ signers: number }>().signers).toBe(2);
    const two = runPdfsig(output);
    expect(two.signatures.map((signature) => signature.validation)).toEqual(['Signature is Valid.', 'Signature is Valid.']);
    expect(qpdfCheck(output).status).toBe(0);

    const foreign = makeTestSigner(dir, 'Foreign Producer', 'foreign', 'rsa');
    const nss = makeNssDb(path.join(dir, 'nss'), foreign, 'foreign');
    const withForeign = path.join(dir, 'cosign-foreign.pdf');
    pdfsigAddSignature(output, withForeign, nss, 'foreign', 'ForeignField');
    const third = await cli(['cosign', '--key', keyRef, '--pass-env', 'SIGNDESK_PW', withForeign]);
    expect(third.code, third.stderr).toBe(0);
    const four = runPdfsig(withForeign);
    expect(four.signatures.map((signature) => signature.validation), four.stdout).toEqual(Array(4).fill('Signature is Valid.'));
    expect(qpdfCheck(withForeign).status).toBe(0);

    const verified = await cli(['verify', withForeign, ...trust(), '--trust', foreign.certPath, '--json']);
    const report = verified.json<VerifyJson>();
    expect(report.pdf.signatures).toBe(4);
    expect(report.pdf.perSigner.map((signer) => signer.coversWholeDocument)).toEqual([false, false, false, true]);
    expect(report.pdf.perSigner.every((signer) => signer.onlyAllowedChanges)).toBe(true);
    expect(report.pdf.perSigner[0]!.laterChanges.map((change) => change.kind)).toContain('signature');
    expect(report.signers.slice(0, 2).map((signer) => signer.indication)).toEqual(['TOTAL-PASSED', 'TOTAL-PASSED']);
    const human = await cli(['verify', withForeign, ...trust()]);
    expect(human.stdout).toMatch(/changed after this signature .*by: .*signature/);
  });

  it('--in-place replaces the PDF atomically with the signed one (same name), and refuses options of other formats', async () => {
    const input = writePdf('in-place.pdf', minimalPdf('Signed where it lies'));
    const original = fs.readFileSync(input);
    const run = await cli(['sign', '--format', 'pades', '--in-place', '--key', keyRef, '--pass-env', 'SIGNDESK_PW', '--json', input]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json<SignJson>().files[0]!.output).toBe(input);
    expect(fs.existsSync(input.replace(/\.pdf$/, '-signed.pdf'))).toBe(false);
    expect(fs.readFileSync(input).subarray(0, original.length).equals(original)).toBe(true);
    expectPdfsigValid(input, 1);
    for (const argv of [
      ['--format', 'cades', '--in-place'],
      ['--format', 'pades', '--attached'],
      ['--format', 'pades', '--packet', 'x.asice'],
      ['--format', 'xades'],
    ]) {
      const refused = await cli(['sign', ...argv, '--key', keyRef, '--pass-env', 'SIGNDESK_PW', input]);
      expect(refused.code, argv.join(' ')).toBe(2);
      expect(refused.stderr).toMatch(/ERR_USAGE/);
    }
  });

  it('refuses DocMDP P=1, encrypted, truncated and malformed PDFs with coded errors per file and writes nothing for them', async () => {
    const good = writePdf('good.pdf', minimalPdf('fine'));
    const certifiedSource = writePdf('certify-source.pdf', minimalPdf('certified'));
    const certified = path.join(dir, 'certified.pdf');
    await signPdf(certifiedSource, certified, makeTestSigner(dir, 'Certifier', 'certifier'), { certify: 1 });
    const encrypted = path.join(dir, 'encrypted.pdf');
    qpdf(['--encrypt', 'user', 'owner', '256', '--', good, encrypted]);
    const truncated = writePdf('truncated.pdf', minimalPdf('cut').subarray(0, 200));
    const garbage = writePdf('garbage.pdf', Buffer.from('%PDF-1.7\nthis is not a PDF at all\n'));
    const run = await cli(['sign', '--format', 'pades', '--key', keyRef, '--pass-env', 'SIGNDESK_PW', '--json', good, certified, encrypted, truncated, garbage]);
    expect(run.code, run.stderr).toBe(1);
    const report = run.json<SignJson>();
    expect(report).toMatchObject({ total: 5, done: 1, failed: 4 });
    expect(report.files.map((file) => file.error?.code ?? null)).toEqual([null, 'ERR_PDF_CHANGES_NOT_ALLOWED', 'ERR_PDF_ENCRYPTED', 'ERR_PDF_MALFORMED', 'ERR_PDF_MALFORMED']);
    for (const failed of [certified, encrypted, truncated, garbage]) expect(fs.existsSync(failed.replace(/\.pdf$/, '-signed.pdf'))).toBe(false);
    expect(fs.readdirSync(dir).filter((name) => name.endsWith('.signdesk-tmp'))).toEqual([]);
    expectPdfsigValid(good.replace(/\.pdf$/, '-signed.pdf'), 1);
  });

  it('a page-content change after the signature fails the signature with ERR_PDF_MODIFIED; an unsigned PDF is ERR_NOT_SIGNED', async () => {
    const input = writePdf('tampered.pdf', minimalPdf('Amount: 100'));
    expect((await cli(['sign', '--format', 'pades', '--key', keyRef, '--pass-env', 'SIGNDESK_PW', input])).code).toBe(0);
    const signed = input.replace(/\.pdf$/, '-signed.pdf');
    // An incremental update that replaces page 1's content stream (object 4): what the signer saw changes.
    const content = 'BT /F1 18 Tf 72 760 Td (Amount: 900) Tj ET';
    appendUpdate(signed, [{ num: 4, body: `<< /Length ${content.length} >>\nstream\n${content}\nendstream` }]);
    const verified = await cli(['verify', signed, ...trust(), '--json']);
    expect(verified.code).toBe(1);
    const report = verified.json<VerifyJson>();
    expect(report).toMatchObject({ valid: false, indication: 'TOTAL-FAILED' });
    expect(report.signers[0]!.errors).toContain('ERR_PDF_MODIFIED');
    expect(report.pdf.perSigner[0]!.laterChanges).toContainEqual(expect.objectContaining({ kind: 'page-content', allowed: false }));
    const unsigned = await cli(['verify', writePdf('unsigned.pdf', minimalPdf('nothing')), ...trust()]);
    expect(unsigned.code).toBe(1);
    expect(unsigned.stderr).toMatch(/ERR_NOT_SIGNED/);
  });

  it('levels from what the document holds: a document timestamp makes B-T, a DSS then a document timestamp B-LTA', async () => {
    const input = writePdf('levels.pdf', minimalPdf('Long-term act'));
    expect((await cli(['sign', '--format', 'pades', '--key', keyRef, '--pass-env', 'SIGNDESK_PW', input])).code).toBe(0);
    const signed = input.replace(/\.pdf$/, '-signed.pdf');
    await addDocumentTimestamp(pki, signed);
    let report = (await cli(['verify', signed, ...trust(), '--json'])).json<VerifyJson>();
    expect(report).toMatchObject({ valid: true, pdf: { level: 'B-T', signatures: 1, documentTimestamps: 1 } });
    expect(report.pdf.perSigner.map((signer) => [signer.kind, signer.level, signer.coversWholeDocument])).toEqual([
      ['signature', 'B-T', false],
      ['timestamp', null, true],
    ]);
    // pdfsig 22.12 checks the signature under the timestamp (it leaves RFC 3161 tokens "not yet verified").
    expect(runPdfsig(signed).signatures[0]!.validation).toBe('Signature is Valid.');

    // A DSS with the chain's certificates (a new catalog revision pointing at it), then another document timestamp.
    const catalogText = [...fs.readFileSync(signed, 'latin1').matchAll(/\n1 0 obj\n([\s\S]*?)\nendobj/g)].at(-1)![1]!;
    const certObjects = [pki.uaLeaf.certDer, pki.intermediate.certDer].map((der, index) => ({ num: 100 + index, body: `<< /Length ${der.length} >>\nstream\n${Buffer.from(der).toString('latin1')}\nendstream` }));
    appendUpdate(signed, [...certObjects, { num: 99, body: '<< /Type /DSS /Certs [100 0 R 101 0 R] >>' }, { num: 1, body: catalogText.replace(/>>\s*$/, ' /DSS 99 0 R >>') }]);
    expect(qpdfCheck(signed).status, qpdfCheck(signed).output).toBe(0);
    report = (await cli(['verify', signed, ...trust(), '--json'])).json<VerifyJson>();
    expect(report.pdf.level).toBe('B-LT');
    await addDocumentTimestamp(pki, signed);
    report = (await cli(['verify', signed, ...trust(), '--json'])).json<VerifyJson>();
    expect(report).toMatchObject({ valid: true, pdf: { level: 'B-LTA', documentTimestamps: 2 } });
    expect(report.pdf.perSigner[0]!.laterChanges.map((change) => change.kind)).toEqual(expect.arrayContaining(['timestamp', 'dss']));
  });
});
