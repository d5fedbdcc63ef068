import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseLaterChanges, readPdfSignatures } from '../../main/core/formats/pades/pdf';
import { makeNssDb, makeTestSigner, minimalPdf, pdfLibDocument, pdfsigAddSignature, qpdfCheck, signPdf, type TestSigner } from '../helpers/pdf-fixtures';
import { runPdfsig } from '../helpers/pdfsig';
import { missingTools } from '../helpers/require-tools';

const missing = missingTools(['pdfsig', 'qpdf', 'openssl', 'certutil', 'pk12util']);

describe.skipIf(missing)('PAdES PDF engine: co-signing keeps every earlier signature valid', () => {
  let dir: string;
  let first: TestSigner;
  let second: TestSigner;
  let nssDir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pades-pdf-cosign-'));
    first = makeTestSigner(dir, 'First Signer', 'first');
    second = makeTestSigner(dir, 'Second Signer', 'second');
    const foreign = makeTestSigner(dir, 'Foreign Producer', 'foreign', 'rsa');
    nssDir = makeNssDb(path.join(dir, 'nss'), foreign, 'foreign');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const file = (name: string): string => path.join(dir, name);

  function expectAllValid(pdfPath: string, count: number): void {
    const report = runPdfsig(pdfPath);
    expect(report.signatures, report.stdout + report.stderr).toHaveLength(count);
    for (const signature of report.signatures) expect(signature.validation, report.stdout).toBe('Signature is Valid.');
    report.signatures.forEach((signature, i) => expect(signature.totalDocumentSigned, report.stdout).toBe(i === count - 1));
    const check = qpdfCheck(pdfPath);
    expect(check.status, check.output).toBe(0);
  }

  it.each([
    ['a classic table', () => pdfLibDocument({ pages: 2 })],
    ['a cross-reference stream', () => pdfLibDocument({ pages: 2, objectStreams: true })],
  ])('a second signer of ours after ours (%s): both valid, the later changes are a signature only', async (label, make) => {
    const stem = label.replace(/\W+/g, '-');
    fs.writeFileSync(file(`${stem}.pdf`), await make());
    await signPdf(file(`${stem}.pdf`), file(`${stem}-1.pdf`), first, { name: 'First' });
    await signPdf(file(`${stem}-1.pdf`), file(`${stem}-2.pdf`), second, { name: 'Second' });
    expectAllValid(file(`${stem}-2.pdf`), 2);

    const signatures = await readPdfSignatures(file(`${stem}-2.pdf`));
    expect(signatures.map((s) => s.fieldName)).toEqual(['Signature1', 'Signature2']);
    expect(signatures.map((s) => s.byteRangeValid)).toEqual([true, true]);
    expect(signatures.map((s) => s.coversWholeDocument)).toEqual([false, true]);
    expect(signatures[1]!.revision).toBe(signatures[0]!.revision! + 1);

    const later = await analyseLaterChanges(file(`${stem}-2.pdf`), signatures[0]!);
    expect(later.laterRevisions).toBe(1);
    expect(later.onlyAllowedChanges).toBe(true);
    const kinds = new Set(later.changes.map((change) => change.kind));
    expect(kinds).toContain('signature');
    expect(kinds).toContain('signature-field');
    expect([...kinds].every((kind) => ['signature', 'signature-field', 'form', 'page-annotations'].includes(kind))).toBe(true);
    const none = await analyseLaterChanges(file(`${stem}-2.pdf`), signatures[1]!);
    expect(none.changes).toEqual([]);
    expect(none.coversWholeDocument).toBe(true);
  });

  // poppler 22.12 answers "-etsi is not supported yet with -add-signature": its signatures are adbe.pkcs7.detached.
  it('ours after a foreign producer (pdfsig -add-signature), then the foreign producer again: all valid', async () => {
    fs.writeFileSync(file('foreign.pdf'), await pdfLibDocument({ pages: 2 }));
    pdfsigAddSignature(file('foreign.pdf'), file('foreign-1.pdf'), nssDir, 'foreign', 'Foreign1');
    expectAllValid(file('foreign-1.pdf'), 1);
    await signPdf(file('foreign-1.pdf'), file('foreign-2.pdf'), first, { reason: 'Agreed' });
    expectAllValid(file('foreign-2.pdf'), 2);
    pdfsigAddSignature(file('foreign-2.pdf'), file('foreign-3.pdf'), nssDir, 'foreign', 'Foreign2');
    expectAllValid(file('foreign-3.pdf'), 3);

    const signatures = await readPdfSignatures(file('foreign-3.pdf'));
    expect(signatures.map((s) => s.subFilter)).toEqual(['adbe.pkcs7.detached', 'ETSI.CAdES.detached', 'adbe.pkcs7.detached']);
    expect(signatures.every((s) => s.byteRangeValid)).toBe(true);
    expect(signatures.map((s) => s.reason)).toEqual([undefined, 'Agreed', undefined]);
    const mine = signatures.find((s) => s.reason === 'Agreed')!;
    const later = await analyseLaterChanges(file('foreign-3.pdf'), mine);
    expect(later.onlyAllowedChanges).toBe(true);
    expect(later.changes.some((change) => change.kind === 'signature')).toBe(true);
  });

  it('a page-content change after a signature is reported with its object number and not allowed', async () => {
    fs.writeFileSync(file('content.pdf'), minimalPdf('Pay 100 UAH'));
    await signPdf(file('content.pdf'), file('content-1.pdf'), first);
    // Another tool rewrites the page's content stream (object 4) in an incremental update.
    const { buildIncrementalUpdate } = await import('../../main/core/formats/pades/pdf/incremental-update');
    const { PdfReader } = await import('../../main/core/formats/pades/pdf/pdf-reader');
    const { PdfDict, PdfNewStream, PdfRef } = await import('../../main/core/formats/pades/pdf/objects');
    const reader = await PdfReader.open(file('content-1.pdf'));
    const size = reader.size;
    const update = buildIncrementalUpdate({
      baseOffset: size,
      endsWithEol: true,
      objects: [{ ref: new PdfRef(4, 0), value: new PdfNewStream(new PdfDict(), Buffer.from('BT /F1 18 Tf 72 760 Td (Pay 900 UAH) Tj ET')) }],
      previousKind: reader.sections[0]!.kind,
      previousStartxref: reader.startxref,
      previousTrailer: reader.trailer,
      previousSize: reader.xref.size,
    });
    await reader.close();
    fs.writeFileSync(file('content-2.pdf'), Buffer.concat([fs.readFileSync(file('content-1.pdf')), update.bytes]));

    const report = runPdfsig(file('content-2.pdf'));
    expect(report.signatures[0]!.validation).toBe('Signature is Valid.');
    expect(report.signatures[0]!.totalDocumentSigned).toBe(false);
    const [signature] = await readPdfSignatures(file('content-2.pdf'));
    expect(signature!.byteRangeValid).toBe(true);
    expect(signature!.coversWholeDocument).toBe(false);
    const later = await analyseLaterChanges(file('content-2.pdf'), signature!);
    expect(later.onlyAllowedChanges).toBe(false);
    expect(later.changes).toEqual([expect.objectContaining({ objectNumber: 4, kind: 'page-content', allowed: false, existedBefore: true })]);
  });
});
