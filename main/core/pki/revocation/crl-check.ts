import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { compareCrlNumbers, crlNumberExtension } from './crl-number';
import { SigndeskError } from '../../../../preload/contract/errors';
import { spkiOf } from '../certificate';
import { pemBlocks } from '../certificate-input';
import { namesEqual } from '../dn';
import { CLOCK_SKEW_MS } from './ocsp-response';
import { reasonName, type RevocationReason } from './revocation-types';
import { verifyObjectSignature } from '../object-signature';
import { decodeBer } from '../ber';

const OID_CRL_NUMBER = '2.5.29.20';
const OID_DELTA_CRL_INDICATOR = '2.5.29.27';
const OID_REASON_CODE = '2.5.29.21';

export interface CrlAnswer {
  status: 'good' | 'revoked';
  revokedAt: Date | null;
  reason: RevocationReason | null;
  thisUpdate: Date;
  nextUpdate: Date | null;
}

const invalid = (message: string) => new SigndeskError('ERR_REVOCATION_UNKNOWN', `CRL rejected: ${message}`);

/** Parses a CRL from DER or PEM. */
export function decodeCrl(input: Uint8Array): pkijs.CertificateRevocationList {
  const der = pemBlocks(input, ['X509 CRL'])[0];
  try {
    if (!der) throw new Error('no CRL in the data');
    // A CRL can list hundreds of thousands of entries: limits scale with its size.
    const asn1 = decodeBer(der);
    if (asn1.offset === -1) throw new Error(asn1.error);
    return new pkijs.CertificateRevocationList({ schema: asn1.result });
  } catch (error) {
    throw invalid(`not a CRL (${(error as Error).message})`);
  }
}

export function isDeltaCrl(crl: pkijs.CertificateRevocationList): boolean {
  return crl.crlExtensions?.extensions.some((ext) => ext.extnID === OID_DELTA_CRL_INDICATOR) ?? false;
}

/**
 * RFC 5280 checks of one CRL: issued under the certificate issuer's name, signed by its key, and current
 * (thisUpdate not in the future, nextUpdate not passed).
 */
export function checkCrlAuthenticity(crl: pkijs.CertificateRevocationList, issuer: pkijs.Certificate, now: Date): void {
  if (!namesEqual(crl.issuer, issuer.subject)) throw invalid('issued by a different CA than the certificate');
  const signed = verifyObjectSignature(new Uint8Array(crl.tbsView), new Uint8Array(crl.signatureValue.valueBlock.valueHexView), crl.signature, spkiOf(issuer));
  if (!signed) throw invalid('bad signature');
  if (crl.thisUpdate.value.getTime() > now.getTime() + CLOCK_SKEW_MS) throw invalid('thisUpdate is in the future');
  if (crl.nextUpdate && crl.nextUpdate.value.getTime() < now.getTime() - CLOCK_SKEW_MS) {
    throw invalid(`expired (nextUpdate ${crl.nextUpdate.value.toISOString()})`);
  }
}

interface Entry {
  revokedAt: Date;
  reason: RevocationReason | null;
}

function findEntry(crl: pkijs.CertificateRevocationList, cert: pkijs.Certificate): Entry | undefined {
  const serial = Buffer.from(cert.serialNumber.valueBlock.valueHexView);
  const entry = crl.revokedCertificates?.find((candidate) => serial.equals(Buffer.from(candidate.userCertificate.valueBlock.valueHexView)));
  if (!entry) return undefined;
  const reasonExtension = entry.crlEntryExtensions?.extensions.find((ext) => ext.extnID === OID_REASON_CODE);
  let reason: RevocationReason | null = null;
  if (reasonExtension) {
    const value = asn1js.fromBER(reasonExtension.extnValue.valueBlock.valueHexView).result;
    if (value instanceof asn1js.Enumerated) reason = reasonName(value.valueBlock.valueDec);
  }
  return { revokedAt: entry.revocationDate.value, reason };
}

/**
 * The status of `cert` from a checked base CRL and, when given, a checked delta CRL that applies to it
 * (its BaseCRLNumber not newer than the base's cRLNumber). A delta entry removeFromCRL lifts a hold.
 */
export function statusFromCrls(cert: pkijs.Certificate, base: pkijs.CertificateRevocationList, delta?: pkijs.CertificateRevocationList): CrlAnswer {
  if (isDeltaCrl(base)) throw invalid('a delta CRL where a complete CRL was expected');
  let applicableDelta: pkijs.CertificateRevocationList | undefined;
  if (delta) {
    const baseNumber = crlNumberExtension(base, OID_CRL_NUMBER);
    const deltaBase = crlNumberExtension(delta, OID_DELTA_CRL_INDICATOR);
    if (baseNumber !== undefined && deltaBase !== undefined && compareCrlNumbers(deltaBase, baseNumber) <= 0) applicableDelta = delta;
  }
  const source = applicableDelta ?? base;
  const times = { thisUpdate: source.thisUpdate.value, nextUpdate: source.nextUpdate?.value ?? null };
  const deltaEntry = applicableDelta ? findEntry(applicableDelta, cert) : undefined;
  if (deltaEntry) {
    if (deltaEntry.reason === 'removeFromCRL') return { status: 'good', revokedAt: null, reason: null, ...times };
    return { status: 'revoked', ...deltaEntry, ...times };
  }
  const baseEntry = findEntry(base, cert);
  if (baseEntry && baseEntry.reason !== 'removeFromCRL') return { status: 'revoked', ...baseEntry, ...times };
  return { status: 'good', revokedAt: null, reason: null, ...times };
}
