import fs from 'node:fs/promises';
import { SigndeskError } from '../../../../../preload/contract/errors';
import { type DocMdpLevel, findDocMdp } from './doc-mdp';
import { acroFormOf, listFormFields } from './form-fields';
import { buildIncrementalUpdate, type UpdateObject } from './incremental-update';
import { type PdfLimits } from './limits';
import { PdfDict, PdfName, PdfRaw, PdfRef, type PdfValue, isInteger } from './objects';
import { findPage } from './page-tree';
import { formatPdfDate } from './pdf-date';
import { malformed } from './pdf-error';
import { PdfReader } from './pdf-reader';
import { buildSignatureAppearance } from './signature-appearance';
import { loadSignatureFont } from './signature-font';
import { type SignaturePosition, signatureRect } from './signature-rect';
import { textString } from './text-string';

export interface VisibleSignatureOptions {
  /** 1-based page number. */
  page: number;
  position: SignaturePosition;
  /** Lines of text shown in the box (name, organisation, EDRPOU, date…), any script DejaVu Sans covers. */
  lines: readonly string[];
  /** A TrueType font to embed instead of the bundled DejaVu Sans. */
  fontPath?: string;
}

export interface PreparePdfSignatureOptions {
  /** Goes in /M (the CMS carries no signingTime in PAdES). Default: now. */
  signingTime?: Date;
  /** The zone of /M in minutes east of UTC. Default: this machine's. */
  timeZoneOffsetMinutes?: number;
  /** Bytes reserved for the CMS (the hex placeholder is twice as long). Default 24 KiB. */
  contentsSize?: number;
  /** The new field's /T; default `Signature<n>`, the first not used in the document. */
  fieldName?: string;
  /**
   * /SubFilter. Default ETSI.CAdES.detached (PAdES); adbe.pkcs7.detached for PDF-only readers; ETSI.RFC3161 makes a
   * document timestamp (/Type /DocTimeStamp, the CMS is a TimeStampToken over the byte ranges).
   */
  subFilter?: 'ETSI.CAdES.detached' | 'adbe.pkcs7.detached' | 'ETSI.RFC3161';
  /**
   * Makes a certification signature with DocMDP /P (1: no changes; 2: form filling and signing; 3: also
   * annotations): a /Reference DocMDP entry and the catalog's /Perms /DocMDP. Only the first signature may certify.
   */
  certify?: DocMdpLevel;
  name?: string;
  reason?: string;
  location?: string;
  contactInfo?: string;
  /** A visible signature; invisible (a zero-size widget on page 1) when absent. */
  visible?: VisibleSignatureOptions;
  limits?: Partial<PdfLimits>;
  /**
   * fsync the temp file when prepared (default true). A caller that embeds the CMS next (which fsyncs) may skip it:
   * a crash in between leaves a temp file that is thrown away anyway.
   */
  sync?: boolean;
}

export interface PreparedPdfSignature {
  /** [0, a, b, c]: the bytes signed are [0, a) and [b, b + c); the gap is the /Contents hex string with its brackets. */
  byteRange: [number, number, number, number];
  /** Offset of the first hex digit of the /Contents placeholder. */
  contentsOffset: number;
  /** Bytes of CMS the placeholder holds (it is 2 × this many hex digits). */
  contentsLength: number;
  fieldName: string;
  /** Size of the document before this update (the earlier revisions, untouched). */
  previousSize: number;
}

export const DEFAULT_CONTENTS_SIZE = 24 * 1024;
const MAX_CONTENTS_SIZE = 4 * 1024 * 1024;

async function uniqueFieldName(existing: Set<string>, requested: string | undefined): Promise<string> {
  if (requested !== undefined) {
    if (requested === '' || requested.includes('.')) throw new SigndeskError('ERR_INPUT_INVALID', 'a signature field name must be non-empty and contain no dot');
    if (existing.has(requested)) throw new SigndeskError('ERR_INPUT_INVALID', `the document already has a field named ${requested}`, { fieldName: requested });
    return requested;
  }
  for (let n = 1; ; n++) if (!existing.has(`Signature${n}`)) return `Signature${n}`;
}

/**
 * Copies `inputPath` to `outputTempPath` (created, never overwritten) and appends one incremental update adding
 * a signature field, its widget on a page and a signature dictionary whose /ByteRange is final and whose /Contents
 * is a zero placeholder. The original bytes stay identical, so earlier signatures stay valid. On any error the
 * temp file is removed.
 */
