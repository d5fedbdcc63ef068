import * as asn1js from 'asn1js';
import { SigndeskError, type ErrorCode } from '../../../../preload/contract/errors';
import { DerReader, encodeDer, reversed, unsignedInteger } from './der';
import { dstuCurveByOid, dstuCurveFromExplicit, type DstuCurve, type ExplicitCurve } from './dstu-curve';
import type { DstuByteOrder } from './dstu-oids';

/** DSTU 4145 domain parameters as certificates and keys carry them (DSTU4145Params). */
export interface DstuParameters {
  curve: DstuCurve;
  /** The packed S-box (64 bytes) for GOST 34.311 and GOST 28147, when the parameters give one. */
  dke: Uint8Array | undefined;
}

/**
 * Reads DSTU4145Params:
 *   SEQUENCE { CHOICE { ECBinary, namedCurve OBJECT IDENTIFIER }, dke OCTET STRING OPTIONAL }
 *   ECBinary ::= SEQUENCE { version [0] EXPLICIT INTEGER DEFAULT 0, f SEQUENCE { m INTEGER,
 *     CHOICE { k INTEGER, SEQUENCE { k INTEGER, j INTEGER, l INTEGER } } }, a INTEGER, b OCTET STRING,
 *     n INTEGER, bp OCTET STRING }
 * b and the compressed base point bp follow the algorithm's byte order (reversed under the
 * little-endian OID). IIT key stores also write big-endian explicit parameters inside little-endian keys,
 * so explicit parameters that do not form a valid curve in the declared order are tried in the other
 * order; a valid curve is the same curve whichever way it was recognised. A second 64-byte OCTET STRING
 * (IIT writes the DKE twice there) is accepted and ignored, and so is a bare curve OID in place of the
 * SEQUENCE (Bouncy Castle's private keys).
 */
export function parseDstuParameters(der: Uint8Array, byteOrder: DstuByteOrder, code: ErrorCode = 'ERR_KEY_INVALID'): DstuParameters {
  const reader = new DerReader(code, 'DSTU 4145 parameters');
  return readDstuParameters(reader, reader.parse(der), byteOrder);
}

export function readDstuParameters(reader: DerReader, node: asn1js.AsnType, byteOrder: DstuByteOrder): DstuParameters {
  // Bouncy Castle writes a private key's parameters as the bare curve OID.
  if (node instanceof asn1js.ObjectIdentifier) return { curve: dstuCurveByOid(reader.oid(node, 'named curve')), dke: undefined };
  const items = reader.items(node, 'DSTU4145Params');
  if (items.length < 1 || items.length > 3) reader.fail('DSTU4145Params: unexpected number of fields');
  let dke: Uint8Array | undefined;
  for (const extra of items.slice(1)) {
    const octets = reader.octets(extra, 'DKE');
    if (octets.length !== 64) reader.fail(`DKE of ${octets.length} bytes (64 expected)`);
    dke ??= octets;
  }
  const choice = items[0];
  if (choice instanceof asn1js.ObjectIdentifier) return { curve: dstuCurveByOid(reader.oid(choice, 'named curve')), dke };
  const explicit = readExplicit(reader, choice);
  const orders: DstuByteOrder[] = byteOrder === 'le' ? ['le', 'be'] : ['be', 'le'];
  let firstError: unknown;
  for (const order of orders) {
    const candidate = order === 'le' ? { ...explicit, b: reversed(explicit.b), base: reversed(explicit.base) } : explicit;
    try {
      return { curve: dstuCurveFromExplicit(candidate), dke };
    } catch (error) {
      if (!(error instanceof SigndeskError) || error.code !== 'ERR_KEY_INVALID') throw error;
      firstError ??= error;
    }
  }
  return reader.fail((firstError as Error).message);
}

function readExplicit(reader: DerReader, node: asn1js.AsnType): ExplicitCurve {
  let items = reader.items(node, 'ECBinary');
  const first = items[0];
  if (first instanceof asn1js.Constructed && first.idBlock.tagClass === 3 && first.idBlock.tagNumber === 0) {
    const version = reader.small(first.valueBlock.value[0] as asn1js.AsnType, 'ECBinary version', 255);
    if (version !== 0) reader.fail(`ECBinary version ${version}`);
    items = items.slice(1);
  }
  if (items.length !== 5) reader.fail('ECBinary: unexpected number of fields');
  const [fieldNode, aNode, bNode, nNode, bpNode] = items;
  const field = reader.items(fieldNode, 'BinaryField');
  if (field.length !== 2) reader.fail('BinaryField: unexpected number of fields');
  const m = reader.small(field[0], 'field degree m', 1024);
  const terms =
    field[1] instanceof asn1js.Sequence
      ? reader.items(field[1], 'pentanomial').map((term) => reader.small(term, 'pentanomial exponent', 1024))
      : [reader.small(field[1], 'trinomial exponent', 1024)];
  if (terms.length !== 1 && terms.length !== 3) reader.fail('BinaryField: a trinomial or a pentanomial is expected');
  const a = reader.small(aNode, 'coefficient a', 1);
  const b = reader.octets(bNode, 'coefficient b');
  const n = reader.unsigned(nNode, 'order n');
  const base = reader.octets(bpNode, 'base point');
  const size = (m + 7) >>> 3;
  if (b.length === 0 || b.length > size || base.length === 0 || base.length > size || n.length > size + 1) reader.fail('explicit curve: a value does not fit the field');
  return { m, terms, a, b, n, base };
}

/**
 * Encodes DSTU4145Params: the curve's OID when it is one of the standard's, otherwise the explicit
 * ECBinary (b and the base point in `byteOrder`, pentanomial exponents ascending as Bouncy Castle
 * writes them), and the DKE when given.
 */
export function encodeDstuParameters(curve: DstuCurve, dke: Uint8Array | undefined, byteOrder: DstuByteOrder): Uint8Array {
  return encodeDer(dstuParametersNode(curve, dke, byteOrder));
}

export function dstuParametersNode(curve: DstuCurve, dke: Uint8Array | undefined, byteOrder: DstuByteOrder): asn1js.Sequence {
  const value: asn1js.AsnType[] = [];
  if (curve.oid) {
    value.push(new asn1js.ObjectIdentifier({ value: curve.oid }));
  } else {
    const order = (bytes: Uint8Array) => (byteOrder === 'le' ? reversed(bytes) : bytes);
    const terms = [...curve.field.terms].sort((x, y) => x - y);
    const polynomial =
      terms.length === 1 ? new asn1js.Integer({ value: terms[0] }) : new asn1js.Sequence({ value: terms.map((term) => new asn1js.Integer({ value: term })) });
    value.push(
      new asn1js.Sequence({
        value: [
          new asn1js.Sequence({ value: [new asn1js.Integer({ value: curve.field.m }), polynomial] }),
          new asn1js.Integer({ value: curve.a }),
          new asn1js.OctetString({ valueHex: order(curve.field.toBytes(curve.b)) }),
          unsignedInteger(curve.nBytes),
          new asn1js.OctetString({ valueHex: order(curve.compress(curve.base)) }),
        ],
      }),
    );
  }
  if (dke) value.push(new asn1js.OctetString({ valueHex: dke }));
  return new asn1js.Sequence({ value });
}
