import type * as pkijs from 'pkijs';

export const OID_AIA = '1.3.6.1.5.5.7.1.1';
export const OID_AD_OCSP = '1.3.6.1.5.5.7.48.1';
export const OID_AD_CA_ISSUERS = '1.3.6.1.5.5.7.48.2';
export const OID_CRL_DISTRIBUTION_POINTS = '2.5.29.31';
export const OID_FRESHEST_CRL = '2.5.29.46';
export const OID_EXTENDED_KEY_USAGE = '2.5.29.37';
export const OID_KP_OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';
export const OID_SUBJECT_KEY_IDENTIFIER = '2.5.29.14';

const URI_GENERAL_NAME = 6;

function extension(cert: pkijs.Certificate | pkijs.CertificateRevocationList, oid: string): pkijs.Extension | undefined {
  const list: pkijs.Extension[] | undefined = 'crlExtensions' in cert ? cert.crlExtensions?.extensions : (cert as pkijs.Certificate).extensions;
  return list?.find((ext) => ext.extnID === oid);
}

function accessLocations(cert: pkijs.Certificate, method: string): string[] {
  const aia = extension(cert, OID_AIA)?.parsedValue as pkijs.InfoAccess | undefined;
  return (aia?.accessDescriptions ?? [])
    .filter((description) => description.accessMethod === method && description.accessLocation.type === URI_GENERAL_NAME)
    .map((description) => String(description.accessLocation.value));
}

/** OCSP responder URLs from the Authority Information Access extension. */
export function ocspUrls(cert: pkijs.Certificate): string[] {
  return accessLocations(cert, OID_AD_OCSP);
}

/** caIssuers URLs from the Authority Information Access extension (where the issuer certificate is published). */
export function caIssuersUrls(cert: pkijs.Certificate): string[] {
  return accessLocations(cert, OID_AD_CA_ISSUERS);
}

function distributionPointUrls(ext: pkijs.Extension | undefined): string[] {
  const points = (ext?.parsedValue as pkijs.CRLDistributionPoints | undefined)?.distributionPoints ?? [];
  const urls: string[] = [];
  for (const point of points) {
    if (!Array.isArray(point.distributionPoint)) continue;
    for (const name of point.distributionPoint) if (name.type === URI_GENERAL_NAME) urls.push(String(name.value));
  }
  return urls;
}

/** Full-name URI distribution points of the CRL Distribution Points extension. */
export function crlUrls(cert: pkijs.Certificate): string[] {
  return distributionPointUrls(extension(cert, OID_CRL_DISTRIBUTION_POINTS));
}

/** Delta CRL locations (freshestCRL) of a certificate or of a base CRL. */
export function freshestCrlUrls(source: pkijs.Certificate | pkijs.CertificateRevocationList): string[] {
  return distributionPointUrls(extension(source, OID_FRESHEST_CRL));
}

export function hasExtendedKeyUsage(cert: pkijs.Certificate, purpose: string): boolean {
  const eku = extension(cert, OID_EXTENDED_KEY_USAGE)?.parsedValue as pkijs.ExtKeyUsage | undefined;
  return eku?.keyPurposes.includes(purpose) ?? false;
}

export function subjectKeyIdentifier(cert: pkijs.Certificate): Uint8Array | undefined {
  const ski = extension(cert, OID_SUBJECT_KEY_IDENTIFIER)?.parsedValue as { valueBlock?: { valueHexView: Uint8Array } } | undefined;
  return ski?.valueBlock ? new Uint8Array(ski.valueBlock.valueHexView) : undefined;
}
