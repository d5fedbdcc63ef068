/**
 * The crypto core, a leaf every feature imports: the registry of hashes and signature algorithms (names, OIDs, Node
 * names, PKCS#11 mechanisms), key algorithms and curves, the small DER module of the hot path, signature checks
 * and file-key signing by node:crypto, and the SigningKey interface keys and tokens implement.
 * An algorithm is added by adding its entry (and, where Node has none, its implementation) here.
 */
export { HASHES, SIGNING_HASHES, digest, hashByOid, hashSpec, isSigningHash, parseHashName, type HashName, type HashParameters, type HashSpec, type Hasher, type SigningHashName } from './hashes';
export {
  CURVES,
  KEY_ALGORITHM_NAMES,
  curveByOid,
  oidOfCurveParams,
  defaultHashFor,
  isKeyAlgorithmName,
  keyAlgorithmFromName,
  keyAlgorithmName,
  keyAlgorithmOf,
  spkiOfKey,
  type CurveSpec,
  type KeyAlgorithm,
  type KeyAlgorithmName,
  type NamedCurve,
} from './key-algorithms';
export {
  SCHEME_KEY_KIND,
  decodeSignatureAlgorithm,
  decodeSignatureAlgorithmIdentifier,
  describeSignatureAlgorithm,
  encodeSignatureAlgorithm,
  signatureAlgorithmFor,
  splitAlgorithmIdentifier,
  x509SignatureValue,
  signatureFromX509Value,
  type SignatureAlgorithm,
  type SignatureScheme,
} from './signature-algorithms';
export { createSignatureCheck, signWithPrivateKey, verifySignature, type SignatureCheck } from './signature-check';
export { verificationKeyFromSpki, keyAlgorithmOfSpki, hashParametersOf, type VerificationKey } from './verification-key';
export { privateKeyFromPkcs8, privateKeyIsConsistent, pkcs8OfPrivateKey, spkiOfPrivateKey, algorithmOfPrivateKey, generatePrivateKey, destroyPrivateKey, type PrivateKey } from './private-key';
export { digestInfo } from './digest-info';
export { ecdsaRawToDer } from './ecdsa-signature';
export { certificateSpki } from './certificate-spki';
export { assertSaneDer, type DerGuardOptions } from './der-guard';
export type { SigningKey } from './signing-key';
export { contentHashFor } from './content-hash';
