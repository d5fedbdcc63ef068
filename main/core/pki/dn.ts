import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { SigndeskError } from '../../../preload/contract/errors';
import { assertSaneDer } from '../crypto/der-guard';
import { attributeTypeByName, attributeTypeByOid, type NameAttributeType } from './oids';

/** One attribute of a distinguished name: text for string values, the DER of the value otherwise. */
export interface DnAttribute {
  /** Dotted OID. */
  type: string;
  /** Decoded text; for non-string values the RFC 4514 `#hex` form of the value's DER. */
  value: string;
  /** The value's DER when it was given or found as `#hex` (not a string type). */
  der?: Uint8Array;
}

/** A relative distinguished name: usually one attribute, several for a multi-valued RDN (`CN=a+UID=b`). */
export type Rdn = DnAttribute[];

/** Per-attribute view for display: the name we know the type by, or the dotted OID. */
export interface NameAttribute {
  type: string;
  name: string;
  value: string;
}

const STRING_TAGS: Record<number, 'utf8' | 'latin1' | 'ucs2' | 'ucs4'> = {
  12: 'utf8', // UTF8String
  18: 'latin1', // NumericString
  19: 'latin1', // PrintableString
  20: 'latin1', // TeletexString (T.61; Latin-1 is what real certificates mean by it)
  22: 'latin1', // IA5String
  26: 'latin1', // VisibleString
  27: 'latin1', // GeneralString
  28: 'ucs4', // UniversalString
  30: 'ucs2', // BMPString
};

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;
const NUMERIC = /^[0-9 ]*$/;
// eslint-disable-next-line no-control-regex
const IA5 = /^[\x00-\x7f]*$/;

function invalid(message: string): never {
  throw new SigndeskError('ERR_INPUT_INVALID', message);
}

/**
 * Parses an RFC 4514 string (`CN=Іван Петренко,O=ТОВ "Ромашка",C=UA`) into RDNs in ASN.1 order
 * (the string lists the most specific RDN first; the encoded Name starts with the least specific).
 * Types: RFC 4514 short names, X.520 names, the UA/RU identifiers (EDRPOU, DRFO/RNOKPP, INN, INNLE, OGRN,
 * OGRNIP, SNILS) or dotted OIDs (optionally `OID.`-prefixed). Values: escapes `\,` and `\xx` (UTF-8 bytes),
 * `"quoted"` values, and `#hex` DER values.
 */
export function parseDn(text: string): Rdn[] {
  const rdns: Rdn[] = [];
  let current: Rdn = [];
  let pos = 0;
  const skipSpaces = (): void => {
    while (pos < text.length && text[pos] === ' ') pos++;
  };
  if (text.trim() === '') return [];
  for (;;) {
    skipSpaces();
    const typeStart = pos;
    while (pos < text.length && text[pos] !== '=' && text[pos] !== ',' && text[pos] !== '+') pos++;
    if (text[pos] !== '=') invalid(`Expected '=' after the attribute type at position ${typeStart} of the DN`);
    const type = resolveType(text.slice(typeStart, pos).trim());
    pos++;
    skipSpaces();
    let attribute: DnAttribute;
    if (text[pos] === '#') {
      const start = ++pos;
      while (pos < text.length && /[0-9a-fA-F]/.test(text[pos])) pos++;
      const hex = text.slice(start, pos);
      if (hex.length === 0 || hex.length % 2 !== 0) invalid(`Bad #hex value for ${type.oid}`);
      const der = Uint8Array.from(Buffer.from(hex, 'hex'));
      assertSaneDer(der, { code: 'ERR_INPUT_INVALID', what: `#hex value of ${type.oid}` });
      attribute = { type: type.oid, value: `#${hex.toLowerCase()}`, der };
    } else if (text[pos] === '"') {
      pos++;
      const bytes: number[] = [];
      while (pos < text.length && text[pos] !== '"') pos = readChar(text, pos, bytes);
      if (text[pos] !== '"') invalid('Unterminated quoted value in the DN');
      pos++;
      attribute = { type: type.oid, value: decodeUtf8(bytes) };
    } else {
      const bytes: number[] = [];
      let keep = 0; // bytes up to the last character that is not an unescaped trailing space
      while (pos < text.length && !isSeparator(text[pos])) {
        const escaped = text[pos] === '\\';
        pos = readChar(text, pos, bytes);
        if (escaped || bytes[bytes.length - 1] !== 0x20) keep = bytes.length;
      }
      attribute = { type: type.oid, value: decodeUtf8(bytes.slice(0, keep)) };
    }
    current.push(attribute);
    skipSpaces();
    if (pos >= text.length) break;
    const separator = text[pos++];
    if (separator === '+') continue;
    if (separator === ',' || separator === ';') {
      rdns.push(current);
      current = [];
      continue;
    }
    invalid(`Unexpected '${separator}' in the DN at position ${pos - 1}`);
  }
  rdns.push(current);
  return rdns.reverse();
}

