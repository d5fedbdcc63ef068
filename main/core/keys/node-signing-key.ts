import crypto, { type KeyObject } from 'node:crypto';
import type { KeyAlgorithm, SignOptions, SigningKey } from './signing-key';
import { SigndeskError } from '../../../preload/contract/errors';
import { ecdsaSignDigest, rsaPssSignDigest } from './prehashed-signatures';

const DIGEST_INFO_PREFIX: Record<SignOptions['hash'], string> = {
  'SHA-256': '3031300d060960864801650304020105000420',
  'SHA-384': '3041300d060960864801650304020205000430',
  'SHA-512': '3051300d060960864801650304020305000440',
};

/** A SigningKey over a decrypted node:crypto private key (file keys once their password opened them). */
export class NodeSigningKey implements SigningKey {
  readonly algorithm: KeyAlgorithm;
  readonly publicKeySpki: Uint8Array;

  constructor(
    readonly ref: string,
    private readonly privateKey: KeyObject,
    readonly certificate?: Uint8Array,
    readonly chain?: readonly Uint8Array[],
  ) {
    this.algorithm = algorithmOf(privateKey);
    this.publicKeySpki = new Uint8Array(crypto.createPublicKey(privateKey).export({ type: 'spki', format: 'der' }));
  }

  async sign(digest: Uint8Array, options: SignOptions): Promise<Uint8Array> {
    if (this.algorithm.kind === 'EC') {
      // crypto.sign(null, …) would hash the digest again (SHA-256 by default for EC keys).
      return ecdsaSignDigest(this.privateKey, digest);
    }
    if (options.padding === 'pss') {
      return rsaPssSignDigest(this.privateKey, digest, options.hash);
    }
    // PKCS#1 v1.5: the DigestInfo is built here, then the raw RSA private-key operation.
    const digestInfo = Buffer.concat([Buffer.from(DIGEST_INFO_PREFIX[options.hash], 'hex'), digest]);
    return new Uint8Array(crypto.privateEncrypt({ key: this.privateKey, padding: crypto.constants.RSA_PKCS1_PADDING }, digestInfo));
  }
}

export function algorithmOf(key: KeyObject): KeyAlgorithm {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'ec') {
    const curve = details?.namedCurve;
    if (curve === 'prime256v1') return { kind: 'EC', namedCurve: 'P-256' };
    if (curve === 'secp384r1') return { kind: 'EC', namedCurve: 'P-384' };
    if (curve === 'secp521r1') return { kind: 'EC', namedCurve: 'P-521' };
  }
  if (key.asymmetricKeyType === 'rsa' && details?.modulusLength) return { kind: 'RSA', modulusLength: details.modulusLength };
  throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `Unsupported key type ${key.asymmetricKeyType ?? 'unknown'}`);
}
