import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { buildAsicManifest, extractDocuments, openAsicContainer, type AsicLimits } from '../../main/core/formats/asice/container';
import { isSigndeskError } from '../../preload/contract/errors';
import { MIMETYPE_ENTRY, rawZip, type RawEntry } from '../helpers/asice-raw-zip';

let work: string;
let target: string;
let outside: string;
let counter = 0;

/** Every file under `dir`, relative, sorted (links listed, not followed). */
function tree(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: false }) as string[]).sort();
}

/** Opens the bytes as a container and extracts everything into `target`; the coded outcome. */
async function attempt(bytes: Buffer, limits?: Partial<AsicLimits>): Promise<{ code: string; reason?: unknown }> {
  counter += 1;
  const file = path.join(work, `c${counter}.asice`);
  fs.writeFileSync(file, bytes);
  const before = tree(work);
  let outcome: { code: string; reason?: unknown };
  try {
    const container = await openAsicContainer(file, { limits });
    try {
      await extractDocuments(container, target);
      outcome = { code: 'extracted' };
    } finally {
      container.close();
    }
  } catch (error) {
    outcome = isSigndeskError(error) ? { code: error.code, reason: (error.details as { reason?: unknown } | undefined)?.reason } : { code: `not coded: ${String(error)}` };
  }
  // Nothing appeared anywhere but inside the target folder.
  expect(tree(work).filter((name) => !name.startsWith('target'))).toEqual(before.filter((name) => !name.startsWith('target')));
  expect(tree(outside)).toEqual([]);
  if (outcome.code !== 'extracted') expect(tree(target)).toEqual([]);
  return outcome;
}

const doc = (name: string | Buffer, data = Buffer.from('document'), extra: Partial<RawEntry> = {}): RawEntry => ({ name, data, ...extra });

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'asice-hostile-'));
  target = path.join(work, 'target');
  outside = path.join(work, 'outside');
  fs.mkdirSync(target);
  fs.mkdirSync(outside);
});

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

describe('hostile entry names', () => {
  it.each([
    ['../x', '../x'],
    ['../outside/x', '../outside/x'],
    ['docs/../../x', 'docs/../../x'],
    ['/etc/x', '/etc/x'],
    ['a\\..\\b', 'a\\..\\b'],
    ['C:/x', 'C:/x'],
    ['a NUL', 'a\u0000b.txt'],
    ['an empty segment', 'a//b.txt'],
    ['a "." segment', './a.txt'],
  ])('%s → ERR_CONTAINER_UNSAFE', async (_label, name) => {
    expect(await attempt(rawZip([MIMETYPE_ENTRY, doc(name)]))).toMatchObject({ code: 'ERR_CONTAINER_UNSAFE' });
  });

  it('duplicate names, also by case, Unicode normalisation, and file/folder clashes → ERR_CONTAINER_UNSAFE', async () => {
    expect(await attempt(rawZip([MIMETYPE_ENTRY, doc('a.txt'), doc('a.txt', Buffer.from('other'))]))).toMatchObject({ code: 'ERR_CONTAINER_UNSAFE', reason: 'duplicate' });
    expect(await attempt(rawZip([MIMETYPE_ENTRY, doc('Звіт.txt'), doc('звіт.TXT')]))).toMatchObject({ code: 'ERR_CONTAINER_UNSAFE', reason: 'duplicate' });
    expect(await attempt(rawZip([MIMETYPE_ENTRY, doc('caf\u00e9.txt'), doc('cafe\u0301.txt')]))).toMatchObject({ code: 'ERR_CONTAINER_UNSAFE', reason: 'duplicate' });
    expect(await attempt(rawZip([MIMETYPE_ENTRY, doc('a'), doc('a/b.txt')]))).toMatchObject({ code: 'ERR_CONTAINER_UNSAFE', reason: 'file-folder-clash' });
    expect(await attempt(rawZip([MIMETYPE_ENTRY, doc('a/', Buffer.alloc(0)), doc('A')]))).toMatchObject({ code: 'ERR_CONTAINER_UNSAFE', reason: 'file-folder-clash' });
  });

  it('a symbolic link, a local header that names another file, a name that is not the UTF-8 it claims', async () => {
    expect(await attempt(rawZip([MIMETYPE_ENTRY, doc('link', Buffer.from('/etc/passwd'), { externalAttributes: 0o120777 << 16 })]))).toMatchObject({
      code: 'ERR_CONTAINER_UNSAFE',
      reason: 'symlink',
    });
    expect(await attempt(rawZip([MIMETYPE_ENTRY, doc('a.txt', undefined, { localName: '../a.txt' })]))).toMatchObject({ code: 'ERR_CONTAINER_UNSAFE', reason: 'ambiguous-name' });
    expect(await attempt(rawZip([MIMETYPE_ENTRY, doc(Buffer.from([0x61, 0xff, 0xfe]))]))).toMatchObject({ code: 'ERR_CONTAINER_MALFORMED', reason: 'name-encoding' });
  });

  it('names Windows gives special meaning open but are not extracted, on every OS', async () => {
    for (const name of ['CON.txt', 'a:b.txt', 'trailing.', 'sub/NUL']) {
      expect(await attempt(rawZip([MIMETYPE_ENTRY, doc(name)]))).toMatchObject({ code: 'ERR_CONTAINER_UNSAFE' });
    }
  });
});

