import fs from 'node:fs';
import path from 'node:path';
import { SigndeskError } from '../../../../../preload/contract/errors';
import { TrueTypeFont } from './truetype-font';

export const SIGNATURE_FONT_FILE = path.join('resources', 'fonts', 'DejaVuSans.ttf');

/** `resources/fonts/DejaVuSans.ttf` found upward from this module: the source tree, `out/main` and the packaged app alike. */
export function defaultSignatureFontPath(): string {
  let dir = import.meta.dirname;
  for (let up = 0; up < 8; up++) {
    const candidate = path.join(dir, SIGNATURE_FONT_FILE);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new SigndeskError('ERR_FILE_NOT_FOUND', `the signature font ${SIGNATURE_FONT_FILE} is missing from the installation`);
}

const loaded = new Map<string, TrueTypeFont>();

/** The font for visible signatures, read once per process. */
export function loadSignatureFont(fontPath = defaultSignatureFontPath()): TrueTypeFont {
  let font = loaded.get(fontPath);
  if (font === undefined) {
    let data: Buffer;
    try {
      data = fs.readFileSync(fontPath);
    } catch (error) {
      throw new SigndeskError('ERR_FILE_NOT_FOUND', `cannot read the signature font ${fontPath}`, { path: fontPath }, { cause: error });
    }
    font = new TrueTypeFont(data);
    loaded.set(fontPath, font);
  }
  return font;
}
