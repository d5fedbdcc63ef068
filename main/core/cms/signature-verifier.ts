import crypto from 'node:crypto';
import * as pkijs from 'pkijs';
import { HASH_BY_OID, OID_RSASSA_PSS, type NodeHashName } from './algorithms';

/** Signature algorithms whose hash comes from the SignerInfo digestAlgorithm. */
const RSA_PKCS1 = new Set(['1.2.840.113549.1.1.1', '1.2.840.113549.1.1.5', '1.2.840.113549.1.1.11', '1.2.840.113549.1.1.12', '1.2.840.113549.1.1.13']);
const ECDSA = new Set(['1.2.840.10045.2.1', '1.2.840.10045.4.1', '1.2.840.10045.4.3.2', '1.2.840.10045.4.3.3', '1.2.840.10045.4.3.4']);
const ED25519 = '1.3.101.112';

/** A streaming check of one signature value: feed the signed bytes, then ask. */
export interface SignatureVerifier {
  update(chunk: Uint8Array): void;
  verify(signature: Uint8Array): boolean;
}

/**
 * The verifier for a SignerInfo's signatureAlgorithm + digestAlgorithm with the signer's public key, or
 * a reason string when the combination is not supported (or the key does not fit the algorithm).
 */
export function signatureVerifier(algorithm: pkijs.AlgorithmIdentifier, digestOid: string, spki: Uint8Array): SignatureVerifier | string {
  let key: crypto.KeyObject;
  try {
    key = crypto.createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  } catch {
    return 'the signer certificate carries a public key this application cannot use';
  }
  const oid = algorithm.algorithmId;
  const hash = HASH_BY_OID[digestOid];
  if (oid === ED25519) {
    const chunks: Buffer[] = [];
    return {
      update: (chunk) => void chunks.push(Buffer.from(chunk)),
      verify: (signature) => safe(() => crypto.verify(null, Buffer.concat(chunks), key, signature)),
    };
  }
  if (oid === OID_RSASSA_PSS) {
    let params: pkijs.RSASSAPSSParams;
    try {
      params = new pkijs.RSASSAPSSParams({ schema: algorithm.algorithmParams });
    } catch {
      return 'malformed RSASSA-PSS parameters';
    }
    const pssHash = HASH_BY_OID[params.hashAlgorithm.algorithmId];
    if (!pssHash) return `unsupported PSS hash ${params.hashAlgorithm.algorithmId}`;
    return streaming(pssHash, { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: params.saltLength });
  }
  if (!hash) return `unsupported digest algorithm ${digestOid}`;
  if (RSA_PKCS1.has(oid) && key.asymmetricKeyType === 'rsa') return streaming(hash, { key });
  if (ECDSA.has(oid) && key.asymmetricKeyType === 'ec') return streaming(hash, { key, dsaEncoding: 'der' });
  return `unsupported signature algorithm ${oid} for a ${key.asymmetricKeyType ?? 'unknown'} key`;
}

function streaming(hash: NodeHashName, key: crypto.VerifyKeyObjectInput | crypto.VerifyPublicKeyInput | crypto.KeyObject | (crypto.SigningOptions & { key: crypto.KeyObject })): SignatureVerifier {
  const verify = crypto.createVerify(hash);
  return {
    update: (chunk) => void verify.update(chunk),
    verify: (signature) => safe(() => verify.verify(key as crypto.KeyObject, signature)),
  };
}

function safe(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}
