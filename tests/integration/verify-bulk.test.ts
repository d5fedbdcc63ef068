import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signFile } from '../../main/core/cms';
import { softwareKey } from '../helpers/software-key';
import { pairSignatureFiles, verifyMany, type BulkConfig } from '../../main/core/verify';
import { bundleWorker } from '../helpers/bundle-worker';
import { missingTools } from '../helpers/require-tools';
import { runSigndesk } from '../helpers/run-cli';
import { createTestPki, type TestPki } from '../helpers/test-pki';

const missing = missingTools(['openssl']);

describe.skipIf(missing)('bulk verification: a packet of signed documents', () => {
  let pki: TestPki;
  let packet: string;
  let dataDir: string;
  const expected = new Map<string, string | null>();

  beforeAll(async () => {
    pki = createTestPki();
    packet = path.join(pki.dir, 'packet');
    fs.mkdirSync(path.join(packet, 'sub'), { recursive: true });
    dataDir = path.join(pki.dir, 'data');
    const key = softwareKey('file:ec', pki.ecLeaf.keyPem, pki.ecLeaf.certDer, [pki.intermediate.certDer]);
    const revoked = softwareKey('file:revoked', pki.revokedLeaf.keyPem, pki.revokedLeaf.certDer, [pki.intermediate.certDer]);
    for (let index = 0; index < 40; index++) {
      const document = path.join(packet, index % 2 ? 'sub' : '', `act-${index}.pdf`);
      fs.writeFileSync(document, crypto.randomBytes(4096));
      await signFile({ path: document, key, outPath: `${document}.p7s` });
      expected.set(`${document}.p7s`, 'TOTAL-PASSED');
    }
    const tampered = path.join(packet, 'tampered.pdf');
    fs.writeFileSync(tampered, 'original');
    await signFile({ path: tampered, key, outPath: `${tampered}.p7s` });
    fs.writeFileSync(tampered, 'changed');
    expected.set(`${tampered}.p7s`, 'TOTAL-FAILED');
    const byRevoked = path.join(packet, 'revoked.pdf');
    fs.writeFileSync(byRevoked, 'signed by a revoked key');
    await signFile({ path: byRevoked, key: revoked, outPath: `${byRevoked}.p7s` });
    expected.set(`${byRevoked}.p7s`, 'TOTAL-FAILED');
    const attachedSource = path.join(pki.dir, 'attached-source.txt');
    fs.writeFileSync(attachedSource, 'attached content');
    await signFile({ path: attachedSource, key, attached: true, outPath: path.join(packet, 'letter.p7m') });
    expected.set(path.join(packet, 'letter.p7m'), 'TOTAL-PASSED');
    const orphan = path.join(pki.dir, 'orphan.pdf');
    fs.writeFileSync(orphan, 'its document is not in the packet');
    await signFile({ path: orphan, key, outPath: path.join(packet, 'orphan.pdf.p7s') });
    expected.set(path.join(packet, 'orphan.pdf.p7s'), null);
    fs.writeFileSync(path.join(packet, 'garbage.p7s'), crypto.randomBytes(300));
    expected.set(path.join(packet, 'garbage.p7s'), null);
    fs.writeFileSync(path.join(packet, 'unsigned.xlsx'), 'no signature');
  });
  afterAll(() => pki?.cleanup());

  const common = () => ['--data-dir', dataDir, '--trust', pki.root.certPath, '--crl', pki.intermediateCrlPath, '--crl', pki.rootCrlPath];

  it('pairs X.p7s with X, verifies a folder, prints per-file verdicts and a summary; exit 1 when any is not valid', async () => {
    const { items, unsigned } = await pairSignatureFiles([packet]);
    expect(items).toHaveLength(expected.size);
    expect(unsigned).toEqual([path.join(packet, 'unsigned.xlsx')]);
    expect(items.find((item) => item.signaturePath.endsWith('act-3.pdf.p7s'))?.contentPath).toBe(path.join(packet, 'sub', 'act-3.pdf'));
    expect(items.find((item) => item.signaturePath.endsWith('letter.p7m'))?.contentPath).toBeNull();

    const run = await runSigndesk(['verify', packet, ...common(), '--json']);
    expect(run.code).toBe(1);
    const json = run.json<{ summary: Record<string, number>; files: Array<{ signature: string; indication: string | null; errors: string[]; error: { code: string } | null }> }>();
    expect(json.summary).toEqual({ total: expected.size, passed: 41, failed: 2, indeterminate: 0, errors: 2 });
    for (const file of json.files) expect(file.indication, file.signature).toBe(expected.get(file.signature));
    expect(json.files.find((file) => file.signature.endsWith('orphan.pdf.p7s'))?.error?.code).toBe('ERR_CONTENT_MISSING');
    expect(json.files.find((file) => file.signature.endsWith('garbage.p7s'))?.error?.code).toBe('ERR_SIGNATURE_MALFORMED');
    expect(json.files.find((file) => file.signature.endsWith('revoked.pdf.p7s'))?.errors).toContain('ERR_CERT_REVOKED');

    const human = await runSigndesk(['verify', packet, ...common()]);
    expect(human.stdout).toMatch(/TOTAL-FAILED\s+\S*tampered\.pdf\.p7s/);
    expect(human.stdout).toContain(`${expected.size} files: 41 valid, 2 not valid, 0 indeterminate, 2 could not be verified`);
  });

  it('--csv and --from LIST; every file valid → exit 0', async () => {
    const good = [...expected].filter(([, indication]) => indication === 'TOTAL-PASSED').map(([file]) => file);
    const list = path.join(pki.dir, 'list.txt');
    fs.writeFileSync(list, ['# incoming packet', ...good, ''].join('\n'));
    const csv = await runSigndesk(['verify', '--from', list, ...common(), '--csv']);
    expect(csv.code).toBe(0);
    const rows = csv.stdout.trim().split('\r\n');
    expect(rows[0]).toBe('signature,document,indication,signers,levels,signing_times,errors');
    expect(rows).toHaveLength(good.length + 1);
    expect(rows.slice(1).every((row) => row.includes(',TOTAL-PASSED,"CN=EC Leaf,O=Signdesk Test,C=UA",B-B,'))).toBe(true);
  });

  it('worker threads give the same verdicts as one thread', async () => {
    const workerPath = await bundleWorker('main/core/verify/bulk-worker.ts', 'verify-worker');
    const { items } = await pairSignatureFiles([packet]);
    const config: BulkConfig = {
      trustAnchors: [pki.root.certDer],
      intermediates: [],
      crls: [fs.readFileSync(pki.intermediateCrlPath), fs.readFileSync(pki.rootCrlPath)].map((bytes) => new Uint8Array(bytes)),
      noRevocation: false,
      fullReports: false,
    };
    let progress = 0;
    const threaded = await verifyMany(items, config, { jobs: 2, workerPath, onResult: () => progress++ });
    const inline = await verifyMany(items, config, { jobs: 0 });
    expect(progress).toBe(items.length);
    expect(threaded.map((result) => [result.signaturePath, result.indication, result.errors])).toEqual(inline.map((result) => [result.signaturePath, result.indication, result.errors]));
    expect(threaded.map((result) => result.indication)).toEqual(items.map((item) => expected.get(item.signaturePath)));
    // A worker entry that cannot run (a packaging mistake): every file is still verified, on this thread.
    const broken = path.join(pki.dir, 'broken-worker.mjs');
    fs.writeFileSync(broken, 'throw new Error("no such worker");\n');
    const fallback = await verifyMany(items, config, { jobs: 2, workerPath: broken });
    expect(fallback.map((result) => result.indication)).toEqual(inline.map((result) => result.indication));
  });
});
