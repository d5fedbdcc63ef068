import * as pkijs from 'pkijs';
import { decodeName, nameDer, type Rdn } from './dn';
import { OID_EXT_SUBJECT_ALT_NAME } from './oids';

const EMAIL_ADDRESS = '1.2.840.113549.1.9.1';

/** One constraint set from one CA's nameConstraints extension. */
export interface NameConstraintSet {
  permitted: pkijs.GeneralSubtree[];
  excluded: pkijs.GeneralSubtree[];
}

/** The names of a certificate that name constraints apply to (RFC 5280 §4.2.1.10, §6.1.3 (b)(c)). */
interface CertificateNames {
  directoryNames: Rdn[][];
  emails: string[];
  dnsNames: string[];
  ipAddresses: Uint8Array[];
  uris: string[];
}

function certificateNames(certificate: pkijs.Certificate): CertificateNames {
  const subject = decodeName(nameDer(certificate.subject));
  const names: CertificateNames = { directoryNames: subject.length > 0 ? [subject] : [], emails: [], dnsNames: [], ipAddresses: [], uris: [] };
  for (const attribute of subject.flat()) if (attribute.type === EMAIL_ADDRESS) names.emails.push(attribute.value);
  const san = certificate.extensions?.find((extension) => extension.extnID === OID_EXT_SUBJECT_ALT_NAME)?.parsedValue;
  if (san instanceof pkijs.AltName) {
    for (const name of san.altNames) {
      if (name.type === 1) names.emails.push(String(name.value));
      else if (name.type === 2) names.dnsNames.push(String(name.value));
      else if (name.type === 4 && name.value instanceof pkijs.RelativeDistinguishedNames) names.directoryNames.push(decodeName(nameDer(name.value)));
      else if (name.type === 6) names.uris.push(String(name.value));
      else if (name.type === 7) names.ipAddresses.push(new Uint8Array((name.value as { valueBlock: { valueHexView: Uint8Array } }).valueBlock.valueHexView));
    }
  }
  return names;
}

/** Why the certificate's names violate one of the constraint sets, or null when they satisfy all. */
export function nameConstraintViolation(certificate: pkijs.Certificate, sets: readonly NameConstraintSet[]): string | null {
  if (sets.length === 0) return null;
  const names = certificateNames(certificate);
  const checks: Array<[number, string, unknown[], (base: pkijs.GeneralName, name: never) => boolean]> = [
    [4, 'directory name', names.directoryNames, (base, name) => base.value instanceof pkijs.RelativeDistinguishedNames && dnWithin(name, decodeName(nameDer(base.value)))],
    [1, 'email address', names.emails, (base, name) => emailWithin(name, String(base.value))],
    [2, 'DNS name', names.dnsNames, (base, name) => dnsWithin(name, String(base.value))],
    [6, 'URI', names.uris, (base, name) => uriWithin(name, String(base.value))],
    [7, 'IP address', names.ipAddresses, (base, name) => ipWithin(name, base.value)],
  ];
  for (const set of sets) {
    for (const [type, label, values, within] of checks) {
      const permitted = set.permitted.filter((subtree) => subtree.base.type === type);
      const excluded = set.excluded.filter((subtree) => subtree.base.type === type);
      for (const value of values) {
        if (permitted.length > 0 && !permitted.some((subtree) => within(subtree.base, value as never))) return `${label} ${display(value)} is outside the permitted subtrees`;
        if (excluded.some((subtree) => within(subtree.base, value as never))) return `${label} ${display(value)} is in an excluded subtree`;
      }
    }
  }
  return null;
}

function display(value: unknown): string {
  if (Array.isArray(value)) return (value as Rdn[]).map((rdn) => rdn.map((attribute) => attribute.value).join('+')).join(',');
  if (value instanceof Uint8Array) return Array.from(value).join('.');
  return String(value);
}

function normalize(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The base DN's RDNs are a prefix of the name's RDNs (compared case-insensitively, spaces folded). */
function dnWithin(name: Rdn[], base: Rdn[]): boolean {
  if (base.length > name.length) return false;
  return base.every((rdn, index) => {
    const other = name[index];
    if (rdn.length !== other.length) return false;
    return rdn.every((attribute) => other.some((candidate) => candidate.type === attribute.type && normalize(candidate.value) === normalize(attribute.value)));
  });
}

function emailWithin(email: string, constraint: string): boolean {
  const lower = email.toLowerCase();
  const c = constraint.toLowerCase();
  if (c.includes('@')) return lower === c;
  const host = lower.slice(lower.lastIndexOf('@') + 1);
  if (c.startsWith('.')) return host.endsWith(c);
  return host === c;
}

function dnsWithin(dns: string, constraint: string): boolean {
  const name = dns.toLowerCase().replace(/\.$/, '');
  const c = constraint.toLowerCase().replace(/\.$/, '');
  if (c === '') return true;
  if (c.startsWith('.')) return name.endsWith(c);
  return name === c || name.endsWith(`.${c}`);
}

/**
 * RFC 5280 §4.2.1.10: a URI constraint applies to the URI's host (an FQDN); `.example.com` admits hosts below
 * example.com, `example.com` only that host. A URI without a host name satisfies no constraint.
 */
function uriWithin(uri: string, constraint: string): boolean {
  const match = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(uri);
  const host = match?.[1]?.toLowerCase().replace(/\.$/, '');
  if (!host || host.startsWith('[') || /^[0-9.]+$/.test(host)) return false;
  const c = constraint.toLowerCase().replace(/\.$/, '');
  if (c.startsWith('.')) return host.endsWith(c);
  return host === c;
}

function ipWithin(address: Uint8Array, base: unknown): boolean {
  const view = (base as { valueBlock?: { valueHexView?: Uint8Array } }).valueBlock?.valueHexView;
  if (!view || view.length !== address.length * 2) return false;
  for (let i = 0; i < address.length; i++) if ((address[i] & view[address.length + i]) !== (view[i] & view[address.length + i])) return false;
  return true;
}
