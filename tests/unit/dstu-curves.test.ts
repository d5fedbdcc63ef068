import * as asn1js from 'asn1js';
import { describe, expect, it } from 'vitest';
import {
  DSTU_CURVE_NAMES,
  DSTU_DEFAULT_DKE,
  DstuCurve,
  DstuPrivateKey,
  dstuCurveByName,
  dstuCurveByOid,
  dstuCurveFromExplicit,
  encodeDstuParameters,
  parseDstuParameters,
} from '../../main/core/crypto/dstu';
import { isSigndeskError } from '../../preload/contract/errors';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return isSigndeskError(error) ? error.code : `not coded: ${String(error)}`;
  }
  return 'no error';
};

function element(m: number, text: string): Int32Array {
  const words = new Int32Array((m + 31) >>> 5);
  const value = bytes(text);
  for (let i = 0; i < value.length; i++) {
    const bit = 8 * (value.length - 1 - i);
    words[bit >>> 5] |= value[i] << (bit & 31);
  }
  return words;
}

/** DSTU 4145-2002 Appendix B: the worked example on the 163-bit field with its own base point P. */
const APPENDIX_B = {
  b: '05ff6108462a2dc8210ab403925e638a19c1455d21',
  n: '0400000000000000000002bec12be2262d39bcf14d',
  px: '072d867f93a93ac27df9ff01affe74885c8c540420',
  py: '00224a9c3947852b97c5599d5f4ab81122adc3fd9b',
  d: '0183f60fdf7951ff47d67193f8d073790c1c9b5a3e',
  qx: '057de7fde023ff929cb6ac785ce4b79cf64abdc2da',
  qy: '03e85444324bcf06ad85abf6ad7b5f34770532b9aa',
  hash: '09c9c44277910c9aaee486883a2eb95b7180166ddf73532eeb76edaef52247ff',
  e: '01025e40bd97db012b7a1d79de8e12932d247f61c6',
  r: '0274ea2c0caa014a0d80a424f59ade7a93068d08a7',
  s: '02100d86957331832b8e8c230f5bd6a332b3615aca',
};

