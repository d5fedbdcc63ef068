import { SigndeskError } from '../../../../../preload/contract/errors';
import { type PdfLimits } from './limits';
import { type PdfDict, PdfRef, type PdfValue, isInteger, isName, isNumber } from './objects';
import { limitExceeded, malformed } from './pdf-error';
import { type PdfObjectView } from './pdf-reader';

export interface PageInfo {
  /** Zero-based. */
  index: number;
  ref: PdfRef;
  dict: PdfDict;
  /** The visible area (/CropBox, else /MediaBox, inherited), normalised [llx lly urx ury]. */
  box: [number, number, number, number];
  /** /Rotate (inherited), normalised to 0, 90, 180 or 270. */
  rotate: 0 | 90 | 180 | 270;
}

function isPagesNode(dict: PdfDict): boolean {
  return isName(dict.get('Type'), 'Pages') || (!isName(dict.get('Type'), 'Page') && Array.isArray(dict.get('Kids')));
}

async function rectangle(view: PdfObjectView, value: PdfValue | undefined): Promise<[number, number, number, number] | undefined> {
  const array = await view.resolve(value);
  if (!Array.isArray(array) || array.length !== 4) return undefined;
  const numbers: number[] = [];
  for (const item of array) {
    const n = await view.resolve(item);
    if (!isNumber(n)) return undefined;
    numbers.push(n);
  }
  const [a, b, c, d] = numbers as [number, number, number, number];
  return [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
}

interface Inherited {
  mediaBox: PdfValue | undefined;
  cropBox: PdfValue | undefined;
  rotate: PdfValue | undefined;
}

/** Walks the page tree (ISO 32000-1 §7.7.3), using /Count to skip subtrees, visiting each node at most once. */
export async function findPage(view: PdfObjectView, catalog: PdfDict, index: number, limits: PdfLimits): Promise<PageInfo> {
  if (!Number.isInteger(index) || index < 0) throw new SigndeskError('ERR_INPUT_INVALID', `bad page index ${index}`);
  const rootRef = catalog.get('Pages');
  if (!(rootRef instanceof PdfRef)) throw malformed('the catalog has no /Pages reference');
  const seen = new Set<string>();
  let nodeRef: PdfRef = rootRef;
  let remaining = index;
  let inherited: Inherited = { mediaBox: undefined, cropBox: undefined, rotate: undefined };
  for (let depth = 0; ; depth++) {
    if (depth > limits.maxPageTreeDepth) throw limitExceeded('page tree depth', depth, limits.maxPageTreeDepth);
    if (seen.has(nodeRef.key())) throw malformed('the page tree has a cycle');
    seen.add(nodeRef.key());
    const node = await view.resolveDict(nodeRef);
    if (node === undefined) throw malformed(`page tree node ${nodeRef.num} is missing`);
    inherited = {
      mediaBox: node.get('MediaBox') ?? inherited.mediaBox,
      cropBox: node.get('CropBox') ?? inherited.cropBox,
      rotate: node.get('Rotate') ?? inherited.rotate,
    };
    if (!isPagesNode(node)) {
      if (remaining !== 0) throw malformed('the page tree does not match its /Count');
      const media = (await rectangle(view, inherited.mediaBox)) ?? [0, 0, 612, 792];
      const crop = (await rectangle(view, inherited.cropBox)) ?? media;
      const rotateValue = await view.resolve(inherited.rotate);
      const rotate = (((isInteger(rotateValue) ? rotateValue : 0) % 360) + 360) % 360;
      if (rotate % 90 !== 0) throw malformed(`page ${index + 1} has /Rotate ${rotate}`);
      return { index, ref: nodeRef, dict: node, box: crop, rotate: rotate as 0 | 90 | 180 | 270 };
    }
    const kids = await view.resolve(node.get('Kids'));
    if (!Array.isArray(kids)) throw malformed(`page tree node ${nodeRef.num} has no /Kids`);
    let next: PdfRef | undefined;
    for (const kid of kids) {
      if (!(kid instanceof PdfRef)) throw malformed('a page tree /Kids entry is not a reference');
      const kidDict = await view.resolveDict(kid);
      if (kidDict === undefined) continue;
      let count = 1;
      if (isPagesNode(kidDict)) {
        const countValue = await view.resolve(kidDict.get('Count'));
        if (!isInteger(countValue) || countValue < 0) throw malformed(`page tree node ${kid.num} has no valid /Count`);
        count = countValue;
      }
      if (remaining < count) {
        next = kid;
        break;
      }
      remaining -= count;
    }
    if (next === undefined) throw new SigndeskError('ERR_INPUT_INVALID', `the document has no page ${index + 1}`, { page: index + 1 });
    nodeRef = next;
  }
}

/** The number of pages the root of the page tree declares. */
export async function pageCount(view: PdfObjectView, catalog: PdfDict): Promise<number> {
  const root = await view.resolveDict(catalog.get('Pages'));
  const count = await view.resolve(root?.get('Count'));
  if (!isInteger(count) || count < 0) throw malformed('the page tree root has no valid /Count');
  return count;
}

/** Object numbers of every page in order (for mapping widgets to pages), bounded by the collection limit. */
export async function listPages(view: PdfObjectView, catalog: PdfDict, limits: PdfLimits): Promise<PdfRef[]> {
  const pages: PdfRef[] = [];
  const seen = new Set<string>();
  const walk = async (ref: PdfValue | undefined, depth: number): Promise<void> => {
    if (!(ref instanceof PdfRef)) return;
    if (depth > limits.maxPageTreeDepth) throw limitExceeded('page tree depth', depth, limits.maxPageTreeDepth);
    if (seen.has(ref.key())) throw malformed('the page tree has a cycle');
    seen.add(ref.key());
    const node = await view.resolveDict(ref);
    if (node === undefined) return;
    if (!isPagesNode(node)) {
      pages.push(ref);
      if (pages.length > limits.maxCollectionItems) throw limitExceeded('pages', pages.length, limits.maxCollectionItems);
      return;
    }
    const kids = await view.resolve(node.get('Kids'));
    if (!Array.isArray(kids)) return;
    for (const kid of kids) await walk(kid, depth + 1);
  };
  await walk(catalog.get('Pages'), 0);
  return pages;
}
