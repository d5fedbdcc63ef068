import { type PdfLimits } from './limits';
import { type PdfDict, PdfRef, type PdfValue, isInteger, isName } from './objects';
import { type PdfObjectView } from './pdf-reader';
import { acroFormOf, listFormFields } from './form-fields';

export type DocMdpLevel = 1 | 2 | 3;

export interface DocMdp {
  /** 1: no changes; 2: form filling and signing; 3: also annotations (ISO 32000-1 §12.8.2.2). */
  level: DocMdpLevel;
  /** The certification signature's field, when it was found through the fields. */
  fieldName: string | undefined;
  signatureRef: PdfRef | undefined;
}

/** /P of the DocMDP transform in a signature dictionary's /Reference array, if it has one (default 2). */
export async function docMdpLevelOf(view: PdfObjectView, signature: PdfDict): Promise<DocMdpLevel | undefined> {
  const references = await view.resolve(signature.get('Reference'));
  if (!Array.isArray(references)) return undefined;
  for (const item of references) {
    const reference = await view.resolveDict(item);
    if (reference === undefined || !isName(await view.resolve(reference.get('TransformMethod')), 'DocMDP')) continue;
    const params = await view.resolveDict(reference.get('TransformParams'));
    const p = await view.resolve(params?.get('P'));
    return isInteger(p) && (p === 1 || p === 2 || p === 3) ? p : 2;
  }
  return undefined;
}

/**
 * The document's DocMDP restriction: the catalog's /Perms /DocMDP signature, else the first signature field whose
 * signature carries a DocMDP reference (a certification signature). Undefined when the document is not certified.
 */
export async function findDocMdp(view: PdfObjectView, catalog: PdfDict, limits: PdfLimits): Promise<DocMdp | undefined> {
  const perms = await view.resolveDict(catalog.get('Perms'));
  const permsSig: PdfValue | undefined = perms?.get('DocMDP');
  if (permsSig !== undefined) {
    const signature = await view.resolveDict(permsSig);
    if (signature !== undefined) {
      const level = (await docMdpLevelOf(view, signature)) ?? 2;
      return { level, fieldName: undefined, signatureRef: permsSig instanceof PdfRef ? permsSig : undefined };
    }
  }
  const fields = await listFormFields(view, await acroFormOf(view, catalog), limits);
  for (const field of fields) {
    if (field.type !== 'Sig') continue;
    const value = field.dict.get('V');
    const signature = await view.resolveDict(value);
    if (signature === undefined) continue;
    const level = await docMdpLevelOf(view, signature);
    if (level !== undefined) return { level, fieldName: field.fullName, signatureRef: value instanceof PdfRef ? value : undefined };
  }
  return undefined;
}
