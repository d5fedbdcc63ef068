import { type PdfLimits } from './limits';
import { type PdfDict, PdfRef, PdfString, type PdfValue, isName } from './objects';
import { limitExceeded, malformed } from './pdf-error';
import { type PdfObjectView } from './pdf-reader';
import { decodeTextString } from './text-string';

export interface FormField {
  ref: PdfRef | undefined;
  dict: PdfDict;
  /** The fully qualified name (`parent.child`). */
  fullName: string;
  /** /FT, inherited from the parent fields. */
  type: string | undefined;
}

/** Every terminal field and widget-bearing node under AcroForm /Fields (ISO 32000-1 §12.7.3), each once, bounded. */
export async function listFormFields(view: PdfObjectView, acroForm: PdfDict | undefined, limits: PdfLimits): Promise<FormField[]> {
  const fields: FormField[] = [];
  if (acroForm === undefined) return fields;
  const seen = new Set<string>();
  const walk = async (items: PdfValue | undefined, parentName: string, parentType: string | undefined, depth: number): Promise<void> => {
    const list = await view.resolve(items);
    if (!Array.isArray(list)) return;
    if (depth > limits.maxDepth) throw limitExceeded('form field depth', depth, limits.maxDepth);
    for (const item of list) {
      if (item instanceof PdfRef) {
        if (seen.has(item.key())) continue;
        seen.add(item.key());
      }
      const dict = await view.resolveDict(item);
      if (dict === undefined) continue;
      const t = await view.resolve(dict.get('T'));
      const partial = t instanceof PdfString ? decodeTextString(t) : undefined;
      const fullName = partial === undefined ? parentName : parentName === '' ? partial : `${parentName}.${partial}`;
      const ft = await view.resolve(dict.get('FT'));
      const type = isName(ft) ? ft.name : parentType;
      const kids = await view.resolve(dict.get('Kids'));
      // Kids that carry /T are child fields; kids without it are only widgets of this field.
      const childFields = Array.isArray(kids) ? await hasNamedKids(view, kids) : false;
      if (childFields) {
        await walk(kids, fullName, type, depth + 1);
      } else {
        fields.push({ ref: item instanceof PdfRef ? item : undefined, dict, fullName, type });
      }
      if (fields.length + seen.size > limits.maxCollectionItems) throw limitExceeded('form fields', fields.length, limits.maxCollectionItems);
    }
  };
  await walk(acroForm.get('Fields'), '', undefined, 0);
  return fields;
}

async function hasNamedKids(view: PdfObjectView, kids: PdfValue[]): Promise<boolean> {
  for (const kid of kids) {
    const dict = await view.resolveDict(kid);
    if (dict?.has('T')) return true;
  }
  return false;
}

/** The catalog's /AcroForm dictionary, if any. */
export async function acroFormOf(view: PdfObjectView, catalog: PdfDict): Promise<PdfDict | undefined> {
  const value = catalog.get('AcroForm');
  if (value === undefined) return undefined;
  const dict = await view.resolveDict(value);
  if (dict === undefined) {
    if ((await view.resolve(value)) === null) return undefined;
    throw malformed('/AcroForm is not a dictionary');
  }
  return dict;
}
