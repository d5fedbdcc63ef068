import fs from 'node:fs/promises';
import type { ChainCertificate } from '../../../preload/contract/domains/trust';
import { SigndeskError } from '../../../preload/contract/errors';
import type { Handlers } from '../../../preload/contract/api';
import { signatureCertificates } from '../formats';
import { decodeCertificate } from '../pki/certificate';
import { isIssuerOf } from '../pki/revocation';
import { describeTrusted, fingerprintOf, type TrustStore } from '../pki/trust-store';

async function readCertificateFile(file: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await fs.readFile(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'ERR_FILE_NOT_FOUND' : 'ERR_FILE_UNREADABLE';
    throw new SigndeskError(code, `Cannot read ${file}`, { path: file });
  }
}

/** Base64 from a browser's file picker; anything else is refused rather than guessed at. */
function decodeContent(content: string): Uint8Array {
  const compact = content.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) throw new SigndeskError('ERR_INPUT_INVALID', 'The certificate content is not base64');
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

/** The signature's certificates, each signer's certificate first and then up its chain (depth 0, 1, …). */
export function orderChain(certificates: readonly Uint8Array[]): Array<{ der: Uint8Array; depth: number }> {
  const unique = [...new Map(certificates.map((der) => [fingerprintOf(der), der])).values()];
  const parsed = unique.map((der) => ({ der, cert: decodeCertificate(der) }));
  const issuesSomething = (candidate: (typeof parsed)[number]) => parsed.some((other) => other !== candidate && isIssuerOf(candidate.cert, other.cert));
  const depth = new Map<string, number>();
  for (const leaf of parsed.filter((candidate) => !issuesSomething(candidate))) {
    let current = leaf;
    for (let level = 0; level < 10; level++) {
      const key = fingerprintOf(current.der);
      if (!depth.has(key) || depth.get(key)! > level) depth.set(key, level);
      const next = parsed.find((candidate) => candidate !== current && isIssuerOf(candidate.cert, current.cert));
      if (!next) break;
      current = next;
    }
  }
  const deepest = Math.max(0, ...depth.values());
  return parsed
    .map(({ der }) => ({ der, depth: depth.get(fingerprintOf(der)) ?? deepest + 1 }))
    .sort((a, b) => a.depth - b.depth);
}

/**
 * Settings → Trusted certificates: list, add from a file, add from a signature's chain, remove. The store is the one
 * Verify, the CLI and the cabinet's status check read.
 */
export function createTrustHandlers(store: TrustStore): Pick<Handlers, 'trust:list' | 'trust:add' | 'trust:signatureChain' | 'trust:addFromSignature' | 'trust:remove'> {
  const chainOf = async (signaturePath: string): Promise<ChainCertificate[]> => {
    const trusted = new Set((await store.anchors()).map(fingerprintOf));
    return orderChain(await signatureCertificates(signaturePath)).map(({ der, depth }) => {
      const described = describeTrusted(der);
      return { ...described, depth, trusted: trusted.has(described.fingerprint) };
    });
  };
  return {
    'trust:list': () => store.list(),
    'trust:add': async ({ path, content }) => store.add(path !== undefined ? await readCertificateFile(path) : decodeContent(content!)),
    'trust:signatureChain': ({ signaturePath }) => chainOf(signaturePath),
    'trust:addFromSignature': async ({ signaturePath, fingerprint }) => {
      const der = (await signatureCertificates(signaturePath)).find((candidate) => fingerprintOf(candidate) === fingerprint);
      if (!der) throw new SigndeskError('ERR_NOT_FOUND', 'The signature carries no certificate with this fingerprint', { fingerprint });
      return store.add(der);
    },
    'trust:remove': async ({ fingerprint }) => ({ removed: await store.remove(fingerprint) }),
  };
}
