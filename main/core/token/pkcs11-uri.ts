import { SigndeskError } from '../../../preload/contract/errors';

/** A parsed RFC 7512 `pkcs11:` URI. Text attributes are decoded to strings, `id` to bytes. */
export interface Pkcs11Uri {
  token?: string;
  manufacturer?: string;
  serial?: string;
  model?: string;
  libraryManufacturer?: string;
  libraryDescription?: string;
  libraryVersion?: string;
  slotDescription?: string;
  slotManufacturer?: string;
  slotId?: number;
  object?: string;
  id?: Uint8Array;
  type?: Pkcs11ObjectType;
  modulePath?: string;
  moduleName?: string;
  /** e.g. `file:/path/to/pin.txt`. */
  pinSource?: string;
  pinValue?: string;
  /** `x-…` vendor attributes, kept so that formatting round-trips. */
  vendorPath?: Record<string, string>;
  vendorQuery?: Record<string, string>;
}

export type Pkcs11ObjectType = 'public' | 'private' | 'cert' | 'secret-key' | 'data';

const OBJECT_TYPES: readonly Pkcs11ObjectType[] = ['public', 'private', 'cert', 'secret-key', 'data'];

type TextField = Exclude<keyof Pkcs11Uri, 'id' | 'type' | 'slotId' | 'vendorPath' | 'vendorQuery'>;

/** Path attributes in the order RFC 7512 lists them (and we format them). */
const PATH_ATTRIBUTES: ReadonlyArray<readonly [string, keyof Pkcs11Uri]> = [
  ['token', 'token'],
  ['manufacturer', 'manufacturer'],
  ['serial', 'serial'],
  ['model', 'model'],
  ['library-manufacturer', 'libraryManufacturer'],
  ['library-description', 'libraryDescription'],
  ['library-version', 'libraryVersion'],
  ['slot-description', 'slotDescription'],
  ['slot-manufacturer', 'slotManufacturer'],
  ['slot-id', 'slotId'],
  ['object', 'object'],
  ['id', 'id'],
  ['type', 'type'],
];

const QUERY_ATTRIBUTES: ReadonlyArray<readonly [string, TextField]> = [
  ['pin-source', 'pinSource'],
  ['pin-value', 'pinValue'],
  ['module-name', 'moduleName'],
  ['module-path', 'modulePath'],
];

const UNRESERVED = /[A-Za-z0-9\-._~]/;
const RES_AVAIL = ":[]@!$'()*+,=";
const PATH_EXTRA = '&';
const QUERY_EXTRA = '/?|';

export function isPkcs11Uri(value: string): boolean {
  return value.slice(0, 7).toLowerCase() === 'pkcs11:';
}

export function parsePkcs11Uri(text: string): Pkcs11Uri {
  if (!isPkcs11Uri(text)) throw invalid(`Not a pkcs11: URI`);
  const body = text.slice(7);
  const queryStart = body.indexOf('?');
  const pathPart = queryStart === -1 ? body : body.slice(0, queryStart);
  const queryPart = queryStart === -1 ? '' : body.slice(queryStart + 1);
  const uri: Pkcs11Uri = {};
  const seen = new Set<string>();

  for (const attribute of splitAttributes(pathPart, ';')) {
    const { name, rawValue } = splitAttribute(attribute);
    claim(seen, `p:${name}`, name);
    if (name.startsWith('x-')) {
      (uri.vendorPath ??= {})[name] = decodeText(rawValue, name);
      continue;
    }
    const field = PATH_ATTRIBUTES.find(([attr]) => attr === name)?.[1];
    if (field === undefined) throw invalid(`Unknown path attribute "${name}"`);
    if (field === 'id') uri.id = percentDecode(rawValue, name);
    else if (field === 'type') {
      const value = decodeText(rawValue, name);
      if (!OBJECT_TYPES.includes(value as Pkcs11ObjectType)) throw invalid(`Unknown object type "${value}"`);
      uri.type = value as Pkcs11ObjectType;
    } else if (field === 'slotId') {
      const value = decodeText(rawValue, name);
      if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(Number(value))) throw invalid(`slot-id must be a decimal number`);
      uri.slotId = Number(value);
    } else uri[field as TextField] = decodeText(rawValue, name);
  }

  for (const attribute of splitAttributes(queryPart, '&')) {
    const { name, rawValue } = splitAttribute(attribute);
    claim(seen, `q:${name}`, name);
    if (name.startsWith('x-')) {
      (uri.vendorQuery ??= {})[name] = decodeText(rawValue, name);
      continue;
    }
    const field = QUERY_ATTRIBUTES.find(([attr]) => attr === name)?.[1];
    if (field === undefined) throw invalid(`Unknown query attribute "${name}"`);
    uri[field] = decodeText(rawValue, name);
  }
  if (uri.pinSource !== undefined && uri.pinValue !== undefined) throw invalid('pin-source and pin-value must not both be given');
  return uri;
}