function isSeparator(char: string): boolean {
  return char === ',' || char === '+' || char === ';';
}

function resolveType(raw: string): NameAttributeType | { oid: string; name: string; encoding: 'utf8' } {
  if (raw.length === 0) invalid('Empty attribute type in the DN');
  const dotted = raw.replace(/^oid\./i, '');
  if (/^\d+(\.\d+)+$/.test(dotted)) return attributeTypeByOid(dotted) ?? { oid: dotted, name: dotted, encoding: 'utf8' };
  const known = attributeTypeByName(raw);
  if (!known) invalid(`Unknown attribute type '${raw}' in the DN (use a dotted OID)`);
  return known;
}

/** Reads one (possibly escaped) character at `pos` as UTF-8 bytes; returns the next position. */
function readChar(text: string, pos: number, out: number[]): number {
  const char = text[pos];
  if (char !== '\\') {
    const codePoint = text.codePointAt(pos) ?? 0;
    const encoded = Buffer.from(String.fromCodePoint(codePoint), 'utf8');
    out.push(...encoded);
    return pos + (codePoint > 0xffff ? 2 : 1);
  }
  const next = text[pos + 1];
  if (next === undefined) invalid('The DN ends with a lone backslash');
  if (/[0-9a-fA-F]/.test(next) && /[0-9a-fA-F]/.test(text[pos + 2] ?? '')) {
    out.push(parseInt(text.slice(pos + 1, pos + 3), 16));
    return pos + 3;
  }
  if (' "#+,;<=>\\'.includes(next)) {
    out.push(next.charCodeAt(0));
    return pos + 2;
  }
  return invalid(`Bad escape '\\${next}' in the DN`);
}

function decodeUtf8(bytes: number[]): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    return invalid('The DN contains escaped bytes that are not UTF-8');
  }
}

/** DER of one attribute value: a string type chosen per attribute (UTF8String unless X.520 says otherwise). */
function encodeValue(attribute: DnAttribute): asn1js.AsnType {
  if (attribute.der) {
    const parsed = asn1js.fromBER(attribute.der);
    if (parsed.offset === -1) invalid(`Bad #hex value for ${attribute.type}`);
    return parsed.result;
  }
  const encoding = attributeTypeByOid(attribute.type)?.encoding ?? 'utf8';
  const value = attribute.value;
  if (encoding === 'printable' && PRINTABLE.test(value)) return new asn1js.PrintableString({ value });
  if (encoding === 'numeric' && NUMERIC.test(value)) return new asn1js.NumericString({ value });
  if (encoding === 'ia5' && IA5.test(value)) return new asn1js.IA5String({ value });
  if (attribute.type === '2.5.4.6') invalid(`countryName must be two printable letters, got '${value}'`);
  return new asn1js.Utf8String({ value });
}

/** The DER of a Name (RDNSequence) with each SET's members in DER order. */
export function encodeName(rdns: readonly Rdn[]): Uint8Array {
  const sets = rdns.map((rdn) => {
    const members = rdn
      .map((attribute) => new Uint8Array(new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: attribute.type }), encodeValue(attribute)] }).toBER()))
      .sort(compareBytes);
    return new asn1js.Set({ value: members.map((member) => asn1js.fromBER(member).result) });
  });
  return new Uint8Array(new asn1js.Sequence({ value: sets }).toBER());
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/**
 * An RFC 4514 string as a pkijs Name. The result keeps its DER (pkijs would otherwise put every attribute
 * of a programmatically built Name into one multi-valued RDN).
 */
export function dnToName(text: string): pkijs.RelativeDistinguishedNames {
  return nameFromDer(encodeName(parseDn(text)));
}

export function nameFromDer(der: Uint8Array): pkijs.RelativeDistinguishedNames {
  const parsed = asn1js.fromBER(der);
  return new pkijs.RelativeDistinguishedNames({ schema: parsed.result });
}

