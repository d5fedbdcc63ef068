import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as asn1js from 'asn1js';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  decodeDstuSignature,
  DSTU_CURVE_NAMES,
  DSTU_DEFAULT_DKE,
  dstuCurveByName,
  dstuDigest,
  DstuPrivateKey,
  DstuPublicKey,
  encodeDstuSignature,
  gost34311,
  Gost28147,
  hmacGost34311,
  kupyna,
  pbkdf2Gost34311,
} from '../../main/core/crypto/dstu';
import { gostPkcs12Mac } from '../../main/core/keys/containers';
import {
  bcDigests,
  bcGost28147,
  bcGostPkcs12Mac,
  bcHmacGost34311,
  bcPbkdf2Gost34311,
  bcSignRaw,
  bcVerifyCertificates,
  bcVerifyCms,
  bcVerifyRaw,
  bouncyCastleClasses,
} from '../helpers/bouncy-castle';
import { selfSignedCertificate, signedData, verifyCertificateSignature, verifySignedData } from '../helpers/bouncy-castle/dstu-cms';
import { missingTools } from '../helpers/require-tools';

const missing = missingTools(['java', 'javac']);
const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.join(import.meta.dirname, '../fixtures/dstu', name)));
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const random = (length: number) => new Uint8Array(crypto.randomBytes(length));

/** A random valid GOST S-box, packed: every row a permutation of 0..15. */
function randomPackedSbox(): Uint8Array {
  const expanded: number[] = [];
  for (let row = 0; row < 8; row++) {
    const values = Array.from({ length: 16 }, (_, i) => i);
    for (let i = 15; i > 0; i--) {
      const j = crypto.randomInt(i + 1);
      [values[i], values[j]] = [values[j], values[i]];
    }
    expanded.push(...values);
  }
  return Uint8Array.from({ length: 64 }, (_, i) => (expanded[2 * i] << 4) | expanded[2 * i + 1]);
}

/** d of a key, big-endian (through its own PKCS#8 export). */
function scalarOf(key: DstuPrivateKey): Uint8Array {
  const octets = (asn1js.fromBER(key.exportPkcs8('integer')).result as asn1js.Sequence).valueBlock.value[2] as asn1js.OctetString;
  return Uint8Array.from((asn1js.fromBER(octets.valueBlock.valueHexView).result as asn1js.Integer).valueBlock.valueHexView);
}

function flip(bytes: Uint8Array, index: number): Uint8Array {
  const out = Uint8Array.from(bytes);
  out[(index + out.length) % out.length] ^= 0x01;
  return out;
}

