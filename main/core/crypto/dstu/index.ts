/**
 * Ukrainian national cryptography: DSTU 4145-2002 signatures over the standard's polynomial-basis curves,
 * the GOST 34.311-95 and DSTU 7564 (Kupyna) hashes, and GOST 28147-89 with HMAC/PBKDF2 over GOST 34.311
 * for key containers. No big-integer type: binary-field and scalar arithmetic run on fixed-width word arrays.
 */
export { DSTU_OIDS, dstuByteOrder, isDstu4145Oid, type DstuByteOrder } from './dstu-oids';
export { DSTU_DEFAULT_DKE, expandSbox, packSbox, type ExpandedSbox } from './gost-sbox';
export { Gost28147 } from './gost28147';
export { Gost34311, gost34311 } from './gost34311';
export { HmacGost34311, hmacGost34311 } from './hmac-gost34311';
export { pbkdf2Gost34311, PBKDF2_GOST_MAX_ITERATIONS } from './pbkdf2-gost34311';
export { Kupyna, kupyna, type KupynaBits } from './kupyna';
export { createDstuDigest, dstuDigest, dstuDigestByOid, dstuDigestOid, type DstuDigestName, type StreamingDigest } from './dstu-digest';
export { DstuCurve, DSTU_CURVE_NAMES, dstuCurveByName, dstuCurveByOid, dstuCurveFromExplicit, type DstuCurveName, type ExplicitCurve } from './dstu-curve';
export { encodeDstuParameters, parseDstuParameters, type DstuParameters } from './dstu-params';
export { DstuPublicKey, type DstuVerifyFailure } from './dstu-public-key';
export { DstuPrivateKey, type DstuPkcs8Options, type DstuPrivateKeyEncoding } from './dstu-private-key';
export { decodeDstuSignature, encodeDstuSignature, unwrapSignatureOctetString, wrapSignatureOctetString } from './dstu-signature';
export { signDstuMessage, verifyDstuMessage, type DstuMessageOptions } from './dstu-message';
