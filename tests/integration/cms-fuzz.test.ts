import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignature, verifyCms, verifySignatureFile } from '../../main/core/cms';
import { softwareKey } from '../helpers/software-key';
import { certificatesFromBytes, parseCertificate } from '../../main/core/pki';
import { isSigndeskError } from '../../preload/contract/errors';
import { applyMutations, mutation } from '../helpers/byte-mutations';
import { missingTools } from '../helpers/require-tools';
import { createTestPki, type TestPki } from '../helpers/test-pki';

const missing = missingTools(['openssl']);
/** Generous: a hang detector, not a speed measurement. */
const TIME_BOUND_MS = 10_000;
/** Deeper local runs: SIGNDESK_FUZZ_RUNS=5000 SIGNDESK_FUZZ_SEED=random. */
const RUNS = Number(process.env.SIGNDESK_FUZZ_RUNS ?? 300);
const SEED = process.env.SIGNDESK_FUZZ_SEED === 'random' ? undefined : Number(process.env.SIGNDESK_FUZZ_SEED ?? 20261122);

async function within<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${TIME_BOUND_MS} ms`)), TIME_BOUND_MS);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe.skipIf(missing)('mutated DER never crashes or hangs the verifier', () => {
  let pki: TestPki;
  let seeds: Uint8Array[];
  let content: Uint8Array;
  beforeAll(async () => {
    pki = createTestPki();
    content = crypto.randomBytes(4096);
    const document = pki.file('doc.bin', content);
    const key = softwareKey('file:test', pki.ecLeaf.keyPem, pki.ecLeaf.certDer, [pki.intermediate.certDer]);
    const digest = crypto.createHash('sha256').update(content).digest();
    const detached = await createSignature({ digest, key });
    const attached = await createSignature({ digest, key, content });
    const opensslOut = path.join(pki.dir, 'openssl.p7s');
    pki.openssl(['cms', '-sign', '-binary', '-cades', '-nodetach', '-in', document, '-signer', pki.rsaLeaf.certPath, '-inkey', pki.rsaLeaf.keyPath, '-outform', 'DER', '-out', opensslOut]);
    seeds = [detached, attached, new Uint8Array(fs.readFileSync(opensslOut))];
  });
  afterAll(() => pki?.cleanup());

  it('verifyCms answers with a report or a coded error', async () => {
    const allowed = new Set(['ERR_SIGNATURE_MALFORMED', 'ERR_CONTENT_MISSING']);
    let reports = 0;
    let malformed = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 2 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (seed, mutations) => {
        const signature = applyMutations(seeds[seed], mutations);
        try {
          const report = await within(verifyCms({ signature, content, trustAnchors: [pki.root.certDer], revocation: 'skip' }));
          expect(['TOTAL-PASSED', 'TOTAL-FAILED', 'INDETERMINATE']).toContain(report.indication);
          expect(report.signers.length).toBeGreaterThan(0);
          reports++;
        } catch (error) {
          if (!isSigndeskError(error) || !allowed.has(error.code)) throw error;
          malformed++;
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // Both outcomes occur: the mutations reach past the first bytes.
    expect(reports).toBeGreaterThan(0);
    expect(malformed).toBeGreaterThan(0);
  });

  it('the streaming path for large attached signature files answers with a report or a coded error', async () => {
    const file = path.join(pki.dir, 'mutated.p7s');
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 2 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (seed, mutations) => {
        fs.writeFileSync(file, applyMutations(seeds[seed], mutations));
        try {
          const report = await within(verifySignatureFile({ signaturePath: file, contentPath: file, trustAnchors: [pki.root.certDer], revocation: 'skip', inMemoryLimit: 0 }));
          expect(report.signers.length).toBeGreaterThan(0);
        } catch (error) {
          if (!isSigndeskError(error, 'ERR_SIGNATURE_MALFORMED')) throw error;
        }
      }),
      { numRuns: Math.ceil(RUNS / 2), seed: SEED },
    );
  });

  it('certificate parsing answers with a description or ERR_CERT_MALFORMED', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const bytes = applyMutations(pki.uaLeaf.certDer, mutations);
        try {
          for (const der of certificatesFromBytes(bytes)) expect(typeof parseCertificate(der).info.subject).toBe('string');
        } catch (error) {
          if (!isSigndeskError(error, 'ERR_CERT_MALFORMED')) throw error;
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
