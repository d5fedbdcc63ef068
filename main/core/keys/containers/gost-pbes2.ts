import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import { SigndeskError } from '../../../../preload/contract/errors';
import { assertSaneDer } from '../../crypto/der-guard';
import { DSTU_DEFAULT_DKE, DSTU_OIDS, Gost28147, pbkdf2Gost34311 } from '../../crypto/dstu';
import { ContainerDer, der } from './container-der';
import { checkIterations, CONTAINER_LIMITS, wrongPassword } from './container-limits';
import { passwordCandidates } from './password-encodings';

const PBES2 = '1.2.840.113549.1.5.13';
const PBKDF2 = '1.2.840.113549.1.5.12';

/** Iterations of the GOST PBES2 we write (what IIT and Ukrainian CAs use). */
export const GOST_PBES2_ITERATIONS = 10_000;

interface GostPbes2Parameters {
  salt: Uint8Array;
  iterations: number;
  iv: Uint8Array;
  dke: Uint8Array;
}

function readParameters(algorithmIdentifier: Uint8Array): GostPbes2Parameters | undefined {
  const reader = new ContainerDer('PBES2');
  const [oidNode, paramsNode] = reader.items(reader.parse(algorithmIdentifier, 'algorithm'), 'AlgorithmIdentifier');
  if (reader.oid(oidNode, 'algorithm') !== PBES2) return undefined;
  const [kdf, scheme] = reader.items(paramsNode, 'PBES2-params');
  const [schemeOid, schemeParams] = reader.items(scheme, 'encryptionScheme');
  if (reader.oid(schemeOid, 'encryptionScheme') !== DSTU_OIDS.gost28147Cfb) return undefined;
  const [kdfOid, kdfParams] = reader.items(kdf, 'keyDerivationFunc');
  if (reader.oid(kdfOid, 'keyDerivationFunc') !== PBKDF2) throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', 'GOST PBES2 without PBKDF2 is not supported');
  const params = reader.items(kdfParams, 'PBKDF2-params');
  const salt = reader.octets(params[0], 'PBKDF2 salt');
  if (salt.length === 0 || salt.length > CONTAINER_LIMITS.maxSaltBytes) reader.fail(`salt of ${salt.length} bytes`);
  const iterations = checkIterations('PBES2', reader.integer(params[1], 'PBKDF2 iterations'), CONTAINER_LIMITS.maxGostIterations);
  let index = 2;
  if (params[index] instanceof asn1js.Integer && reader.integer(params[index++], 'PBKDF2 key length', 1024) !== 32) reader.fail('GOST 28147 keys have 32 bytes');
  const prf = params[index] === undefined ? undefined : reader.oid(reader.items(params[index], 'PBKDF2 prf')[0], 'PBKDF2 prf');
  if (prf !== DSTU_OIDS.hmacGost34311) throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `GOST PBES2 with PRF ${prf ?? 'HMAC-SHA1'} is not supported`);
  const cipherParams = reader.items(schemeParams, 'GOST 28147 parameters');
  const iv = reader.octets(cipherParams[0], 'IV');
  if (iv.length !== 8) reader.fail(`IV of ${iv.length} bytes`);
  const dke = cipherParams[1] === undefined ? DSTU_DEFAULT_DKE : reader.octets(cipherParams[1], 'DKE');
  if (dke.length !== 64) reader.fail(`DKE of ${dke.length} bytes`);
  return { salt, iterations, iv, dke };
}

/**
 * Whether an AlgorithmIdentifier (DER) is PBES2 with GOST 28147-CFB, the Ukrainian profile (by its OIDs
 * only; the parameters are checked when decrypting).
 */
export function isGostPbes2(algorithmIdentifier: Uint8Array): boolean {
  try {
    const reader = new ContainerDer('PBES2');
    const [oidNode, paramsNode] = reader.items(reader.parse(algorithmIdentifier, 'algorithm'), 'AlgorithmIdentifier');
    if (reader.oid(oidNode, 'algorithm') !== PBES2) return false;
    const [, scheme] = reader.items(paramsNode, 'PBES2-params');
    return reader.oid(reader.items(scheme, 'encryptionScheme')[0], 'encryptionScheme') === DSTU_OIDS.gost28147Cfb;
  } catch {
    return false;
  }
}