describe('DSTU 4145 curves', () => {
  it('names the ten polynomial-basis curves by their OIDs 1.2.804.2.1.1.1.1.3.1.1.2.0 … .9', () => {
    DSTU_CURVE_NAMES.forEach((name, index) => {
      const curve = dstuCurveByOid(`1.2.804.2.1.1.1.1.3.1.1.2.${index}`);
      expect(curve.name).toBe(name);
      expect(curve.fieldBits).toBe(Number(name.slice(1)));
      expect(dstuCurveByName(name)).toBe(curve);
    });
    expect(codeOf(() => dstuCurveByOid('1.2.804.2.1.1.1.1.3.1.1.2.10'))).toBe('ERR_KEY_ALGORITHM_UNSUPPORTED');
  });

  it('reproduces the worked example of the standard (Appendix B): public key and signature', () => {
    const curve = new DstuCurve({
      m: 163,
      terms: [7, 6, 3],
      a: 1,
      b: bytes(APPENDIX_B.b),
      n: bytes(APPENDIX_B.n),
      base: { x: element(163, APPENDIX_B.px), y: element(163, APPENDIX_B.py) },
    });
    expect(curve.hasOrderN(curve.base)).toBe(true);
    const key = DstuPrivateKey.fromScalar(curve, bytes(APPENDIX_B.d));
    expect(hex(curve.field.toBytes(key.publicKey.point.x))).toBe(APPENDIX_B.qx);
    expect(hex(curve.field.toBytes(key.publicKey.point.y))).toBe(APPENDIX_B.qy);
    // The example writes H(T) as a number; GOST 34.311 output is the little-endian byte string of it.
    const hash = bytes(APPENDIX_B.hash).reverse();
    const nonce = (size: number) => {
      const out = new Uint8Array(size);
      out.set(bytes(APPENDIX_B.e), size - bytes(APPENDIX_B.e).length);
      return out;
    };
    const signature = key.sign(hash, 'be', nonce);
    expect(hex(signature)).toBe(APPENDIX_B.s + APPENDIX_B.r);
    expect(key.publicKey.verify(hash, signature, 'be')).toBe(true);
    // The same curve given explicitly is a domain of its own (its base point is not M163's).
    const explicit = dstuCurveFromExplicit({ m: 163, terms: [3, 6, 7], a: 1, b: bytes(APPENDIX_B.b), n: bytes(APPENDIX_B.n), base: curve.compress(curve.base) });
    expect(explicit.name).toBeUndefined();
    expect(explicit.equals(explicit.base, curve.base)).toBe(true);
  });

  it('reads named and explicit parameters in both byte orders, recognising the standard curves', () => {
    const m257 = dstuCurveByName('M257');
    const named = parseDstuParameters(encodeDstuParameters(m257, DSTU_DEFAULT_DKE, 'le'), 'le');
    expect(named.curve).toBe(m257);
    expect(named.dke).toEqual(DSTU_DEFAULT_DKE);
    // Explicit parameters of a named curve (as IIT writes them) resolve to the named curve, either order.
    for (const order of ['le', 'be'] as const) {
      for (const name of ['M257', 'M431', 'M163'] as const) {
        const curve = dstuCurveByName(name);
        const explicit = explicitParameters(curve, order);
        expect(parseDstuParameters(explicit, order).curve).toBe(curve);
        // Declared one way, written the other (IIT's big-endian attribute curves inside little-endian keys).
        expect(parseDstuParameters(explicit, order === 'le' ? 'be' : 'le').curve).toBe(curve);
      }
    }
  });

  it('refuses parameters that are not a valid curve with coded errors', () => {
    const curve = dstuCurveByName('M257');
    const tamperedB = explicitParameters(curve, 'be', { b: flipLast(curve.field.toBytes(curve.b)) });
    expect(codeOf(() => parseDstuParameters(tamperedB, 'be'))).toBe('ERR_KEY_INVALID');
    const wrongOrder = explicitParameters(curve, 'be', { n: bytes('800000000000000000000000000000006759213af182e987d3e17714907d470f') });
    expect(codeOf(() => parseDstuParameters(wrongOrder, 'be'))).toBe('ERR_KEY_INVALID');
    expect(codeOf(() => parseDstuParameters(explicitParameters(curve, 'be', { m: 256 }), 'be'))).toMatch(/ERR_KEY_ALGORITHM_UNSUPPORTED|ERR_KEY_INVALID/);
    expect(codeOf(() => parseDstuParameters(bytes('3003020101'), 'le'))).toBe('ERR_KEY_INVALID');
    expect(codeOf(() => parseDstuParameters(bytes('300d060b2a86240201010101030101020'), 'le'))).toBe('ERR_KEY_INVALID');
    const shortDke = new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: curve.oid as string }), new asn1js.OctetString({ valueHex: new Uint8Array(32) })] });
    expect(codeOf(() => parseDstuParameters(new Uint8Array(shortDke.toBER()), 'le'))).toBe('ERR_KEY_INVALID');
  });
});

function flipLast(value: Uint8Array): Uint8Array {
  const out = Uint8Array.from(value);
  out[out.length - 1] ^= 4;
  return out;
}

/** ECBinary parameters written out by hand (so the test does not lean on encodeDstuParameters for explicit curves). */
function explicitParameters(curve: DstuCurve, order: 'le' | 'be', override: { b?: Uint8Array; n?: Uint8Array; m?: number } = {}): Uint8Array {
  const arrange = (value: Uint8Array) => (order === 'le' ? Uint8Array.from(value).reverse() : value);
  const terms = curve.field.terms;
  const n = override.n ?? curve.nBytes;
  const ecBinary = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [
          new asn1js.Integer({ value: override.m ?? curve.field.m }),
          terms.length === 1 ? new asn1js.Integer({ value: terms[0] }) : new asn1js.Sequence({ value: terms.map((k) => new asn1js.Integer({ value: k })) }),
        ],
      }),
      new asn1js.Integer({ value: curve.a }),
      new asn1js.OctetString({ valueHex: arrange(override.b ?? curve.field.toBytes(curve.b)) }),
      new asn1js.Integer({ valueHex: n[0] & 0x80 ? Uint8Array.from([0, ...n]) : n }),
      new asn1js.OctetString({ valueHex: arrange(curve.compress(curve.base)) }),
    ],
  });
  return new Uint8Array(new asn1js.Sequence({ value: [ecBinary, new asn1js.OctetString({ valueHex: DSTU_DEFAULT_DKE })] }).toBER());
}
