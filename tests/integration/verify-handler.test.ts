import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifyHandlers } from '../../main/core/verify/index';
import { OpensslCa } from '../helpers/openssl-ca';
import { missingTools } from '../helpers/require-tools';
import type { RevocationResult } from '../../main/core/pki/revocation/revocation-types';

const missing = missingTools(['openssl']);

describe.skipIf(missing)('verify:signature handler (trust store in the data folder, OpenSSL as the signer)', () => {
  let dir: string;
  let dataDir: string;
  let doc: string;
  let sig: string;
  const revocationAsked: string[] = [];
  const handlers = () =>
    createVerifyHandlers({
      dataDir,
      checkRevocation: async () => {
        revocationAsked.push('asked');
        const answer: RevocationResult = { status: 'good', source: 'ocsp', fromCache: false, revokedAt: null, reason: null, thisUpdate: new Date(), nextUpdate: null, problems: [] };
        return answer;
      },
    })['verify:signature'];

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-verify-handler-'));
    dataDir = path.join(dir, 'data');
    const ca = new OpensslCa(path.join(dir, 'ca'), 'Verify Handler CA');
    const key = ca.newKey('signer');
    const cert = ca.issue('signer', key);
    doc = path.join(dir, 'doc.txt');
    fs.writeFileSync(doc, 'content to sign\n');
    sig = `${doc}.p7s`;
    ca.openssl(['cms', '-sign', '-cades', '-binary', '-md', 'sha256', '-in', doc, '-signer', cert, '-inkey', key, '-outform', 'DER', '-out', sig]);
    fs.mkdirSync(path.join(dataDir, 'trust'), { recursive: true });
    fs.copyFileSync(ca.cert, path.join(dataDir, 'trust', 'ca.pem'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('passes a good signature against the trust store, skipping revocation when asked', async () => {
    const report = await handlers()({ signaturePath: sig, contentPath: doc, noRevocation: true });
    expect(report.indication).toBe('TOTAL-PASSED');
    expect(report.signers[0]!.checks).toMatchObject({ signature: true, messageDigest: true, signingCertificate: true, chain: true, revocation: 'skipped' });
    expect(revocationAsked).toEqual([]);
  });

  it('asks the revocation service otherwise', async () => {
    const report = await handlers()({ signaturePath: sig, contentPath: doc });
    expect(revocationAsked.length).toBeGreaterThan(0);
    expect(report.signers[0]!.checks.revocation).toBe('good');
    expect(report.valid).toBe(true);
  });

  it('fails on changed content and on an empty trust store', async () => {
    const changed = path.join(dir, 'changed.txt');
    fs.writeFileSync(changed, 'content to sign!\n');
    const tampered = await handlers()({ signaturePath: sig, contentPath: changed, noRevocation: true });
    expect(tampered.indication).toBe('TOTAL-FAILED');
    expect(tampered.signers[0]!.checks.messageDigest).toBe(false);

    fs.renameSync(path.join(dataDir, 'trust'), path.join(dataDir, 'trust-off'));
    try {
      const untrusted = await handlers()({ signaturePath: sig, contentPath: doc, noRevocation: true });
      expect(untrusted.valid).toBe(false);
      expect(untrusted.signers[0]!.checks.chain).not.toBe(true);
    } finally {
      fs.renameSync(path.join(dataDir, 'trust-off'), path.join(dataDir, 'trust'));
    }
  });

  it('reports missing detached content with its code', async () => {
    await expect(handlers()({ signaturePath: sig, noRevocation: true })).rejects.toMatchObject({ code: 'ERR_CONTENT_MISSING' });
  });
});
