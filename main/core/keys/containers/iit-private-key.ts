import * as asn1js from 'asn1js';
import { DstuPrivateKey, DstuPublicKey, isDstu4145Oid, parseDstuParameters } from '../../crypto/dstu';
import { ContainerDer, der } from './container-der';
import type { ContainerKey } from './container-types';

/** IIT attribute holding the second key's scalar (a BIT STRING, first bit = least significant). */
const IIT_KEY_BITS = '1.3.6.1.4.1.19398.1.1.2.3';
/** IIT attribute holding the second key's DSTU4145Params (big-endian explicit curves in practice). */
const IIT_KEY_CURVE = '1.3.6.1.4.1.19398.1.1.2.2';

export const IIT_SECOND_KEY_REASON = 'IIT key store: the key in the PrivateKeyInfo is the signing key; the one IIT keeps in its attributes is the key-agreement (encryption) key';

/**
 * Splits a DSTU PrivateKeyInfo as IIT writes it (Key-6.dat, IIT's PKCS#12 and PBES2 files) into clean
 * PKCS#8 keys under 1.2.804.2.1.1.1.1.3.1.1, d as a DER INTEGER: the key itself (signing; attributes
 * dropped) and, when the attributes carry one (1.3.6.1.4.1.19398.1.1.2.3 + .2.2), the second key
 * (encryption). `encoding` 'raw' when the source is known to write IIT's raw little-endian d (Key-6.dat).
 * Any other PrivateKeyInfo (EC, RSA…) comes back as it is, role unknown.
 */
export function splitPrivateKeyInfo(privateKeyInfo: Uint8Array, format: string, encoding: 'auto' | 'raw' = 'auto', certificates: Uint8Array[] = []): ContainerKey[] {
  const reader = new ContainerDer(format);
  const items = reader.items(reader.parse(privateKeyInfo, 'private key'), 'PrivateKeyInfo');
  const [version, algorithm, key, attributes] = items;
  const oid = reader.oid(reader.items(algorithm, 'AlgorithmIdentifier')[0], 'private key algorithm');
  if (!isDstu4145Oid(oid)) return [{ privateKeyInfo, role: 'unknown' }];
  const primary = normalized(der(new asn1js.Sequence({ value: [version, algorithm, key] })), encoding, certificates);
  const second = attributes === undefined ? undefined : secondKey(reader, attributes);
  if (!second) return [{ privateKeyInfo: primary, role: 'unknown' }];
  return [
    { privateKeyInfo: primary, role: 'signing', roleReason: IIT_SECOND_KEY_REASON },
    { privateKeyInfo: second, role: 'encryption', roleReason: IIT_SECOND_KEY_REASON },
  ];
}

function exportAndDestroy(key: DstuPrivateKey): Uint8Array {
  const out = key.exportPkcs8('integer');
  key.destroy();
  return out;
}

function attempt(privateKeyInfo: Uint8Array, encoding: 'raw' | 'structured'): DstuPrivateKey | undefined {
  try {
    return DstuPrivateKey.fromPkcs8(privateKeyInfo, { encoding, code: 'ERR_KEY_FILE_CORRUPT' });
  } catch {
    return undefined;
  }
}

/**
 * The DSTU key re-encoded with d as a DER INTEGER (checked on the way: d valid, parameters a valid
 * curve), so that whoever reads the PrivateKeyInfo next cannot mistake raw bytes for an INTEGER. When
 * the OCTET STRING reads validly both ways (Bouncy Castle's INTEGER; IIT raw bytes that happen to look
 * like one), a certificate of the container decides; without one the key is left as it was, so that the
 * certificate added later can decide (DstuPrivateKey.fromPkcs8 with expectedPublicKey).
 */
function normalized(privateKeyInfo: Uint8Array, encoding: 'auto' | 'raw', certificates: Uint8Array[]): Uint8Array {
  if (encoding === 'raw') return exportAndDestroy(DstuPrivateKey.fromPkcs8(privateKeyInfo, { encoding, code: 'ERR_KEY_FILE_CORRUPT' }));
  const structured = attempt(privateKeyInfo, 'structured');
  if (!structured) return exportAndDestroy(DstuPrivateKey.fromPkcs8(privateKeyInfo, { encoding: 'raw', code: 'ERR_KEY_FILE_CORRUPT' }));
  const raw = attempt(privateKeyInfo, 'raw');
  if (!raw || raw.publicKey.equals(structured.publicKey)) {
    raw?.destroy();
    return exportAndDestroy(structured);
  }
  const keys = certificates.flatMap((certificate) => {
    try {
      return [DstuPublicKey.fromSpki(certificateSpki(certificate))];
    } catch {
      return [];
    }
  });
  const matches = (key: DstuPrivateKey) => keys.some((publicKey) => publicKey.equals(key.publicKey));
  const chosen = matches(structured) ? structured : matches(raw) ? raw : undefined;
  for (const key of [structured, raw]) if (key !== chosen) key.destroy();
  return chosen ? exportAndDestroy(chosen) : privateKeyInfo;
}

function certificateSpki(certificate: Uint8Array): Uint8Array {
  const [tbs] = (asn1js.fromBER(certificate).result as asn1js.Sequence).valueBlock.value as asn1js.Sequence[];
  const fields = tbs.valueBlock.value;
  const offset = fields[0].idBlock.tagClass === 3 ? 1 : 0;
  return new Uint8Array(fields[offset + 5].toBER());
}

function secondKey(reader: ContainerDer, attributes: asn1js.AsnType): Uint8Array | undefined {
  if (!(attributes instanceof asn1js.Constructed) || attributes.idBlock.tagClass !== 3 || attributes.idBlock.tagNumber !== 0) return undefined;
  let bits: asn1js.AsnType | undefined;
  let curve: asn1js.AsnType | undefined;
  for (const attribute of attributes.valueBlock.value as asn1js.AsnType[]) {
    const [type, values] = reader.items(attribute, 'attribute');
    const value = reader.items(values, 'attribute values')[0];
    const id = reader.oid(type, 'attribute type');
    if (id === IIT_KEY_BITS) bits = value;
    if (id === IIT_KEY_CURVE) curve = value;
  }
  if (!bits || !curve) return undefined;
  if (!(bits instanceof asn1js.BitString)) reader.fail('the second key is not a BIT STRING');
  const { curve: domain, dke } = parseDstuParameters(reader.raw(curve), 'be', 'ERR_KEY_FILE_CORRUPT');
  const scalar = littleEndianBits(new Uint8Array(bits.valueBlock.valueHexView));
  const key = DstuPrivateKey.fromScalar(domain, scalar, dke, 'ERR_KEY_FILE_CORRUPT');
  scalar.fill(0);
  const pkcs8 = key.exportPkcs8('integer');
  key.destroy();
  return pkcs8;
}

/** A BIT STRING whose first bit is the integer's bit 0, as big-endian bytes (IIT's attribute form). */
function littleEndianBits(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    let byte = bytes[i];
    byte = ((byte & 0xf0) >>> 4) | ((byte & 0x0f) << 4);
    byte = ((byte & 0xcc) >>> 2) | ((byte & 0x33) << 2);
    byte = ((byte & 0xaa) >>> 1) | ((byte & 0x55) << 1);
    out[bytes.length - 1 - i] = byte;
  }
  return out;
}
