import { concat, header } from '../crypto/der';

/**
 * A DER tree whose one "hole" stands for bytes streamed in later (attached content of a known length):
 * lengths are computed with the hole counted, and the encoding splits into the bytes before and after it.
 */
export type LayoutNode = Uint8Array | { hole: number } | { tag: number; children: LayoutNode[] };

export function node(tag: number, ...children: LayoutNode[]): LayoutNode {
  return { tag, children };
}

function size(item: LayoutNode): number {
  if (item instanceof Uint8Array) return item.length;
  if ('hole' in item) return item.hole;
  const content = contentSize(item.children);
  return header(item.tag, content).length + content;
}

function contentSize(children: LayoutNode[]): number {
  let total = 0;
  for (const child of children) total += size(child);
  return total;
}

/** Encodes `root`; `head` holds everything before the hole, `tail` everything after it (empty without a hole). */
export function layout(root: LayoutNode): { head: Uint8Array; tail: Uint8Array; holeLength: number } {
  const head: Uint8Array[] = [];
  const tail: Uint8Array[] = [];
  let target = head;
  let holeLength = 0;
  const emit = (item: LayoutNode): void => {
    if (item instanceof Uint8Array) target.push(item);
    else if ('hole' in item) {
      holeLength = item.hole;
      target = tail;
    } else {
      target.push(header(item.tag, contentSize(item.children)));
      for (const child of item.children) emit(child);
    }
  };
  emit(root);
  return { head: concat(head), tail: concat(tail), holeLength };
}
