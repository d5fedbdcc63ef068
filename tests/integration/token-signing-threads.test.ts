import crypto from 'node:crypto';
import type { PKCS11 } from 'pkcs11js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../../main/core/token';
import { Pkcs11Module } from '../../main/core/token/pkcs11-module';
import { CKF_RW_SESSION, CKF_SERIAL_SESSION, CKM_ECDSA, CKU_USER } from '../../main/core/token/pkcs11-constants';
import { findObjects, privateKeyTemplate } from '../../main/core/token/token-objects';
import { SigningThreads } from '../../main/core/token/signing-threads';
import { ecdsaRawToDer } from '../../main/core/crypto/ecdsa-signature';
import { createSoftHsm, type SoftHsm } from '../helpers/softhsm';
import { missingTools, SOFTHSM_MODULE } from '../helpers/require-tools';

const missing = missingTools(['softhsm2-util', SOFTHSM_MODULE]);

// The threads that sign for a software token load the library the main thread already initialised and use the
// main thread's sessions and key handles (PKCS#11 state is the process's, not a thread's).
describe.skipIf(missing)('signing threads (SoftHSM2)', () => {
  let hsm: SoftHsm;
  let module: Pkcs11Module;
  let threads: SigningThreads;
  let spki: crypto.KeyObject;
  let handles: { sessions: Buffer[]; key: Buffer };

  beforeAll(async () => {
    hsm = createSoftHsm({ label: 'Threads' });
    const tokens = new TokenService({ modulePaths: [hsm.modulePath], includeKnownModules: false });
    const token = await tokens.findToken({ label: 'Threads' });
    const generated = await tokens.generateKeyPair({ token, algorithm: 'ec-p256', label: 'threaded', pin: hsm.pin });
    spki = crypto.createPublicKey({ key: Buffer.from(generated.publicKeySpki!), format: 'der', type: 'spki' });
    await tokens.close();

    module = new Pkcs11Module({ path: hsm.modulePath, name: 'SoftHSM2', rescanByReinitialize: true });
    handles = await module.call((library: PKCS11) => {
      const slot = library.C_GetSlotList(true).find((candidate) => library.C_GetTokenInfo(candidate).label.trim() === 'Threads')!;
      const sessions = [0, 1].map(() => library.C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION));
      library.C_Login(sessions[0]!, CKU_USER, hsm.pin);
      const [key] = findObjects(library, sessions[0]!, privateKeyTemplate({ label: 'threaded' }));
      return { sessions, key: key! };
    });
    threads = module.signingThreads(2);
    await threads.ready();
  });

  afterAll(async () => {
    await module?.close();
    hsm?.cleanup();
  });

  const sha256 = (document: string) => crypto.createHash('sha256').update(document).digest();
  function verifies(document: string, raw: Uint8Array): boolean {
    return crypto.verify('sha256', Buffer.from(document), { key: spki, dsaEncoding: 'der' }, ecdsaRawToDer(raw));
  }

  it('signs jobs on two threads at once, each on its own session, with the key found on the main thread', async () => {
    const documents = Array.from({ length: 40 }, (_, index) => `document ${index}`);
    const digests = documents.map(sha256);
    const [first, second] = await Promise.all(
      [0, 1].map((index) =>
        threads.run(index, { session: handles.sessions[index]!, key: handles.key, mechanism: { mechanism: CKM_ECDSA }, items: digests.slice(index * 20, index * 20 + 20), maxSignatureLength: 64 }),
      ),
    );
    const signatures = [...first!.signatures, ...second!.signatures];
    expect(first!.error).toBeUndefined();
    expect(signatures).toHaveLength(40);
    signatures.forEach((signature, index) => expect(verifies(documents[index]!, signature)).toBe(true));
    expect(verifies(documents[1]!, signatures[0]!)).toBe(false);
    expect(first!.elapsedMs).toBeGreaterThan(0);
  });

  it('stops a job at the first failure and reports its CKR with the signatures made before it', async () => {
    const digest = sha256('x');
    const notAKey = Buffer.alloc(handles.key.length, 0xee);
    const result = await threads.run(0, { session: handles.sessions[0]!, key: notAKey, mechanism: { mechanism: CKM_ECDSA }, items: [digest, digest], maxSignatureLength: 64 });
    expect(result.signatures).toHaveLength(0);
    expect(result.error?.message).toMatch(/^CKR_(KEY|OBJECT)_HANDLE_INVALID$/);

    // A digest of the wrong length for the mechanism fails on the second item only.
    const mixed = await threads.run(1, { session: handles.sessions[1]!, key: handles.key, mechanism: { mechanism: CKM_ECDSA }, items: [digest, Buffer.alloc(0), digest], maxSignatureLength: 64 });
    expect(mixed.signatures).toHaveLength(1);
    expect(verifies('x', mixed.signatures[0]!)).toBe(true);
    expect(mixed.error?.message).toMatch(/^CKR_/);
  });

  it('reports a library the threads cannot load instead of failing later', async () => {
    const broken = new SigningThreads('/nonexistent/libpkcs11-missing.so', 1);
    await expect(broken.ready()).rejects.toThrow(/cannot load \/nonexistent\/libpkcs11-missing\.so/);
    // A failed thread answers (never rejects), so a module task still waits for its other threads' jobs.
    const answer = await broken.run(0, { session: Buffer.alloc(8), key: Buffer.alloc(8), mechanism: { mechanism: CKM_ECDSA }, items: [Buffer.alloc(32)], maxSignatureLength: 64 });
    expect(answer.signatures).toEqual([]);
    expect(answer.error?.message).toMatch(/cannot load \/nonexistent\/libpkcs11-missing\.so/);
    await broken.close();
  });
});