describe.skipIf(missing)('Bouncy Castle agrees with our DSTU cryptography', () => {
  beforeAll(() => {
    bouncyCastleClasses();
  });

  it('on GOST 34.311 (DSTU default DKE as Bouncy Castle expands it, the test S-box, random DKEs) and Kupyna', () => {
    const items: { name: 'gost34311' | 'kupyna256' | 'kupyna384' | 'kupyna512'; data: Uint8Array; sbox?: string; ours: Uint8Array }[] = [];
    for (const length of [0, 1, 31, 32, 33, 63, 64, 65, 127, 128, 129, 1000, 4096 + 7]) {
      const data = random(length);
      items.push({ name: 'gost34311', data, sbox: 'dke', ours: gost34311(data) });
      items.push({ name: 'gost34311', data, sbox: 'D-Test', ours: new Uint8Array(0) });
      const dke = randomPackedSbox();
      items.push({ name: 'gost34311', data, sbox: hex(dke), ours: gost34311(data, dke) });
      for (const bits of [256, 384, 512] as const) items.push({ name: `kupyna${bits}`, data, ours: kupyna(data, bits) });
    }
    const theirs = bcDigests(items);
    // The "D-Test" rows check our reading of an S-box given expanded against Bouncy Castle's table.
    const testSbox = new Uint8Array(Buffer.from(
      '040a09020d08000e060b010c070f05030e0b040c060d0f0a02030801000705090508010d0a0304020e0f0c070600090b070d0a010008090f0e04060c0b020503' +
        '060c0701050f0d08040a090e00030b02040b0a000702010d03060805090c0f0e0d0b0401030f0509000a0e070608020c010f0d0005070a040902030e060b080c',
      'hex',
    ));
    items.forEach((item, i) => {
      const ours = item.sbox === 'D-Test' ? gost34311(item.data, testSbox) : item.ours;
      expect(hex(ours), `${item.name} ${item.sbox ?? ''} over ${item.data.length} bytes`).toBe(hex(theirs[i]));
    });
    expect(hex(bcDigests([{ name: 'gost34311', data: new Uint8Array(0), sbox: hex(DSTU_DEFAULT_DKE) }])[0])).toBe(hex(gost34311(new Uint8Array(0))));
  });

  it('on GOST 28147-89 ECB, CFB and MAC, HMAC-GOST34311, PBKDF2 and the GOST PKCS#12 MAC', () => {
    const cases = Array.from({ length: 12 }, (_, i) => ({ key: random(32), iv: random(8), dke: i % 2 ? randomPackedSbox() : DSTU_DEFAULT_DKE, data: random(i * 13 + 1) }));
    const blocks = (data: Uint8Array) => data.subarray(0, data.length - (data.length % 8));
    const theirs = bcGost28147(
      cases.flatMap((c) => [
        { mode: 'ecb-enc' as const, key: c.key, sbox: hex(c.dke), data: blocks(c.data) },
        { mode: 'cfb-enc' as const, key: c.key, iv: c.iv, sbox: hex(c.dke), data: c.data },
        { mode: 'mac' as const, key: c.key, sbox: hex(c.dke), data: c.data },
      ]),
    );
    cases.forEach((c, i) => {
      const cipher = new Gost28147(c.key, c.dke);
      expect(hex(cipher.encryptEcb(blocks(c.data)))).toBe(hex(theirs[3 * i]));
      expect(hex(cipher.encryptCfb(c.iv, c.data))).toBe(hex(theirs[3 * i + 1]));
      expect(hex(cipher.mac(c.data))).toBe(hex(theirs[3 * i + 2]));
    });
    for (const keyLength of [16, 32, 45]) {
      const key = random(keyLength);
      const data = random(100);
      expect(hex(hmacGost34311(key, data))).toBe(hex(bcHmacGost34311(key, data)));
    }
    const salt = fixture('STORE_A040.dat').subarray(38, 70);
    expect(hex(pbkdf2Gost34311(new Uint8Array(Buffer.from('password')), salt, 10_000, 32))).toBe(hex(bcPbkdf2Gost34311(new Uint8Array(Buffer.from('password')), salt, 10_000, 32)));
    expect(hex(pbkdf2Gost34311(random(11), salt, 3, 70))).toHaveLength(140);
    const password = 'пароль-1';
    const data = random(500);
    const macSalt = random(32);
    expect(hex(gostPkcs12Mac(password, macSalt, 1000, data))).toBe(hex(bcGostPkcs12Mac(password, macSalt, 1000, data)));
  });

  it('on raw signatures over every curve, both encodings, both directions, valid and tampered', () => {
    const checks: { spki: Uint8Array; hash: Uint8Array; signature: Uint8Array; order: 'le' | 'be'; expected: boolean; what: string }[] = [];
    const bcSigned: { key: DstuPrivateKey; hash: Uint8Array; order: 'le' | 'be'; signature: Uint8Array }[] = [];
    DSTU_CURVE_NAMES.forEach((name, index) => {
      const curve = dstuCurveByName(name);
      const key = DstuPrivateKey.generate(curve);
      for (const order of ['le', 'be'] as const) {
        const spki = key.publicKey.toSpki(order);
        const hash = random(32);
        const signature = key.sign(hash, order);
        checks.push({ spki, hash, signature, order, expected: true, what: `${name} ${order}` });
        checks.push({ spki, hash: flip(hash, 3), signature, order, expected: false, what: `${name} ${order} other hash` });
        checks.push({ spki, hash, signature: flip(signature, 7), order, expected: false, what: `${name} ${order} flipped signature` });
        const { r, s } = decodeDstuSignature(curve, signature, order);
        checks.push({ spki, hash, signature: encodeDstuSignature(curve, { r: curve.scalars.zero(), s }, order), order, expected: false, what: `${name} r = 0` });
        checks.push({ spki, hash, signature: encodeDstuSignature(curve, { r, s: curve.scalars.n }, order), order, expected: false, what: `${name} s = n` });
        const kupynaHash = dstuDigest('kupyna512', random(50));
        checks.push({ spki, hash: kupynaHash, signature: key.sign(kupynaHash, order), order, expected: true, what: `${name} ${order} Kupyna-512 hash` });
        bcSigned.push({ key, hash, order, signature: bcSignRaw(index, scalarOf(key), hash, order) });
      }
    });
    const verdicts = bcVerifyRaw(checks);
    checks.forEach((check, i) => {
      expect(verdicts[i], `Bouncy Castle on ${check.what}`).toBe(check.expected);
      expect(DstuPublicKey.fromSpki(check.spki).verify(check.hash, check.signature, check.order), `ours on ${check.what}`).toBe(check.expected);
    });
    for (const signed of bcSigned) {
      expect(signed.key.publicKey.verify(signed.hash, signed.signature, signed.order), `Bouncy Castle's ${signed.key.curve.name} ${signed.order} signature`).toBe(true);
      expect(signed.key.publicKey.verify(flip(signed.hash, 0), signed.signature, signed.order)).toBe(false);
    }
  }, 120_000);

  it('on message.p7 and message_detached.p7, and on tampered copies of them', () => {
    const message = fixture('message.p7');
    const detached = fixture('message_detached.p7');
    const content = new Uint8Array(Buffer.from('123'));
    const cases = [
      { cms: message, content: undefined, valid: true, what: 'message.p7' },
      { cms: detached, content, valid: true, what: 'message_detached.p7' },
      { cms: detached, content: new Uint8Array(Buffer.from('124')), valid: false, what: 'detached over other content' },
      // The SignerInfo's signature value is the last field of the file.
      { cms: flip(message, -10), content: undefined, valid: false, what: 'a flipped signature byte' },
      { cms: flipInside(message, '170d313831303232313932353035', 3), content: undefined, valid: false, what: 'a changed signing time' },
    ];
    const verdicts = bcVerifyCms(cases.map((c) => ({ cms: c.cms, content: c.content })));
    cases.forEach((c, i) => {
      expect(verdicts[i].ok, `Bouncy Castle on ${c.what}: ${verdicts[i].message}`).toBe(c.valid);
      expect(verifySignedData(c.cms, c.content), `ours on ${c.what}`).toBe(c.valid);
    });
  });

  it('on CAdES-style signatures we make on M257 and M431 (attached and detached) and our certificates', () => {
    const cases: { cms: Uint8Array; content?: Uint8Array; valid: boolean; what: string }[] = [];
    const certificates: { certificate: Uint8Array; issuer: Uint8Array; valid: boolean }[] = [];
    for (const name of ['M257', 'M431'] as const) {
      const key = DstuPrivateKey.generate(dstuCurveByName(name));
      const certificate = selfSignedCertificate(key, `Signdesk ${name}`, 'signing');
      certificates.push({ certificate, issuer: certificate, valid: true });
      certificates.push({ certificate: flipInside(certificate, hex(new TextEncoder().encode(`Signdesk ${name}`)), 2), issuer: certificate, valid: false });
      const content = random(4096);
      const attached = signedData(key, certificate, content, { attached: true });
      const detached = signedData(key, certificate, content, { attached: false });
      cases.push({ cms: attached, valid: true, what: `${name} attached` });
      cases.push({ cms: detached, content, valid: true, what: `${name} detached` });
      cases.push({ cms: detached, content: flip(content, 100), valid: false, what: `${name} detached, content changed` });
      cases.push({ cms: flip(attached, -3), valid: false, what: `${name} attached, signature changed` });
      // signingTime OID, SET, UTCTime header, then the digits: change one of them.
      cases.push({ cms: flipInside(attached, '06092a864886f70d010905', 17), valid: false, what: `${name} attached, signing time changed` });
      expect(verifyCertificateSignature(certificate, certificate)).toBe(true);
    }
    const verdicts = bcVerifyCms(cases);
    cases.forEach((c, i) => {
      expect(verdicts[i].ok, `Bouncy Castle on ${c.what}: ${verdicts[i].message}`).toBe(c.valid);
      expect(verifySignedData(c.cms, c.content), `ours on ${c.what}`).toBe(c.valid);
    });
    const certificateVerdicts = bcVerifyCertificates(certificates);
    certificates.forEach((c, i) => expect(certificateVerdicts[i].ok, certificateVerdicts[i].message).toBe(c.valid));
  });

  it('on the CZO root, the CA certificate it issued and the test PKI certificates', () => {
    const pairs = [
      ['CZOROOT.cer', 'CZOROOT.cer', true],
      ['CA-Justice.cer', 'CZOROOT.cer', true],
      ['SELF_SIGNED1.cer', 'SELF_SIGNED1.cer', true],
      ['SELF_SIGNED_ENC1.cer', 'SELF_SIGNED_ENC1.cer', true],
      ['SELF_SIGNED_ENC_6929.cer', 'SELF_SIGNED_ENC_6929.cer', true],
      ['SELF_SIGNED_ENC_6929.cer', 'SELF_SIGNED1.cer', false],
    ] as const;
    const verdicts = bcVerifyCertificates(pairs.map(([certificate, issuer]) => ({ certificate: fixture(certificate), issuer: fixture(issuer) })));
    pairs.forEach(([certificate, issuer, valid], i) => {
      expect(verdicts[i].ok, `${certificate} by ${issuer}: ${verdicts[i].message}`).toBe(valid);
      expect(verifyCertificateSignature(fixture(certificate), fixture(issuer))).toBe(valid);
    });
  });
});

/** Flips one bit `offset` bytes after the first occurrence of a hex marker (to change a chosen field). */
function flipInside(bytes: Uint8Array, markerHex: string, offset: number): Uint8Array {
  const at = Buffer.from(bytes).indexOf(Buffer.from(markerHex, 'hex'));
  if (at < 0) throw new Error(`marker ${markerHex} not found`);
  return flip(bytes, at + offset);
}
