import crypto from 'node:crypto';
import type { PKCS11, Template } from 'pkcs11js';
import {
  CKA_ALWAYS_AUTHENTICATE,
  CKA_CERTIFICATE_TYPE,
  CKA_CLASS,
  CKA_EC_PARAMS,
  CKA_EC_POINT,
  CKA_ID,
  CKA_KEY_TYPE,
  CKA_LABEL,
  CKA_MODULUS,
  CKA_PUBLIC_EXPONENT,
  CKA_VALUE,
  CKC_X_509,
  CKK_EC,
  CKK_RSA,
  CKO_CERTIFICATE,
  CKO_PRIVATE_KEY,
  CKO_PUBLIC_KEY,
} from './pkcs11-constants';
import { algorithmOfSpki, curveFromEcParams, spkiFromEcPoint, spkiFromRsa } from './public-key';
import type { TokenKey } from './token-types';

/** A private key on a token, with what can be read about it: a TokenKey before it has a URI, plus its handle. */
export interface TokenKeyObject extends Omit<TokenKey, 'uri'> {
  handle: Buffer;
}

/** All handles matching a template (C_FindObjectsInit … C_FindObjectsFinal). */
export function findObjects(library: PKCS11, session: Buffer, template: Template): Buffer[] {
  library.C_FindObjectsInit(session, template);
  try {
    const found: Buffer[] = [];
    for (;;) {
      const batch = library.C_FindObjects(session, 64);
      if (batch.length === 0) return found;
      found.push(...batch);
    }
  } finally {
    library.C_FindObjectsFinal(session);
  }
}

/**
 * Reads attributes; one that the token refuses (sensitive, absent) comes back undefined instead of failing the rest.
 */
export function readAttributes(library: PKCS11, session: Buffer, handle: Buffer, types: readonly number[]): Map<number, Buffer | undefined> {
  const values = new Map<number, Buffer | undefined>();
  try {
    for (const { type, value } of library.C_GetAttributeValue(session, handle, types.map((type) => ({ type })))) values.set(type, value);
    return values;
  } catch {
    for (const type of types) {
      try {
        values.set(type, library.C_GetAttributeValue(session, handle, [{ type }])[0]?.value);
      } catch {
        values.set(type, undefined);
      }
    }
    return values;
  }
}

export function readBoolean(value: Buffer | undefined): boolean | undefined {
  return value === undefined || value.length === 0 ? undefined : value[0] !== 0;
}

export function readUlong(value: Buffer | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (value.length >= 8) return Number(value.readBigUInt64LE(0));
  if (value.length >= 4) return value.readUInt32LE(0);
  return undefined;
}

export function privateKeyTemplate(filter: { id?: Uint8Array; label?: string }): Template {
  const template: Template = [{ type: CKA_CLASS, value: CKO_PRIVATE_KEY }];
  if (filter.id !== undefined) template.push({ type: CKA_ID, value: Buffer.from(filter.id) });
  if (filter.label !== undefined) template.push({ type: CKA_LABEL, value: filter.label });
  return template;
}

export function describePrivateKey(library: PKCS11, session: Buffer, handle: Buffer): TokenKeyObject {
  const attributes = readAttributes(library, session, handle, [CKA_ID, CKA_LABEL, CKA_KEY_TYPE, CKA_ALWAYS_AUTHENTICATE, CKA_EC_PARAMS, CKA_MODULUS, CKA_PUBLIC_EXPONENT]);
  const id = attributes.get(CKA_ID) ?? Buffer.alloc(0);
  const certificate = findCertificate(library, session, id);
  const publicKeySpki = publicKeyFromPublicObject(library, session, id) ?? publicKeyFromPrivateObject(attributes) ?? (certificate ? certificateSpki(certificate) : undefined);
  return {
    handle,
    id: id.toString('hex'),
    label: attributes.get(CKA_LABEL)?.toString('utf8') ?? '',
    algorithm: publicKeySpki ? algorithmOfSpki(publicKeySpki) : undefined,
    publicKeySpki,
    certificate,
    alwaysAuthenticate: readBoolean(attributes.get(CKA_ALWAYS_AUTHENTICATE)) ?? false,
  };
}

export function findCertificates(library: PKCS11, session: Buffer, id: Uint8Array): Array<{ handle: Buffer; value: Buffer }> {
  const handles = findObjects(library, session, [
    { type: CKA_CLASS, value: CKO_CERTIFICATE },
    { type: CKA_CERTIFICATE_TYPE, value: CKC_X_509 },
    { type: CKA_ID, value: Buffer.from(id) },
  ]);
  return handles.flatMap((handle) => {
    const value = readAttributes(library, session, handle, [CKA_VALUE]).get(CKA_VALUE);
    return value ? [{ handle, value }] : [];
  });
}

function findCertificate(library: PKCS11, session: Buffer, id: Uint8Array): Uint8Array | undefined {
  if (id.length === 0) return undefined;
  let best: { value: Buffer; notAfter: number } | undefined;
  for (const { value } of findCertificates(library, session, id)) {
    const notAfter = notAfterOf(value);
    if (!best || notAfter > best.notAfter) best = { value, notAfter };
  }
  return best ? new Uint8Array(best.value) : undefined;
}

function publicKeyFromPublicObject(library: PKCS11, session: Buffer, id: Uint8Array): Uint8Array | undefined {
  if (id.length === 0) return undefined;
  const [handle] = findObjects(library, session, [
    { type: CKA_CLASS, value: CKO_PUBLIC_KEY },
    { type: CKA_ID, value: Buffer.from(id) },
  ]);
  if (!handle) return undefined;
  const attributes = readAttributes(library, session, handle, [CKA_KEY_TYPE, CKA_EC_PARAMS, CKA_EC_POINT, CKA_MODULUS, CKA_PUBLIC_EXPONENT]);
  const keyType = readUlong(attributes.get(CKA_KEY_TYPE));
  const params = attributes.get(CKA_EC_PARAMS);
  const point = attributes.get(CKA_EC_POINT);
  if (keyType === CKK_EC && params && point) return spkiFromEcPoint(curveFromEcParams(params), point);
  return publicKeyFromPrivateObject(attributes);
}

/** RSA private keys carry their modulus and public exponent; EC private keys carry no point. */
function publicKeyFromPrivateObject(attributes: Map<number, Buffer | undefined>): Uint8Array | undefined {
  const keyType = readUlong(attributes.get(CKA_KEY_TYPE));
  const modulus = attributes.get(CKA_MODULUS);
  const exponent = attributes.get(CKA_PUBLIC_EXPONENT);
  if (keyType === CKK_RSA && modulus && exponent) return spkiFromRsa(modulus, exponent);
  return undefined;
}

export function certificateSpki(certificate: Uint8Array): Uint8Array {
  return new Uint8Array(new crypto.X509Certificate(certificate).publicKey.export({ type: 'spki', format: 'der' }));
}

function notAfterOf(certificate: Uint8Array): number {
  try {
    return Date.parse(new crypto.X509Certificate(certificate).validTo);
  } catch {
    return 0;
  }
}
