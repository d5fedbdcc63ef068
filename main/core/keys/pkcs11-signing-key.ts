import type { Mechanism } from 'pkcs11js';
import { SigndeskError } from '../../../preload/contract/errors';
import {
  SCHEME_KEY_KIND,
  describeSignatureAlgorithm,
  digest,
  digestInfo,
  ecdsaRawToDer,
  hashSpec,
  type KeyAlgorithm,
  type SignatureAlgorithm,
  type SigningKey,
} from '../crypto';
import { CK_PARAMS_RSA_PSS, CKM_ECDSA, CKM_EDDSA, CKM_RSA_PKCS, CKM_RSA_PKCS_PSS, type OpenedTokenKey } from '../token';

/**
 * A private key that stays on a PKCS#11 token. The host hashes the bytes to be signed (software tokens and cards
 * rarely offer every combined mechanism); the token gets CKM_ECDSA over the digest, CKM_RSA_PKCS over a DigestInfo,
 * CKM_RSA_PKCS_PSS over the digest with its parameters, or CKM_EDDSA over the message itself.
 */
export class Pkcs11SigningKey implements SigningKey {
  readonly ref: string;
  readonly algorithm: KeyAlgorithm;
  readonly publicKeySpki: Uint8Array;
  readonly certificate?: Uint8Array;
  readonly chain?: readonly Uint8Array[];

  constructor(private readonly token: OpenedTokenKey) {
    this.ref = token.uri;
    this.algorithm = token.algorithm;
    this.publicKeySpki = token.publicKeySpki;
    if (token.certificate) this.certificate = token.certificate;
  }

  async sign(toBeSigned: Uint8Array, algorithm: SignatureAlgorithm): Promise<Uint8Array> {
    if (SCHEME_KEY_KIND[algorithm.scheme] !== this.algorithm.kind) {
      throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `A ${this.algorithm.kind} key cannot make a ${describeSignatureAlgorithm(algorithm)} signature`);
    }
    switch (algorithm.scheme) {
      case 'ecdsa':
        return ecdsaRawToDer(await this.token.signRaw({ mechanism: CKM_ECDSA }, digest(algorithm.hash, toBeSigned), 2 * 66));
      case 'rsa-pkcs1':
        return this.token.signRaw({ mechanism: CKM_RSA_PKCS }, digestInfo(algorithm.hash, digest(algorithm.hash, toBeSigned)), this.modulusBytes());
      case 'rsa-pss': {
        const hash = hashSpec(algorithm.hash).pkcs11;
        const mgf = hashSpec(algorithm.mgf1Hash).pkcs11;
        if (!hash || !mgf) throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `A token cannot be told to use ${algorithm.hash} for RSASSA-PSS`);
        const mechanism = { mechanism: CKM_RSA_PKCS_PSS, parameter: { type: CK_PARAMS_RSA_PSS, hashAlg: hash.mechanism, mgf: mgf.mgf1, saltLen: algorithm.saltLength } } as Mechanism;
        return this.token.signRaw(mechanism, digest(algorithm.hash, toBeSigned), this.modulusBytes());
      }
      case 'ed25519':
      case 'ed448':
        return this.token.signRaw({ mechanism: CKM_EDDSA }, toBeSigned, 114);
      case 'dstu4145':
        // PKCS#11 has no standard DSTU 4145 mechanism: each Ukrainian token vendor defines its own.
        throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', 'DSTU 4145 keys on a PKCS#11 token are not supported yet: the vendor mechanisms are not standard');
    }
  }

  close(): Promise<void> {
    return this.token.close();
  }

  private modulusBytes(): number {
    return this.algorithm.kind === 'RSA' ? Math.ceil(this.algorithm.modulusLength / 8) : 0;
  }
}
