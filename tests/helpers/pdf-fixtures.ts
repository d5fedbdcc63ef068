import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { embedSignature, preparePdfSignature, type PreparePdfSignatureOptions, type PreparedPdfSignature } from '../../main/core/formats/pades/pdf';

/** A self-signed EC certificate and key made with OpenSSL, as PEM files in `dir`. */
export interface TestSigner {
  certPath: string;
  keyPath: string;
  commonName: string;
}

/**
 * `keyType` 'rsa' for certificates that `pdfsig -add-signature` uses: with an EC key poppler 22.12 fails about one
 * run in three ("signDocument: unable update signature"; the ECDSA signature's length varies).
 */
export function makeTestSigner(dir: string, commonName = 'Signdesk PDF Tester', fileStem = 'signer', keyType: 'ec' | 'rsa' = 'ec'): TestSigner {
  const keyPath = path.join(dir, `${fileStem}.key.pem`);
  const certPath = path.join(dir, `${fileStem}.cert.pem`);
  if (keyType === 'ec') execFileSync('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', keyPath], { stdio: 'pipe' });
  else execFileSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', keyPath], { stdio: 'pipe' });
  execFileSync(
    'openssl',
    ['req', '-new', '-x509', '-key', keyPath, '-out', certPath, '-days', '30', '-subj', `/CN=${commonName}/O=Signdesk Tests`, '-addext', 'keyUsage=critical,digitalSignature,nonRepudiation'],
    { stdio: 'pipe' },
  );
  return { certPath, keyPath, commonName };
}

const CMS_ARGS = (signer: TestSigner): string[] => ['cms', '-sign', '-binary', '-outform', 'DER', '-nosmimecap', '-md', 'sha256', '-signer', signer.certPath, '-inkey', signer.keyPath];

/** A detached CMS over the two byte ranges of a prepared PDF, by `openssl cms -sign`, the ranges streamed to its stdin. */
export async function cmsOverByteRanges(pdfPath: string, byteRange: readonly number[], signer: TestSigner): Promise<Buffer> {
  const child = spawn('openssl', CMS_ARGS(signer), { stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const done = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? -1));
  });
  for (const [start, length] of [
    [byteRange[0]!, byteRange[1]!],
    [byteRange[2]!, byteRange[3]!],
  ] as const) {
    if (length === 0) continue;
    const stream = fs.createReadStream(pdfPath, { start, end: start + length - 1, highWaterMark: 1 << 20 });
    for await (const chunk of stream) {
      if (!child.stdin.write(chunk)) await new Promise((resolve) => child.stdin.once('drain', resolve));
    }
  }
  child.stdin.end();
  const code = await done;
  if (code !== 0) throw new Error(`openssl cms -sign failed: ${Buffer.concat(err).toString()}`);
  return Buffer.concat(out);
}

/** Signs `input` into `output` with our engine and an OpenSSL-made CMS: prepare, CMS over the ranges, embed, rename. */
export async function signPdf(input: string, output: string, signer: TestSigner, options: PreparePdfSignatureOptions = {}): Promise<PreparedPdfSignature> {
  const temp = `${output}.tmp-${process.pid}`;
  const prepared = await preparePdfSignature(input, temp, options);
  try {
    const cms = await cmsOverByteRanges(temp, prepared.byteRange, signer);
    await embedSignature(temp, prepared.contentsOffset, prepared.contentsLength, cms);
    await fsp.rename(temp, output);
  } catch (error) {
    await fsp.rm(temp, { force: true });
    throw error;
  }
  return prepared;
}

export interface PdfLibOptions {
  pages?: number;
  /** true: pdf-lib writes a cross-reference stream and object streams; false: a classic table. */
  objectStreams?: boolean;
  /** Adds an AcroForm with a text field of this name on page 1. */
  textField?: string;
  /** Page size in points (default A4). */
  size?: [number, number];
  rotate?: number;
}

