import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAsicManifest } from '../../main/core/formats/asice/container';
import { runSigndesk } from '../helpers/run-cli';
import { missingTools } from '../helpers/require-tools';
import { createTestPki, type TestPki } from '../helpers/test-pki';
import { pkcs12For } from '../helpers/file-key';
import { MIMETYPE_ENTRY, rawZip } from '../helpers/asice-raw-zip';

const missing = missingTools(['openssl', 'unzip', 'zipinfo']);
const PASSWORD = 'asice-test-password';

interface SignJson {
  total: number;
  done: number;
  failed: number;
  files: Array<{ input: string; output: string; status: string; error: { code: string } | null }>;
}

interface VerifyJson {
  valid: boolean;
  indication: string;
  format: string;
  signers: Array<{ subject: string; indication: string; errors: string[] }>;
  container: {
    documents: Array<{ name: string; size: number }>;
    uncoveredDocuments: string[];
    missingDocuments: string[];
    perSigner: Array<{ signatureEntry: string; manifestEntry: string; documents: Array<{ name: string; status: string }> } | null>;
  };
}

describe.skipIf(missing)('signdesk sign --format asice: containers checked by unzip, zipinfo and openssl', () => {
  let pki: TestPki;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let keyRef: string;
  let secondKeyRef: string;
  const cli = (argv: string[]) => runSigndesk(argv, env);
  const trust = () => ['--trust', pki.root.certPath, '--no-revocation'];

  function document(name: string, bytes: Uint8Array | string): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return file;
  }

  /**
   * The independent check: `mimetype` first and stored (zipinfo), then unzip, and for each signature
   * `openssl cms -verify` over its manifest plus every listed digest recomputed with `openssl dgst`.
   */
  function checkWithTools(container: string, expected: Record<string, Buffer>): void {
    const names = execFileSync('zipinfo', ['-1', container], { encoding: 'utf8' }).trim().split('\n');
    expect(names[0]).toBe('mimetype');
    const listing = execFileSync('zipinfo', ['-v', container], { encoding: 'utf8' });
    const first = listing.split(/Central directory entry #\d+:/)[1]!;
    expect(first).toMatch(/compression method:\s+none \(stored\)/);
    expect(first).toMatch(/length of extra field:\s+0 bytes/);
    const out = fs.mkdtempSync(path.join(dir, 'unzipped-'));
    execFileSync('unzip', ['-q', container, '-d', out]);
    expect(fs.readFileSync(path.join(out, 'mimetype'), 'latin1')).toBe('application/vnd.etsi.asic-e+zip');
    for (const [name, bytes] of Object.entries(expected)) expect(fs.readFileSync(path.join(out, name)).equals(bytes), name).toBe(true);
    const manifests = names.filter((name) => /^META-INF\/ASiCManifest\d+\.xml$/.test(name));
    expect(manifests.length).toBeGreaterThan(0);
    for (const manifestName of manifests) {
      const manifestPath = path.join(out, manifestName);
      const manifest = parseAsicManifest(fs.readFileSync(manifestPath), { entryName: manifestName });
      const signature = path.join(out, manifest.signatureName);
      execFileSync('openssl', ['cms', '-verify', '-cades', '-binary', '-inform', 'DER', '-in', signature, '-content', manifestPath, '-CAfile', pki.root.certPath, '-purpose', 'any', '-out', '/dev/null'], { stdio: 'pipe' });
      for (const reference of manifest.documents) {
        const algorithm = reference.digestAlgorithm!.toLowerCase().replace('-', '');
        const digest = execFileSync('openssl', ['dgst', `-${algorithm}`, '-binary', path.join(out, reference.name)]);
        expect(digest.equals(Buffer.from(reference.digest)), reference.name).toBe(true);
      }
    }
    fs.rmSync(out, { recursive: true, force: true });
  }

  beforeAll(() => {
    pki = createTestPki();
    dir = path.join(pki.dir, 'asice');
    fs.mkdirSync(dir);
    env = { SIGNDESK_DATA_DIR: path.join(pki.dir, 'data'), SIGNDESK_PW: PASSWORD };
    keyRef = `file:${pkcs12For(pki, pki.uaLeaf, PASSWORD)}`;
    secondKeyRef = `file:${pkcs12For(pki, pki.ecLeaf, PASSWORD)}`;
  });

  afterAll(() => pki?.cleanup());

  it('one container per document, named after the document; OpenSSL verifies the signature over the manifest', async () => {
    const act = document('act.pdf', crypto.randomBytes(200_000));
    const invoice = document('invoice.xml', `<invoice>${'<line amount="1"/>'.repeat(5000)}</invoice>`);
    const run = await cli(['sign', '--format', 'asice', '--key', keyRef, '--pass-env', 'SIGNDESK_PW', '--json', act, invoice]);
    expect(run.code, run.stderr).toBe(0);
    const report = run.json<SignJson>();
    expect(report.files.map((file) => path.basename(file.output))).toEqual(['act.pdf.asice', 'invoice.xml.asice']);
    checkWithTools(`${act}.asice`, { 'act.pdf': fs.readFileSync(act) });
    checkWithTools(`${invoice}.asice`, { 'invoice.xml': fs.readFileSync(invoice) });
    const verified = await cli(['verify', `${act}.asice`, ...trust(), '--json']);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.json<VerifyJson>()).toMatchObject({
      valid: true,
      format: 'asice',
      container: { documents: [{ name: 'act.pdf', size: 200_000 }], uncoveredDocuments: [], missingDocuments: [], perSigner: [{ signatureEntry: 'META-INF/signature001.p7s', manifestEntry: 'META-INF/ASiCManifest001.xml', documents: [{ name: 'act.pdf', status: 'match' }] }] },
    });
    expect(fs.readdirSync(dir).filter((name) => name.endsWith('.signdesk-tmp'))).toEqual([]);
  });

  it('--packet: the documents chosen together go into one container under one manifest; a second signer adds a pair', async () => {
    const files = [document('packet-a.pdf', crypto.randomBytes(50_000)), document('packet-b.txt', 'Акт приймання-передачі\n'), document('packet-c.csv', 'a;b\n1;2\n')];
    const run = await cli(['sign', '--format', 'asice', '--packet', 'Packet 12.asice', '--key', keyRef, '--pass-env', 'SIGNDESK_PW', '--json', ...files]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json<SignJson>()).toMatchObject({ total: 1, done: 1, files: [{ output: path.join(dir, 'Packet 12.asice') }] });
    const container = path.join(dir, 'Packet 12.asice');
    const expected = Object.fromEntries(files.map((file) => [path.basename(file), fs.readFileSync(file)]));
    checkWithTools(container, expected);

    const cosigned = await cli(['cosign', '--key', secondKeyRef, '--pass-env', 'SIGNDESK_PW', container, '--json']);
    expect(cosigned.code, cosigned.stderr).toBe(0);
    expect(cosigned.json<{ signers: number }>().signers).toBe(2);
    const names = execFileSync('zipinfo', ['-1', container], { encoding: 'utf8' }).trim().split('\n');
    expect(names).toEqual(expect.arrayContaining(['META-INF/ASiCManifest001.xml', 'META-INF/signature001.p7s', 'META-INF/ASiCManifest002.xml', 'META-INF/signature002.p7s']));
    checkWithTools(container, expected);
    const verified = (await cli(['verify', container, ...trust(), '--json'])).json<VerifyJson>();
    expect(verified.valid).toBe(true);
    expect(verified.signers).toHaveLength(2);
    expect(verified.container.perSigner.map((signer) => signer!.documents.map((entry) => entry.name).sort())).toEqual([Object.keys(expected).sort(), Object.keys(expected).sort()]);
  });

  it('verify --extract writes the documents into a folder; a changed document fails its signer; an unsigned one is reported', async () => {
    const original = document('extract-me.docx', crypto.randomBytes(30_000));
    expect((await cli(['sign', '--format', 'asice', '--key', keyRef, '--pass-env', 'SIGNDESK_PW', original])).code).toBe(0);
    const container = `${original}.asice`;
    const target = path.join(dir, 'extracted');
    const extracted = await cli(['verify', container, ...trust(), '--extract', target]);
    expect(extracted.code, extracted.stderr).toBe(0);
    expect(extracted.stdout).toMatch(/Extracted: .*extract-me\.docx/);
    expect(fs.readFileSync(path.join(target, 'extract-me.docx')).equals(fs.readFileSync(original))).toBe(true);
    const again = await cli(['verify', container, ...trust(), '--extract', target]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/ERR_OUTPUT_EXISTS/);

    // The same container with the document's bytes changed, and with a document nobody signed.
    const out = fs.mkdtempSync(path.join(dir, 'repack-'));
    execFileSync('unzip', ['-q', container, '-d', out]);
    const entry = (name: string) => ({ name, data: fs.readFileSync(path.join(out, name)) });
    const meta = [entry('META-INF/ASiCManifest001.xml'), entry('META-INF/signature001.p7s')];
    const tampered = path.join(dir, 'tampered.asice');
    fs.writeFileSync(tampered, rawZip([MIMETYPE_ENTRY, { name: 'extract-me.docx', data: crypto.randomBytes(30_000) }, ...meta]));
    const failed = await cli(['verify', tampered, ...trust(), '--json']);
    expect(failed.code).toBe(1);
    expect(failed.json<VerifyJson>()).toMatchObject({ valid: false, indication: 'TOTAL-FAILED', container: { perSigner: [{ documents: [{ name: 'extract-me.docx', status: 'mismatch' }] }] } });
    const extra = path.join(dir, 'extra.asice');
    fs.writeFileSync(extra, rawZip([MIMETYPE_ENTRY, entry('extract-me.docx'), { name: 'unsigned.txt', data: Buffer.from('added later') }, ...meta]));
    const uncovered = await cli(['verify', extra, ...trust(), '--json']);
    expect(uncovered.code).toBe(1);
    expect(uncovered.json<VerifyJson>()).toMatchObject({ valid: false, indication: 'INDETERMINATE', signers: [{ indication: 'TOTAL-PASSED' }], container: { uncoveredDocuments: ['unsigned.txt'] } });
    const human = await cli(['verify', extra, ...trust()]);
    expect(human.stdout).toMatch(/Not signed by anyone: unsigned\.txt/);
  });

  it('hostile containers (traversal names, a decompression bomb) are coded errors and nothing is written outside the target', async () => {
    const target = path.join(dir, 'hostile-target');
    fs.mkdirSync(target);
    const traversal = path.join(dir, 'traversal.asice');
    fs.writeFileSync(traversal, rawZip([MIMETYPE_ENTRY, { name: '../x', data: Buffer.from('escape') }, { name: 'META-INF/ASiCManifest001.xml', data: Buffer.from('<x/>') }]));
    const bomb = path.join(dir, 'bomb.asice');
    fs.writeFileSync(bomb, rawZip([MIMETYPE_ENTRY, { name: 'zeros.pdf', data: Buffer.alloc(64 << 20), method: 8 }]));
    const before = fs.readdirSync(dir).sort();
    for (const container of [traversal, bomb]) {
      const run = await cli(['verify', container, ...trust(), '--extract', target]);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/ERR_CONTAINER_UNSAFE/);
    }
    expect(fs.readdirSync(target)).toEqual([]);
    expect(fs.readdirSync(dir).sort()).toEqual([...before].sort());
    expect(fs.existsSync(path.join(dir, 'x'))).toBe(false);
    expect(fs.existsSync(path.join(pki.dir, 'x'))).toBe(false);
  });

  it('refuses a packet for another format, a packet name with a folder, and documents whose names collide', async () => {
    const a = document('same.txt', 'one');
    fs.mkdirSync(path.join(dir, 'sub'));
    const b = path.join(dir, 'sub', 'same.txt');
    fs.writeFileSync(b, 'two');
    const wrongFormat = await cli(['sign', '--format', 'cades', '--packet', 'x.asice', '--key', keyRef, '--pass-env', 'SIGNDESK_PW', a]);
    expect(wrongFormat.code).toBe(2);
    const withFolder = await cli(['sign', '--format', 'asice', '--packet', '../x.asice', '--key', keyRef, '--pass-env', 'SIGNDESK_PW', a]);
    expect(withFolder.code).toBe(2);
    const clash = await cli(['sign', '--format', 'asice', '--packet', 'clash.asice', '--key', keyRef, '--pass-env', 'SIGNDESK_PW', '--json', a, b]);
    expect(clash.code).toBe(1);
    expect(clash.json<SignJson>().files[0]).toMatchObject({ status: 'failed', error: { code: 'ERR_INPUT_INVALID' } });
    expect(fs.existsSync(path.join(dir, 'clash.asice'))).toBe(false);
  });
});
