import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrustHandlers, createVerifyHandlers } from '../../main/core/verify/index';
import { TrustStore, fingerprintOf } from '../../main/core/pki/trust-store';
import { certificatesFromBytes } from '../../main/core/pki/certificate-input';
import { OpensslCa } from '../helpers/openssl-ca';
import { codeOf } from '../helpers/outcome';
import { missingTools } from '../helpers/require-tools';

const missing = missingTools(['openssl']);

describe.skipIf(missing)('trust store (Settings → Trusted certificates) and Verify over it', () => {
  let dir: string;
  let dataDir: string;
  let ca: OpensslCa;
  let other: OpensslCa;
  let doc: string;
  let sig: string;
  const der = (file: string) => certificatesFromBytes(new Uint8Array(fs.readFileSync(file)))[0]!;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-trust-store-'));
    dataDir = path.join(dir, 'data');
    ca = new OpensslCa(path.join(dir, 'ca'), 'Trust Store CA');
    other = new OpensslCa(path.join(dir, 'other'), 'Other CA');
    const key = ca.newKey('signer');
    const cert = ca.issue('signer', key, { subject: '/CN=Olena Bukhhalter/O=Signdesk Tests' });
    doc = path.join(dir, 'act.txt');
    fs.writeFileSync(doc, 'act of work\n');
    sig = `${doc}.p7s`;
    // The signature carries its chain: the signer's certificate and the CA's.
    ca.openssl(['cms', '-sign', '-cades', '-binary', '-md', 'sha256', '-in', doc, '-signer', cert, '-inkey', key, '-certfile', ca.cert, '-outform', 'DER', '-out', sig]);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('adds a certificate once, lists subject / fingerprint / validity, removes it', async () => {
    const store = new TrustStore(dataDir);
    expect(await store.list()).toEqual([]);
    const first = await store.add(new Uint8Array(fs.readFileSync(ca.cert)));
    expect(first.added).toHaveLength(1);
    expect(first.added[0]).toMatchObject({ owner: 'Trust Store CA', isCa: true, selfSigned: true, fingerprint: fingerprintOf(der(ca.cert)) });
    // The same certificate again, now as DER: recognised, not duplicated.
    const again = await store.add(der(ca.cert));
    expect(again).toMatchObject({ added: [], already: [{ fingerprint: first.added[0]!.fingerprint }] });
    const listed = await store.list();
    expect(listed).toHaveLength(1);
    expect(new Date(listed[0]!.notAfter).getTime()).toBeGreaterThan(Date.now());
    expect(await store.remove(first.added[0]!.fingerprint)).toBe(true);
    expect(await store.remove(first.added[0]!.fingerprint)).toBe(false);
    expect(await store.list()).toEqual([]);
  });

  it('removes one certificate from a bundle file an administrator put in the folder, keeping the rest', async () => {
    const store = new TrustStore(dataDir);
    fs.mkdirSync(store.dir, { recursive: true });
    fs.writeFileSync(path.join(store.dir, 'bundle.pem'), fs.readFileSync(ca.cert, 'latin1') + fs.readFileSync(other.cert, 'latin1'));
    expect((await store.list()).map((item) => item.owner).sort()).toEqual(['Other CA', 'Trust Store CA']);
    await store.remove(fingerprintOf(der(other.cert)));
    expect((await store.list()).map((item) => item.owner)).toEqual(['Trust Store CA']);
    await store.remove(fingerprintOf(der(ca.cert)));
    expect(fs.existsSync(path.join(store.dir, 'bundle.pem'))).toBe(false);
  });

  it('refuses what is not a certificate with a coded error', async () => {
    const handlers = createTrustHandlers(new TrustStore(dataDir));
    expect(await codeOf(() => handlers['trust:add']({ content: 'not base64!' }))).toBe('ERR_INPUT_INVALID');
    expect(await codeOf(() => handlers['trust:add']({ content: Buffer.from('hello').toString('base64') }))).toBe('ERR_CERT_MALFORMED');
    expect(await codeOf(() => handlers['trust:add']({ path: path.join(dir, 'missing.pem') }))).toBe('ERR_FILE_NOT_FOUND');
    expect(await codeOf(() => handlers['trust:addFromSignature']({ signaturePath: sig, fingerprint: fingerprintOf(der(other.cert)) }))).toBe('ERR_NOT_FOUND');
  });

  it('a signature is indeterminate until its issuer is trusted from its chain, and again after removal', async () => {
    const trust = createTrustHandlers(new TrustStore(dataDir));
    const verify = createVerifyHandlers({ dataDir, checkRevocation: () => Promise.reject(new Error('not asked')) })['verify:signature'];
    const before = await verify({ signaturePath: sig, contentPath: doc, noRevocation: true });
    expect(before.indication).toBe('INDETERMINATE');
    expect(before.signers[0]!.errors.map((error) => error.code)).toContain('ERR_CERT_UNTRUSTED');

    const chain = await trust['trust:signatureChain']({ signaturePath: sig });
    expect(chain.map((item) => [item.owner, item.depth, item.trusted])).toEqual([
      ['Olena Bukhhalter', 0, false],
      ['Trust Store CA', 1, false],
    ]);
    const added = await trust['trust:addFromSignature']({ signaturePath: sig, fingerprint: chain[1]!.fingerprint });
    expect(added.added.map((item) => item.owner)).toEqual(['Trust Store CA']);
    expect((await trust['trust:signatureChain']({ signaturePath: sig }))[1]!.trusted).toBe(true);
    expect((await verify({ signaturePath: sig, contentPath: doc, noRevocation: true })).indication).toBe('TOTAL-PASSED');

    expect(await trust['trust:remove']({ fingerprint: chain[1]!.fingerprint })).toEqual({ removed: true });
    expect((await verify({ signaturePath: sig, contentPath: doc, noRevocation: true })).indication).toBe('INDETERMINATE');
  });
});
