import crypto from 'node:crypto';
import { SigndeskError } from '../../../preload/contract/errors';
import { hashSpec } from './hashes';
import { childNodes, encodingOf, readNode, sequence } from './der';
import type { PrivateKey } from './private-key';
import { SCHEME_KEY_KIND, describeSignatureAlgorithm, encodeSignatureAlgorithm, type SignatureAlgorithm } from './signature-algorithms';
import type { VerificationKey } from './verification-key';

/** A streaming check of one signature value: feed the signed bytes, then ask once. */
export interface SignatureCheck {
  update(chunk: Uint8Array): void;
  verify(signature: Uint8Array): boolean;
}

type NodeScheme = Extract<SignatureAlgorithm, { scheme: 'ecdsa' | 'rsa-pkcs1' | 'rsa-pss' }>;

/**
 * A check of `algorithm` with `key`. The key must be of the kind the algorithm needs (an ECDSA or RSA key never checks a
 * signature labelled Ed25519, nor the reverse): else ERR_ALGORITHM_MISMATCH. ERR_KEY_ALGORITHM_UNSUPPORTED for what
 * cannot be computed. DSTU 4145 hashes with the key's own S-box (its DKE) where GOST 34.311 is the hash.
 */
export function createSignatureCheck(algorithm: SignatureAlgorithm, key: VerificationKey): SignatureCheck {
  if (key.algorithm.kind !== SCHEME_KEY_KIND[algorithm.scheme]) {
    throw new SigndeskError('ERR_ALGORITHM_MISMATCH', `A ${describeSignatureAlgorithm(algorithm)} signature cannot come from a ${key.algorithm.kind} key`);
  }
  if (algorithm.scheme === 'dstu4145') {
    if (key.kind !== 'dstu') throw new SigndeskError('ERR_ALGORITHM_MISMATCH', 'A DSTU 4145 signature needs a DSTU 4145 key');
    const hasher = hashSpec(algorithm.hash).create({ ...(key.key.dke ? { sbox: key.key.dke } : {}) });
    return { update: (chunk) => hasher.update(chunk), verify: (signature) => safely(() => key.key.verify(hasher.digest(), signature, algorithm.encoding)) };
  }
  if (key.kind !== 'node') throw new SigndeskError('ERR_ALGORITHM_MISMATCH', `A ${describeSignatureAlgorithm(algorithm)} signature needs another key`);
  if (algorithm.scheme === 'ed25519' || algorithm.scheme === 'ed448') {
    const chunks: Buffer[] = [];
    return {
      update: (chunk) => void chunks.push(Buffer.from(chunk)),
      verify: (signature) => safely(() => crypto.verify(null, Buffer.concat(chunks), key.key, signature)),
    };
  }
  const verifier = crypto.createVerify(nodeHashOf(algorithm));
  const options = verifyOptions(algorithm, key.key);
  return {
    update: (chunk) => void verifier.update(chunk),
    verify: (signature) => safely(() => verifier.verify(options, signature)),
  };
}

/** One-shot form of `createSignatureCheck`. */
export function verifySignature(algorithm: SignatureAlgorithm, key: VerificationKey, data: Uint8Array, signature: Uint8Array): boolean {
  const check = createSignatureCheck(algorithm, key);
  check.update(data);
  return check.verify(signature);
}

/**
 * Signs `data` with a private key held in this process (a file key): node:crypto hashes, pads and encodes for the
 * international schemes; DSTU 4145 hashes with the key's S-box and signs in this crypto core.
 */
export function signWithPrivateKey(algorithm: SignatureAlgorithm, key: PrivateKey, data: Uint8Array): Uint8Array {
  if (algorithm.scheme === 'dstu4145') {
    if (key.kind !== 'dstu') throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', 'Only a DSTU 4145 key makes a DSTU 4145 signature');
    const hash = hashSpec(algorithm.hash).create({ ...(key.key.dke ? { sbox: key.key.dke } : {}) });
    hash.update(data);
    return key.key.sign(hash.digest(), algorithm.encoding);
  }
  if (key.kind !== 'node') throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `A DSTU 4145 key cannot make a ${describeSignatureAlgorithm(algorithm)} signature`);
  if (algorithm.scheme === 'ed25519' || algorithm.scheme === 'ed448') return new Uint8Array(crypto.sign(null, data, key.key));
  const signature = crypto.sign(nodeHashOf(algorithm), data, { key: key.key, ...signOptions(algorithm) });
  return new Uint8Array(signature.buffer, signature.byteOffset, signature.length);
}

function nodeHashOf(algorithm: NodeScheme): string {
  const nodeName = hashSpec(algorithm.hash).nodeName;
  if (!nodeName) throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `${algorithm.hash} cannot be used with ${algorithm.scheme}`);
  return nodeName;
}

function verifyOptions(algorithm: NodeScheme, key: crypto.KeyObject): crypto.VerifyKeyObjectInput {
  if (algorithm.scheme === 'rsa-pss' && algorithm.mgf1Hash !== algorithm.hash) {
    // Node's options name no MGF1 hash: an RSASSA-PSS key restricted to these parameters carries it to OpenSSL.
    return { key: pssRestrictedKey(key, algorithm), padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: algorithm.saltLength } as crypto.VerifyKeyObjectInput;
  }
  return { key, ...signOptions(algorithm) } as crypto.VerifyKeyObjectInput;
}

/** The same RSA public key as an id-RSASSA-PSS SubjectPublicKeyInfo whose parameters fix hash, MGF1 hash and salt (RFC 4055 §3.1). */
function pssRestrictedKey(key: crypto.KeyObject, algorithm: Extract<SignatureAlgorithm, { scheme: 'rsa-pss' }>): crypto.KeyObject {
  const spki = key.export({ type: 'spki', format: 'der' });
  const bytes = new Uint8Array(spki.buffer, spki.byteOffset, spki.length);
  const [, publicKey] = childNodes(bytes, readNode(bytes));
  if (!publicKey) throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', 'Not an RSA public key');
  const restricted = sequence(encodeSignatureAlgorithm(algorithm), encodingOf(bytes, publicKey));
  return crypto.createPublicKey({ key: Buffer.from(restricted), format: 'der', type: 'spki' });
}

function signOptions(algorithm: NodeScheme): Omit<crypto.SignKeyObjectInput, 'key'> {
  switch (algorithm.scheme) {
    case 'ecdsa':
      return { dsaEncoding: 'der' };
    case 'rsa-pkcs1':
      return { padding: crypto.constants.RSA_PKCS1_PADDING };
    case 'rsa-pss':
      if (algorithm.mgf1Hash !== algorithm.hash) {
        throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `RSASSA-PSS with MGF1 over ${algorithm.mgf1Hash} and ${algorithm.hash} is not supported`);
      }
      return { padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: algorithm.saltLength };
  }
}

function safely(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}