export function formatPkcs11Uri(uri: Pkcs11Uri): string {
  const path: string[] = [];
  for (const [name, field] of PATH_ATTRIBUTES) {
    const value = uri[field];
    if (value === undefined) continue;
    if (field === 'id') path.push(`${name}=${percentEncodeAll(value as Uint8Array)}`);
    else path.push(`${name}=${encodeText(String(value), PATH_EXTRA)}`);
  }
  for (const [name, value] of Object.entries(uri.vendorPath ?? {})) path.push(`${name}=${encodeText(value, PATH_EXTRA)}`);
  const query: string[] = [];
  for (const [name, field] of QUERY_ATTRIBUTES) {
    const value = uri[field];
    if (value !== undefined) query.push(`${name}=${encodeText(value, QUERY_EXTRA)}`);
  }
  for (const [name, value] of Object.entries(uri.vendorQuery ?? {})) query.push(`${name}=${encodeText(value, QUERY_EXTRA)}`);
  return `pkcs11:${path.join(';')}${query.length > 0 ? `?${query.join('&')}` : ''}`;
}

/** The same URI without pin-value / pin-source: what may be shown, logged or stored as a key reference. */
export function withoutPin(uri: Pkcs11Uri): Pkcs11Uri {
  const { pinSource: _pinSource, pinValue: _pinValue, ...rest } = uri;
  return rest;
}

function splitAttributes(part: string, separator: string): string[] {
  return part.split(separator).filter((attribute) => attribute !== '');
}

function splitAttribute(attribute: string): { name: string; rawValue: string } {
  const equals = attribute.indexOf('=');
  if (equals <= 0) throw invalid('an attribute has no name=value form');
  const name = attribute.slice(0, equals);
  if (!/^[a-z][a-z0-9\-._]*$/.test(name)) throw invalid(`Bad attribute name "${name}"`);
  return { name, rawValue: attribute.slice(equals + 1) };
}

function claim(seen: Set<string>, key: string, name: string): void {
  if (seen.has(key)) throw invalid(`Attribute "${name}" appears twice`);
  seen.add(key);
}

function percentDecode(raw: string, name: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i]!;
    if (char === '%') {
      const hex = raw.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw invalid(`Bad percent-encoding in "${name}"`);
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(char, 'utf8'));
  }
  return new Uint8Array(bytes);
}

function decodeText(raw: string, name: string): string {
  const bytes = percentDecode(raw, name);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw invalid(`"${name}" is not valid UTF-8`);
  }
}

function encodeText(value: string, extra: string): string {
  let out = '';
  for (const char of value) {
    if (UNRESERVED.test(char) || RES_AVAIL.includes(char) || extra.includes(char)) out += char;
    else out += percentEncodeAll(Buffer.from(char, 'utf8'));
  }
  return out;
}

function percentEncodeAll(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => `%${byte.toString(16).padStart(2, '0').toUpperCase()}`).join('');
}

function invalid(message: string): SigndeskError {
  return new SigndeskError('ERR_INPUT_INVALID', `Invalid PKCS#11 URI: ${message}`);
}
