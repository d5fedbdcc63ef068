import crypto from 'node:crypto';
import { DstuPrivateKey, DstuPublicKey, isDstu4145Oid } from '../../crypto/dstu';
import { decodeCertificate, keyUsageOf } from '../../pki/certificate';
import { ContainerDer, der } from './container-der';
import type { ContainerKey, KeyRole } from './container-types';

type PublicKeyMatcher = (spki: Uint8Array) => boolean;

/** A predicate telling whether a certificate's SubjectPublicKeyInfo is this private key's public key. */
function matcherFor(privateKeyInfo: Uint8Array): PublicKeyMatcher | undefined {
  const reader = new ContainerDer('key');
  try {
    const [, algorithm] = reader.items(reader.parse(privateKeyInfo, 'private key'), 'PrivateKeyInfo');
    const oid = reader.oid(reader.items(algorithm, 'AlgorithmIdentifier')[0], 'algorithm');
    if (isDstu4145Oid(oid)) {
      const key = DstuPrivateKey.fromPkcs8(privateKeyInfo, { code: 'ERR_KEY_FILE_CORRUPT' });
      const publicKey = key.publicKey;
      key.destroy();
      return (spki) => {
        try {
          return DstuPublicKey.fromSpki(spki).equals(publicKey);
        } catch {
          return false;
        }
      };
    }
    const ours = crypto.createPublicKey(crypto.createPrivateKey({ key: Buffer.from(privateKeyInfo), format: 'der', type: 'pkcs8' })).export({ type: 'spki', format: 'der' });
    return (spki) => {
      try {
        return crypto.createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }).export({ type: 'spki', format: 'der' }).equals(ours);
      } catch {
        return false;
      }
    };
  } catch {
    return undefined;
  }
}

interface CertificateFacts {
  der: Uint8Array;
  spki: Uint8Array;
  role: KeyRole;
}

function certificateFacts(certificate: Uint8Array): CertificateFacts | undefined {
  try {
    const parsed = decodeCertificate(certificate);
    const usage = keyUsageOf(parsed.extensions?.find((extension) => extension.extnID === '2.5.29.15')) ?? [];
    const signs = usage.includes('digitalSignature') || usage.includes('nonRepudiation');
    const encrypts = usage.includes('keyAgreement') || usage.includes('keyEncipherment') || usage.includes('dataEncipherment');
    const role: KeyRole = signs ? 'signing' : encrypts ? 'encryption' : 'unknown';
    return { der: certificate, spki: der(parsed.subjectPublicKeyInfo.toSchema()), role };
  } catch {
    return undefined;
  }
}

/**
 * Pairs keys with the container's certificates by public key and takes each key's role from its
 * certificate's key usage (digital signature or non-repudiation → signing; key agreement or
 * encipherment only → encryption). Keys without a certificate keep what the container said.
 */
export function assignRolesFromCertificates(keys: ContainerKey[], certificates: Uint8Array[]): ContainerKey[] {
  const facts = certificates.map(certificateFacts).filter((fact): fact is CertificateFacts => fact !== undefined);
  return keys.map((key) => {
    const matches = matcherFor(key.privateKeyInfo);
    const own = matches ? facts.filter((fact) => matches(fact.spki)) : [];
    if (own.length === 0) return key;
    const role = own.find((fact) => fact.role === 'signing')?.role ?? own[0].role;
    const certificatesOfKey = [...own.map((fact) => fact.der), ...(key.certificates ?? []).filter((cert) => !own.some((fact) => Buffer.from(fact.der).equals(cert)))];
    return role === 'unknown'
      ? { ...key, certificates: certificatesOfKey }
      : { ...key, certificates: certificatesOfKey, role, roleReason: `the key usage of its certificate (${role})` };
  });
}

/**
 * When a container holds several DSTU keys and nothing else tells them apart, IIT's convention: the
 * first is the signing key, the others key-agreement keys.
 */
export function assignRolesByPosition(keys: ContainerKey[]): ContainerKey[] {
  const unknown = keys.filter((key) => (key.role ?? 'unknown') === 'unknown');
  if (unknown.length < 2 || keys.some((key) => key.role === 'signing')) return keys;
  let first = true;
  return keys.map((key) => {
    if ((key.role ?? 'unknown') !== 'unknown') return key;
    const role: KeyRole = first ? 'signing' : 'encryption';
    first = false;
    return { ...key, role, roleReason: 'IIT writes the signing key first and the key-agreement key after it (no certificate in the file to say otherwise)' };
  });
}
