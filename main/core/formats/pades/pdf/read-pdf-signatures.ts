import { assertSaneDer } from '../../../crypto';
import { type DocMdpLevel, docMdpLevelOf } from './doc-mdp';
import { acroFormOf, listFormFields } from './form-fields';
import { type PdfLimits } from './limits';
import { type PdfDict, PdfName, PdfRef, PdfString, type PdfValue, isInteger, isNumber } from './objects';
import { listPages } from './page-tree';
import { parsePdfDate } from './pdf-date';
import { PdfReader, type PdfObjectView } from './pdf-reader';
import { isRevisionEnd, revisionEnds, revisionOf } from './revisions';
import { decodeTextString } from './text-string';
import { ENTRY_IN_USE } from './xref-table';

export interface PdfSignatureInfo {
  fieldName: string;
  /** A CAdES/PKCS#7 signature, or a document timestamp (/SubFilter /ETSI.RFC3161, /Type /DocTimeStamp). */
  kind: 'signature' | 'timestamp';
  filter: string | undefined;
  subFilter: string | undefined;
  /** /M as written and as a date. */
  signingTimeText: string | undefined;
  signingTime: Date | undefined;
  name: string | undefined;
  reason: string | undefined;
  location: string | undefined;
  contactInfo: string | undefined;
  byteRange: number[] | undefined;
  /** The CMS (a SignedData, or a TimeStampToken for a document timestamp) without the zero padding. */
  cms: Buffer;
  /** 1-based page of a visible widget (a non-empty /Rect). */
  page: number | undefined;
  rect: [number, number, number, number] | undefined;
  /** The signature dictionary's object. */
  objectNumber: number;
  /** The 1-based revision (incremental update) that added it, and where that revision ends. */
  revision: number | undefined;
  revisionEnd: number | undefined;
  /** Set when this is a certification signature (DocMDP /P). */
  docMdpLevel: DocMdpLevel | undefined;
  /** /ByteRange starts at 0, its gap is exactly /Contents with its brackets, and it ends at its revision's end. */
  byteRangeValid: boolean;
  /** What is wrong with the ByteRange or /Contents (empty when valid). */
  problems: string[];
  /** The ByteRange ends at the end of the file: nothing was appended after this signature. */
  coversWholeDocument: boolean;
}

function text(value: PdfValue | undefined): string | undefined {
  return value instanceof PdfString ? decodeTextString(value) : undefined;
}

async function rectOf(view: PdfObjectView, dict: PdfDict): Promise<[number, number, number, number] | undefined> {
  const rect = await view.resolve(dict.get('Rect'));
  if (!Array.isArray(rect) || rect.length !== 4 || !rect.every(isNumber)) return undefined;
  return rect as [number, number, number, number];
}

