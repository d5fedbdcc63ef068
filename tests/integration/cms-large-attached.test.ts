import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coSignFile, parseSignedData, parseSignedDataFile, signFile, verifySignatureFile } from '../../main/core/cms';
import type { SoftwareSigningKey } from '../../main/core/keys/software-signing-key';
import { softwareKey } from '../helpers/software-key';
import { isSigndeskError } from '../../preload/contract/errors';
import { missingTools } from '../helpers/require-tools';
import { createTestPki, type TestPki } from '../helpers/test-pki';

const missing = missingTools(['openssl']);

describe.skipIf(missing)('attached signatures verified without loading their content', () => {
  let pki: TestPki;
  let document: string;
  let key: SoftwareSigningKey;
  beforeAll(() => {
    pki = createTestPki();
    document = pki.file('big.bin', crypto.randomBytes(3 * 1024 * 1024 + 17));
    key = softwareKey('file:test', pki.ecLeaf.keyPem, pki.ecLeaf.certDer, [pki.intermediate.certDer]);
  });
  afterAll(() => pki?.cleanup());

  const verify = (signaturePath: string) => verifySignatureFile({ signaturePath, trustAnchors: [pki.root.certDer], revocation: 'skip', inMemoryLimit: 0 });

  it('our DER signature and OpenSSL’s BER-streamed one (indefinite lengths, content in chunks)', async () => {
    const ours = await signFile({ path: document, key, attached: true, outPath: path.join(pki.dir, 'ours.p7s') });
    const oursLocated = parseSignedDataFile(ours.outPath, 0);
    expect(oursLocated.contentRanges).toHaveLength(1);
    const streamed = path.join(pki.dir, 'openssl-stream.p7s');
    pki.openssl(['cms', '-sign', '-binary', '-cades', '-nodetach', '-stream', '-in', document, '-signer', pki.rsaLeaf.certPath, '-inkey', pki.rsaLeaf.keyPath, '-certfile', pki.intermediate.certPath, '-outform', 'DER', '-out', streamed]);
    const located = parseSignedDataFile(streamed, 0);
    expect(located.contentRanges?.length).toBeGreaterThan(1);
    expect(located.contentLength).toBe(fs.statSync(document).size);
    for (const file of [ours.outPath, streamed]) {
      const report = await verify(file);
      expect(report.signers[0].errors, file).toEqual([]);
      expect(report).toMatchObject({ valid: true, attached: true, contentPath: null });
    }
    // A detached signature is not located; the usual path reads it.
    const detached = await signFile({ path: document, key, outPath: path.join(pki.dir, 'detached.p7s') });
    expect(parseSignedDataFile(detached.outPath, 0).contentRanges).toBeUndefined();
    expect((await verifySignatureFile({ signaturePath: detached.outPath, contentPath: document, trustAnchors: [pki.root.certDer], revocation: 'skip', inMemoryLimit: 0 })).valid).toBe(true);
  });

  it('co-signs large attached signatures by streaming; OpenSSL verifies every signer', async () => {
    const ours = await signFile({ path: document, key, attached: true, outPath: path.join(pki.dir, 'cosign-ours.p7s') });
    const streamed = path.join(pki.dir, 'cosign-openssl.p7s');
    pki.openssl(['cms', '-sign', '-binary', '-cades', '-nodetach', '-stream', '-in', document, '-signer', pki.rsaLeaf.certPath, '-inkey', pki.rsaLeaf.keyPath, '-certfile', pki.intermediate.certPath, '-outform', 'DER', '-out', streamed]);
    const rsaKey = softwareKey('file:test', pki.rsaLeaf.keyPem, pki.rsaLeaf.certDer, [pki.intermediate.certDer]);
    for (const file of [ours.outPath, streamed]) {
      const before = Uint8Array.from(parseSignedDataFile(file, 0).signerInfos[0].raw);
      const result = await coSignFile(file, { key: file === streamed ? key : rsaKey, inMemoryLimit: 0 });
      expect(result.signers).toBe(2);
      const after = parseSignedData(fs.readFileSync(file));
      expect(after.signerInfos.some((signer) => Buffer.from(signer.raw).equals(Buffer.from(before)))).toBe(true);
      pki.openssl(['cms', '-verify', '-cades', '-binary', '-inform', 'DER', '-in', file, '-CAfile', pki.root.certPath, '-out', '/dev/null']);
      expect((await verify(file)).valid).toBe(true);
    }
    expect(fs.readdirSync(pki.dir).filter((name) => name.endsWith('.signdesk-tmp'))).toEqual([]);
  });

  it('a flipped content byte fails; a broken structure is ERR_SIGNATURE_MALFORMED', async () => {
    const { outPath } = await signFile({ path: document, key, attached: true, outPath: path.join(pki.dir, 'flip.p7s') });
    const bytes = fs.readFileSync(outPath);
    bytes[2 * 1024 * 1024] ^= 0x01;
    fs.writeFileSync(outPath, bytes);
    const report = await verify(outPath);
    expect(report.indication).toBe('TOTAL-FAILED');
    expect(report.signers[0].checks.messageDigest).toBe(false);
    const truncated = pki.file('truncated.p7s', bytes.subarray(0, bytes.length - 100));
    let error: unknown;
    try {
      await verify(truncated);
    } catch (caught) {
      error = caught;
    }
    expect(isSigndeskError(error, 'ERR_SIGNATURE_MALFORMED')).toBe(true);
  });
});
