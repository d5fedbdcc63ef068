import { SigndeskError } from '../../../../../preload/contract/errors';
import { type PageInfo } from './page-tree';

/** Where a visible signature goes, in points, as the page is shown (after /Rotate), from its lower-left corner. */
export type SignaturePosition =
  | { x: number; y: number; width: number; height: number }
  | { corner: 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right'; width?: number; height?: number; margin?: number };

/** The widget's /Rect in user space and the box's size as shown, for a position given as the page is shown. */
export function signatureRect(page: PageInfo, position: SignaturePosition): { rect: number[]; width: number; height: number } {
  const [x0, y0, x1, y1] = page.box;
  const boxWidth = x1 - x0;
  const boxHeight = y1 - y0;
  const turned = page.rotate === 90 || page.rotate === 270;
  const shownWidth = turned ? boxHeight : boxWidth;
  const shownHeight = turned ? boxWidth : boxHeight;
  let u: number;
  let v: number;
  let width: number;
  let height: number;
  if ('corner' in position) {
    width = position.width ?? 200;
    height = position.height ?? 60;
    const margin = position.margin ?? 36;
    u = position.corner.endsWith('left') ? margin : shownWidth - margin - width;
    v = position.corner.startsWith('bottom') ? margin : shownHeight - margin - height;
  } else {
    ({ x: u, y: v, width, height } = position);
  }
  const valid = [u, v, width, height].every(Number.isFinite) && width >= 4 && height >= 4 && u >= 0 && v >= 0 && u + width <= shownWidth + 0.01 && v + height <= shownHeight + 0.01;
  if (!valid) {
    throw new SigndeskError('ERR_INPUT_INVALID', `the signature box ${u},${v} ${width}×${height} does not fit on page ${page.index + 1} (${shownWidth}×${shownHeight})`, {
      page: page.index + 1,
    });
  }
  // Shown coordinates (u, v) to user space, per /Rotate (clockwise).
  const toUser = (pu: number, pv: number): [number, number] => {
    switch (page.rotate) {
      case 0:
        return [x0 + pu, y0 + pv];
      case 90:
        return [x0 + boxWidth - pv, y0 + pu];
      case 180:
        return [x1 - pu, y1 - pv];
      case 270:
        return [x0 + pv, y1 - pu];
    }
  };
  const corners = [toUser(u, v), toUser(u + width, v + height)];
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  return { rect: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], width, height };
}
