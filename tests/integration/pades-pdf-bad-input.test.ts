import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preparePdfSignature, readPdfSignatures } from '../../main/core/formats/pades/pdf';
import { codeOf } from '../helpers/outcome';
import { assembleClassicPdf, brokenXrefPdf, flateBombPdf, minimalPdf, pdfLibDocument, qpdf } from '../helpers/pdf-fixtures';
import { missingTools } from '../helpers/require-tools';

const missing = missingTools(['qpdf']);

describe.skipIf(missing)('PAdES PDF engine: bad input gives a coded error and no output', () => {
  let dir: string;
  const file = (name: string): string => path.join(dir, name);

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pades-pdf-bad-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function refuse(name: string, bytes: Buffer): Promise<string> {
    fs.writeFileSync(file(name), bytes);
    const temp = file(`${name}.signdesk-tmp`);
    const code = await codeOf(preparePdfSignature(file(name), temp));
    expect(fs.existsSync(temp), 'the temp output is removed').toBe(false);
    expect(fs.readFileSync(file(name)).equals(bytes), 'the input is untouched').toBe(true);
    expect(await codeOf(readPdfSignatures(file(name)))).toBe(code);
    return code;
  }

  it('refuses garbage, an empty file and a text file', async () => {
    expect(await refuse('garbage.pdf', crypto.randomBytes(4096))).toBe('ERR_PDF_MALFORMED');
    expect(await refuse('empty.pdf', Buffer.alloc(0))).toBe('ERR_PDF_MALFORMED');
    expect(await refuse('header-only.pdf', Buffer.from('%PDF-1.7\n' + 'lorem ipsum\n'.repeat(100)))).toBe('ERR_PDF_MALFORMED');
  });

  it('refuses truncated files, wherever they were cut', async () => {
    const whole = await pdfLibDocument({ pages: 2 });
    for (const keep of [0.3, 0.6, 0.97]) {
      expect(await refuse(`cut-${keep}.pdf`, whole.subarray(0, Math.floor(whole.length * keep)))).toBe('ERR_PDF_MALFORMED');
    }
    expect(await refuse('cut-eof.pdf', whole.subarray(0, whole.length - 7))).toBe('ERR_PDF_MALFORMED');
    const streams = await pdfLibDocument({ pages: 2, objectStreams: true });
    expect(await refuse('cut-streams.pdf', streams.subarray(0, Math.floor(streams.length * 0.8)))).toBe('ERR_PDF_MALFORMED');
  });

  it('refuses an encrypted PDF (qpdf --encrypt, AES-256)', async () => {
    fs.writeFileSync(file('plain.pdf'), await pdfLibDocument());
    qpdf(['--encrypt', 'user', 'owner', '256', '--', file('plain.pdf'), file('encrypted-src.pdf')]);
    expect(await refuse('encrypted.pdf', fs.readFileSync(file('encrypted-src.pdf')))).toBe('ERR_PDF_ENCRYPTED');
  });

  it('refuses a broken xref table (offsets that do not point at their objects) instead of guessing', async () => {
    expect(await refuse('broken.pdf', brokenXrefPdf(7))).toBe('ERR_PDF_MALFORMED');
    expect(await refuse('broken-back.pdf', brokenXrefPdf(-3))).toBe('ERR_PDF_MALFORMED');
  });

  it('accepts an xref offset that points at the whitespace before its object header, as readers do', async () => {
    const { bytes, offsets, xrefOffset } = assembleClassicPdf(
      [
        { num: 1, body: '<< /Type /Catalog /Pages 2 0 R >>' },
        { num: 2, body: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>' },
        { num: 3, body: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>' },
      ],
      '/Root 1 0 R',
    );
    const at = offsets.get(2)!;
    expect(bytes[at - 1]).toBe(0x0a);
    const text = bytes.toString('latin1');
    const shifted = text.slice(0, xrefOffset) + text.slice(xrefOffset).replace(`${String(at).padStart(10, '0')} 00000 n`, `${String(at - 1).padStart(10, '0')} 00000 n`);
    fs.writeFileSync(file('spaced.pdf'), Buffer.from(shifted, 'latin1'));
    const temp = file('spaced.signdesk-tmp');
    expect(await codeOf(preparePdfSignature(file('spaced.pdf'), temp))).toBe('resolved');
    expect(fs.statSync(temp).size).toBeGreaterThan(shifted.length);
    fs.rmSync(temp);
  });

  it.each(['xref-stream', 'object-stream'] as const)('refuses a flate bomb in a %s with ERR_PDF_LIMIT_EXCEEDED', async (where) => {
    const bomb = flateBombPdf(where);
    const before = process.memoryUsage().rss;
    expect(await refuse(`bomb-${where}.pdf`, bomb)).toBe('ERR_PDF_LIMIT_EXCEEDED');
    // The inflate stops at the 64 MiB bound: no 96 MiB buffer (in each of the two reads).
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('refuses a /Prev chain that loops and a startxref past the end of the file', async () => {
    const { bytes, xrefOffset } = assembleClassicPdf([{ num: 1, body: '<< /Type /Catalog /Pages 2 0 R >>' }, { num: 2, body: '<< /Type /Pages /Kids [] /Count 0 >>' }], '/Root 1 0 R /Prev XREF');
    expect(await refuse('loop.pdf', Buffer.from(bytes.toString('latin1').replace('/Prev XREF', `/Prev ${xrefOffset}`), 'latin1'))).toBe('ERR_PDF_MALFORMED');
    const minimal = minimalPdf().toString('latin1');
    expect(await refuse('past-end.pdf', Buffer.from(minimal.replace(/startxref\n\d+/, 'startxref\n99999999'), 'latin1'))).toBe('ERR_PDF_MALFORMED');
  });
});