describe('decompression bombs', () => {
  it('a container of 1 GiB of zeros (1 MB on disk) is refused before anything is read', async () => {
    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.from('application/vnd.etsi.asic-e+zip'), 'mimetype', { compress: false, forceDosTimestamp: true });
    const chunk = Buffer.alloc(1 << 20);
    let sent = 0;
    zip.addReadStream(new Readable({ read() { this.push(sent++ < 1024 ? chunk : null); } }), 'zeros.bin', { compressionLevel: 9 });
    zip.end();
    const parts: Buffer[] = [];
    for await (const part of zip.outputStream as Readable) parts.push(part as Buffer);
    const bomb = Buffer.concat(parts);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    expect(await attempt(bomb)).toMatchObject({ code: 'ERR_CONTAINER_UNSAFE', reason: 'compression-ratio' });
    // The other caps hold on their own too.
    expect(await attempt(bomb, { maxCompressionRatio: 1e6, maxEntrySize: 512 * 1024 * 1024 })).toMatchObject({ code: 'ERR_CONTAINER_UNSAFE', reason: 'entry-size' });
    expect(await attempt(bomb, { maxCompressionRatio: 1e6, maxTotalSize: 512 * 1024 * 1024 })).toMatchObject({ code: 'ERR_CONTAINER_UNSAFE', reason: 'total-size' });
  }, 120_000);

  it('an entry whose header lies about its size is stopped while streaming, and no partial file remains', async () => {
    const zeros = zlib.deflateRawSync(Buffer.alloc(64 * 1024 * 1024));
    const liar = doc('small.txt', undefined, { method: 8, compressed: zeros, declaredSize: 4096, crc: 0 });
    expect(await attempt(rawZip([MIMETYPE_ENTRY, liar]))).toMatchObject({ code: 'ERR_CONTAINER_UNSAFE', reason: 'size-exceeded' });
  });

  it('caps on the entry count, the total size and metadata held in memory', async () => {
    const many = rawZip([MIMETYPE_ENTRY, ...Array.from({ length: 30 }, (_, i) => doc(`d${i}.txt`))]);
    expect(await attempt(many, { maxEntries: 20 })).toMatchObject({ code: 'ERR_CONTAINER_UNSAFE', reason: 'entry-count' });
    expect(await attempt(many, { maxTotalSize: 100 })).toMatchObject({ code: 'ERR_CONTAINER_UNSAFE', reason: 'total-size' });
    const bigSignature = rawZip([MIMETYPE_ENTRY, doc('a.txt'), doc('META-INF/signature001.p7s', randomBytes(4096))]);
    expect(await attempt(bigSignature, { maxMetadataSize: 1024 })).toMatchObject({ code: 'ERR_CONTAINER_UNSAFE', reason: 'metadata-size' });
    const manySignatures = rawZip([MIMETYPE_ENTRY, doc('a.txt'), ...Array.from({ length: 8 }, (_, i) => doc(`META-INF/signature${i}.p7s`, randomBytes(1000)))]);
    expect(await attempt(manySignatures, { maxMetadataTotalSize: 4000 })).toMatchObject({ code: 'ERR_CONTAINER_UNSAFE', reason: 'metadata-size' });
  });

  it('overlapping entries are refused', async () => {
    const first = doc('a.txt', Buffer.from('aaaa'), { method: 8 });
    const firstBody = zlib.deflateRawSync(Buffer.from('aaaa'));
    first.declaredCompressedSize = firstBody.length + 40;
    expect(await attempt(rawZip([MIMETYPE_ENTRY, first, doc('b.txt')]))).toMatchObject({ code: 'ERR_CONTAINER_UNSAFE', reason: 'overlap' });
  });
});

