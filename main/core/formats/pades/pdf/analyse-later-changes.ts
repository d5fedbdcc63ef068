import { type DocMdpLevel, findDocMdp } from './doc-mdp';
import { type PdfLimits } from './limits';
import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, type PdfValue, isName } from './objects';
import { listPages } from './page-tree';
import { PdfReader, type PdfObjectView } from './pdf-reader';
import { type PdfSignatureInfo } from './read-pdf-signatures';
import { revisionEnds } from './revisions';
import { ENTRY_COMPRESSED, ENTRY_FREE, ENTRY_IN_USE, type XrefTable } from './xref-table';

/**
 * What one later object change is. Allowed after a signature (ISO 32000-1 §12.8.2.2, ISO 32000-2 §12.8.2.2.2):
 * timestamp, dss, metadata, new-object always; signature, signature-field, form, form-field, page-annotations from
 * DocMDP P=2; annotation at P=3; page-content, page, catalog, deleted, other never.
 */
export type LaterChangeKind =
  | 'signature'
  | 'timestamp'
  | 'signature-field'
  | 'form-field'
  | 'form'
  | 'page-annotations'
  | 'annotation'
  | 'dss'
  | 'metadata'
  | 'new-object'
  | 'page-content'
  | 'page'
  | 'catalog'
  | 'deleted'
  | 'other';

export interface LaterChange {
  objectNumber: number;
  generation: number;
  /** The 1-based revision (incremental update) that made the change. */
  revision: number;
  kind: LaterChangeKind;
  /** Whether the document's DocMDP level (P=2 when it is not certified) permits this change. */
  allowed: boolean;
  /** Whether the object existed when the signature was made. */
  existedBefore: boolean;
  /** For pages and the catalog: the keys that changed. */
  changedKeys?: string[];
}

export interface LaterChangesReport {
  coversWholeDocument: boolean;
  /** The certification level the judgement used (the document's, else 2). */
  docMdpLevel: DocMdpLevel;
  certified: boolean;
  /** Incremental updates after the signature's revision. */
  laterRevisions: number;
  changes: LaterChange[];
  onlyAllowedChanges: boolean;
}

const ALWAYS: ReadonlySet<LaterChangeKind> = new Set(['timestamp', 'dss', 'metadata', 'new-object']);
const FROM_P2: ReadonlySet<LaterChangeKind> = new Set(['signature', 'signature-field', 'form', 'form-field', 'page-annotations']);

export function isChangeAllowed(kind: LaterChangeKind, level: DocMdpLevel): boolean {
  if (ALWAYS.has(kind)) return true;
  if (FROM_P2.has(kind)) return level >= 2;
  return kind === 'annotation' && level === 3;
}

class Comparer {
  constructor(private readonly reader: PdfReader) {}

  async equal(a: PdfValue | undefined, b: PdfValue | undefined, depth = 0): Promise<boolean> {
    if (depth > this.reader.limits.maxDepth) return false;
    if (a === b) return true;
    if (a === undefined || b === undefined || a === null || b === null) return false;
    if (typeof a !== 'object' || typeof b !== 'object') return false;
    if (a instanceof PdfName && b instanceof PdfName) return a.name === b.name;
    if (a instanceof PdfString && b instanceof PdfString) return a.bytes.equals(b.bytes);
    if (a instanceof PdfRef && b instanceof PdfRef) return a.num === b.num && a.gen === b.gen;
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) if (!(await this.equal(a[i], b[i], depth + 1))) return false;
      return true;
    }
    if (a instanceof PdfDict && b instanceof PdfDict) return (await this.changedKeys(a, b, depth)).length === 0;
    if (a instanceof PdfStream && b instanceof PdfStream) {
      if (a.length !== b.length || !(await this.equal(a.dict, b.dict, depth + 1))) return false;
      if (a.dataOffset === b.dataOffset) return true;
      const limit = this.reader.limits.maxEncodedStreamBytes;
      if (a.length > limit) return false;
      return (await this.reader.streamBytes(a, limit)).equals(await this.reader.streamBytes(b, limit));
    }
    return false;
  }

  async changedKeys(a: PdfDict, b: PdfDict, depth = 0): Promise<string[]> {
    const keys = new Set([...a.map.keys(), ...b.map.keys()]);
    keys.delete('Length');
    const changed: string[] = [];
    for (const key of keys) if (!(await this.equal(a.get(key), b.get(key), depth + 1))) changed.push(key);
    return changed;
  }
}