/** Decodes a Name's DER into RDNs in ASN.1 order. Throws ERR_CERT_MALFORMED when it is not a Name. */
export function decodeName(der: Uint8Array): Rdn[] {
  assertSaneDer(der, { code: 'ERR_CERT_MALFORMED', what: 'name' });
  const parsed = asn1js.fromBER(der);
  const malformed = (): never => {
    throw new SigndeskError('ERR_CERT_MALFORMED', 'Malformed distinguished name');
  };
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence)) malformed();
  return (parsed.result as asn1js.Sequence).valueBlock.value.map((set) => {
    if (!(set instanceof asn1js.Set)) return malformed();
    return set.valueBlock.value.map((pair) => {
      if (!(pair instanceof asn1js.Sequence) || pair.valueBlock.value.length !== 2) return malformed();
      const [oid, value] = pair.valueBlock.value;
      if (!(oid instanceof asn1js.ObjectIdentifier)) return malformed();
      return decodeAttributeValue(oid.getValue(), value);
    });
  });
}

/** An attribute value (any ASN.1 element) as text when it is a string type, else as `#hex` of its DER. */
export function decodeAttributeValue(type: string, value: asn1js.AsnType): DnAttribute {
  const raw = new Uint8Array(value.valueBeforeDecodeView.length > 0 ? value.valueBeforeDecodeView : new Uint8Array(value.toBER()));
  const text = decodeStringValue(raw);
  if (text !== undefined) return { type, value: text };
  return { type, value: `#${Buffer.from(raw).toString('hex')}`, der: raw };
}

/** Text of a DER-encoded universal string type, or undefined for any other element. */
export function decodeStringValue(raw: Uint8Array): string | undefined {
  if (raw.length < 2 || (raw[0] & 0xe0) !== 0) return undefined;
  const kind = STRING_TAGS[raw[0] & 0x1f];
  if (!kind) return undefined;
  let offset = 1;
  let length = raw[offset++];
  if (length & 0x80) {
    const count = length & 0x7f;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (raw[offset++] ?? 0);
  }
  const content = raw.subarray(offset, offset + length);
  if (content.length !== length) return undefined;
  switch (kind) {
    case 'utf8':
      return new TextDecoder('utf-8').decode(content);
    case 'latin1':
      return Buffer.from(content).toString('latin1');
    case 'ucs2':
      return new TextDecoder('utf-16be').decode(content);
    case 'ucs4': {
      let result = '';
      for (let i = 0; i + 3 < content.length; i += 4) {
        const codePoint = ((content[i] << 24) | (content[i + 1] << 16) | (content[i + 2] << 8) | content[i + 3]) >>> 0;
        result += codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : '\ufffd';
      }
      return result;
    }
  }
}

/** The RFC 4514 string of a Name (DER bytes, decoded RDNs, or a pkijs Name). */
export function formatDn(name: Uint8Array | readonly Rdn[] | pkijs.RelativeDistinguishedNames): string {
  const rdns = name instanceof Uint8Array ? decodeName(name) : name instanceof pkijs.RelativeDistinguishedNames ? decodeName(nameDer(name)) : name;
  return [...rdns]
    .reverse()
    .map((rdn) => rdn.map((attribute) => `${attributeTypeByOid(attribute.type)?.name ?? attribute.type}=${formatValue(attribute)}`).join('+'))
    .join(',');
}

/** The DER of a pkijs Name as it was decoded (or freshly encoded). */
export function nameDer(name: pkijs.RelativeDistinguishedNames): Uint8Array {
  if (name.valueBeforeDecode.byteLength > 0) return new Uint8Array(name.valueBeforeDecode);
  return new Uint8Array(name.toSchema().toBER());
}

/** Whether two Names are the same: byte for byte, else by RFC 5280 §7.1 comparison. */
export function namesEqual(a: pkijs.RelativeDistinguishedNames, b: pkijs.RelativeDistinguishedNames): boolean {
  return Buffer.from(nameDer(a)).equals(Buffer.from(nameDer(b))) || a.isEqual(b);
}

/** Flat per-attribute list in ASN.1 order, each with the name we know its type by. */
export function nameAttributes(rdns: readonly Rdn[]): NameAttribute[] {
  return rdns.flat().map((attribute) => ({ type: attribute.type, name: attributeTypeByOid(attribute.type)?.name ?? attribute.type, value: attribute.value }));
}

function formatValue(attribute: DnAttribute): string {
  if (attribute.der) return `#${Buffer.from(attribute.der).toString('hex')}`;
  return escapeDnValue(attribute.value);
}

/** RFC 4514 §2.4 escaping. */
export function escapeDnValue(value: string): string {
  let result = '';
  for (let i = 0; i < value.length; i++) {
    const char = value[i];
    if ('"+,;<>\\'.includes(char)) result += `\\${char}`;
    else if (char === '\0') result += '\\00';
    else if ((char === ' ' || char === '#') && i === 0) result += `\\${char}`;
    else if (char === ' ' && i === value.length - 1) result += '\\ ';
    else result += char;
  }
  return result;
}
