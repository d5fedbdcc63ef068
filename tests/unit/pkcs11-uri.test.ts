import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPkcs11Uri, isPkcs11Uri, parsePkcs11Uri, withoutPin, type Pkcs11Uri } from '../../main/core/token/pkcs11-uri';

describe('RFC 7512 pkcs11: URIs', () => {
  it('parses the path and query attributes of the RFC examples', () => {
    expect(parsePkcs11Uri('pkcs11:object=my-pubkey;type=public')).toEqual({ object: 'my-pubkey', type: 'public' });
    expect(parsePkcs11Uri('pkcs11:token=The%20Software%20PKCS%2311%20Softtoken;manufacturer=Snake%20Oil,%20Inc.;model=1.0;object=my-certificate;type=cert;id=%69%95%3E%5C%F4%BD%EC%91;serial=')).toEqual({
      token: 'The Software PKCS#11 Softtoken',
      manufacturer: 'Snake Oil, Inc.',
      model: '1.0',
      object: 'my-certificate',
      type: 'cert',
      id: new Uint8Array([0x69, 0x95, 0x3e, 0x5c, 0xf4, 0xbd, 0xec, 0x91]),
      serial: '',
    });
    expect(parsePkcs11Uri('pkcs11:token=Accountant;object=main-key?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=file:/run/pin')).toEqual({
      token: 'Accountant',
      object: 'main-key',
      modulePath: '/usr/lib/softhsm/libsofthsm2.so',
      pinSource: 'file:/run/pin',
    });
    expect(parsePkcs11Uri('pkcs11:slot-id=5;library-version=2.6?module-name=softhsm2&pin-value=1234')).toEqual({ slotId: 5, libraryVersion: '2.6', moduleName: 'softhsm2', pinValue: '1234' });
    expect(parsePkcs11Uri('pkcs11:')).toEqual({});
    expect(parsePkcs11Uri('pkcs11:token=%D0%91%D1%83%D1%85')).toEqual({ token: 'Бух' });
  });

  it('formats canonically: id always percent-encoded, reserved characters escaped, query after the path', () => {
    expect(formatPkcs11Uri({ token: 'My token; #1', object: 'a/b', id: new Uint8Array([0x01, 0xab]), type: 'private', modulePath: '/usr/lib/x.so', pinValue: 'p&q' })).toBe(
      'pkcs11:token=My%20token%3B%20%231;object=a%2Fb;id=%01%AB;type=private?pin-value=p%26q&module-path=/usr/lib/x.so',
    );
    expect(formatPkcs11Uri({})).toBe('pkcs11:');
  });

  it('round-trips any attribute values', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 20 });
    fc.assert(
      fc.property(
        fc.record(
          { token: text, serial: text, object: text, modulePath: text, pinSource: text, id: fc.uint8Array({ maxLength: 20 }), type: fc.constantFrom('public', 'private', 'cert', 'secret-key', 'data') },
          { requiredKeys: [] },
        ),
        (uri) => {
          expect(parsePkcs11Uri(formatPkcs11Uri(uri as Pkcs11Uri))).toEqual(uri);
        },
      ),
    );
  });

  it('rejects what RFC 7512 does not allow', () => {
    for (const bad of [
      'pkcs12:token=x',
      'pkcs11:token=a;token=b',
      'pkcs11:tokn=a',
      'pkcs11:type=key',
      'pkcs11:id=%G1',
      'pkcs11:noequals',
      'pkcs11:slot-id=abc',
      'pkcs11:?pin-value=1&pin-source=file:/x',
      'pkcs11:?modul-path=/x',
      'pkcs11:token=%FF%FE',
    ]) {
      expect(() => parsePkcs11Uri(bad), bad).toThrow(expect.objectContaining({ code: 'ERR_INPUT_INVALID' }));
    }
  });

  it('keeps vendor x- attributes, recognises the scheme case-insensitively and drops PINs on request', () => {
    const uri = parsePkcs11Uri('PKCS11:token=T;x-vendor=v?x-flag=1&pin-value=secret');
    expect(uri).toMatchObject({ token: 'T', vendorPath: { 'x-vendor': 'v' }, vendorQuery: { 'x-flag': '1' }, pinValue: 'secret' });
    expect(isPkcs11Uri('PKCS11:')).toBe(true);
    expect(isPkcs11Uri('file:/x')).toBe(false);
    expect(formatPkcs11Uri(withoutPin(uri))).toBe('pkcs11:token=T;x-vendor=v?x-flag=1');
  });

  it('never puts a PIN into an error message', () => {
    expect(() => parsePkcs11Uri('pkcs11:?pin-value=s3cret&pin-value=s3cret')).toThrow(expect.not.objectContaining({ message: expect.stringContaining('s3cret') }));
  });
});