function dictOf(value: PdfValue): PdfDict | undefined {
  if (value instanceof PdfDict) return value;
  if (value instanceof PdfStream) return value.dict;
  return undefined;
}

async function lookup(reader: PdfReader, xref: XrefTable, num: number): Promise<{ value: PdfValue; gen: number } | undefined> {
  const entry = xref.get(num);
  if (entry === undefined || entry.type === ENTRY_FREE) return undefined;
  const gen = entry.type === ENTRY_IN_USE ? entry.field3 : 0;
  const value = await reader.loadObject(xref, num, gen);
  return value === null ? undefined : { value, gen };
}

interface StateContext {
  view: PdfObjectView;
  catalogRef: PdfRef | undefined;
  infoRef: PdfRef | undefined;
  acroFormRef: PdfRef | undefined;
  fieldsRef: PdfRef | undefined;
  pageAnnotsRefs: () => Promise<Set<number>>;
}

async function contextFor(reader: PdfReader, view: PdfObjectView, trailer: PdfDict): Promise<StateContext> {
  const root = trailer.get('Root');
  const catalogRef = root instanceof PdfRef ? root : undefined;
  const info = trailer.get('Info');
  const catalog = await view.resolveDict(catalogRef);
  const acroForm = catalog?.get('AcroForm');
  const acroFormDict = await view.resolveDict(acroForm);
  const fields = acroFormDict?.get('Fields');
  let annots: Set<number> | undefined;
  return {
    view,
    catalogRef,
    infoRef: info instanceof PdfRef ? info : undefined,
    acroFormRef: acroForm instanceof PdfRef ? acroForm : undefined,
    fieldsRef: fields instanceof PdfRef ? fields : undefined,
    pageAnnotsRefs: async () => {
      if (annots === undefined) {
        annots = new Set();
        if (catalog !== undefined) {
          for (const page of await listPages(view, catalog, reader.limits)) {
            const dict = await view.resolveDict(page);
            const value = dict?.get('Annots');
            if (value instanceof PdfRef) annots.add(value.num);
          }
        }
      }
      return annots;
    },
  };
}

async function fieldType(view: PdfObjectView, dict: PdfDict): Promise<string | undefined> {
  let current: PdfDict | undefined = dict;
  for (let hops = 0; current !== undefined && hops < 32; hops++) {
    const ft = await view.resolve(current.get('FT'));
    if (isName(ft)) return ft.name;
    current = await view.resolveDict(current.get('Parent'));
  }
  return undefined;
}

async function classify(
  num: number,
  before: PdfValue | undefined,
  after: PdfValue,
  ctx: StateContext,
  comparer: Comparer,
): Promise<{ kind: LaterChangeKind; changedKeys?: string[] }> {
  const dict = dictOf(after);
  const type = dict?.get('Type');
  const typeName = type instanceof PdfName ? type.name : undefined;
  const subFilter = dict?.get('SubFilter');
  if (typeName === 'DocTimeStamp' || (subFilter instanceof PdfName && subFilter.name === 'ETSI.RFC3161')) return { kind: before === undefined ? 'timestamp' : 'other' };
  if (typeName === 'Sig' || (dict?.has('ByteRange') === true && dict.has('Contents') && dict.has('Filter'))) return { kind: before === undefined ? 'signature' : 'other' };
  if (num === ctx.catalogRef?.num && dict !== undefined) {
    const beforeDict = before === undefined ? new PdfDict() : (dictOf(before) ?? new PdfDict());
    const changedKeys = await comparer.changedKeys(beforeDict, dict);
    const rest = changedKeys.filter((key) => !['AcroForm', 'DSS', 'Extensions', 'Metadata'].includes(key));
    if (rest.length > 0) return { kind: 'catalog', changedKeys };
    if (changedKeys.includes('AcroForm')) return { kind: 'form', changedKeys };
    if (changedKeys.includes('DSS') || changedKeys.includes('Extensions')) return { kind: 'dss', changedKeys };
    return { kind: 'metadata', changedKeys };
  }
  if (num === ctx.infoRef?.num || typeName === 'Metadata') return { kind: 'metadata' };
  if (typeName === 'DSS' || typeName === 'VRI') return { kind: 'dss' };
  if (num === ctx.acroFormRef?.num || num === ctx.fieldsRef?.num) return { kind: 'form' };
  if (typeName === 'Page' && dict !== undefined) {
    const beforeDict = before === undefined ? new PdfDict() : (dictOf(before) ?? new PdfDict());
    const changedKeys = await comparer.changedKeys(beforeDict, dict);
    if (changedKeys.every((key) => key === 'Annots')) return { kind: 'page-annotations', changedKeys };
    if (changedKeys.some((key) => key === 'Contents' || key === 'Resources')) return { kind: 'page-content', changedKeys };
    return { kind: 'page', changedKeys };
  }
  if (Array.isArray(after) && (await ctx.pageAnnotsRefs()).has(num)) return { kind: 'page-annotations' };
  const subtype = dict?.get('Subtype');
  if (dict !== undefined && (typeName === 'Annot' || (subtype instanceof PdfName && dict.has('Rect')))) {
    if (subtype instanceof PdfName && subtype.name === 'Widget') return { kind: (await fieldType(ctx.view, dict)) === 'Sig' ? 'signature-field' : 'form-field' };
    return { kind: 'annotation' };
  }
  if (dict !== undefined && !(after instanceof PdfStream) && (dict.has('FT') || (dict.has('T') && dict.has('Kids')))) {
    return { kind: (await fieldType(ctx.view, dict)) === 'Sig' ? 'signature-field' : 'form-field' };
  }
  if (before === undefined) return { kind: 'new-object' };
  if (after instanceof PdfStream || typeName === 'Font' || typeName === 'XObject' || typeName === 'ExtGState' || typeName === 'Pattern') return { kind: 'page-content' };
  return { kind: 'other' };
}

