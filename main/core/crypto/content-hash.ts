import { SigndeskError } from '../../../preload/contract/errors';
import type { SigningHashName } from './hashes';
import { defaultHashFor, type KeyAlgorithm } from './key-algorithms';
import { hashParametersOf, verificationKeyFromSpki } from './verification-key';

/**
 * The hash a new signature over a document uses: the one asked for, else the key's own. Files are hashed (in worker
 * threads, before the key signs) with GOST 34.311's standard S-box; a DSTU key whose certificate names another S-box
 * therefore signs documents with Kupyna-256 unless GOST 34.311 is asked for, which is refused rather than made wrong.
 */
export function contentHashFor(key: { algorithm: KeyAlgorithm; publicKeySpki: Uint8Array }, asked?: SigningHashName | null): SigningHashName {
  const hash = asked ?? defaultHashFor(key.algorithm);
  if (hash !== 'GOST34311' || key.algorithm.kind !== 'DSTU4145') return hash;
  if (!hashParametersOf(verificationKeyFromSpki(key.publicKeySpki)).sbox) return hash;
  if (!asked) return 'KUPYNA-256';
  throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', 'This DSTU key’s certificate names its own GOST 34.311 S-box: sign with Kupyna (--hash KUPYNA-256)');
}
