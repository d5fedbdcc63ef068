import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCms } from '../../main/core/cms';
import { BouncyCastle, BOUNCY_CASTLE_JARS } from '../helpers/bouncy-castle-cms';
import { missingTools } from '../helpers/require-tools';

const missing = missingTools(['openssl', 'javac', 'java', ...BOUNCY_CASTLE_JARS]);

interface Identity {
  cert: string;
  key: string;
  der: Uint8Array;
}

// OpenSSL 3.0 makes RSA (PKCS#1 v1.5, PSS with any MGF1/salt), SHA-3 and brainpool signatures; it cannot make EdDSA,
// RSASSA-PSS with SHA-3 or ECDSA with SHA-3 in CMS, nor counter-signatures: Bouncy Castle makes those and verifies ours.
describe.skipIf(missing)('algorithms from the registry, made by OpenSSL and Bouncy Castle', () => {
  let dir: string;
  let document: string;
  let bc: BouncyCastle;
  const ids: Record<string, Identity> = {};
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-alg-'));
    document = path.join(dir, 'doc.bin');
    fs.writeFileSync(document, crypto.randomBytes(5000));
    const make = (name: string, keyArgs: string[]): void => {
      const key = path.join(dir, `${name}.key`);
      const cert = path.join(dir, `${name}.pem`);
      execFileSync('openssl', ['req', '-x509', ...keyArgs, '-nodes', '-keyout', key, '-subj', `/CN=${name}/O=Signdesk Tests`, '-days', '3', '-out', cert], { stdio: 'pipe' });
      ids[name] = { cert, key, der: new Uint8Array(execFileSync('openssl', ['x509', '-in', cert, '-outform', 'DER'])) };
    };
    make('rsa', ['-newkey', 'rsa:2048']);
    make('p384', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384']);
    make('p521', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-521']);
    for (const curve of ['brainpoolP256r1', 'brainpoolP384r1', 'brainpoolP512r1']) make(curve, ['-newkey', 'ec', '-pkeyopt', `ec_paramgen_curve:${curve}`]);
    make('ed25519', ['-newkey', 'ed25519']);
    make('ed448', ['-newkey', 'ed448']);
    bc = new BouncyCastle();
  });
  afterAll(() => {
    bc?.cleanup();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const verify = (signature: string, id: Identity) =>
    verifyCms({ signature: fs.readFileSync(signature), contentPath: document, trustAnchors: [id.der], revocation: 'skip' });
  const openssl = (id: string, name: string, extra: string[]): string => {
    const out = path.join(dir, `${name}.p7s`);
    execFileSync('openssl', ['cms', '-sign', '-binary', '-cades', '-in', document, '-signer', ids[id]!.cert, '-inkey', ids[id]!.key, '-outform', 'DER', '-out', out, ...extra], { stdio: 'pipe' });
    return out;
  };
  const bouncy = (id: string, name: string, algorithm: string): string => {
    const out = path.join(dir, `${name}.p7s`);
    bc.run(['sign', algorithm, ids[id]!.cert, ids[id]!.key, document, out]);
    return out;
  };

  const cases: Array<[string, () => string, string, string]> = [
    ['RSA PKCS#1 v1.5, SHA3-256 (OpenSSL)', () => openssl('rsa', 'rsa-sha3', ['-md', 'sha3-256']), 'rsa', 'RSA PKCS#1 v1.5 with SHA3-256'],
    ['RSASSA-PSS SHA-512, MGF1 SHA-256, salt 32 (OpenSSL)', () => openssl('rsa', 'pss-mixed', ['-md', 'sha512', '-keyopt', 'rsa_padding_mode:pss', '-keyopt', 'rsa_mgf1_md:sha256', '-keyopt', 'rsa_pss_saltlen:32']), 'rsa', 'RSASSA-PSS with SHA-512'],
    ['RSASSA-PSS SHA3-256 (Bouncy Castle)', () => bouncy('rsa', 'pss-sha3', 'SHA3-256WITHRSAANDMGF1'), 'rsa', 'RSASSA-PSS with SHA3-256'],
    ['RSASSA-PSS SHA3-512 (Bouncy Castle)', () => bouncy('rsa', 'pss-sha3-512', 'SHA3-512WITHRSAANDMGF1'), 'rsa', 'RSASSA-PSS with SHA3-512'],
    ['ECDSA P-384 SHA3-384 (Bouncy Castle)', () => bouncy('p384', 'p384-sha3', 'SHA3-384WITHECDSA'), 'p384', 'ECDSA with SHA3-384'],
    ['ECDSA P-521 SHA-512 (OpenSSL)', () => openssl('p521', 'p521', ['-md', 'sha512']), 'p521', 'ECDSA with SHA-512'],
    ['ECDSA brainpoolP256r1 SHA-256 (OpenSSL)', () => openssl('brainpoolP256r1', 'bp256', ['-md', 'sha256']), 'brainpoolP256r1', 'ECDSA with SHA-256'],
    ['ECDSA brainpoolP384r1 SHA3-384 (Bouncy Castle)', () => bouncy('brainpoolP384r1', 'bp384', 'SHA3-384WITHECDSA'), 'brainpoolP384r1', 'ECDSA with SHA3-384'],
    ['ECDSA brainpoolP512r1 SHA-512 (OpenSSL)', () => openssl('brainpoolP512r1', 'bp512', ['-md', 'sha512']), 'brainpoolP512r1', 'ECDSA with SHA-512'],
    ['Ed25519 (Bouncy Castle, RFC 8419)', () => bouncy('ed25519', 'ed25519', 'ED25519'), 'ed25519', 'Ed25519'],
    ['Ed448 (Bouncy Castle, RFC 8419)', () => bouncy('ed448', 'ed448', 'ED448'), 'ed448', 'Ed448'],
  ];
  for (const [label, make, id, algorithm] of cases) {
    it(label, async () => {
      const signature = make();
      const report = await verify(signature, ids[id]!);
      expect(report.signers[0]!.errors).toEqual([]);
      expect(report.indication).toBe('TOTAL-PASSED');
      expect(report.signers[0]!.details.signatureAlgorithm).toBe(algorithm);
      // One flipped document byte fails.
      const tampered = Uint8Array.from(fs.readFileSync(document));
      tampered[100] ^= 1;
      const bad = await verifyCms({ signature: fs.readFileSync(signature), content: tampered, trustAnchors: [ids[id]!.der], revocation: 'skip' });
      expect(bad.indication).toBe('TOTAL-FAILED');
    });
  }

  it('MD5 and SHA-1 signatures: a clear "weak algorithm" indication with the ETSI TS 119 312 date, not a crash', async () => {
    for (const md of ['md5', 'sha1']) {
      const report = await verify(openssl('rsa', `weak-${md}`, ['-md', md]), ids.rsa!);
      expect(report.indication).toBe('INDETERMINATE');
      expect(report.signers[0]!.checks.signature).toBe(true);
      expect(report.signers[0]!.errors.map((error) => error.code)).toEqual(['ERR_ALGORITHM_WEAK']);
      expect(report.signers[0]!.details.weakAlgorithm).toMatch(md === 'md5' ? /^MD5 \(not fit for signatures after 2005-01-01/ : /^SHA-1 \(not fit for signatures after 2009-01-01/);
    }
  });

  it('counter-signatures to depth 2 by Bouncy Castle are reported nested; Bouncy Castle verifies the same file', async () => {
    const signed = bouncy('ed25519', 'countered', 'ED25519');
    const once = path.join(dir, 'countered-1.p7s');
    const twice = path.join(dir, 'countered-2.p7s');
    bc.run(['countersign', 'SHA256WITHRSA', ids.rsa!.cert, ids.rsa!.key, signed, once, '1']);
    bc.run(['countersign', 'SHA3-384WITHECDSA', ids.p384!.cert, ids.p384!.key, once, twice, '2']);
    expect(bc.run(['verify', twice, document]).trim().split('\n')).toEqual(['OK 0 CN=ed25519,O=Signdesk Tests', 'OK 1 CN=rsa,O=Signdesk Tests', 'OK 2 CN=p384,O=Signdesk Tests']);
    const report = await verifyCms({ signature: fs.readFileSync(twice), contentPath: document, trustAnchors: [ids.ed25519!.der, ids.rsa!.der, ids.p384!.der], revocation: 'skip' });
    expect(report.signers).toHaveLength(1);
    const counter = report.signers[0]!.counterSigners![0]!;
    expect(counter.subject).toBe('O=Signdesk Tests,CN=rsa');
    expect(counter.counterSigners![0]!.subject).toBe('O=Signdesk Tests,CN=p384');
    expect(counter.counterSigners![0]!.details.signatureAlgorithm).toBe('ECDSA with SHA3-384');
    for (const signer of [report.signers[0]!, counter, counter.counterSigners![0]!]) expect(signer.errors, signer.subject).toEqual([]);
    expect(report.indication).toBe('TOTAL-PASSED');
  });
});