describe('broken and unsupported ZIPs', () => {
  it('damaged entries: wrong CRC, truncated data, stored sizes that disagree, ZIP64 markers without ZIP64 data', async () => {
    expect(await attempt(rawZip([MIMETYPE_ENTRY, doc('a.txt', Buffer.from('hello'), { crc: 1234 })]))).toMatchObject({ code: 'ERR_CONTAINER_MALFORMED', reason: 'crc' });
    const short = doc('a.txt', randomBytes(1000), { method: 8 });
    short.declaredSize = 5000;
    expect(await attempt(rawZip([MIMETYPE_ENTRY, short]))).toMatchObject({ code: 'ERR_CONTAINER_MALFORMED', reason: 'truncated' });
    expect(await attempt(rawZip([MIMETYPE_ENTRY, doc('a.txt', Buffer.from('hello'), { declaredCompressedSize: 3 })]))).toMatchObject({ code: 'ERR_CONTAINER_MALFORMED' });
    expect(await attempt(rawZip([MIMETYPE_ENTRY, doc('a.txt', Buffer.from('hello'), { method: 8, declaredSize: 0xffffffff })]))).toMatchObject({
      code: 'ERR_CONTAINER_MALFORMED',
      reason: 'zip64',
    });
    expect(await attempt(rawZip([MIMETYPE_ENTRY, doc('a.txt'), doc('hidden.txt')], { declaredCount: 2 }))).toMatchObject({
      code: 'ERR_CONTAINER_MALFORMED',
      reason: 'entry-count-mismatch',
    });
  });

  it('encrypted entries and other compression methods → ERR_CONTAINER_UNSUPPORTED', async () => {
    expect(await attempt(rawZip([MIMETYPE_ENTRY, doc('a.txt', undefined, { flags: 0x0801, declaredCompressedSize: 8 + 12, compressed: randomBytes(20) })]))).toMatchObject({
      code: 'ERR_CONTAINER_UNSUPPORTED',
    });
    expect(await attempt(rawZip([MIMETYPE_ENTRY, doc('a.txt', undefined, { method: 12 })]))).toMatchObject({ code: 'ERR_CONTAINER_UNSUPPORTED', reason: 'compression-method' });
    expect(await attempt(rawZip([MIMETYPE_ENTRY, doc('a.txt', undefined, { method: 99 })]))).toMatchObject({ code: 'ERR_CONTAINER_UNSUPPORTED', reason: 'compression-method' });
  });

  it('truncated files, garbage and empty files → ERR_CONTAINER_MALFORMED; a missing file → ERR_FILE_NOT_FOUND', async () => {
    const good = rawZip([MIMETYPE_ENTRY, doc('a.txt', randomBytes(5000))]);
    expect(await attempt(good.subarray(0, Math.floor(good.length / 2)))).toMatchObject({ code: 'ERR_CONTAINER_MALFORMED' });
    expect(await attempt(good.subarray(0, good.length - 10))).toMatchObject({ code: 'ERR_CONTAINER_MALFORMED' });
    expect(await attempt(randomBytes(4096))).toMatchObject({ code: 'ERR_CONTAINER_MALFORMED' });
    expect(await attempt(Buffer.alloc(0))).toMatchObject({ code: 'ERR_CONTAINER_MALFORMED' });
    expect(await attempt(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj <<>> endobj\n%%EOF\n', 'latin1'))).toMatchObject({ code: 'ERR_CONTAINER_MALFORMED' });
    const missing = await openAsicContainer(path.join(work, 'nope.asice')).catch((error: unknown) => error);
    expect(isSigndeskError(missing, 'ERR_FILE_NOT_FOUND')).toBe(true);
  });
});

describe('ZIP64', () => {
  it('legitimate ZIP64 records (as yazl writes for documents past 4 GiB) are read; oddities are refused', async () => {
    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.from('application/vnd.etsi.asic-e+zip'), 'mimetype', { compress: false, forceDosTimestamp: true });
    const content = randomBytes(10_000);
    zip.addBuffer(content, 'big/документ.bin', { forceZip64Format: true, compress: false });
    zip.addReadStream(Readable.from([content, content]), 'streamed.bin', { forceZip64Format: true });
    zip.end({ forceZip64Format: true, comment: '' });
    const parts: Buffer[] = [];
    for await (const part of zip.outputStream as Readable) parts.push(part as Buffer);
    const file = path.join(work, 'zip64.asice');
    fs.writeFileSync(file, Buffer.concat(parts));
    const container = await openAsicContainer(file);
    try {
      expect(container.mimetype).toBe('ok');
      expect(container.documents.map((entry) => [entry.name, entry.size])).toEqual([
        ['big/документ.bin', 10_000],
        ['streamed.bin', 20_000],
      ]);
      const folder = fs.mkdtempSync(path.join(work, 'target-zip64-'));
      await extractDocuments(container, folder);
      expect(fs.readFileSync(path.join(folder, 'streamed.bin')).equals(Buffer.concat([content, content]))).toBe(true);
      fs.rmSync(folder, { recursive: true });
    } finally {
      container.close();
    }

    const zip64Field = (size: number) => {
      const field = Buffer.alloc(4 + 8);
      field.writeUInt16LE(0x0001, 0);
      field.writeUInt16LE(8, 2);
      field.writeUInt32LE(size, 4);
      return field;
    };
    const twice = doc('a.txt', Buffer.from('hello'), { declaredSize: 0xffffffff, centralExtra: Buffer.concat([zip64Field(5), zip64Field(5)]) });
    expect(await attempt(rawZip([MIMETYPE_ENTRY, twice]))).toMatchObject({ code: 'ERR_CONTAINER_MALFORMED', reason: 'zip64' });
    const short = doc('a.txt', Buffer.from('hello'), { declaredSize: 0xffffffff, declaredCompressedSize: 0xffffffff, centralExtra: zip64Field(5) });
    expect(await attempt(rawZip([MIMETYPE_ENTRY, short]))).toMatchObject({ code: 'ERR_CONTAINER_MALFORMED' });
  });
});

describe('the mimetype entry', () => {
  const manifest = Buffer.from(
    buildAsicManifest({ signatureName: 'META-INF/signature001.p7s', documents: [{ name: 'a.txt', digestAlgorithm: 'SHA-256', digest: new Uint8Array(createHash('sha256').update('document').digest()) }] }),
  );

  it.each([
    ['not first', [doc('a.txt'), MIMETYPE_ENTRY], 'not-first'],
    ['compressed', [{ ...MIMETYPE_ENTRY, method: 8 }, doc('a.txt')], 'compressed'],
    ['with a local extra field', [{ ...MIMETYPE_ENTRY, localExtra: Buffer.from([0x55, 0x54, 0x01, 0x00, 0x00]) }, doc('a.txt')], 'extra-field'],
    ['with a central extra field', [{ ...MIMETYPE_ENTRY, centralExtra: Buffer.from([0x55, 0x54, 0x01, 0x00, 0x00]) }, doc('a.txt')], 'extra-field'],
    ['saying application/zip', [{ name: 'mimetype', data: Buffer.from('application/zip') }, doc('a.txt')], 'content'],
    ['with a trailing newline', [{ name: 'mimetype', data: Buffer.from('application/vnd.etsi.asic-e+zip\n') }, doc('a.txt')], 'content'],
    ['of ASiC-S', [{ name: 'mimetype', data: Buffer.from('application/vnd.etsi.asic-s+zip') }, doc('a.txt')], 'asic-s'],
  ] as [string, RawEntry[], string][])('%s → ERR_CONTAINER_MALFORMED', async (_label, entries, reason) => {
    expect(await attempt(rawZip(entries))).toMatchObject({ code: 'ERR_CONTAINER_MALFORMED', reason });
  });

  it('missing: refused for a plain ZIP, read with a warning when META-INF holds an ASiC manifest', async () => {
    expect(await attempt(rawZip([doc('a.txt')]))).toMatchObject({ code: 'ERR_CONTAINER_MALFORMED', reason: 'not-asic' });
    const file = path.join(work, 'no-mimetype.asice');
    fs.writeFileSync(file, rawZip([doc('a.txt'), doc('META-INF/ASiCManifest001.xml', manifest)]));
    const container = await openAsicContainer(file);
    try {
      expect(container.mimetype).toBe('missing');
      expect(container.warnings.map((warning) => warning.code)).toEqual(['mimetype-missing', 'manifest-signature-missing']);
      expect(container.signatures).toEqual([]);
      expect(container.documents.map((entry) => entry.name)).toEqual(['a.txt']);
      expect(container.manifests[0]!.signature).toBeUndefined();
    } finally {
      container.close();
    }
  });
});

describe('what the reader reports', () => {
  it('a manifest that belongs to something other than a CAdES signature, a signature no manifest names, XAdES signatures', async () => {
    const digest = new Uint8Array(createHash('sha256').update('document').digest());
    const built = buildAsicManifest({ signatureName: 'META-INF/signature001.p7s', documents: [{ name: 'a.txt', digestAlgorithm: 'SHA-256', digest }] });
    const manifest = (signatureName: string) => Buffer.from(Buffer.from(built).toString('utf8').replace('META-INF/signature001.p7s', signatureName), 'utf8');
    const file = path.join(work, 'reports.asice');
    fs.writeFileSync(
      file,
      rawZip([
        MIMETYPE_ENTRY,
        doc('a.txt'),
        doc('META-INF/ASiCManifest001.xml', manifest('META-INF/timestamp001.tst')),
        doc('META-INF/timestamp001.tst', randomBytes(100)),
        doc('META-INF/signature007.p7s', randomBytes(100)),
        doc('META-INF/signatures0.xml', Buffer.from('<XAdESSignatures/>')),
      ]),
    );
    const container = await openAsicContainer(file);
    try {
      expect(container.warnings.map((warning) => [warning.code, warning.entry])).toEqual([
        ['manifest-signature-unsupported', 'META-INF/ASiCManifest001.xml'],
        ['signature-without-manifest', 'META-INF/signature007.p7s'],
        ['xades-signatures', undefined],
      ]);
      expect(container.xadesSignatures).toEqual(['META-INF/signatures0.xml']);
      expect(container.documents.map((entry) => entry.name)).toEqual(['a.txt']);
    } finally {
      container.close();
    }
  });
});

describe('extraction into the target folder', () => {
  const plain = () => rawZip([MIMETYPE_ENTRY, doc('sub/doc.txt', Buffer.from('inner')), doc('top.txt', Buffer.from('top')), doc('empty.txt', Buffer.alloc(0), { method: 8 })]);

  it('extracts folders and files, and never through a symbolic link already in the target', async () => {
    const folder = fs.mkdtempSync(path.join(work, 'target-link-'));
    const file = path.join(work, 'plain.asice');
    fs.writeFileSync(file, plain());
    fs.symlinkSync(outside, path.join(folder, 'sub'));
    const container = await openAsicContainer(file);
    try {
      const error = await extractDocuments(container, folder).catch((failure: unknown) => failure);
      expect(isSigndeskError(error, 'ERR_CONTAINER_UNSAFE')).toBe(true);
      expect(tree(outside)).toEqual([]);
      expect(fs.existsSync(path.join(folder, 'top.txt'))).toBe(false);
      fs.unlinkSync(path.join(folder, 'sub'));
      const written = await extractDocuments(container, folder);
      expect(written.map((item) => path.relative(folder, item.path))).toEqual([path.join('sub', 'doc.txt'), 'top.txt', 'empty.txt']);
      expect(fs.readFileSync(path.join(folder, 'sub', 'doc.txt'), 'utf8')).toBe('inner');
      expect(fs.statSync(path.join(folder, 'empty.txt')).size).toBe(0);
      expect(tree(folder)).toEqual(['empty.txt', 'sub', path.join('sub', 'doc.txt'), 'top.txt']);
    } finally {
      container.close();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses to replace an existing file unless asked, before writing anything; with overwrite it replaces atomically', async () => {
    const folder = fs.mkdtempSync(path.join(work, 'target-exists-'));
    const file = path.join(work, 'plain2.asice');
    fs.writeFileSync(file, plain());
    fs.writeFileSync(path.join(folder, 'top.txt'), 'mine');
    const container = await openAsicContainer(file);
    try {
      const error = await extractDocuments(container, folder).catch((failure: unknown) => failure);
      expect(isSigndeskError(error, 'ERR_OUTPUT_EXISTS')).toBe(true);
      expect(fs.readFileSync(path.join(folder, 'top.txt'), 'utf8')).toBe('mine');
      expect(tree(folder)).toEqual(['top.txt']);
      await extractDocuments(container, folder, { names: ['top.txt'], overwrite: true });
      expect(fs.readFileSync(path.join(folder, 'top.txt'), 'utf8')).toBe('top');
      expect(tree(folder)).toEqual(['top.txt']);
      const unknown = await extractDocuments(container, folder, { names: ['META-INF/signature001.p7s'] }).catch((failure: unknown) => failure);
      expect(isSigndeskError(unknown, 'ERR_NOT_FOUND')).toBe(true);
    } finally {
      container.close();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
