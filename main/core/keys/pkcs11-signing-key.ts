import { SigndeskError } from '../../../preload/contract/errors';
import { ecdsaRawToDer } from '../token/ecdsa-signature';
import {
  CK_PARAMS_RSA_PSS,
  CKG_MGF1_SHA256,
  CKG_MGF1_SHA384,
  CKG_MGF1_SHA512,
  CKM_ECDSA,
  CKM_RSA_PKCS,
  CKM_RSA_PKCS_PSS,
  CKM_SHA256,
  CKM_SHA384,
  CKM_SHA512,
} from '../token/pkcs11-constants';
import type { RawTokenSigner } from '../token/token-key-signer';
import type { HashAlgorithm, KeyAlgorithm, SignOptions, SigningKey } from './signing-key';

const HASHES: Record<HashAlgorithm, { length: number; digestInfoPrefix: string; mechanism: number; mgf: number }> = {
  'SHA-256': { length: 32, digestInfoPrefix: '3031300d060960864801650304020105000420', mechanism: CKM_SHA256, mgf: CKG_MGF1_SHA256 },
  'SHA-384': { length: 48, digestInfoPrefix: '3041300d060960864801650304020205000430', mechanism: CKM_SHA384, mgf: CKG_MGF1_SHA384 },
  'SHA-512': { length: 64, digestInfoPrefix: '3051300d060960864801650304020305000440', mechanism: CKM_SHA512, mgf: CKG_MGF1_SHA512 },
};

/**
 * A private key that stays on a PKCS#11 token. Hashing happens on the host; the token gets CKM_ECDSA over the
 * digest, CKM_RSA_PKCS over a DigestInfo built here, or CKM_RSA_PKCS_PSS (MGF1 with the same hash, salt = hash length).
 * Built by TokenService.openSigningKey.
 */
export class Pkcs11SigningKey implements SigningKey {
  constructor(
    readonly ref: string,
    readonly algorithm: KeyAlgorithm,
    readonly publicKeySpki: Uint8Array,
    private readonly signer: RawTokenSigner,
    readonly certificate?: Uint8Array,
    readonly chain?: readonly Uint8Array[],
  ) {}

  async sign(digest: Uint8Array, options: SignOptions): Promise<Uint8Array> {
    const hash = HASHES[options.hash];
    if (!hash) throw new SigndeskError('ERR_INPUT_INVALID', `Unsupported hash ${String(options.hash)}`);
    if (digest.length !== hash.length) throw new SigndeskError('ERR_INPUT_INVALID', `A ${options.hash} digest is ${hash.length} bytes, not ${digest.length}`);
    if (this.algorithm.kind === 'EC') {
      const raw = await this.signer.signRaw({ mechanism: CKM_ECDSA }, digest, 2 * 66);
      return ecdsaRawToDer(raw);
    }
    const modulusBytes = Math.ceil(this.algorithm.modulusLength / 8);
    if (options.padding === 'pss') {
      const parameter = { type: CK_PARAMS_RSA_PSS, hashAlg: hash.mechanism, mgf: hash.mgf, saltLen: hash.length };
      return this.signer.signRaw({ mechanism: CKM_RSA_PKCS_PSS, parameter }, digest, modulusBytes);
    }
    const digestInfo = Buffer.concat([Buffer.from(hash.digestInfoPrefix, 'hex'), digest]);
    return this.signer.signRaw({ mechanism: CKM_RSA_PKCS }, digestInfo, modulusBytes);
  }
}