export async function preparePdfSignature(inputPath: string, outputTempPath: string, options: PreparePdfSignatureOptions = {}): Promise<PreparedPdfSignature> {
  const contentsSize = options.contentsSize ?? DEFAULT_CONTENTS_SIZE;
  if (!Number.isInteger(contentsSize) || contentsSize < 1024 || contentsSize > MAX_CONTENTS_SIZE) {
    throw new SigndeskError('ERR_INPUT_INVALID', `contentsSize must be an integer between 1024 and ${MAX_CONTENTS_SIZE}`);
  }
  try {
    await fs.copyFile(inputPath, outputTempPath, fs.constants.COPYFILE_EXCL);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new SigndeskError('ERR_FILE_NOT_FOUND', `no such file: ${inputPath}`, { path: inputPath });
    if (code === 'EEXIST') throw new SigndeskError('ERR_OUTPUT_EXISTS', `the temp output exists: ${outputTempPath}`, { path: outputTempPath });
    throw new SigndeskError('ERR_FILE_UNREADABLE', `cannot copy ${inputPath}: ${String(error)}`, { path: inputPath }, { cause: error });
  }
  try {
    return await appendSignatureUpdate(outputTempPath, contentsSize, options);
  } catch (error) {
    await fs.rm(outputTempPath, { force: true });
    throw error;
  }
}

