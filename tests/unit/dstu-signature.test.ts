import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as asn1js from 'asn1js';
import { describe, expect, it } from 'vitest';
import {
  DSTU_CURVE_NAMES,
  DSTU_OIDS,
  decodeDstuSignature,
  dstuCurveByName,
  dstuDigest,
  DstuPrivateKey,
  DstuPublicKey,
  encodeDstuSignature,
  signDstuMessage,
  verifyDstuMessage,
} from '../../main/core/crypto/dstu';
import { isSigndeskError } from '../../preload/contract/errors';
import { certificateParts, signerInfoParts, verifyCertificateSignature } from '../helpers/bouncy-castle/dstu-cms';

const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.join(import.meta.dirname, '../fixtures/dstu', name)));
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return isSigndeskError(error) ? error.code : `not coded: ${String(error)}`;
  }
  return 'no error';
};

describe('DSTU 4145 signatures', () => {
  it.each(DSTU_CURVE_NAMES)('signs and verifies on %s in both encodings; any change breaks the signature', (name) => {
    const curve = dstuCurveByName(name);
    const key = DstuPrivateKey.generate(curve);
    const hash = crypto.randomBytes(32);
    for (const order of ['le', 'be'] as const) {
      const signature = key.sign(hash, order);
      expect(signature).toHaveLength(2 * curve.scalars.byteLength);
      expect(key.publicKey.verify(hash, signature, order)).toBe(true);
      expect(key.publicKey.check(hash, signature, order)).toBeUndefined();
      const otherHash = Uint8Array.from(hash);
      otherHash[5] ^= 1;
      expect(key.publicKey.verify(otherHash, signature, order)).toBe(false);
      const flipped = Uint8Array.from(signature);
      flipped[3] ^= 0x10;
      expect(key.publicKey.verify(hash, flipped, order)).toBe(false);
      expect(key.publicKey.verify(hash, signature, order === 'le' ? 'be' : 'le')).toBe(false);
      expect(DstuPrivateKey.generate(curve).publicKey.verify(hash, signature, order)).toBe(false);
    }
    // Kupyna hashes are signed the same way (the hash as a little-endian number, cut to m bits).
    const message = crypto.randomBytes(100);
    const signature = signDstuMessage(key, message, { digest: 'kupyna512' });
    expect(verifyDstuMessage(key.publicKey, message, signature, { digest: 'kupyna512' })).toBe(true);
    expect(verifyDstuMessage(key.publicKey, message, signature, { digest: 'kupyna256' })).toBe(false);
  });

  it('rejects r or s of zero or not below n, and values of the wrong length', () => {
    const curve = dstuCurveByName('M257');
    const key = DstuPrivateKey.generate(curve);
    const hash = crypto.randomBytes(32);
    const { r, s } = decodeDstuSignature(curve, key.sign(hash), 'le');
    const zero = curve.scalars.zero();
    const n = curve.scalars.n;
    const cases = [
      { r: zero, s, reason: 'r-out-of-range' },
      { r: n, s, reason: 'r-out-of-range' },
      { r, s: zero, reason: 's-out-of-range' },
      { r, s: n, reason: 's-out-of-range' },
    ];
    for (const bad of cases) {
      const encoded = encodeDstuSignature(curve, bad, 'le');
      expect(key.publicKey.verify(hash, encoded)).toBe(false);
      expect(key.publicKey.check(hash, encoded)).toBe(bad.reason);
      let thrown: unknown;
      try {
        key.publicKey.assertValid(hash, encoded);
      } catch (error) {
        thrown = error;
      }
      expect(isSigndeskError(thrown, 'ERR_SIGNATURE_INVALID') && thrown.details?.reason).toBe(bad.reason);
    }
    expect(codeOf(() => key.publicKey.verify(hash, new Uint8Array(63)))).toBe('ERR_SIGNATURE_MALFORMED');
    expect(codeOf(() => key.publicKey.verify(hash, new Uint8Array(70)))).toBe('ERR_SIGNATURE_MALFORMED');
    expect(codeOf(() => key.publicKey.assertValid(hash, key.sign(crypto.randomBytes(32))))).toBe('ERR_SIGNATURE_INVALID');
    // A sign byte per half (Bouncy Castle's big-endian form may carry one) is accepted.
    const be = key.sign(hash, 'be');
    const withSignBytes = Uint8Array.from([0, ...be.subarray(0, 32), 0, ...be.subarray(32)]);
    expect(key.publicKey.verify(hash, withSignBytes, 'be')).toBe(true);
  });

  it('verifies the known-answer signature of message.p7 over its signed attributes as stored (not as DER would sort them)', () => {
    const parts = signerInfoParts(fixture('message.p7'));
    expect(parts.digestAlgorithm).toBe(DSTU_OIDS.gost34311);
    expect(hex(parts.signature)).toBe(
      'a2f0f6927e40a651876548c53052dba0f6240adb5d0bffa23b5ed617c4398a600dd1257022b776eb16290c71de9804600307ecb01a2990c387ab7269dd44d917',
    );
    expect(parts.certificate).toEqual(fixture('SELF_SIGNED1.cer'));
    const key = DstuPublicKey.fromSpki(certificateParts(parts.certificate).spki);
    expect(key.curve.name).toBe('M257');
    expect(parts.messageDigest).toEqual(dstuDigest('gost34311', new Uint8Array(Buffer.from('123')), key.dke));
    expect(key.verify(dstuDigest('gost34311', parts.signedAttributes, key.dke), parts.signature)).toBe(true);
    // The same attributes in DER order are different bytes, and the signature does not cover them.
    expect(hex(sortedSet(parts.signedAttributes))).not.toBe(hex(parts.signedAttributes));
    expect(key.verify(dstuDigest('gost34311', sortedSet(parts.signedAttributes), key.dke), parts.signature)).toBe(false);
    // The detached signature over "123" by the same signer.
    const detached = signerInfoParts(fixture('message_detached.p7'));
    expect(detached.content).toBeUndefined();
    expect(key.verify(dstuDigest('gost34311', detached.signedAttributes, key.dke), detached.signature)).toBe(true);
  });

  it('pairs the test data private keys with their certificates, and the CA certificates verify', () => {
    const pairs = [
      ['PRIV1.cer', 'SELF_SIGNED1.cer'],
      ['Key40A0.cer', 'SELF_SIGNED_ENC_40A0.cer'],
      ['Key6929.cer', 'SELF_SIGNED_ENC_6929.cer'],
      ['KeyE54B.cer', 'SELF_SIGNED_ENC_E54B.cer'],
    ];
    for (const [keyFile, certificateFile] of pairs) {
      const certificateKey = DstuPublicKey.fromSpki(certificateParts(fixture(certificateFile)).spki);
      const key = DstuPrivateKey.fromPkcs8(fixture(keyFile), { expectedPublicKey: certificateKey });
      expect(key.publicKey.equals(certificateKey)).toBe(true);
      expect(verifyCertificateSignature(fixture(certificateFile), fixture(certificateFile))).toBe(true);
    }
    // PRIV1's d, written little-endian, is the ASCII digits "1234…9012" backwards.
    const priv1 = DstuPrivateKey.fromPkcs8(fixture('PRIV1.cer'));
    expect(hex(priv1.exportPkcs8('integer'))).toContain(hex(Buffer.from('12345678901234567890123456789012')));
    expect(hex(priv1.exportPkcs8('raw-le'))).toContain(hex(Buffer.from('21098765432109876543210987654321')));
    // KeyE54B stores d above n (55 bytes on a 430-bit order); as IIT's arithmetic does, it counts modulo n.
    expect(DstuPrivateKey.fromPkcs8(fixture('KeyE54B.cer'), { encoding: 'raw' }).publicKey.curve.name).toBe('M431');
    expect(verifyCertificateSignature(fixture('CZOROOT.cer'), fixture('CZOROOT.cer'))).toBe(true);
    expect(verifyCertificateSignature(fixture('CA-Justice.cer'), fixture('CZOROOT.cer'))).toBe(true);
    expect(verifyCertificateSignature(fixture('SELF_SIGNED_ENC_6929.cer'), fixture('SELF_SIGNED1.cer'))).toBe(false);
    expect(codeOf(() => verifyCertificateSignature(fixture('SELF_SIGNED1.cer'), fixture('CZOROOT.cer')))).toBe('ERR_SIGNATURE_MALFORMED');
    expect(DstuPublicKey.fromSpki(certificateParts(fixture('CZOROOT.cer')).spki).curve.name).toBe('M431');
    expect(DstuPublicKey.fromSpki(certificateParts(fixture('SFS_1.cer')).spki).curve.fieldBits).toBeGreaterThan(0);
  });

  it('exports and re-reads PKCS#8 in both private-key encodings; a destroyed key neither signs nor exports', () => {
    const curve = dstuCurveByName('M431');
    const key = DstuPrivateKey.generate(curve);
    for (const encoding of ['raw-le', 'integer'] as const) {
      const again = DstuPrivateKey.fromPkcs8(key.exportPkcs8(encoding));
      expect(again.publicKey.equals(key.publicKey)).toBe(true);
    }
    const other = DstuPrivateKey.generate(curve);
    expect(codeOf(() => DstuPrivateKey.fromPkcs8(key.exportPkcs8(), { expectedPublicKey: other.publicKey }))).toBe('ERR_CERT_KEY_MISMATCH');
    key.destroy();
    expect(key.destroyed).toBe(true);
    expect(codeOf(() => key.sign(new Uint8Array(32)))).toBe('ERR_KEY_NOT_FOUND');
    expect(codeOf(() => key.exportPkcs8())).toBe('ERR_KEY_NOT_FOUND');
  });

  it('refuses broken keys with coded errors: off-curve points, wrong curves, d out of range', () => {
    const spki = certificateParts(fixture('SELF_SIGNED1.cer')).spki;
    expect(DstuPublicKey.fromSpki(spki).curve.name).toBe('M257');
    // A compressed x whose equation has no solution: walk x until decompression fails.
    const curve = dstuCurveByName('M257');
    const point = Uint8Array.from(DstuPublicKey.fromSpki(spki).compressed('le'));
    let offCurve: Uint8Array | undefined;
    for (let i = 0; i < 64 && !offCurve; i++) {
      point[1] = i;
      if (!curve.decompress(Uint8Array.from(point).reverse())) offCurve = Uint8Array.from(point);
    }
    expect(offCurve).toBeDefined();
    const spkiHex = hex(spki);
    const withPoint = (compressed: Uint8Array) => new Uint8Array(Buffer.from(spkiHex.replace(hex(DstuPublicKey.fromSpki(spki).compressed('le')), hex(compressed)), 'hex'));
    expect(codeOf(() => DstuPublicKey.fromSpki(withPoint(offCurve as Uint8Array)))).toBe('ERR_KEY_INVALID');
    expect(codeOf(() => DstuPublicKey.fromSpki(withPoint(new Uint8Array(33))))).toBe('ERR_KEY_INVALID');
    expect(codeOf(() => DstuPublicKey.fromSpki(new Uint8Array(Buffer.from(spkiHex.replace('2a8624020101010103010102' + '06', '2a8624020101010103010102' + '0a'), 'hex'))))).toBe(
      'ERR_KEY_ALGORITHM_UNSUPPORTED',
    );
    expect(codeOf(() => DstuPublicKey.fromSpki(spki.subarray(0, spki.length - 3)))).toBe('ERR_KEY_INVALID');
    expect(codeOf(() => DstuPublicKey.fromSpki(new Uint8Array(Buffer.from(spkiHex.replace(hex(Buffer.from(DSTU_OIDS.dstu4145le)), ''), 'hex')).subarray(0, 10)))).toBe('ERR_KEY_INVALID');
    // d = 0 and d = n (zero modulo n) in a PKCS#8, read as the DER INTEGERs they are.
    const pkcs8 = DstuPrivateKey.generate(curve).exportPkcs8('integer');
    expect(codeOf(() => DstuPrivateKey.fromPkcs8(replaceScalar(pkcs8, new Uint8Array([0])), { encoding: 'structured' }))).toBe('ERR_KEY_INVALID');
    expect(codeOf(() => DstuPrivateKey.fromPkcs8(replaceScalar(pkcs8, Uint8Array.from([0, ...curve.nBytes])), { encoding: 'structured' }))).toBe('ERR_KEY_INVALID');
    expect(codeOf(() => DstuPrivateKey.fromPkcs8(replaceScalar(pkcs8, new Uint8Array(0)), { encoding: 'raw' }))).toBe('ERR_KEY_INVALID');
    expect(codeOf(() => DstuPrivateKey.fromPkcs8(pkcs8.subarray(0, pkcs8.length - 2)))).toBe('ERR_KEY_INVALID');
  });
});

/** The DER of a SET with its elements sorted as DER requires. */
function sortedSet(set: Uint8Array): Uint8Array {
  const items = (asn1js.fromBER(set).result as asn1js.Set).valueBlock.value.map((item) => Buffer.from(item.toBER()));
  items.sort(Buffer.compare);
  const body = Buffer.concat(items);
  return new Uint8Array(Buffer.concat([Buffer.from(new asn1js.Set().toBER()).subarray(0, 1), lengthBytes(body.length), body]));
}

function lengthBytes(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let value = length; value > 0; value >>= 8) bytes.unshift(value & 255);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** The PKCS#8 with its private key OCTET STRING holding a DER INTEGER of the given big-endian bytes. */
function replaceScalar(pkcs8: Uint8Array, value: Uint8Array): Uint8Array {
  const [version, algorithm] = (asn1js.fromBER(pkcs8).result as asn1js.Sequence).valueBlock.value;
  const octets = value.length === 0 ? new Uint8Array(0) : new Uint8Array(new asn1js.Integer({ valueHex: value }).toBER());
  return new Uint8Array(new asn1js.Sequence({ value: [version, algorithm, new asn1js.OctetString({ valueHex: octets })] }).toBER());
}
