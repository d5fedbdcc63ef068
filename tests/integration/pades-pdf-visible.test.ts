import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPdfSignatures } from '../../main/core/formats/pades/pdf';
import { codeOf } from '../helpers/outcome';
import { makeTestSigner, pdfLibDocument, qpdfCheck, signPdf, type TestSigner } from '../helpers/pdf-fixtures';
import { runPdfsig } from '../helpers/pdfsig';
import { missingTools } from '../helpers/require-tools';

const missing = missingTools(['pdfsig', 'qpdf', 'openssl', 'pdftoppm', 'pdftotext']);

/** The page rendered by pdftoppm as a grey-scale PGM at 72 dpi (one pixel per point). */
function render(pdfPath: string, page: number): { width: number; height: number; pixels: Buffer } {
  const out = execFileSync('pdftoppm', ['-gray', '-r', '72', '-f', String(page), '-l', String(page), pdfPath]);
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(out.toString('latin1', 0, 64))!;
  return { width: Number(header[1]), height: Number(header[2]), pixels: out.subarray(header[0].length) };
}

/** Dark pixels in a box given in points from the bottom-left corner of the shown page. */
function darkPixels(image: { width: number; height: number; pixels: Buffer }, x: number, y: number, w: number, h: number): number {
  let dark = 0;
  for (let row = Math.round(image.height - y - h); row < Math.round(image.height - y); row++) {
    for (let col = Math.round(x); col < Math.round(x + w); col++) if (image.pixels[row * image.width + col]! < 128) dark++;
  }
  return dark;
}

const LINES = ['Підписано: Іваненко Олена Петрівна', 'ТОВ «Ромашка», ЄДРПОУ 41234567', 'Подписано: Иванов Сергей, ООО «Ёлка»', '2026-03-15 14:05 +02:00'];

describe.skipIf(missing)('PAdES PDF engine: visible signature', () => {
  let dir: string;
  let signer: TestSigner;
  const file = (name: string): string => path.join(dir, name);

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pades-pdf-visible-'));
    signer = makeTestSigner(dir);
  });
  afterAll(() => {
    if (process.env.KEEP_PDF_ARTIFACTS === undefined) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('draws Ukrainian and Russian text in a box at the chosen place on the chosen page', async () => {
    fs.writeFileSync(file('doc.pdf'), await pdfLibDocument({ pages: 2 }));
    await signPdf(file('doc.pdf'), file('signed.pdf'), signer, { visible: { page: 2, position: { x: 300, y: 60, width: 260, height: 70 }, lines: LINES } });

    const report = runPdfsig(file('signed.pdf'));
    expect(report.signatures[0]!.validation).toBe('Signature is Valid.');
    expect(qpdfCheck(file('signed.pdf')).status).toBe(0);
    const [signature] = await readPdfSignatures(file('signed.pdf'));
    expect(signature!.page).toBe(2);
    expect(signature!.rect).toEqual([300, 60, 560, 130]);

    const image = render(file('signed.pdf'), 2);
    expect(darkPixels(image, 302, 62, 256, 66)).toBeGreaterThan(500);
    expect(darkPixels(image, 40, 60, 200, 300)).toBe(0);
    expect(darkPixels(render(file('signed.pdf'), 1), 300, 60, 260, 70)).toBe(0);
    if (process.env.KEEP_PDF_ARTIFACTS !== undefined) execFileSync('pdftoppm', ['-png', '-r', '110', '-f', '2', '-l', '2', file('signed.pdf'), file('visible')]);

    // The ToUnicode map makes the drawn text extractable as the same Cyrillic text.
    const text = execFileSync('pdftotext', ['-f', '2', '-l', '2', '-x', '290', '-y', '700', '-W', '300', '-H', '100', file('signed.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('Іваненко Олена Петрівна');
    expect(text).toContain('ЄДРПОУ 41234567');
    expect(text).toContain('ООО «Ёлка»');
  });

  it('places the box by corner on a rotated page, upright as shown', async () => {
    fs.writeFileSync(file('rotated.pdf'), await pdfLibDocument({ rotate: 90 }));
    await signPdf(file('rotated.pdf'), file('rotated-signed.pdf'), signer, { visible: { page: 1, position: { corner: 'bottom-right', width: 220, height: 60 }, lines: LINES.slice(0, 2) } });
    expect(runPdfsig(file('rotated-signed.pdf')).signatures[0]!.validation).toBe('Signature is Valid.');
    const image = render(file('rotated-signed.pdf'), 1);
    // Shown landscape: 841.89 × 595.28; bottom-right corner with the default 36 pt margin.
    expect(image.width).toBeGreaterThan(image.height);
    expect(darkPixels(image, image.width - 36 - 220 + 2, 38, 216, 56)).toBeGreaterThan(300);
    if (process.env.KEEP_PDF_ARTIFACTS !== undefined) execFileSync('pdftoppm', ['-png', '-r', '80', file('rotated-signed.pdf'), file('rotated')]);
  });

  it('refuses a box that does not fit on the page, leaving no output', async () => {
    fs.writeFileSync(file('small.pdf'), await pdfLibDocument());
    const outcome = await codeOf(signPdf(file('small.pdf'), file('small-signed.pdf'), signer, { visible: { page: 1, position: { x: 500, y: 10, width: 200, height: 50 }, lines: ['x'] } }));
    expect(outcome).toBe('ERR_INPUT_INVALID');
    expect(await codeOf(signPdf(file('small.pdf'), file('small-signed.pdf'), signer, { visible: { page: 3, position: { corner: 'top-left' }, lines: ['x'] } }))).toBe('ERR_INPUT_INVALID');
    expect(fs.readdirSync(dir).filter((name) => name.startsWith('small-signed'))).toEqual([]);
  });
});
