import crypto from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coSignFile, signFile, verifyCms } from '../../main/core/cms';
import type { KeyAlgorithmName } from '../../main/core/crypto';
import { TokenService, type TokenInfo } from '../../main/core/token';
import { missingTools, SOFTHSM_MODULE } from '../helpers/require-tools';
import { createSoftHsm, type SoftHsm } from '../helpers/softhsm';
import { createTestPki, type TestPki } from '../helpers/test-pki';
import fs from 'node:fs';
import { openTokenKey } from '../helpers/signing';

const missing = missingTools(['openssl', 'softhsm2-util', SOFTHSM_MODULE]);

describe.skipIf(missing)('CAdES with SoftHSM2 token keys → OpenSSL verifies', () => {
  let pki: TestPki;
  let hsm: SoftHsm;
  let tokens: TokenService;
  let token: TokenInfo;
  let document: string;
  beforeAll(async () => {
    pki = createTestPki();
    document = pki.file('invoice.xml', crypto.randomBytes(64_000));
    hsm = createSoftHsm({ label: 'CmsToken' });
    tokens = new TokenService({ modulePaths: [hsm.modulePath], includeKnownModules: false });
    token = await tokens.findToken({ label: 'CmsToken' });
  });
  afterAll(async () => {
    await tokens?.close();
    hsm?.cleanup();
    pki?.cleanup();
  });

  const opensslVerify = (signature: string, content?: string): void => {
    const args = ['cms', '-verify', '-cades', '-binary', '-inform', 'DER', '-in', signature, '-CAfile', pki.root.certPath, '-out', '/dev/null'];
    if (content) args.push('-content', content);
    pki.openssl(args);
  };

  async function tokenKey(algorithm: KeyAlgorithmName) {
    const generated = await tokens.generateKeyPair({ token, algorithm, label: `cms-${algorithm}`, pin: hsm.pin });
    const identity = pki.issueForPublicKey(`token-${algorithm}`, generated.publicKeySpki as Uint8Array, `/C=UA/O=Signdesk Test/CN=Token ${algorithm}`);
    const key = await openTokenKey(tokens, generated.uri, hsm.pin);
    return { key, identity };
  }

  for (const [algorithm, padding] of [
    ['ec-p256', undefined],
    ['ec-p384', undefined],
    ['rsa-2048', 'pkcs1'],
    ['rsa-2048', 'pss'],
  ] as const) {
    it(`${algorithm}${padding ? ` ${padding}` : ''}: detached, attached and co-signed signatures pass openssl cms -verify -cades`, async () => {
      const { key, identity } = await tokenKey(algorithm);
      const common = { key, certificate: identity.certDer, chain: [pki.intermediate.certDer], padding };
      const detached = await signFile({ ...common, path: document, hash: 'SHA-384', outPath: path.join(pki.dir, `${algorithm}-${padding}-d.p7s`) });
      opensslVerify(detached.outPath, document);
      const attached = await signFile({ ...common, path: document, attached: true, outPath: path.join(pki.dir, `${algorithm}-${padding}-a.p7s`) });
      opensslVerify(attached.outPath);
      await coSignFile(attached.outPath, { ...common, hash: 'SHA-512' });
      opensslVerify(attached.outPath);
      const report = await verifyCms({ signature: fs.readFileSync(attached.outPath), trustAnchors: [pki.root.certDer], revocation: 'skip' });
      expect(report.signers).toHaveLength(2);
      expect(report.valid).toBe(true);
    });
  }
});