/**
 * Lists what the incremental updates after `signature`'s revision changed, object by object, judged against the
 * document's DocMDP level: enough for "the document was changed after this signature, by: …".
 */
export async function analyseLaterChanges(path: string, signature: Pick<PdfSignatureInfo, 'revisionEnd' | 'byteRange'>, options: { limits?: Partial<PdfLimits> } = {}): Promise<LaterChangesReport> {
  const reader = await PdfReader.open(path, { limits: options.limits });
  try {
    const end = signature.revisionEnd ?? (signature.byteRange !== undefined ? signature.byteRange[2]! + signature.byteRange[3]! : reader.size);
    const docMdp = await findDocMdp(reader.view, await reader.catalog(), reader.limits);
    const level: DocMdpLevel = docMdp?.level ?? 2;
    // Sections are newest first; the signed state is every section that starts before the signature's revision ends.
    const firstBefore = reader.sections.findIndex((section) => section.offset < end);
    const later = firstBefore < 0 ? reader.sections.map((_, k) => k) : reader.sections.map((_, k) => k).filter((k) => k < firstBefore);
    const beforeXref = firstBefore < 0 ? undefined : reader.viewAt(firstBefore).xref;
    const ends = revisionEnds(reader.sections);
    const comparer = new Comparer(reader);
    const changes: LaterChange[] = [];
    for (const k of later.reverse()) {
      const section = reader.sections[k]!;
      const view = reader.viewAt(k);
      const revision = ends.findIndex((e) => e > section.offset) + 1;
      const ctx = await contextFor(reader, view, section.trailer);
      const skip = new Set(section.xrefStreamObjects);
      for (const num of section.entries.numbers()) {
        if (skip.has(num) || num === 0) continue;
        const entry = section.entries.get(num)!;
        const old = beforeXref === undefined ? undefined : await lookup(reader, beforeXref, num);
        if (entry.type === ENTRY_FREE) {
          if (old !== undefined) changes.push({ objectNumber: num, generation: old.gen, revision, kind: 'deleted', allowed: false, existedBefore: true });
          continue;
        }
        const gen = entry.type === ENTRY_COMPRESSED ? 0 : entry.field3;
        const value = await reader.loadObject(view.xref, num, gen);
        if (value === null) continue;
        const dict = dictOf(value);
        if (isName(dict?.get('Type'), 'ObjStm') || isName(dict?.get('Type'), 'XRef')) continue;
        if (old !== undefined && (await comparer.equal(old.value, value))) continue;
        const { kind, changedKeys } = await classify(num, old?.value, value, ctx, comparer);
        changes.push({ objectNumber: num, generation: gen, revision, kind, allowed: isChangeAllowed(kind, level), existedBefore: old !== undefined, ...(changedKeys === undefined ? {} : { changedKeys }) });
      }
    }
    return {
      coversWholeDocument: signature.byteRange !== undefined && signature.byteRange[2]! + signature.byteRange[3]! === reader.size,
      docMdpLevel: level,
      certified: docMdp !== undefined,
      laterRevisions: later.length,
      changes,
      onlyAllowedChanges: changes.every((change) => change.allowed),
    };
  } finally {
    await reader.close();
  }
}