/** A PDF written by pdf-lib (a producer other than us), with text on every page. */
export async function pdfLibDocument(options: PdfLibOptions = {}): Promise<Buffer> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle('Signdesk test document');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const pages = options.pages ?? 1;
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage(options.size ?? [595.28, 841.89]);
    if (options.rotate !== undefined) page.setRotation({ type: 'degrees', angle: options.rotate } as never);
    page.drawText(`Act of acceptance, page ${i + 1} of ${pages}`, { x: 50, y: 780, size: 14, font });
  }
  if (options.textField !== undefined) {
    const form = doc.getForm();
    const field = form.createTextField(options.textField);
    field.setText('filled before signing');
    field.addToPage(doc.getPage(0), { x: 50, y: 700, width: 200, height: 24, font });
  }
  return Buffer.from(await doc.save({ useObjectStreams: options.objectStreams ?? false }));
}

/** Runs qpdf with the arguments; returns stdout. qpdf exits 3 on warnings: that counts as success here. */
export function qpdf(args: readonly string[]): string {
  try {
    return execFileSync('qpdf', args, { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    if (e.status === 3) return e.stdout ?? '';
    throw new Error(`qpdf ${args.join(' ')} failed (${e.status}): ${e.stderr ?? ''}${e.stdout ?? ''}`, { cause: error });
  }
}

/** `qpdf --check`: status and text (0 = no errors; 2 = errors; 3 = warnings only). */
export function qpdfCheck(pdfPath: string): { status: number; output: string } {
  try {
    return { status: 0, output: execFileSync('qpdf', ['--check', pdfPath], { encoding: 'utf8', stdio: 'pipe' }) };
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    return { status: e.status ?? -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

export interface RawObject {
  num: number;
  /** What goes between `n 0 obj` and `endobj`. */
  body: string | Buffer;
}

/** Writes objects with a classic xref table and trailer; returns the bytes and each object's offset. */
export function assembleClassicPdf(objects: readonly RawObject[], trailerEntries: string, header = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n'): { bytes: Buffer; offsets: Map<number, number>; xrefOffset: number } {
  const parts: Buffer[] = [Buffer.from(header, 'latin1')];
  let position = parts[0]!.length;
  const offsets = new Map<number, number>();
  for (const object of objects) {
    offsets.set(object.num, position);
    const chunk = Buffer.concat([Buffer.from(`${object.num} 0 obj\n`, 'latin1'), Buffer.isBuffer(object.body) ? object.body : Buffer.from(object.body, 'latin1'), Buffer.from('\nendobj\n', 'latin1')]);
    parts.push(chunk);
    position += chunk.length;
  }
  const size = Math.max(...objects.map((o) => o.num)) + 1;
  let xref = `xref\n0 ${size}\n0000000000 65535 f\r\n`;
  for (let num = 1; num < size; num++) {
    const offset = offsets.get(num);
    xref += offset === undefined ? '0000000000 00001 f\r\n' : `${String(offset).padStart(10, '0')} 00000 n\r\n`;
  }
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${size} ${trailerEntries} >>\nstartxref\n${position}\n%%EOF\n`, 'latin1'));
  return { bytes: Buffer.concat(parts), offsets, xrefOffset: position };
}

const PAGE_OBJECTS = (contents: string): RawObject[] => [
  { num: 1, body: '<< /Type /Catalog /Pages 2 0 R >>' },
  { num: 2, body: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>' },
  { num: 3, body: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>' },
  { num: 4, body: `<< /Length ${contents.length} >>\nstream\n${contents}\nendstream` },
  { num: 5, body: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>' },
];

/** A one-page PDF with a classic table, written by hand (fast: the bench makes thousands). */
export function minimalPdf(text = 'Invoice 1'): Buffer {
  return assembleClassicPdf(PAGE_OBJECTS(`BT /F1 18 Tf 72 760 Td (${text}) Tj ET`), '/Root 1 0 R').bytes;
}

/**
 * A hybrid-reference file (ISO 32000-1 §7.5.8.4): a classic table whose trailer has /XRefStm pointing at a
 * cross-reference stream that locates object 6 (the page's resources) inside object stream 7.
 */
export function hybridPdf(): Buffer {
  const inStream = '<< /Font << /F1 5 0 R >> >>';
  const content = 'BT /F1 18 Tf 72 760 Td (Hybrid file) Tj ET';
  const objStmHeader = '6 0 ';
  const objStmData = Buffer.from(objStmHeader + inStream, 'latin1');
  const objects: RawObject[] = [
    { num: 1, body: '<< /Type /Catalog /Pages 2 0 R >>' },
    { num: 2, body: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>' },
    { num: 3, body: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources 6 0 R >>' },
    { num: 4, body: `<< /Length ${content.length} >>\nstream\n${content}\nendstream` },
    { num: 5, body: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>' },
    { num: 7, body: Buffer.concat([Buffer.from(`<< /Type /ObjStm /N 1 /First ${objStmHeader.length} /Length ${objStmData.length} >>\nstream\n`, 'latin1'), objStmData, Buffer.from('\nendstream', 'latin1')]) },
  ];
  const header = Buffer.from('%PDF-1.5\n%\xe2\xe3\xcf\xd3\n', 'latin1');
  const parts: Buffer[] = [header];
  let position = header.length;
  const offsets = new Map<number, number>();
  for (const object of objects) {
    offsets.set(object.num, position);
    const chunk = Buffer.concat([Buffer.from(`${object.num} 0 obj\n`, 'latin1'), Buffer.isBuffer(object.body) ? object.body : Buffer.from(object.body, 'latin1'), Buffer.from('\nendobj\n', 'latin1')]);
    parts.push(chunk);
    position += chunk.length;
  }
  // Object 8: the hidden cross-reference stream, for object 6 (compressed in 7, index 0).
  const rows = Buffer.from([2, 0, 0, 0, 7, 0, 0]);
  const xrefStreamOffset = position;
  const xrefStream = Buffer.concat([
    Buffer.from(`8 0 obj\n<< /Type /XRef /Size 9 /Index [6 1] /W [1 4 2] /Length ${rows.length} >>\nstream\n`, 'latin1'),
    rows,
    Buffer.from('\nendstream\nendobj\n', 'latin1'),
  ]);
  parts.push(xrefStream);
  position += xrefStream.length;
  let xref = 'xref\n0 9\n0000000000 65535 f\r\n';
  for (let num = 1; num < 9; num++) {
    const offset = num === 8 ? xrefStreamOffset : offsets.get(num);
    xref += offset === undefined ? '0000000000 00000 f\r\n' : `${String(offset).padStart(10, '0')} 00000 n\r\n`;
  }
  parts.push(Buffer.from(`${xref}trailer\n<< /Size 9 /Root 1 0 R /XRefStm ${xrefStreamOffset} >>\nstartxref\n${position}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

/** The same one-page document with every xref offset moved by `shift` bytes (a broken table). */
export function brokenXrefPdf(shift = 7): Buffer {
  const { bytes, xrefOffset } = assembleClassicPdf(PAGE_OBJECTS('BT /F1 18 Tf 72 760 Td (Broken) Tj ET'), '/Root 1 0 R');
  const text = bytes.toString('latin1');
  const head = text.slice(0, xrefOffset);
  const tail = text.slice(xrefOffset).replace(/^(\d{10}) 00000 n/gm, (_, offset: string) => `${String(Number(offset) + shift).padStart(10, '0')} 00000 n`);
  return Buffer.from(head + tail, 'latin1');
}

/**
 * A PDF whose catalog sits in an object stream that inflates to `decodedBytes` (a flate bomb), or whose
 * cross-reference stream does.
 */
export function flateBombPdf(where: 'object-stream' | 'xref-stream', decodedBytes = 96 * 1024 * 1024): Buffer {
  const bomb = zlib.deflateSync(Buffer.alloc(decodedBytes, 0x20), { level: 9 });
  const header = Buffer.from('%PDF-1.5\n%\xe2\xe3\xcf\xd3\n', 'latin1');
  if (where === 'xref-stream') {
    const obj = Buffer.concat([Buffer.from(`1 0 obj\n<< /Type /XRef /Size 2 /W [1 4 2] /Root 2 0 R /Filter /FlateDecode /Length ${bomb.length} >>\nstream\n`, 'latin1'), bomb, Buffer.from('\nendstream\nendobj\n', 'latin1')]);
    return Buffer.concat([header, obj, Buffer.from(`startxref\n${header.length}\n%%EOF\n`, 'latin1')]);
  }
  const stm = Buffer.concat([Buffer.from(`<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${bomb.length} >>\nstream\n`, 'latin1'), bomb, Buffer.from('\nendstream', 'latin1')]);
  const parts: Buffer[] = [header];
  let position = header.length;
  const stmOffset = position;
  const stmObj = Buffer.concat([Buffer.from('2 0 obj\n', 'latin1'), stm, Buffer.from('\nendobj\n', 'latin1')]);
  parts.push(stmObj);
  position += stmObj.length;
  const rows = Buffer.from([0, 0, 0, 0, 0, 0xff, 0xff, 2, 0, 0, 0, 2, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  rows.writeUInt32BE(stmOffset, 15);
  const xrefOffset = position;
  rows.writeUInt32BE(xrefOffset, 22);
  parts.push(Buffer.concat([Buffer.from(`3 0 obj\n<< /Type /XRef /Size 4 /W [1 4 2] /Root 1 0 R /Length ${rows.length} >>\nstream\n`, 'latin1'), rows, Buffer.from('\nendstream\nendobj\n', 'latin1')]));
  parts.push(Buffer.from(`startxref\n${xrefOffset}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

/**
 * Writes a valid one-page PDF of about `targetBytes` whose page content is one huge stream, streamed to disk in
 * 1 MiB pieces (the generator itself stays small in memory). For memory tests and the bench.
 */
export async function writeBigPdf(filePath: string, targetBytes: number): Promise<void> {
  const line = `0.5 g 10 10 m 20 20 l S % ${'x'.repeat(1000)}\n`;
  const lines = Math.max(1, Math.floor(targetBytes / line.length));
  const out = fs.createWriteStream(filePath);
  const write = async (chunk: string | Buffer): Promise<void> => {
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  let position = 0;
  const offsets = new Map<number, number>();
  const object = async (num: number, text: string): Promise<void> => {
    offsets.set(num, position);
    const chunk = Buffer.from(`${num} 0 obj\n${text}\nendobj\n`, 'latin1');
    await write(chunk);
    position += chunk.length;
  };
  const header = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1');
  await write(header);
  position += header.length;
  await object(1, '<< /Type /Catalog /Pages 2 0 R >>');
  await object(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  await object(3, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>');
  offsets.set(4, position);
  const streamHead = Buffer.from(`4 0 obj\n<< /Length ${lines * line.length} >>\nstream\n`, 'latin1');
  await write(streamHead);
  position += streamHead.length;
  const perChunk = Math.max(1, Math.floor((1 << 20) / line.length));
  const block = Buffer.from(line.repeat(perChunk), 'latin1');
  let left = lines;
  while (left > 0) {
    const n = Math.min(perChunk, left);
    const chunk = n === perChunk ? block : block.subarray(0, n * line.length);
    await write(chunk);
    position += chunk.length;
    left -= n;
  }
  const streamTail = Buffer.from('\nendstream\nendobj\n', 'latin1');
  await write(streamTail);
  position += streamTail.length;
  let xref = 'xref\n0 5\n0000000000 65535 f\r\n';
  for (let num = 1; num <= 4; num++) xref += `${String(offsets.get(num)).padStart(10, '0')} 00000 n\r\n`;
  await write(`${xref}trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${position}\n%%EOF\n`);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

/** An NSS database (for `pdfsig -add-signature -nssdir DIR -nick NICK`) holding the signer's key and certificate. */
export function makeNssDb(dir: string, signer: TestSigner, nick: string): string {
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password'], { stdio: 'pipe' });
  const p12 = path.join(dir, `${nick}.p12`);
  execFileSync('openssl', ['pkcs12', '-export', '-in', signer.certPath, '-inkey', signer.keyPath, '-name', nick, '-out', p12, '-passout', 'pass:nsspw'], { stdio: 'pipe' });
  execFileSync('pk12util', ['-i', p12, '-d', `sql:${dir}`, '-W', 'nsspw', '-K', ''], { stdio: 'pipe' });
  return dir;
}

/**
 * `pdfsig -add-signature` (a foreign producer's signature, adbe.pkcs7.detached: poppler 22.12 refuses `-etsi`
 * with `-add-signature`) from `input` into `output`.
 */
export function pdfsigAddSignature(input: string, output: string, nssDir: string, nick: string, fieldName?: string): void {
  const args = ['-add-signature', '-nssdir', `sql:${nssDir}`, '-nick', nick];
  if (fieldName !== undefined) args.push('-new-signature-field-name', fieldName);
  const result = spawnSync('pdfsig', [...args, input, output], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`pdfsig -add-signature failed (${result.status}): ${result.stderr}${result.stdout}`);
}
