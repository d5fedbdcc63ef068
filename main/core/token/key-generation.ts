import crypto from 'node:crypto';
import type { PKCS11, Template } from 'pkcs11js';
import { SigndeskError } from '../../../preload/contract/errors';
import type { KeyAlgorithm } from '../crypto';
import {
  CKA_ALWAYS_AUTHENTICATE,
  CKA_ALWAYS_SENSITIVE,
  CKA_CLASS,
  CKA_DECRYPT,
  CKA_EC_PARAMS,
  CKA_EC_POINT,
  CKA_EXTRACTABLE,
  CKA_ID,
  CKA_KEY_TYPE,
  CKA_LABEL,
  CKA_MODULUS,
  CKA_MODULUS_BITS,
  CKA_NEVER_EXTRACTABLE,
  CKA_PRIVATE,
  CKA_PUBLIC_EXPONENT,
  CKA_SENSITIVE,
  CKA_SIGN,
  CKA_TOKEN,
  CKA_VERIFY,
  CKK_EC,
  CKK_RSA,
  CKM_EC_KEY_PAIR_GEN,
  CKM_RSA_PKCS_KEY_PAIR_GEN,
  CKO_PRIVATE_KEY,
  CKO_PUBLIC_KEY,
} from './pkcs11-constants';
import { ecParamsFor, spkiFromEcPoint, spkiFromRsa } from './public-key';
import { readAttributes, readBoolean } from './token-objects';

export interface KeyPairSpec {
  algorithm: KeyAlgorithm;
  label: string;
  /** Demand a fresh login (CKU_CONTEXT_SPECIFIC) before each signature. */
  alwaysAuthenticate?: boolean;
}

export interface GeneratedKeyPair {
  /** CKA_ID shared by both halves, hex. */
  id: string;
  publicKeySpki: Uint8Array;
  privateKey: Buffer;
  publicKey: Buffer;
}

/**
 * Call inside a module task with a logged-in R/W session. Generates the pair on the token, non-extractable, and
 * refuses it (destroying both halves) unless the token confirms it was always sensitive and never extractable.
 */
export async function generateKeyPairOnToken(library: PKCS11, session: Buffer, spec: KeyPairSpec): Promise<GeneratedKeyPair> {
  if (spec.algorithm.kind !== 'EC' && spec.algorithm.kind !== 'RSA') {
    throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `Keys of type ${spec.algorithm.kind} cannot be generated on a token here`);
  }
  const algorithm = spec.algorithm;
  const id = crypto.randomBytes(20);
  const common: Template = [
    { type: CKA_TOKEN, value: true },
    { type: CKA_LABEL, value: spec.label },
    { type: CKA_ID, value: id },
  ];
  const isEc = algorithm.kind === 'EC';
  const publicTemplate: Template = [
    { type: CKA_CLASS, value: CKO_PUBLIC_KEY },
    { type: CKA_KEY_TYPE, value: isEc ? CKK_EC : CKK_RSA },
    ...common,
    { type: CKA_PRIVATE, value: false },
    { type: CKA_VERIFY, value: true },
    ...(algorithm.kind === 'EC'
      ? [{ type: CKA_EC_PARAMS, value: ecParamsFor(algorithm.namedCurve) }]
      : [
          { type: CKA_MODULUS_BITS, value: algorithm.modulusLength },
          { type: CKA_PUBLIC_EXPONENT, value: Buffer.from([0x01, 0x00, 0x01]) },
        ]),
  ];
  const privateTemplate: Template = [
    { type: CKA_CLASS, value: CKO_PRIVATE_KEY },
    { type: CKA_KEY_TYPE, value: isEc ? CKK_EC : CKK_RSA },
    ...common,
    { type: CKA_PRIVATE, value: true },
    { type: CKA_SENSITIVE, value: true },
    { type: CKA_EXTRACTABLE, value: false },
    { type: CKA_SIGN, value: true },
    ...(isEc ? [] : [{ type: CKA_DECRYPT, value: false }]),
    ...(spec.alwaysAuthenticate ? [{ type: CKA_ALWAYS_AUTHENTICATE, value: true }] : []),
  ];
  const mechanism = { mechanism: isEc ? CKM_EC_KEY_PAIR_GEN : CKM_RSA_PKCS_KEY_PAIR_GEN };
  const pair = await library.C_GenerateKeyPairAsync(session, mechanism, publicTemplate, privateTemplate);

  const protection = readAttributes(library, session, pair.privateKey, [CKA_ALWAYS_SENSITIVE, CKA_NEVER_EXTRACTABLE, CKA_SENSITIVE, CKA_EXTRACTABLE]);
  const secure =
    readBoolean(protection.get(CKA_ALWAYS_SENSITIVE)) === true &&
    readBoolean(protection.get(CKA_NEVER_EXTRACTABLE)) === true &&
    readBoolean(protection.get(CKA_SENSITIVE)) === true &&
    readBoolean(protection.get(CKA_EXTRACTABLE)) === false;
  if (!secure) {
    library.C_DestroyObject(session, pair.privateKey);
    library.C_DestroyObject(session, pair.publicKey);
    throw new SigndeskError('ERR_KEY_NOT_SECURE', 'The token did not keep the new key always sensitive and never extractable; it was deleted', {
      alwaysSensitive: readBoolean(protection.get(CKA_ALWAYS_SENSITIVE)) ?? null,
      neverExtractable: readBoolean(protection.get(CKA_NEVER_EXTRACTABLE)) ?? null,
    });
  }

  let publicKeySpki: Uint8Array;
  if (algorithm.kind === 'EC') {
    const point = readAttributes(library, session, pair.publicKey, [CKA_EC_POINT]).get(CKA_EC_POINT);
    if (!point) throw new SigndeskError('ERR_PKCS11', 'The token returned no CKA_EC_POINT for the new key');
    publicKeySpki = spkiFromEcPoint(algorithm.namedCurve, point);
  } else {
    const values = readAttributes(library, session, pair.publicKey, [CKA_MODULUS, CKA_PUBLIC_EXPONENT]);
    const modulus = values.get(CKA_MODULUS);
    const exponent = values.get(CKA_PUBLIC_EXPONENT);
    if (!modulus || !exponent) throw new SigndeskError('ERR_PKCS11', 'The token returned no RSA modulus for the new key');
    publicKeySpki = spkiFromRsa(modulus, exponent);
  }
  return { id: id.toString('hex'), publicKeySpki, privateKey: pair.privateKey, publicKey: pair.publicKey };
}
