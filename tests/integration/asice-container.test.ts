import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAsicManifest,
  checkManifestDigests,
  digestEntry,
  nextSignaturePairNames,
  openAsicContainer,
  parseAsicManifest,
  writeAsicContainer,
  type AsicManifestDocumentInput,
} from '../../main/core/formats/asice/container';
import { isSigndeskError } from '../../preload/contract/errors';
import { MIMETYPE_ENTRY, rawZip } from '../helpers/asice-raw-zip';
import { bundleAsiceDriver, runAsiceDriver } from '../helpers/asice-bundle';
import { OpensslCa } from '../helpers/openssl-ca';
import { missingTools } from '../helpers/require-tools';

const missing = missingTools(['openssl', 'zipinfo', 'unzip', 'cmp']);
const MiB = 1024 * 1024;
/** The engine streams: a 300 MB document must not show up in the process's memory. */
const RSS_CEILING = 160 * MiB;

let work: string;
let ca: OpensslCa;
let signer1: { cert: string; key: string };
let signer2: { cert: string; key: string };
let driver: string;

function openssl(args: string[]): string {
  return execFileSync('openssl', args, { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
}

function fileDigest(file: string, algorithm: 'sha256' | 'sha384'): Uint8Array {
  return new Uint8Array(Buffer.from(openssl(['dgst', `-${algorithm}`, '-r', file]).split(' ')[0]!, 'hex'));
}

/** `openssl cms -sign` over the manifest bytes, detached, DER. */
function signManifest(manifestFile: string, signer: { cert: string; key: string }, cades = false): Buffer {
  const out = `${manifestFile}.p7s`;
  openssl(['cms', '-sign', '-binary', '-outform', 'DER', '-nosmimecap', '-md', 'sha256', ...(cades ? ['-cades'] : []), '-signer', signer.cert, '-inkey', signer.key, '-in', manifestFile, '-out', out]);
  return fs.readFileSync(out);
}

function verifyWithOpenssl(folder: string, signature: string, manifest: string, cades = false): void {
  execFileSync(
    'openssl',
    ['cms', '-verify', '-binary', '-inform', 'DER', ...(cades ? ['-cades'] : []), '-in', path.join(folder, signature), '-content', path.join(folder, manifest), '-CAfile', ca.cert, '-out', '/dev/null'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

/** The structural checks of another tool: mimetype first, stored, at offset 0, no extra field; the archive tests clean. */
function checkWithZipTools(container: string): string[] {
  const names = execFileSync('zipinfo', ['-1', container]).toString('utf8').trim().split('\n');
  expect(names[0]).toBe('mimetype');
  const verbose = execFileSync('zipinfo', ['-v', container]).toString('utf8');
  const first = verbose.split(/Central directory entry #\d+:/)[1]!;
  expect(first).toMatch(/^\s*-+\s*\n\s*mimetype\s*\n/);
  expect(first).toMatch(/offset of local header from start of archive:\s+0\b/);
  expect(first).toMatch(/compression method:\s+none \(stored\)/);
  expect(first).toMatch(/length of extra field:\s+0 bytes/);
  expect(first).not.toMatch(/The central-directory extra field contains/);
  const head = Buffer.alloc(38 + 31);
  const fd = fs.openSync(container, 'r');
  fs.readSync(fd, head, 0, head.length, 0);
  fs.closeSync(fd);
  // IANA's magic numbers for application/vnd.etsi.asic-e+zip: 0:PK, 30:mimetype, 38:the media type.
  expect(head.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
  expect(head.readUInt16LE(28)).toBe(0);
  expect(head.subarray(30, 38).toString('latin1')).toBe('mimetype');
  expect(head.subarray(38).toString('latin1')).toBe('application/vnd.etsi.asic-e+zip');
  expect(execFileSync('unzip', ['-t', container]).toString('utf8')).toMatch(/No errors detected/);
  return names;
}

function unzipTo(container: string, folder: string): void {
  fs.mkdirSync(folder, { recursive: true });
  execFileSync('unzip', ['-q', container, '-d', folder]);
}

function sameFile(a: string, b: string): boolean {
  return spawnSync('cmp', ['-s', a, b]).status === 0;
}

/** Recomputes every digest a manifest lists from the unzipped files, with OpenSSL. */
function checkDigestsWithOpenssl(folder: string, manifestName: string): void {
  const manifest = parseAsicManifest(fs.readFileSync(path.join(folder, manifestName)));
  for (const reference of manifest.documents) {
    const algorithm = reference.digestAlgorithm === 'SHA-384' ? 'sha384' : 'sha256';
    expect(Buffer.from(fileDigest(path.join(folder, reference.name), algorithm)).toString('hex'), reference.name).toBe(Buffer.from(reference.digest).toString('hex'));
  }
}

/** A CSV of about `bytes` bytes that deflates like real registers (~6:1): 1 MiB of rows, each block numbered. */
async function writeBigCsv(file: string, bytes: number): Promise<void> {
  const rows: string[] = [];
  for (let row = 0; rows.join('').length < MiB; row += 1) {
    rows.push(`${row};Рахунок-фактура № ${row % 9973};ТОВ "Рога і копита";${(row * 7919) % 100003}.${row % 100};UAH;${(Math.imul(row, 2654435761) >>> 0).toString(16)}\n`);
  }
  const block = Buffer.from(rows.join(''), 'utf8');
  const stream = fs.createWriteStream(file);
  for (let written = 0, index = 0; written < bytes; index += 1) {
    const chunk = Buffer.concat([Buffer.from(`# block ${index}\n`), block]);
    written += chunk.length;
    if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => {
    stream.once('error', reject);
    stream.end(() => resolve());
  });
}

function streamDigest(file: string, algorithm: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const hash = createHash(algorithm);
    fs.createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(new Uint8Array(hash.digest())));
  });
}

describe.skipIf(missing)('ASiC-E containers checked by zipinfo, unzip and OpenSSL', () => {
  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'asice-container-'));
    ca = new OpensslCa(path.join(work, 'ca'));
    signer1 = { key: ca.newKey('signer1'), cert: '' };
    signer1.cert = ca.issue('signer1', signer1.key, { subject: '/CN=Олена Бухгалтер/O=ТОВ Тест' });
    signer2 = { key: ca.newKey('signer2', 'rsa'), cert: '' };
    signer2.cert = ca.issue('signer2', signer2.key, { subject: '/CN=Second Signer/O=Partner GmbH' });
    driver = await bundleAsiceDriver();
  }, 120_000);

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
    if (driver) fs.rmSync(path.dirname(driver), { recursive: true, force: true });
  });

  it('one document: written, read back, verified by OpenSSL, digests recomputed', async () => {
    const dir = path.join(work, 'one');
    fs.mkdirSync(dir);
    const document = path.join(dir, 'source.pdf');
    fs.writeFileSync(document, Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(100_000)]));
    const name = 'Акт звірки №5 за травень.pdf';
    const manifestXml = buildAsicManifest({
      signatureName: 'META-INF/signature001.p7s',
      documents: [{ name, mimeType: 'application/pdf', digestAlgorithm: 'SHA-256', digest: await streamDigest(document, 'sha256') }],
    });
    const manifestFile = path.join(dir, 'ASiCManifest001.xml');
    fs.writeFileSync(manifestFile, manifestXml);
    const der = signManifest(manifestFile, signer1);

    const output = path.join(dir, 'act.asice');
    const written = await writeAsicContainer(`${output}.tmp`, {
      documents: [{ name, path: document }],
      manifests: [{ name: 'META-INF/ASiCManifest001.xml', xml: manifestXml }],
      signatures: [{ name: 'META-INF/signature001.p7s', der }],
    });
    expect(written.entries).toEqual(['mimetype', name, 'META-INF/ASiCManifest001.xml', 'META-INF/signature001.p7s']);
    fs.renameSync(written.path, output);
    expect(fs.statSync(output).size).toBe(written.size);

    expect(checkWithZipTools(output)).toEqual(written.entries);
    const unzipped = path.join(dir, 'unzipped');
    unzipTo(output, unzipped);
    verifyWithOpenssl(unzipped, 'META-INF/signature001.p7s', 'META-INF/ASiCManifest001.xml');
    checkDigestsWithOpenssl(unzipped, 'META-INF/ASiCManifest001.xml');
    expect(sameFile(path.join(unzipped, name), document)).toBe(true);
    expect(Buffer.from(fs.readFileSync(path.join(unzipped, 'META-INF/ASiCManifest001.xml'))).equals(Buffer.from(manifestXml))).toBe(true);

    const container = await openAsicContainer(output);
    try {
      expect(container.mimetype).toBe('ok');
      expect(container.warnings).toEqual([]);
      expect(container.documents.map((entry) => entry.name)).toEqual([name]);
      // Random bytes do not deflate: the document is stored.
      expect(container.documents[0]!.compression).toBe('stored');
      expect(container.manifests).toHaveLength(1);
      expect(container.manifests[0]!.signature?.name).toBe('META-INF/signature001.p7s');
      expect(Buffer.from(container.signatures[0]!.der).equals(der)).toBe(true);
      expect(container.signatures[0]!.manifestNames).toEqual(['META-INF/ASiCManifest001.xml']);
      const check = await checkManifestDigests(container, container.manifests[0]!.manifest);
      expect(check.allMatch).toBe(true);
      expect(check.references.map((reference) => [reference.name, reference.present, reference.digestMatches])).toEqual([[name, true, true]]);
      expect(check.uncoveredDocuments).toEqual([]);
    } finally {
      container.close();
    }
  });

  it('three documents, one of 300 MB, in a separate process whose memory stays bounded; then a second signer', async () => {
    const dir = path.join(work, 'three');
    fs.mkdirSync(dir);
    const sources = {
      xml: path.join(dir, 'invoice.xml'),
      scan: path.join(dir, 'scan.jpg'),
      big: path.join(dir, 'big.csv'),
    };
    fs.writeFileSync(sources.xml, `<?xml version="1.0" encoding="UTF-8"?>\n<Рахунок>${'<Рядок сума="100.00">Послуги</Рядок>\n'.repeat(50_000)}</Рахунок>\n`);
    fs.writeFileSync(sources.scan, randomBytes(MiB));
    await writeBigCsv(sources.big, 300 * 1000 * 1000);
    const names = { xml: 'рахунок 17.xml', scan: 'скан (копія).jpg', big: 'дані/реєстр операцій.csv' };
    const documents: AsicManifestDocumentInput[] = [
      { name: names.xml, mimeType: 'application/xml', digestAlgorithm: 'SHA-256', digest: await streamDigest(sources.xml, 'sha256') },
      { name: names.scan, mimeType: 'image/jpeg', digestAlgorithm: 'SHA-256', digest: await streamDigest(sources.scan, 'sha256') },
      { name: names.big, mimeType: 'text/csv', digestAlgorithm: 'SHA-256', digest: await streamDigest(sources.big, 'sha256') },
    ];
    const manifest1 = path.join(dir, 'ASiCManifest001.xml');
    fs.writeFileSync(manifest1, buildAsicManifest({ signatureName: 'META-INF/signature001.p7s', documents }));
    const signature1 = path.join(dir, 'signature001.p7s');
    fs.writeFileSync(signature1, signManifest(manifest1, signer1));

    const first = path.join(dir, 'packet.asice');
    const writeSpec = path.join(dir, 'write.json');
    fs.writeFileSync(
      writeSpec,
      JSON.stringify({
        output: first,
        documents: [
          { name: names.xml, path: sources.xml },
          { name: names.scan, path: sources.scan },
          { name: names.big, path: sources.big },
        ],
        manifests: [{ name: 'META-INF/ASiCManifest001.xml', path: manifest1 }],
        signatures: [{ name: 'META-INF/signature001.p7s', path: signature1 }],
      }),
    );
    const wrote = await runAsiceDriver<{ entries: string[] }>(driver, 'write', writeSpec);
    expect(wrote.error).toBeUndefined();
    console.log(`write 3 documents (300 MB): peak RSS ${(wrote.peakRss / MiB).toFixed(1)} MiB sampled, ${(wrote.maxRss / MiB).toFixed(1)} MiB maxRSS`);
    expect(wrote.maxRss).toBeLessThan(RSS_CEILING);

    expect(checkWithZipTools(first)).toEqual(['mimetype', names.xml, names.scan, names.big, 'META-INF/ASiCManifest001.xml', 'META-INF/signature001.p7s']);
    const unzipped1 = path.join(dir, 'unzipped1');
    unzipTo(first, unzipped1);
    verifyWithOpenssl(unzipped1, 'META-INF/signature001.p7s', 'META-INF/ASiCManifest001.xml');
    checkDigestsWithOpenssl(unzipped1, 'META-INF/ASiCManifest001.xml');
    for (const key of ['xml', 'scan', 'big'] as const) expect(sameFile(path.join(unzipped1, names[key]), sources[key]), names[key]).toBe(true);

    const inspectSpec = path.join(dir, 'inspect.json');
    const extracted = path.join(dir, 'extracted');
    fs.mkdirSync(extracted);
    fs.writeFileSync(inspectSpec, JSON.stringify({ container: first, extractTo: extracted }));
    const inspected = await runAsiceDriver<{
      mimetype: string;
      entries: { name: string; compression: string }[];
      manifests: { statuses: [string, string][]; uncovered: string[] }[];
      extracted: string[];
    }>(driver, 'inspect', inspectSpec);
    expect(inspected.error).toBeUndefined();
    console.log(`read, digest, check and extract: peak RSS ${(inspected.peakRss / MiB).toFixed(1)} MiB sampled, ${(inspected.maxRss / MiB).toFixed(1)} MiB maxRSS`);
    expect(inspected.maxRss).toBeLessThan(RSS_CEILING);
    expect(inspected.result!.mimetype).toBe('ok');
    // Text deflates, the random "scan" is stored.
    expect(Object.fromEntries(inspected.result!.entries.map((entry) => [entry.name, entry.compression]))).toMatchObject({
      mimetype: 'stored',
      [names.xml]: 'deflated',
      [names.scan]: 'stored',
      [names.big]: 'deflated',
    });
    expect(inspected.result!.manifests[0]!.statuses).toEqual([
      [names.xml, 'match'],
      [names.scan, 'match'],
      [names.big, 'match'],
    ]);
    expect(inspected.result!.extracted).toEqual([names.xml, names.scan, names.big]);
    for (const key of ['xml', 'scan', 'big'] as const) expect(sameFile(path.join(extracted, names[key]), sources[key]), names[key]).toBe(true);

    // A second signer: a new manifest (SHA-384 this time) over the documents as the container holds them.
    const opened = await openAsicContainer(first);
    let pair: ReturnType<typeof nextSignaturePairNames>;
    const documents2: AsicManifestDocumentInput[] = [];
    try {
      pair = nextSignaturePairNames(opened.entries.map((entry) => entry.name));
      for (const document of opened.documents) {
        documents2.push({ name: document.name, digestAlgorithm: 'SHA-384', digest: await digestEntry(opened, document.name, 'sha384') });
      }
    } finally {
      opened.close();
    }
    expect(pair).toMatchObject({ manifestName: 'META-INF/ASiCManifest002.xml', signatureName: 'META-INF/signature002.p7s' });
    const manifest2 = path.join(dir, 'ASiCManifest002.xml');
    fs.writeFileSync(manifest2, buildAsicManifest({ signatureName: pair.signatureName, documents: documents2 }));
    const signature2 = path.join(dir, 'signature002.p7s');
    fs.writeFileSync(signature2, signManifest(manifest2, signer2, true));

    const second = path.join(dir, 'packet-2.asice');
    const cosignSpec = path.join(dir, 'cosign.json');
    fs.writeFileSync(
      cosignSpec,
      JSON.stringify({
        output: second,
        documents: [],
        manifests: [{ name: pair.manifestName, path: manifest2 }],
        signatures: [{ name: pair.signatureName, path: signature2 }],
        carry: first,
      }),
    );
    const cosigned = await runAsiceDriver(driver, 'write', cosignSpec);
    expect(cosigned.error).toBeUndefined();
    console.log(`add a signer (carry 300 MB): peak RSS ${(cosigned.peakRss / MiB).toFixed(1)} MiB sampled, ${(cosigned.maxRss / MiB).toFixed(1)} MiB maxRSS`);
    expect(cosigned.maxRss).toBeLessThan(RSS_CEILING);

    expect(checkWithZipTools(second)).toEqual([
      'mimetype',
      names.xml,
      names.scan,
      names.big,
      'META-INF/ASiCManifest001.xml',
      'META-INF/signature001.p7s',
      'META-INF/ASiCManifest002.xml',
      'META-INF/signature002.p7s',
    ]);
    const unzipped2 = path.join(dir, 'unzipped2');
    unzipTo(second, unzipped2);
    verifyWithOpenssl(unzipped2, 'META-INF/signature001.p7s', 'META-INF/ASiCManifest001.xml');
    verifyWithOpenssl(unzipped2, 'META-INF/signature002.p7s', 'META-INF/ASiCManifest002.xml', true);
    checkDigestsWithOpenssl(unzipped2, 'META-INF/ASiCManifest001.xml');
    checkDigestsWithOpenssl(unzipped2, 'META-INF/ASiCManifest002.xml');
    for (const entry of ['META-INF/ASiCManifest001.xml', 'META-INF/signature001.p7s']) expect(sameFile(path.join(unzipped1, entry), path.join(unzipped2, entry)), entry).toBe(true);
    for (const key of ['xml', 'scan', 'big'] as const) expect(sameFile(path.join(unzipped2, names[key]), sources[key]), names[key]).toBe(true);
    // The first signer's signature does not verify against the second manifest: the pairs are distinct.
    expect(() => verifyWithOpenssl(unzipped2, 'META-INF/signature001.p7s', 'META-INF/ASiCManifest002.xml')).toThrow();

    const both = await openAsicContainer(second);
    try {
      expect(both.manifests.map((entry) => [entry.name, entry.signature?.name])).toEqual([
        ['META-INF/ASiCManifest001.xml', 'META-INF/signature001.p7s'],
        ['META-INF/ASiCManifest002.xml', 'META-INF/signature002.p7s'],
      ]);
      for (const entry of both.manifests) expect((await checkManifestDigests(both, entry.manifest)).allMatch).toBe(true);
      expect(nextSignaturePairNames(both.entries.map((entry) => entry.name)).number).toBe(3);
    } finally {
      both.close();
    }
  }, 600_000);

  it('digest checks report a changed, a missing and an unlisted document even though the signature over the manifest verifies', async () => {
    const dir = path.join(work, 'tampered');
    fs.mkdirSync(dir);
    const a = Buffer.from('original A');
    const b = Buffer.from('original B');
    const manifestXml = Buffer.from(
      buildAsicManifest({
        signatureName: 'META-INF/signature001.p7s',
        documents: [
          { name: 'a.txt', digestAlgorithm: 'SHA-256', digest: new Uint8Array(createHash('sha256').update(a).digest()) },
          { name: 'b.txt', digestAlgorithm: 'SHA-256', digest: new Uint8Array(createHash('sha256').update(b).digest()) },
        ],
      }),
    );
    const manifestFile = path.join(dir, 'ASiCManifest001.xml');
    fs.writeFileSync(manifestFile, manifestXml);
    const der = signManifest(manifestFile, signer1);
    const file = path.join(dir, 'tampered.asice');
    fs.writeFileSync(
      file,
      rawZip([
        MIMETYPE_ENTRY,
        { name: 'a.txt', data: Buffer.from('changed A'), method: 8 },
        { name: 'extra.txt', data: Buffer.from('slipped in') },
        { name: 'META-INF/ASiCManifest001.xml', data: manifestXml, method: 8 },
        { name: 'META-INF/signature001.p7s', data: der },
      ]),
    );
    const unzipped = path.join(dir, 'unzipped');
    unzipTo(file, unzipped);
    verifyWithOpenssl(unzipped, 'META-INF/signature001.p7s', 'META-INF/ASiCManifest001.xml');

    const container = await openAsicContainer(file);
    try {
      const check = await checkManifestDigests(container, container.manifests[0]!.manifest);
      expect(check.allMatch).toBe(false);
      expect(check.references.map((reference) => [reference.name, reference.status, reference.present, reference.digestMatches])).toEqual([
        ['a.txt', 'mismatch', true, false],
        ['b.txt', 'missing', false, undefined],
      ]);
      expect(check.uncoveredDocuments).toEqual(['extra.txt']);
      expect(check.notInThisManifest).toEqual(['extra.txt']);
    } finally {
      container.close();
    }
  });

  it('the writer refuses inconsistent input and leaves no temp file behind', async () => {
    const dir = path.join(work, 'refusals');
    fs.mkdirSync(dir);
    const document = path.join(dir, 'doc.txt');
    fs.writeFileSync(document, 'as hashed');
    const digest = new Uint8Array(createHash('sha256').update('as hashed').digest());
    const manifestFor = (documents: AsicManifestDocumentInput[], signatureName = 'META-INF/signature001.p7s') => buildAsicManifest({ signatureName, documents });
    const good = manifestFor([{ name: 'doc.txt', digestAlgorithm: 'SHA-256', digest }]);
    const der = new Uint8Array(randomBytes(64));
    const temp = path.join(dir, 'out.asice.tmp');
    const outcome = async (spec: Parameters<typeof writeAsicContainer>[1]) => {
      const error = await writeAsicContainer(temp, spec).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(fs.existsSync(temp)).toBe(false);
      return isSigndeskError(error) ? error.code : String(error);
    };
    const base = { documents: [{ name: 'doc.txt', path: document }], manifests: [{ name: 'META-INF/ASiCManifest001.xml', xml: good }], signatures: [{ name: 'META-INF/signature001.p7s', der }] };

    fs.writeFileSync(document, 'changed after hashing');
    expect(await outcome(base)).toBe('ERR_INPUT_INVALID');
    fs.writeFileSync(document, 'as hashed');
    expect(await outcome({ ...base, manifests: [{ name: 'META-INF/ASiCManifest001.xml', xml: manifestFor([{ name: 'other.txt', digestAlgorithm: 'SHA-256', digest }]) }] })).toBe(
      'ERR_INPUT_INVALID',
    );
    expect(await outcome({ ...base, signatures: [...base.signatures, { name: 'META-INF/signature009.p7s', der }] })).toBe('ERR_INPUT_INVALID');
    expect(await outcome({ ...base, manifests: [{ name: 'META-INF/ASiCManifest001.xml', xml: manifestFor([{ name: 'doc.txt', digestAlgorithm: 'SHA-256', digest }], 'META-INF/signature002.p7s') }] })).toBe(
      'ERR_INPUT_INVALID',
    );
    expect(await outcome({ ...base, documents: [...base.documents, { name: 'DOC.TXT', path: document }] })).toBe('ERR_INPUT_INVALID');
    expect(await outcome({ ...base, documents: [{ name: '../doc.txt', path: document }] })).toBe('ERR_INPUT_INVALID');
    expect(await outcome({ ...base, documents: [{ name: 'doc.txt', path: path.join(dir, 'absent.txt') }] })).toBe('ERR_FILE_NOT_FOUND');
    expect(await outcome({ ...base, manifests: [{ name: 'META-INF/manifest.xml', xml: good }] })).toBe('ERR_INPUT_INVALID');

    fs.writeFileSync(temp, 'someone else’s file');
    const exists = await writeAsicContainer(temp, base).catch((failure: unknown) => failure);
    expect(isSigndeskError(exists, 'ERR_OUTPUT_EXISTS')).toBe(true);
    expect(fs.readFileSync(temp, 'utf8')).toBe('someone else’s file');
    fs.rmSync(temp);

    const empty = path.join(dir, 'empty.txt');
    fs.writeFileSync(empty, '');
    const emptyDigest = new Uint8Array(createHash('sha256').digest());
    const withEmpty = {
      documents: [...base.documents, { name: 'порожній.txt', path: empty }],
      manifests: [{ name: 'META-INF/ASiCManifest001.xml', xml: manifestFor([{ name: 'doc.txt', digestAlgorithm: 'SHA-256', digest }, { name: 'порожній.txt', digestAlgorithm: 'SHA-256', digest: emptyDigest }]) }],
      signatures: base.signatures,
    };
    const written = await writeAsicContainer(temp, withEmpty);
    const container = await openAsicContainer(written.path);
    try {
      expect(container.documents.map((entry) => [entry.name, entry.size])).toEqual([
        ['doc.txt', 9],
        ['порожній.txt', 0],
      ]);
      expect((await checkManifestDigests(container, container.manifests[0]!.manifest)).allMatch).toBe(true);
      const clash = await writeAsicContainer(path.join(dir, 'clash.tmp'), { ...base, carry: container }).catch((failure: unknown) => failure);
      expect(isSigndeskError(clash, 'ERR_INPUT_INVALID')).toBe(true);
      expect(fs.existsSync(path.join(dir, 'clash.tmp'))).toBe(false);
    } finally {
      container.close();
    }
  });
});
