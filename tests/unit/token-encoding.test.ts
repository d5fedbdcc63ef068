import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ecdsaRawToDer } from '../../main/core/crypto';
import { childNodes, contentsOf, readNode, unsignedInteger } from '../../main/core/crypto/der';
import { algorithmOfSpki, curveFromEcParams, ecParamsFor, spkiFromEcPoint, spkiFromRsa } from '../../main/core/token/public-key';
import { certificateDer, certificateFields } from '../../main/core/token/certificate-fields';

describe('token encodings', () => {
  it('turns raw ECDSA r‖s into the DER node:crypto verifies', () => {
    for (const curve of ['P-256', 'P-384'] as const) {
      const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: curve });
      for (let i = 0; i < 20; i++) {
        const data = crypto.randomBytes(16);
        const raw = crypto.sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
        const der = ecdsaRawToDer(raw);
        expect(crypto.verify('sha256', data, { key: publicKey, dsaEncoding: 'der' }, der)).toBe(true);
      }
    }
    expect(() => ecdsaRawToDer(new Uint8Array(63))).toThrow(expect.objectContaining({ code: 'ERR_SIGNATURE_MALFORMED' }));
  });

  it('encodes INTEGERs minimally and positively', () => {
    expect(Buffer.from(unsignedInteger(new Uint8Array([0, 0, 0x7f]))).toString('hex')).toBe('02017f');
    expect(Buffer.from(unsignedInteger(new Uint8Array([0x80]))).toString('hex')).toBe('02020080');
    expect(Buffer.from(unsignedInteger(new Uint8Array([0, 0]))).toString('hex')).toBe('020100');
  });

  it('reads DER with long lengths and refuses truncation', () => {
    const long = Buffer.concat([Buffer.from([0x04, 0x82, 0x01, 0x00]), Buffer.alloc(256, 7)]);
    expect(contentsOf(long, readNode(long)).length).toBe(256);
    expect(() => readNode(long.subarray(0, 100))).toThrow(/length beyond the end/);
    const pair = Buffer.from('3006020101020102', 'hex');
    expect(childNodes(pair, readNode(pair)).map((child) => contentsOf(pair, child)[0])).toEqual([1, 2]);
  });

  it('builds SPKI from CKA_EC_POINT, DER-wrapped or raw, and from an RSA modulus', () => {
    const { publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const jwk = publicKey.export({ format: 'jwk' });
    const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]);
    const expected = publicKey.export({ type: 'spki', format: 'der' });
    const wrapped = Buffer.concat([Buffer.from([0x04, point.length]), point]);
    expect(Buffer.from(spkiFromEcPoint('P-384', wrapped)).equals(expected)).toBe(true);
    expect(Buffer.from(spkiFromEcPoint('P-384', point)).equals(expected)).toBe(true);
    expect(curveFromEcParams(ecParamsFor('P-256'))).toBe('P-256');
    expect(() => curveFromEcParams(Buffer.from('06052b8104000a', 'hex'))).toThrow(expect.objectContaining({ code: 'ERR_KEY_ALGORITHM_UNSUPPORTED' }));

    const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const rsaJwk = rsa.export({ format: 'jwk' });
    const modulus = Buffer.concat([Buffer.from([0]), Buffer.from(rsaJwk.n!, 'base64url')]);
    const spki = spkiFromRsa(modulus, Buffer.from(rsaJwk.e!, 'base64url'));
    expect(Buffer.from(spki).equals(rsa.export({ type: 'spki', format: 'der' }))).toBe(true);
    expect(algorithmOfSpki(spki)).toEqual({ kind: 'RSA', modulusLength: 2048 });
    expect(algorithmOfSpki(expected)).toEqual({ kind: 'EC', namedCurve: 'P-384' });
  });

  it('rejects what is not a certificate', () => {
    expect(() => certificateFields(Buffer.from('3003020101', 'hex'))).toThrow(expect.objectContaining({ code: 'ERR_CERT_MALFORMED' }));
    expect(() => certificateDer(Buffer.from('-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----'))).toThrow(expect.objectContaining({ code: 'ERR_CERT_MALFORMED' }));
  });
});
