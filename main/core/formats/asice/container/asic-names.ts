/** The media type ASiC-E containers carry in their `mimetype` entry (EN 319 162-1, A.1). */
export const ASIC_E_MEDIA_TYPE = 'application/vnd.etsi.asic-e+zip';
export const ASIC_S_MEDIA_TYPE = 'application/vnd.etsi.asic-s+zip';
export const MIMETYPE_ENTRY = 'mimetype';
export const META_INF = 'META-INF/';
/** The media type of a detached CAdES signature named in `<asic:SigReference MimeType=…>`. */
export const CADES_SIGNATURE_MEDIA_TYPE = 'application/pkcs7-signature';

export const ASIC_NAMESPACE = 'http://uri.etsi.org/02918/v1.2.1#';
export const XMLDSIG_NAMESPACE = 'http://www.w3.org/2000/09/xmldsig#';

/** `META-INF/*ASiCManifest*.xml`: manifests that CAdES signatures of an ASiC-E container sign (EN 319 162-1, 4.4.3). */
export function isAsicManifestName(name: string): boolean {
  return /^META-INF\/[^/]*ASiCManifest[^/]*\.xml$/.test(name);
}

/** `META-INF/*signature*.p7s`: a detached CAdES signature. */
export function isCadesSignatureName(name: string): boolean {
  return /^META-INF\/[^/]*signature[^/]*\.p7s$/.test(name);
}

/** `META-INF/*signatures*.xml`: XAdES signatures, which Signdesk reports but does not verify. */
export function isXadesSignatureName(name: string): boolean {
  return /^META-INF\/[^/]*signatures[^/]*\.xml$/.test(name);
}

export function isMetaInfName(name: string): boolean {
  return name.startsWith(META_INF);
}

export interface SignaturePairNames {
  manifestName: string;
  signatureName: string;
  number: number;
}

/**
 * The next free `META-INF/ASiCManifestNNN.xml` + `META-INF/signatureNNN.p7s` pair: one past the highest number
 * either kind of name already uses, three digits at least (`001`, as other producers name them).
 */
export function nextSignaturePairNames(existingNames: Iterable<string>): SignaturePairNames {
  let highest = 0;
  for (const name of existingNames) {
    const match = /^META-INF\/(?:ASiCManifest|signature)(\d{1,9})\.(?:xml|p7s)$/i.exec(name);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  const number = highest + 1;
  const digits = String(number).padStart(3, '0');
  return { manifestName: `META-INF/ASiCManifest${digits}.xml`, signatureName: `META-INF/signature${digits}.p7s`, number };
}