/** The iteration count a GOST PBES2 AlgorithmIdentifier asks for (for a caller's work budget). */
export function gostPbes2Iterations(algorithmIdentifier: Uint8Array): number {
  return readParameters(algorithmIdentifier)?.iterations ?? 0;
}

function wholeDerElement(plain: Uint8Array): boolean {
  try {
    assertSaneDer(plain, { code: 'ERR_PASSWORD_INCORRECT', what: 'decrypted data' });
    return plain[0] === 0x30;
  } catch {
    return false;
  }
}

/**
 * Decrypts data protected by the Ukrainian PBES2 profile: PBKDF2 with HMAC-GOST34311
 * (1.2.804.2.1.1.1.1.1.2), GOST 28147-89 in CFB mode (1.2.804.2.1.1.1.1.1.1.3) with the IV and the S-box
 * (DKE) in its parameters. CFB has no padding to check, so the password is judged by the result: it
 * must be one whole DER SEQUENCE (or pass `accept`); a non-ASCII password is also tried as cp1251.
 * Wrong password → ERR_PASSWORD_INCORRECT; not this profile or bad parameters → ERR_KEY_ALGORITHM_UNSUPPORTED
 * or ERR_KEY_FILE_CORRUPT.
 */
export function decryptGostPbes2(algorithmIdentifier: Uint8Array, ciphertext: Uint8Array, password: string, accept: (plain: Uint8Array) => boolean = wholeDerElement): Uint8Array {
  const params = readParameters(algorithmIdentifier);
  if (!params) throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', 'Not a GOST 28147 PBES2 algorithm');
  if (ciphertext.length === 0 || ciphertext.length > CONTAINER_LIMITS.maxBytes) throw new SigndeskError('ERR_KEY_FILE_CORRUPT', 'The encrypted key has an implausible length');
  for (const secret of passwordCandidates(password)) {
    const key = pbkdf2Gost34311(secret, params.salt, params.iterations, 32);
    const cipher = new Gost28147(key, params.dke);
    key.fill(0);
    const plain = cipher.decryptCfb(params.iv, ciphertext);
    cipher.destroy();
    if (accept(plain)) return plain;
    plain.fill(0);
  }
  throw wrongPassword();
}

export interface GostPbes2Options {
  iterations?: number;
  salt?: Uint8Array;
  iv?: Uint8Array;
  dke?: Uint8Array;
}

/**
 * Encrypts with the Ukrainian PBES2 profile (32-byte salt, 10,000 iterations, default DKE unless given),
 * as IIT and jkurwa write it. Returns the AlgorithmIdentifier DER and the ciphertext.
 */
export function encryptGostPbes2(plaintext: Uint8Array, password: string, options: GostPbes2Options = {}): { algorithmIdentifier: Uint8Array; ciphertext: Uint8Array } {
  const salt = options.salt ?? new Uint8Array(crypto.randomBytes(32));
  const iv = options.iv ?? new Uint8Array(crypto.randomBytes(8));
  const dke = options.dke ?? DSTU_DEFAULT_DKE;
  const iterations = checkIterations('PBES2', options.iterations ?? GOST_PBES2_ITERATIONS, CONTAINER_LIMITS.maxGostIterations);
  const key = pbkdf2Gost34311(new Uint8Array(Buffer.from(password, 'utf8')), salt, iterations, 32);
  const cipher = new Gost28147(key, dke);
  key.fill(0);
  const ciphertext = cipher.encryptCfb(iv, plaintext);
  cipher.destroy();
  const algorithmIdentifier = der(
    new asn1js.Sequence({
      value: [
        new asn1js.ObjectIdentifier({ value: PBES2 }),
        new asn1js.Sequence({
          value: [
            new asn1js.Sequence({
              value: [
                new asn1js.ObjectIdentifier({ value: PBKDF2 }),
                new asn1js.Sequence({
                  value: [
                    new asn1js.OctetString({ valueHex: salt }),
                    new asn1js.Integer({ value: iterations }),
                    new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: DSTU_OIDS.hmacGost34311 }), new asn1js.Null()] }),
                  ],
                }),
              ],
            }),
            new asn1js.Sequence({
              value: [
                new asn1js.ObjectIdentifier({ value: DSTU_OIDS.gost28147Cfb }),
                new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: iv }), new asn1js.OctetString({ valueHex: dke })] }),
              ],
            }),
          ],
        }),
      ],
    }),
  );
  return { algorithmIdentifier, ciphertext };
}