async function appendSignatureUpdate(path: string, contentsSize: number, options: PreparePdfSignatureOptions): Promise<PreparedPdfSignature> {
  const { size: previousSize } = await fs.stat(path);
  const reader = await PdfReader.open(path, { size: previousSize, limits: options.limits });
  let update: Buffer;
  let prepared: PreparedPdfSignature;
  try {
    await reader.checkXref();
    const view = reader.view;
    const catalog = await reader.catalog();
    const docMdp = await findDocMdp(view, catalog, reader.limits);
    if (docMdp?.level === 1) {
      throw new SigndeskError('ERR_PDF_CHANGES_NOT_ALLOWED', 'the document is certified with DocMDP P=1: no changes, including signatures, are allowed', {
        fieldName: docMdp.fieldName,
      });
    }
    const acroForm = await acroFormOf(view, catalog);
    const fields = await listFormFields(view, acroForm, reader.limits);
    const isTimestamp = options.subFilter === 'ETSI.RFC3161';
    if (options.certify !== undefined) {
      if (isTimestamp || ![1, 2, 3].includes(options.certify)) throw new SigndeskError('ERR_INPUT_INVALID', 'certify must be 1, 2 or 3, on a signature, not a timestamp');
      const signed = fields.some((field) => field.type === 'Sig' && field.dict.has('V'));
      if (signed || docMdp !== undefined) throw new SigndeskError('ERR_INPUT_INVALID', 'only the first signature of a document may certify it (DocMDP)');
    }
    const fieldName = await uniqueFieldName(new Set(fields.map((field) => field.fullName)), options.fieldName);
    const page = await findPage(view, catalog, (options.visible?.page ?? 1) - 1, reader.limits);

    const trailerSize = reader.trailer.get('Size');
    const previousObjectCount = Math.max(isInteger(trailerSize) ? trailerSize : 0, reader.xref.size);
    let nextNumber = previousObjectCount;
    const allocate = (): PdfRef => new PdfRef(nextNumber++, 0);
    const objects: UpdateObject[] = [];
    const widgetRef = allocate();
    const signatureRef = allocate();

    // The AcroForm: a new one, or a new revision of it (or of its /Fields array, or of the catalog holding it).
    const catalogRef = reader.trailer.get('Root') as PdfRef;
    let catalogNext: PdfDict | undefined;
    const editCatalog = (): PdfDict => (catalogNext ??= catalog.clone());
    const acroFormValue = catalog.get('AcroForm');
    const withField = async (form: PdfDict): Promise<PdfDict> => {
      const next = form.clone();
      const fieldsValue = form.get('Fields');
      if (fieldsValue instanceof PdfRef) {
        const array = await view.resolve(fieldsValue);
        if (!Array.isArray(array)) throw malformed('AcroForm /Fields is not an array');
        objects.push({ ref: fieldsValue, value: [...array, widgetRef] });
      } else {
        next.set('Fields', [...(Array.isArray(fieldsValue) ? fieldsValue : []), widgetRef]);
      }
      const flags = await view.resolve(form.get('SigFlags'));
      next.set('SigFlags', (isInteger(flags) ? flags : 0) | 3);
      return next;
    };
    if (acroForm === undefined) {
      const acroFormRef = allocate();
      objects.push({ ref: acroFormRef, value: new PdfDict([['Fields', [widgetRef]], ['SigFlags', 3]]) });
      editCatalog().set('AcroForm', acroFormRef);
    } else if (acroFormValue instanceof PdfRef) {
      objects.push({ ref: acroFormValue, value: await withField(acroForm) });
    } else {
      editCatalog().set('AcroForm', await withField(acroForm));
    }
    if (options.certify !== undefined) {
      const perms = (await view.resolveDict(catalog.get('Perms')))?.clone() ?? new PdfDict();
      editCatalog().set('Perms', perms.set('DocMDP', signatureRef));
    }
    if (catalogNext !== undefined) objects.push({ ref: catalogRef, value: catalogNext });

    // The page's /Annots: a new revision of the page, or of its indirect /Annots array.
    const annots = page.dict.get('Annots');
    if (annots instanceof PdfRef) {
      const array = await view.resolve(annots);
      if (!Array.isArray(array)) throw malformed(`the /Annots of page ${page.index + 1} is not an array`);
      objects.push({ ref: annots, value: [...array, widgetRef] });
    } else {
      if (page.ref.num === catalogRef.num) throw malformed('the page is the catalog');
      objects.push({ ref: page.ref, value: page.dict.clone().set('Annots', [...(Array.isArray(annots) ? annots : []), widgetRef]) });
    }

    const widget = new PdfDict([
      ['Type', new PdfName('Annot')],
      ['Subtype', new PdfName('Widget')],
      ['FT', new PdfName('Sig')],
      ['T', textString(fieldName)],
      ['V', signatureRef],
      ['P', page.ref],
      ['F', 132],
    ]);
    if (options.visible === undefined) {
      widget.set('Rect', [0, 0, 0, 0]);
    } else {
      const placed = signatureRect(page, options.visible.position);
      const appearance = buildSignatureAppearance({
        font: loadSignatureFont(options.visible.fontPath),
        lines: options.visible.lines,
        width: placed.width,
        height: placed.height,
        rotate: page.rotate,
        allocate,
      });
      widget.set('Rect', placed.rect);
      widget.set('AP', new PdfDict([['N', appearance.formRef]]));
      objects.push(...appearance.objects);
    }
    objects.push({ ref: widgetRef, value: widget });

    const byteRangeWidth = Math.max(10, String(previousSize + 64 * 1024 * 1024 + contentsSize * 2).length);
    const byteRangePlaceholder = `[0 ${'0'.repeat(byteRangeWidth)} ${'0'.repeat(byteRangeWidth)} ${'0'.repeat(byteRangeWidth)}]`;
    const signatureEntries: Array<[string, PdfValue]> = [
      ['Type', new PdfName(isTimestamp ? 'DocTimeStamp' : 'Sig')],
      ['Filter', new PdfName('Adobe.PPKLite')],
      ['SubFilter', new PdfName(options.subFilter ?? 'ETSI.CAdES.detached')],
    ];
    if (!isTimestamp) signatureEntries.push(['M', textString(formatPdfDate(options.signingTime ?? new Date(), options.timeZoneOffsetMinutes))]);
    if (options.certify !== undefined) {
      const params = new PdfDict([
        ['Type', new PdfName('TransformParams')],
        ['P', options.certify],
        ['V', new PdfName('1.2')],
      ]);
      signatureEntries.push(['Reference', [new PdfDict([['Type', new PdfName('SigRef')], ['TransformMethod', new PdfName('DocMDP')], ['TransformParams', params]])]]);
    }
    if (options.name !== undefined) signatureEntries.push(['Name', textString(options.name)]);
    if (options.reason !== undefined) signatureEntries.push(['Reason', textString(options.reason)]);
    if (options.location !== undefined) signatureEntries.push(['Location', textString(options.location)]);
    if (options.contactInfo !== undefined) signatureEntries.push(['ContactInfo', textString(options.contactInfo)]);
    signatureEntries.push(['ByteRange', new PdfRaw(byteRangePlaceholder)]);
    signatureEntries.push(['Contents', new PdfRaw(`<${'0'.repeat(contentsSize * 2)}>`)]);
    objects.push({ ref: signatureRef, value: new PdfDict(signatureEntries) });

    const lastByte = previousSize > 0 ? (await reader.source.read(previousSize - 1, 1))[0] : undefined;
    const built = buildIncrementalUpdate({
      baseOffset: previousSize,
      endsWithEol: lastByte === 10 || lastByte === 13,
      objects,
      previousKind: reader.sections[0]!.kind,
      previousStartxref: reader.startxref,
      previousTrailer: reader.trailer,
      previousSize: previousObjectCount,
    });
    update = built.bytes;
    const sigStart = built.offsets.get(signatureRef.num)! - previousSize;
    const sigText = update.toString('latin1', sigStart, sigStart + contentsSize * 2 + 4096);
    const byteRangeAt = sigStart + sigText.indexOf(byteRangePlaceholder);
    const contentsAt = sigStart + sigText.indexOf(`/Contents <`) + '/Contents '.length;
    const a = previousSize + contentsAt;
    const b = a + contentsSize * 2 + 2;
    const total = previousSize + update.length;
    const byteRange: [number, number, number, number] = [0, a, b, total - b];
    const patched = `[0 ${a} ${b} ${total - b}]`.padEnd(byteRangePlaceholder.length, ' ');
    update.write(patched, byteRangeAt, 'latin1');
    prepared = { byteRange, contentsOffset: a + 1, contentsLength: contentsSize, fieldName, previousSize };
  } finally {
    await reader.close();
  }
  const handle = await fs.open(path, 'r+');
  try {
    let written = 0;
    while (written < update.length) {
      const { bytesWritten } = await handle.write(update, written, update.length - written, previousSize + written);
      written += bytesWritten;
    }
    if (options.sync !== false) await handle.sync();
  } finally {
    await handle.close();
  }
  return prepared;
}
