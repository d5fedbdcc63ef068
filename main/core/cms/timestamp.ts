import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import { SigndeskError } from '../../../preload/contract/errors';
import { assertSaneDer, digest, hashSpec, type HashName } from '../crypto';
import { algorithmIdentifier, NULL, octetString, sequence, smallInteger, tlv } from '../crypto/der';
import { httpRequest, type HttpRequestOptions, type HttpResponse } from '../net/http-request';
import { OID_SIGNED_DATA, OID_TST_INFO } from './oids';

export type TimestampFetch = (url: string, options: HttpRequestOptions) => Promise<HttpResponse>;

export interface TimestampOptions {
  hash: HashName;
  timeoutMs?: number;
  fetch?: TimestampFetch;
}

function tsaError(message: string, cause?: unknown): SigndeskError {
  return new SigndeskError('ERR_TSA', message, undefined, { cause });
}

/**
 * RFC 3161: asks the TSA at `url` for a token over `data` (the SignerInfo's signature value for CAdES-T)
 * and returns the TimeStampToken (a ContentInfo, DER) after checking status, imprint and nonce.
 */
export async function requestTimestamp(url: string, data: Uint8Array, options: TimestampOptions): Promise<Uint8Array> {
  const imprint = digest(options.hash, data);
  const nonce = crypto.randomBytes(8);
  nonce[0] &= 0x7f;
  if (nonce[0] === 0) nonce[0] = 1;
  const request = sequence(smallInteger(1), sequence(algorithmIdentifier(hashSpec(options.hash).oid, NULL), octetString(imprint)), tlv(0x02, nonce), Uint8Array.of(0x01, 0x01, 0xff));
  const fetch = options.fetch ?? httpRequest;
  let response: HttpResponse;
  try {
    response = await fetch(url, { method: 'POST', body: request, contentType: 'application/timestamp-query', accept: 'application/timestamp-reply', timeoutMs: options.timeoutMs ?? 15_000, maxBytes: 1024 * 1024 });
  } catch (error) {
    throw tsaError(`The timestamp server did not answer: ${(error as Error).message}`, error);
  }
  return tokenFromResponse(response.body, imprint, nonce);
}

function tokenFromResponse(body: Uint8Array, imprint: Uint8Array, nonce: Uint8Array): Uint8Array {
  try {
    assertSaneDer(body, { code: 'ERR_TSA', what: 'timestamp response', allowIndefinite: true });
  } catch (error) {
    throw tsaError((error as Error).message, error);
  }
  const parsed = asn1js.fromBER(body);
  const response = parsed.result;
  if (parsed.offset === -1 || !(response instanceof asn1js.Sequence)) throw tsaError('The timestamp response is malformed');
  const [statusInfo, token] = response.valueBlock.value;
  const status = statusInfo instanceof asn1js.Sequence ? statusInfo.valueBlock.value[0] : undefined;
  if (!(status instanceof asn1js.Integer)) throw tsaError('The timestamp response has no status');
  const code = status.valueBlock.valueDec;
  if (code !== 0 && code !== 1) throw tsaError(`The timestamp server refused the request (PKIStatus ${code})`);
  if (!(token instanceof asn1js.Sequence)) throw tsaError('The timestamp response carries no token');
  const tokenDer = new Uint8Array(token.valueBeforeDecodeView);
  const tstInfo = tstInfoOf(token);
  if (!Buffer.from(tstInfo.imprint).equals(Buffer.from(imprint))) throw tsaError('The timestamp token covers different data');
  if (!tstInfo.nonce || !Buffer.from(stripZeros(tstInfo.nonce)).equals(Buffer.from(stripZeros(nonce)))) throw tsaError('The timestamp token nonce does not match');
  return tokenDer;
}

/** TSTInfo fields of a TimeStampToken (ContentInfo → SignedData → eContent). */
export function tstInfoOf(token: asn1js.Sequence): { imprint: Uint8Array; nonce?: Uint8Array; genTime: Date; hashOid: string } {
  const fail = (): never => {
    throw tsaError('The timestamp token is malformed');
  };
  const [type, wrapped] = token.valueBlock.value;
  if (!(type instanceof asn1js.ObjectIdentifier) || type.getValue() !== OID_SIGNED_DATA || !(wrapped instanceof asn1js.Constructed)) return fail();
  const signedData = wrapped.valueBlock.value[0];
  if (!(signedData instanceof asn1js.Sequence)) return fail();
  const encap = signedData.valueBlock.value[2];
  if (!(encap instanceof asn1js.Sequence)) return fail();
  const [contentType, explicit] = encap.valueBlock.value;
  if (!(contentType instanceof asn1js.ObjectIdentifier) || contentType.getValue() !== OID_TST_INFO || !(explicit instanceof asn1js.Constructed)) return fail();
  const octets = explicit.valueBlock.value[0];
  if (!(octets instanceof asn1js.OctetString)) return fail();
  const content = octetsOf(octets);
  const info = asn1js.fromBER(content).result;
  if (!(info instanceof asn1js.Sequence)) return fail();
  const fields = info.valueBlock.value;
  const messageImprint = fields[2];
  const genTime = fields[4];
  if (!(messageImprint instanceof asn1js.Sequence) || !(genTime instanceof asn1js.GeneralizedTime)) return fail();
  const [algorithm, hashed] = messageImprint.valueBlock.value;
  const hashOid = algorithm instanceof asn1js.Sequence ? (algorithm.valueBlock.value[0] as asn1js.ObjectIdentifier).getValue() : '';
  if (!(hashed instanceof asn1js.OctetString)) return fail();
  const nonce = fields.slice(5).find((field) => field instanceof asn1js.Integer) as asn1js.Integer | undefined;
  return {
    imprint: new Uint8Array(hashed.valueBlock.valueHexView),
    nonce: nonce ? new Uint8Array(nonce.valueBlock.valueHexView) : undefined,
    genTime: genTime.toDate(),
    hashOid,
  };
}

/** The octets of an OCTET STRING, joining the chunks of a constructed (BER) one. */
export function octetsOf(octets: asn1js.OctetString): Uint8Array {
  // A view into the parsed input, not a copy: attached content can be large.
  if (!octets.idBlock.isConstructed) return octets.valueBlock.valueHexView;
  const chunks = octets.valueBlock.value.map((chunk) => (chunk instanceof asn1js.OctetString ? octetsOf(chunk) : new Uint8Array(0)));
  return new Uint8Array(Buffer.concat(chunks));
}

function stripZeros(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return bytes.subarray(start);
}
