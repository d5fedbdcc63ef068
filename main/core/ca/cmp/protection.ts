import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { HASHES, hashByOid } from '../../crypto';
import { children, contentBytes, integerValue, malformed } from './asn1';

export const OID_PASSWORD_BASED_MAC = '1.2.840.113533.7.66.13';

const HMACS: Record<string, string> = {
  '1.3.6.1.5.5.8.1.2': 'sha1',
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};
/** Bounds what a peer may make us compute. */
const MAX_ITERATIONS = 100_000;
const DEFAULT_ITERATIONS = 10_000;

/** A fresh PasswordBasedMac AlgorithmIdentifier: random salt, SHA-256 OWF, HMAC-SHA256. */
export function newPasswordBasedMac(iterationCount = DEFAULT_ITERATIONS): pkijs.AlgorithmIdentifier {
  const params = new asn1js.Sequence({
    value: [
      new asn1js.OctetString({ valueHex: crypto.randomBytes(16) }),
      new pkijs.AlgorithmIdentifier({ algorithmId: HASHES['SHA-256'].oid }).toSchema(),
      new asn1js.Integer({ value: iterationCount }),
      new pkijs.AlgorithmIdentifier({ algorithmId: '1.2.840.113549.2.9', algorithmParams: new asn1js.Null() }).toSchema(),
    ],
  });
  return new pkijs.AlgorithmIdentifier({ algorithmId: OID_PASSWORD_BASED_MAC, algorithmParams: params });
}

/**
 * RFC 4210 §5.1.3.1 PasswordBasedMac over `data`: key = OWF iterated `iterationCount` times over
 * secret ‖ salt, then the MAC algorithm with that key.
 */
export function passwordBasedMac(algorithm: pkijs.AlgorithmIdentifier, secret: Uint8Array, data: Uint8Array): Uint8Array {
  if (algorithm.algorithmId !== OID_PASSWORD_BASED_MAC) throw malformed('protection', `not PasswordBasedMac (${algorithm.algorithmId})`);
  const [salt, owf, iterations, mac] = children(algorithm.algorithmParams as asn1js.AsnType);
  if (!(salt instanceof asn1js.OctetString) || !owf || !mac) throw malformed('protection', 'bad PBMParameter');
  const owfHash = hashByOid(new pkijs.AlgorithmIdentifier({ schema: owf }).algorithmId)?.nodeName;
  const macHash = HMACS[new pkijs.AlgorithmIdentifier({ schema: mac }).algorithmId];
  const count = integerValue(iterations, 'PBMParameter.iterationCount');
  if (!owfHash || !macHash) throw malformed('protection', 'unsupported PBM algorithms');
  if (count < 1 || count > MAX_ITERATIONS) throw malformed('protection', `PBM iteration count ${count} out of range`);
  let key = crypto.createHash(owfHash).update(secret).update(contentBytes(salt)).digest();
  for (let i = 1; i < count; i++) key = crypto.createHash(owfHash).update(key).digest();
  return new Uint8Array(crypto.createHmac(macHash, key).update(data).digest());
}

export function verifyPasswordBasedMac(algorithm: pkijs.AlgorithmIdentifier, secret: Uint8Array, data: Uint8Array, protection: Uint8Array): boolean {
  const expected = passwordBasedMac(algorithm, secret, data);
  return expected.length === protection.length && crypto.timingSafeEqual(expected, protection);
}
