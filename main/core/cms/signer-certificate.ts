import crypto from 'node:crypto';
import type * as pkijs from 'pkijs';
import { SigndeskError } from '../../../preload/contract/errors';
import { certificateSpki, digest, hashSpec, type HashName } from '../crypto';
import { algorithmIdentifier, contextConstructed, octetString, sequence } from '../crypto/der';
import { decodeCertificate } from '../pki/certificate';
import { nameDer } from '../pki/dn';

/** What signing needs from a signer certificate, computed once per certificate and reused for every file. */
export interface SignerCertificate {
  der: Uint8Array;
  certificate: pkijs.Certificate;
  /** IssuerAndSerialNumber DER (the SignerIdentifier). */
  issuerAndSerial: Uint8Array;
  /** SubjectPublicKeyInfo DER. */
  spki: Uint8Array;
  /** The SigningCertificateV2 attribute value (DER) for a certHash algorithm. */
  signingCertificateV2(hash: HashName): Uint8Array;
}

const byIdentity = new WeakMap<Uint8Array, SignerCertificate>();
const byContent = new Map<string, SignerCertificate>();
const MAX_CACHED = 64;

export function signerCertificate(der: Uint8Array): SignerCertificate {
  const known = byIdentity.get(der);
  if (known) return known;
  const contentKey = crypto.createHash('sha256').update(der).digest('base64');
  let entry = byContent.get(contentKey);
  if (!entry) {
    entry = build(der);
    if (byContent.size >= MAX_CACHED) byContent.delete(byContent.keys().next().value as string);
    byContent.set(contentKey, entry);
  }
  byIdentity.set(der, entry);
  return entry;
}

function build(der: Uint8Array): SignerCertificate {
  const certificate = decodeCertificate(der);
  const issuer = nameDer(certificate.issuer);
  const serialView = certificate.serialNumber.valueBeforeDecodeView;
  const serial = serialView.length > 0 ? new Uint8Array(serialView) : new Uint8Array(certificate.serialNumber.toBER());
  const issuerAndSerial = sequence(issuer, serial);
  // IssuerSerial ::= SEQUENCE { issuer GeneralNames (one directoryName [4]), serialNumber }
  const issuerSerial = sequence(sequence(contextConstructed(4, issuer)), serial);
  const values = new Map<HashName, Uint8Array>();
  return {
    der,
    certificate,
    issuerAndSerial,
    spki: certificateSpki(der),
    signingCertificateV2(hash) {
      let value = values.get(hash);
      if (!value) {
        const certHash = octetString(digest(hash, der));
        // ESSCertIDv2: hashAlgorithm DEFAULT sha256 is omitted for SHA-256 (DER forbids encoding a default).
        const essCertIdV2 = hash === 'SHA-256' ? sequence(certHash, issuerSerial) : sequence(algorithmIdentifier(hashSpec(hash).oid), certHash, issuerSerial);
        value = sequence(sequence(essCertIdV2));
        values.set(hash, value);
      }
      return value;
    },
  };
}

/** Throws ERR_CERT_KEY_MISMATCH unless the certificate carries the key's public key. */
export function assertCertificateMatchesKey(certificate: SignerCertificate, publicKeySpki: Uint8Array): void {
  if (matchedKeys.get(certificate)?.has(publicKeySpki)) return;
  if (!sameKey(certificate.spki, publicKeySpki)) {
    throw new SigndeskError('ERR_CERT_KEY_MISMATCH', 'The certificate does not belong to the signing key');
  }
  let set = matchedKeys.get(certificate);
  if (!set) matchedKeys.set(certificate, (set = new WeakSet()));
  set.add(publicKeySpki);
}

const matchedKeys = new WeakMap<SignerCertificate, WeakSet<Uint8Array>>();

function sameKey(a: Uint8Array, b: Uint8Array): boolean {
  if (Buffer.from(a).equals(Buffer.from(b))) return true;
  try {
    const left = crypto.createPublicKey({ key: Buffer.from(a), format: 'der', type: 'spki' }).export({ format: 'jwk' });
    const right = crypto.createPublicKey({ key: Buffer.from(b), format: 'der', type: 'spki' }).export({ format: 'jwk' });
    return JSON.stringify(left) === JSON.stringify(right);
  } catch {
    return false;
  }
}

/** The given DER certificates without duplicates, in order. */
export function uniqueCertificates(certificates: readonly Uint8Array[]): Uint8Array[] {
  const seen = new Set<string>();
  const unique: Uint8Array[] = [];
  for (const cert of certificates) {
    const key = Buffer.from(cert).toString('base64');
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(cert);
  }
  return unique;
}
