import { SigndeskError } from '../../../preload/contract/errors';
import {
  SCHEME_KEY_KIND,
  algorithmOfPrivateKey,
  describeSignatureAlgorithm,
  destroyPrivateKey,
  signWithPrivateKey,
  spkiOfPrivateKey,
  type KeyAlgorithm,
  type PrivateKey,
  type SignatureAlgorithm,
  type SigningKey,
} from '../crypto';

/** A SigningKey over a private key held in this process: a file key once its password opened it. */
export class SoftwareSigningKey implements SigningKey {
  readonly algorithm: KeyAlgorithm;
  readonly publicKeySpki: Uint8Array;
  private closed = false;

  constructor(
    readonly ref: string,
    private readonly privateKey: PrivateKey,
    readonly certificate?: Uint8Array,
    readonly chain?: readonly Uint8Array[],
  ) {
    this.algorithm = algorithmOfPrivateKey(privateKey);
    this.publicKeySpki = spkiOfPrivateKey(privateKey);
  }

  async sign(toBeSigned: Uint8Array, algorithm: SignatureAlgorithm): Promise<Uint8Array> {
    if (this.closed) throw new SigndeskError('ERR_PASSWORD_REQUIRED', 'This key was closed: open it again with its password');
    if (SCHEME_KEY_KIND[algorithm.scheme] !== this.algorithm.kind) {
      throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `A ${this.algorithm.kind} key cannot make a ${describeSignatureAlgorithm(algorithm)} signature`);
    }
    return signWithPrivateKey(algorithm, this.privateKey, toBeSigned);
  }

  /** Wipes what can be wiped of the decrypted key (a DSTU scalar); the key cannot sign afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    destroyPrivateKey(this.privateKey);
  }
}