/** Every signature and document timestamp in the document's signature fields, in field order, with the structural checks. */
export async function readPdfSignatures(path: string, options: { limits?: Partial<PdfLimits> } = {}): Promise<PdfSignatureInfo[]> {
  const reader = await PdfReader.open(path, { limits: options.limits });
  try {
    await reader.checkXref();
    const view = reader.view;
    const catalog = await reader.catalog();
    const fields = (await listFormFields(view, await acroFormOf(view, catalog), reader.limits)).filter((field) => field.type === 'Sig');
    const ends = revisionEnds(reader.sections);
    let pages: PdfRef[] | undefined;
    const result: PdfSignatureInfo[] = [];
    for (const field of fields) {
      const value = field.dict.get('V');
      const signature = await view.resolveDict(value);
      if (signature === undefined) continue;
      const problems: string[] = [];
      const contents = signature.get('Contents');
      let cms: Buffer = Buffer.alloc(0);
      if (!(contents instanceof PdfString)) {
        problems.push('/Contents is not a direct string');
      } else {
        try {
          if (contents.bytes.every((b) => b === 0)) {
            problems.push('/Contents is empty: the signature was never written');
          } else {
            const length = assertSaneDer(contents.bytes, { code: 'ERR_PDF_MALFORMED', what: 'signature CMS', allowIndefinite: true, allowTrailing: true, maxDepth: 64 });
            cms = contents.bytes.subarray(0, length);
            if (cms[0] !== 0x30) problems.push('/Contents does not hold a CMS (not a DER SEQUENCE)');
            if (!contents.bytes.subarray(length).every((b) => b === 0)) problems.push('/Contents has data after the CMS');
          }
        } catch (error) {
          problems.push(`/Contents is not a DER/BER element: ${(error as Error).message}`);
          cms = contents.bytes;
        }
      }
      const byteRangeValue = await view.resolve(signature.get('ByteRange'));
      const byteRange = Array.isArray(byteRangeValue) && byteRangeValue.every(isInteger) ? (byteRangeValue as number[]) : undefined;
      let objectNumber = -1;
      let located: { revision: number; end: number } | undefined;
      if (value instanceof PdfRef) {
        objectNumber = value.num;
        const entry = reader.xref.get(value.num);
        if (entry?.type === ENTRY_IN_USE) located = revisionOf(ends, entry.field2);
        else problems.push('the signature dictionary is inside an object stream');
      } else {
        problems.push('the signature dictionary is not an indirect object');
      }
      let coversWholeDocument = false;
      if (byteRange === undefined || byteRange.length !== 4 || byteRange.some((n) => n < 0)) {
        problems.push('/ByteRange is not four non-negative integers');
      } else {
        const [start1, length1, start2, length2] = byteRange as [number, number, number, number];
        if (start1 !== 0) problems.push('/ByteRange does not start at 0');
        if (!(contents instanceof PdfString) || contents.start !== length1 || contents.end !== start2 || !contents.hex) {
          problems.push('the /ByteRange gap is not exactly the /Contents hex string');
        }
        const rangeEnd = start2 + length2;
        if (rangeEnd > reader.size) problems.push('/ByteRange runs past the end of the file');
        // The signed revision is the one the ByteRange closes (the dictionary may have been re-saved later, unchanged).
        const closed = rangeEnd > 0 ? revisionOf(ends, rangeEnd - 1) : undefined;
        if (closed !== undefined && (await isRevisionEnd(reader.source, rangeEnd, closed.end))) located = closed;
        else problems.push('/ByteRange does not end where a revision ends');
        coversWholeDocument = rangeEnd === reader.size;
      }
      const subFilter = await view.resolve(signature.get('SubFilter'));
      const filter = await view.resolve(signature.get('Filter'));
      const type = await view.resolve(signature.get('Type'));
      const isTimestamp = (subFilter instanceof PdfName && subFilter.name === 'ETSI.RFC3161') || (type instanceof PdfName && type.name === 'DocTimeStamp');
      const signingTimeText = text(await view.resolve(signature.get('M')));
      let widget = field.dict;
      if (!field.dict.has('Rect')) {
        const kids = await view.resolve(field.dict.get('Kids'));
        const first = Array.isArray(kids) ? await view.resolveDict(kids[0]) : undefined;
        if (first !== undefined) widget = first;
      }
      const rect = await rectOf(view, widget);
      let page: number | undefined;
      if (rect !== undefined && Math.abs(rect[2] - rect[0]) > 0 && Math.abs(rect[3] - rect[1]) > 0) {
        pages ??= await listPages(view, catalog, reader.limits);
        const p = widget.get('P');
        const index = p instanceof PdfRef ? pages.findIndex((ref) => ref.num === p.num && ref.gen === p.gen) : -1;
        if (index >= 0) page = index + 1;
      }
      result.push({
        fieldName: field.fullName,
        kind: isTimestamp ? 'timestamp' : 'signature',
        filter: filter instanceof PdfName ? filter.name : undefined,
        subFilter: subFilter instanceof PdfName ? subFilter.name : undefined,
        signingTimeText,
        signingTime: signingTimeText === undefined ? undefined : parsePdfDate(signingTimeText),
        name: text(await view.resolve(signature.get('Name'))),
        reason: text(await view.resolve(signature.get('Reason'))),
        location: text(await view.resolve(signature.get('Location'))),
        contactInfo: text(await view.resolve(signature.get('ContactInfo'))),
        byteRange,
        cms,
        page,
        rect: page === undefined ? undefined : rect,
        objectNumber,
        revision: located?.revision,
        revisionEnd: located?.end,
        docMdpLevel: await docMdpLevelOf(view, signature),
        byteRangeValid: problems.length === 0,
        problems,
        coversWholeDocument,
      });
    }
    return result;
  } finally {
    await reader.close();
  }
}
