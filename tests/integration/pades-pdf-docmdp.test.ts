import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseLaterChanges, preparePdfSignature, readPdfSignatures } from '../../main/core/formats/pades/pdf';
import { buildIncrementalUpdate } from '../../main/core/formats/pades/pdf/incremental-update';
import { PdfDict, PdfRef } from '../../main/core/formats/pades/pdf/objects';
import { PdfReader } from '../../main/core/formats/pades/pdf/pdf-reader';
import { codeOf } from '../helpers/outcome';
import { makeTestSigner, pdfLibDocument, qpdfCheck, signPdf, type TestSigner } from '../helpers/pdf-fixtures';
import { runPdfsig } from '../helpers/pdfsig';
import { missingTools } from '../helpers/require-tools';

const missing = missingTools(['pdfsig', 'qpdf', 'openssl']);

describe.skipIf(missing)('PAdES PDF engine: DocMDP permissions', () => {
  let dir: string;
  let signer: TestSigner;
  const file = (name: string): string => path.join(dir, name);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pades-pdf-docmdp-'));
    signer = makeTestSigner(dir);
    fs.writeFileSync(file('doc.pdf'), await pdfLibDocument({ pages: 2 }));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a certification with P=1 refuses any further signature, and nothing is left at the temp path', async () => {
    await signPdf(file('doc.pdf'), file('p1.pdf'), signer, { certify: 1 });
    const report = runPdfsig(file('p1.pdf'));
    expect(report.signatures[0]!.validation).toBe('Signature is Valid.');
    const [certification] = await readPdfSignatures(file('p1.pdf'));
    expect(certification!.docMdpLevel).toBe(1);

    expect(await codeOf(preparePdfSignature(file('p1.pdf'), file('p1-again.tmp')))).toBe('ERR_PDF_CHANGES_NOT_ALLOWED');
    expect(fs.existsSync(file('p1-again.tmp'))).toBe(false);
  });

  it('P=1 found through the signature field alone (the catalog lost /Perms in a later update) still refuses', async () => {
    const reader = await PdfReader.open(file('p1.pdf'));
    const catalog = (await reader.catalog()).clone();
    catalog.delete('Perms');
    const update = buildIncrementalUpdate({
      baseOffset: reader.size,
      endsWithEol: true,
      objects: [{ ref: reader.trailer.get('Root') as PdfRef, value: catalog }],
      previousKind: reader.sections[0]!.kind,
      previousStartxref: reader.startxref,
      previousTrailer: reader.trailer,
      previousSize: reader.xref.size,
    });
    await reader.close();
    fs.writeFileSync(file('p1-noperms.pdf'), Buffer.concat([fs.readFileSync(file('p1.pdf')), update.bytes]));
    expect(await codeOf(preparePdfSignature(file('p1-noperms.pdf'), file('p1-noperms.tmp')))).toBe('ERR_PDF_CHANGES_NOT_ALLOWED');
    expect(fs.existsSync(file('p1-noperms.tmp'))).toBe(false);
    // And the verifier reports the removal of /Perms as a catalog change that P=1 does not allow.
    const [certification] = await readPdfSignatures(file('p1-noperms.pdf'));
    const later = await analyseLaterChanges(file('p1-noperms.pdf'), certification!);
    expect(later.certified).toBe(true);
    expect(later.changes).toEqual([expect.objectContaining({ kind: 'catalog', allowed: false, changedKeys: ['Perms'] })]);
  });

  it.each([2, 3] as const)('a certification with P=%i allows a second signature; both stay valid', async (level) => {
    await signPdf(file('doc.pdf'), file(`p${level}.pdf`), signer, { certify: level });
    await signPdf(file(`p${level}.pdf`), file(`p${level}-2.pdf`), signer, { reason: 'approval' });
    const report = runPdfsig(file(`p${level}-2.pdf`));
    expect(report.signatures.map((s) => s.validation)).toEqual(['Signature is Valid.', 'Signature is Valid.']);
    expect(qpdfCheck(file(`p${level}-2.pdf`)).status).toBe(0);
    const signatures = await readPdfSignatures(file(`p${level}-2.pdf`));
    expect(signatures.map((s) => s.docMdpLevel)).toEqual([level, undefined]);
    const later = await analyseLaterChanges(file(`p${level}-2.pdf`), signatures[0]!);
    expect(later.docMdpLevel).toBe(level);
    expect(later.onlyAllowedChanges).toBe(true);
  });

  it('only the first signature may certify', async () => {
    await signPdf(file('doc.pdf'), file('plain-1.pdf'), signer);
    expect(await codeOf(preparePdfSignature(file('plain-1.pdf'), file('plain-certify.tmp'), { certify: 2 }))).toBe('ERR_INPUT_INVALID');
    expect(fs.existsSync(file('plain-certify.tmp'))).toBe(false);
  });

  it('an annotation added after a P=2 certification is reported as not allowed', async () => {
    const reader = await PdfReader.open(file('p2.pdf'));
    const page = await (await import('../../main/core/formats/pades/pdf/page-tree')).findPage(reader.view, await reader.catalog(), 1, reader.limits);
    const annotRef = new PdfRef(reader.xref.size, 0);
    const { PdfName, PdfString } = await import('../../main/core/formats/pades/pdf/objects');
    const annot = new PdfDict([
      ['Type', new PdfName('Annot')],
      ['Subtype', new PdfName('Text')],
      ['Rect', [100, 100, 120, 120]],
      ['Contents', new PdfString(Buffer.from('a note'), false)],
    ]);
    const update = buildIncrementalUpdate({
      baseOffset: reader.size,
      endsWithEol: true,
      objects: [
        { ref: annotRef, value: annot },
        { ref: page.ref, value: page.dict.clone().set('Annots', [annotRef]) },
      ],
      previousKind: reader.sections[0]!.kind,
      previousStartxref: reader.startxref,
      previousTrailer: reader.trailer,
      previousSize: reader.xref.size,
    });
    await reader.close();
    fs.writeFileSync(file('p2-annot.pdf'), Buffer.concat([fs.readFileSync(file('p2.pdf')), update.bytes]));
    const [certification] = await readPdfSignatures(file('p2-annot.pdf'));
    const later = await analyseLaterChanges(file('p2-annot.pdf'), certification!);
    expect(later.onlyAllowedChanges).toBe(false);
    expect(later.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ objectNumber: annotRef.num, kind: 'annotation', allowed: false, existedBefore: false }),
        expect.objectContaining({ objectNumber: page.ref.num, kind: 'page-annotations', allowed: true }),
      ]),
    );
  });
});
