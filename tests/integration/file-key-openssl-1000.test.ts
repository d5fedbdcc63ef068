import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBytes } from '../../main/core/cms';
import { openFileKey } from '../../main/core/keys';
import { missingTools } from '../helpers/require-tools';
import { createTestPki, type TestPki } from '../helpers/test-pki';

const missing = missingTools(['openssl']);
const SIGNATURES = 1000;

/**
 * The crypto core signs with file keys through node:crypto (no hand-written ECDSA): the same data signed 1,000 times
 * with an EC P-256 file key (PKCS#12 as OpenSSL writes it) gives 1,000 different signatures (ECDSA is randomised),
 * and OpenSSL accepts every one of them.
 */
describe.skipIf(missing)('1,000 signatures of one document by an EC file key, each checked by OpenSSL', () => {
  let pki: TestPki;

  beforeAll(() => {
    pki = createTestPki();
  });

  afterAll(() => pki?.cleanup());

  it('all verify with openssl cms -verify', async () => {
    const p12 = path.join(pki.dir, 'ec.p12');
    pki.openssl(['pkcs12', '-export', '-inkey', pki.ecLeaf.keyPath, '-in', pki.ecLeaf.certPath, '-certfile', pki.intermediate.certPath, '-passout', 'pass:thousand', '-out', p12]);
    const key = await openFileKey(p12, 'thousand');
    const document = new TextEncoder().encode('Рахунок-фактура № 1000 від 02.12.2026\n');
    const documentPath = pki.file('invoice.txt', document);
    const folder = path.join(pki.dir, 'thousand');
    fs.mkdirSync(folder);
    const values = new Set<string>();
    for (let index = 0; index < SIGNATURES; index++) {
      const signature = await signBytes(document, { key, signingTime: new Date(Date.UTC(2026, 11, 2, 10, 0, 0)) });
      values.add(Buffer.from(signature).toString('base64'));
      fs.writeFileSync(path.join(folder, `${String(index).padStart(4, '0')}.p7s`), signature);
    }
    await key.close();
    expect(values.size).toBe(SIGNATURES);
    // One shell runs the loop; a failing signature stops it with its name.
    const script = 'for s in "$DIR"/*.p7s; do openssl cms -verify -cades -binary -inform DER -in "$s" -content "$DOC" -CAfile "$CA" -certfile "$INT" -purpose any -out /dev/null 2>"$DIR/openssl.err" || { echo "$s"; cat "$DIR/openssl.err"; exit 1; }; echo ok; done';
    const env = { ...process.env, DIR: folder, DOC: documentPath, CA: pki.file('ca-bundle.pem', pki.root.certPem), INT: pki.intermediate.certPath };
    const run = spawnSync('sh', ['-c', script], { env, encoding: 'utf8', maxBuffer: 1 << 24 });
    expect(run.status, run.stdout.split('\n').slice(-4).join('\n')).toBe(0);
    const out = run.stdout;
    expect(out.trim().split('\n').filter((line) => line === 'ok')).toHaveLength(SIGNATURES);
  }, 300_000);
});
