/**
 * A signing thread's side (its entry is bundled on its own: scripts/build-workers.mjs). It loads the same PKCS#11
 * library — the loader hands back the one already in the process — whose state and handles are the process's:
 * C_Initialize answers ALREADY_INITIALIZED, the main thread's sessions and key handles work here. It never
 * finalises. Each job is signed straight through, synchronously; the first failure ends it.
 */
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type * as pkcs11js from 'pkcs11js';
import type { PKCS11 } from 'pkcs11js';
import type { SigningThreadData, SigningThreadJob, SigningThreadReply } from './signing-thread-protocol';

const CKF_OS_LOCKING_OK = 0x2;
const data = workerData as SigningThreadData;
const port = parentPort!;

function loadLibrary(): PKCS11 | null {
  try {
    const { PKCS11: Library } = createRequire(import.meta.url)(data.pkcs11js) as typeof pkcs11js;
    const library = new Library();
    library.load(data.modulePath);
    try {
      library.C_Initialize({ flags: CKF_OS_LOCKING_OK });
    } catch (error) {
      if ((error as Error).message !== 'CKR_CRYPTOKI_ALREADY_INITIALIZED') throw error;
    }
    port.postMessage({ ready: true } satisfies SigningThreadReply);
    return library;
  } catch (error) {
    port.postMessage({ ready: false, message: String((error as Error)?.message) } satisfies SigningThreadReply);
    return null;
  }
}

function sign(library: PKCS11, job: SigningThreadJob): SigningThreadReply {
  const started = performance.now();
  const session = Buffer.from(job.session);
  const key = Buffer.from(job.key);
  const signatures: Uint8Array[] = [];
  for (const item of job.items) {
    try {
      library.C_SignInit(session, job.mechanism, key);
      const signature = library.C_Sign(session, Buffer.from(item.buffer, item.byteOffset, item.byteLength), Buffer.alloc(job.maxSignatureLength));
      signatures.push(new Uint8Array(signature.buffer, signature.byteOffset, signature.length));
    } catch (error) {
      return { id: job.id, signatures, elapsedMs: performance.now() - started, error: String((error as Error)?.message) };
    }
  }
  return { id: job.id, signatures, elapsedMs: performance.now() - started };
}

const library = loadLibrary();
if (library) port.on('message', (job: SigningThreadJob) => port.postMessage(sign(library, job)));
