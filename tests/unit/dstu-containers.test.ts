import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as asn1js from 'asn1js';
import { describe, expect, it } from 'vitest';
import { DSTU_DEFAULT_DKE, DSTU_OIDS, dstuCurveByName, DstuPrivateKey, DstuPublicKey, Gost28147, pbkdf2Gost34311 } from '../../main/core/crypto/dstu';
import {
  detectContainer,
  encryptGostPbes2,
  gostPkcs12Mac,
  iitKey6Kdf,
  readKeyContainer,
  writeGostEncryptedPkcs8,
  type ContainerContents,
} from '../../main/core/keys/containers';
import { isSigndeskError } from '../../preload/contract/errors';
import { certificateParts, selfSignedCertificate } from '../helpers/bouncy-castle/dstu-cms';

const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.join(import.meta.dirname, '../fixtures/dstu', name)));
const der = (node: asn1js.AsnType) => new Uint8Array(node.toBER());
async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return isSigndeskError(error) ? error.code : `not coded: ${String(error)}`;
  }
  return 'no error';
}
const publicKeyOf = (pkcs8: Uint8Array) => DstuPrivateKey.fromPkcs8(pkcs8).publicKey;
const certificateKey = (name: string) => DstuPublicKey.fromSpki(certificateParts(fixture(name)).spki);

describe('PKCS#8 with the Ukrainian GOST PBES2 profile', () => {
  it('opens jkurwa STORE_A040.dat (DER and PEM) to Key40A0 and writes the same file again', async () => {
    for (const name of ['STORE_A040.dat', 'STORE_A040.pem']) {
      const bytes = fixture(name);
      expect(detectContainer(bytes)).toBe('pkcs8-encrypted');
      const contents = await readKeyContainer(bytes, 'password');
      expect(contents.format).toBe('pkcs8-encrypted');
      expect(contents.keys).toHaveLength(1);
      expect(publicKeyOf(contents.keys[0].privateKeyInfo).equals(certificateKey('SELF_SIGNED_ENC_40A0.cer'))).toBe(true);
    }
    const store = fixture('STORE_A040.dat');
    const rewritten = writeGostEncryptedPkcs8(fixture('Key40A0.cer'), 'password', { salt: store.subarray(38, 70), iv: store.subarray(109, 117) });
    expect(rewritten).toEqual(store);
    expect(await codeOf(readKeyContainer(store, 'Password'))).toBe('ERR_PASSWORD_INCORRECT');
  });

  it('round-trips a key under a Cyrillic password, and IIT-era cp1251 passwords open too', async () => {
    const key = DstuPrivateKey.generate(dstuCurveByName('M257'));
    const file = writeGostEncryptedPkcs8(key.exportPkcs8('raw-le'), 'пароль', { iterations: 1000 });
    const opened = await readKeyContainer(file, 'пароль');
    expect(publicKeyOf(opened.keys[0].privateKeyInfo).equals(key.publicKey)).toBe(true);
    // The same key encrypted from the cp1251 bytes of the password, as older IIT software does.
    const cp1251 = new Uint8Array([0xef, 0xe0, 0xf0, 0xee, 0xeb, 0xfc]);
    const legacy = encryptWithPasswordBytes(key.exportPkcs8('raw-le'), cp1251);
    expect(publicKeyOf((await readKeyContainer(legacy, 'пароль')).keys[0].privateKeyInfo).equals(key.publicKey)).toBe(true);
  });
});

describe('IIT Key-6.dat', () => {
  it('opens a store with a signing key and IIT\'s key-agreement key in the attributes, and says which is which', async () => {
    const signing = DstuPrivateKey.generate(dstuCurveByName('M257'));
    const agreement = DstuPrivateKey.generate(dstuCurveByName('M431'));
    const file = key6(iitPrivateKeyInfo(signing, agreement), new Uint8Array(Buffer.from('secret-пароль', 'utf8')));
    expect(detectContainer(file)).toBe('iit-key6');
    const contents = await readKeyContainer(file, 'secret-пароль');
    expect(contents.format).toBe('iit-key6');
    expect(contents.keys.map((key) => key.role)).toEqual(['signing', 'encryption']);
    expect(contents.keys[0].roleReason).toMatch(/key-agreement/);
    expect(publicKeyOf(contents.keys[0].privateKeyInfo).equals(signing.publicKey)).toBe(true);
    expect(publicKeyOf(contents.keys[1].privateKeyInfo).equals(agreement.publicKey)).toBe(true);
    expect(await codeOf(readKeyContainer(file, 'secret-парол'))).toBe('ERR_PASSWORD_INCORRECT');
    expect(await codeOf(readKeyContainer(file.subarray(0, file.length - 9), 'secret-пароль'))).toBe('ERR_KEY_FILE_CORRUPT');
  });

  it('opens a store with a single key written as IIT does (raw little-endian d with zero padding)', async () => {
    const contents = await readKeyContainer(key6(fixture('Key40A0.cer'), new Uint8Array(Buffer.from('123'))), '123');
    expect(contents.keys).toHaveLength(1);
    expect(contents.keys[0].role).toBe('unknown');
    expect(publicKeyOf(contents.keys[0].privateKeyInfo).equals(certificateKey('SELF_SIGNED_ENC_40A0.cer'))).toBe(true);
  });
});

describe('PKCS#12 as Ukrainian CAs write it (GOST PBES2 bags, GOST 34.311 MAC)', () => {
  const signing = DstuPrivateKey.generate(dstuCurveByName('M257'));
  const agreement = DstuPrivateKey.generate(dstuCurveByName('M431'));
  const signingCertificate = selfSignedCertificate(signing, 'signing', 'signing');
  const agreementCertificate = selfSignedCertificate(agreement, 'agreement', 'encryption');

  it('checks the MAC, decrypts both key bags and takes the roles from the certificates', async () => {
    // The key-agreement key first, so its role cannot come from the position.
    const file = pfx([agreement, signing], 'pfx-password', { certificates: [agreementCertificate, signingCertificate] });
    expect(detectContainer(file)).toBe('pkcs12');
    const contents = await readKeyContainer(file, 'pfx-password');
    expect(contents.format).toBe('pkcs12');
    expect(contents.certificates).toHaveLength(2);
    const bySigning = roles(contents);
    expect(bySigning.signing.publicKey.equals(signing.publicKey)).toBe(true);
    expect(bySigning.encryption.publicKey.equals(agreement.publicKey)).toBe(true);
    expect(contents.keys.find((key) => key.role === 'signing')?.certificates?.[0]).toEqual(signingCertificate);
    expect(await codeOf(readKeyContainer(file, 'pfx-passwore'))).toBe('ERR_PASSWORD_INCORRECT');
  });

  it('without certificates follows IIT\'s order: the first key signs', async () => {
    const contents = await readKeyContainer(pfx([signing, agreement], 'p', {}), 'p');
    expect(roles(contents).signing.publicKey.equals(signing.publicKey)).toBe(true);
    expect(contents.keys[1].roleReason).toMatch(/first/);
  });

  it('refuses a tampered MAC, an absurd iteration count and a truncated file with coded errors', async () => {
    const file = pfx([signing], 'p', {});
    const tampered = Uint8Array.from(file);
    tampered[tampered.length - 40] ^= 1;
    expect(await codeOf(readKeyContainer(tampered, 'p'))).toMatch(/ERR_PASSWORD_INCORRECT|ERR_KEY_FILE_CORRUPT/);
    // 50 million GOST iterations would take many minutes: refused before any work.
    expect(await codeOf(readKeyContainer(pfx([signing], 'p', { macIterations: 50_000_000 }), 'p'))).toBe('ERR_KEY_FILE_CORRUPT');
    expect(await codeOf(readKeyContainer(file.subarray(0, 200), 'p'))).toMatch(/ERR_KEY_FILE_CORRUPT|ERR_KEY_FILE_UNKNOWN/);
    // Without a MAC the file is refused unless accepted; accepted, the key bags still have to decrypt to keys.
    const noMac = pfx([signing], 'p', { withoutMac: true });
    expect(await codeOf(readKeyContainer(noMac, 'p'))).toBe('ERR_KEY_FILE_UNPROTECTED');
    expect(roles(await readKeyContainer(noMac, 'p', { acceptMissingMac: true })).any.publicKey.equals(signing.publicKey)).toBe(true);
    expect(await codeOf(readKeyContainer(noMac, 'q', { acceptMissingMac: true }))).toBe('ERR_PASSWORD_INCORRECT');
  });
});

describe('raw IIT keys that look like a DER INTEGER (about one key in 65,536)', () => {
  // Little-endian raw bytes that also parse as INTEGER 0x…: both readings are valid keys.
  const ambiguous = (() => {
    const template = DstuPrivateKey.generate(dstuCurveByName('M257')).exportPkcs8('raw-le');
    const [version, algorithm] = (asn1js.fromBER(template).result as asn1js.Sequence).valueBlock.value;
    const raw = Uint8Array.from([0x02, 0x20, 0x11, ...crypto.randomBytes(31)]);
    return der(new asn1js.Sequence({ value: [version, algorithm, new asn1js.OctetString({ valueHex: raw })] }));
  })();
  const asRaw = DstuPrivateKey.fromPkcs8(ambiguous, { encoding: 'raw' });
  const asInteger = DstuPrivateKey.fromPkcs8(ambiguous, { encoding: 'structured' });

  it('keeps the key as it was when nothing tells the readings apart, so a certificate can later', async () => {
    expect(asRaw.publicKey.equals(asInteger.publicKey)).toBe(false);
    const contents = await readKeyContainer(ambiguous, '');
    expect(contents.keys[0].privateKeyInfo).toEqual(ambiguous);
    expect(DstuPrivateKey.fromPkcs8(ambiguous, { expectedPublicKey: asRaw.publicKey }).publicKey.equals(asRaw.publicKey)).toBe(true);
    expect(DstuPrivateKey.fromPkcs8(ambiguous, { expectedPublicKey: asInteger.publicKey }).publicKey.equals(asInteger.publicKey)).toBe(true);
  });

  it('lets the container\'s certificate decide, and Key-6.dat (always raw) needs none', async () => {
    const certificate = selfSignedCertificate(asRaw, 'raw reading', 'signing');
    const file = pfxOfPkcs8(ambiguous, 'p', [certificate]);
    const contents = await readKeyContainer(file, 'p');
    expect(publicKeyOf(contents.keys[0].privateKeyInfo).equals(asRaw.publicKey)).toBe(true);
    expect(contents.keys[0].role).toBe('signing');
    const key6Contents = await readKeyContainer(key6(ambiguous, new Uint8Array(Buffer.from('p'))), 'p');
    expect(publicKeyOf(key6Contents.keys[0].privateKeyInfo).equals(asRaw.publicKey)).toBe(true);
  });
});

describe('Java key stores written by the JDK (fixtures: keys generated by Bouncy Castle)', () => {
  it('opens the JKS and the JCEKS with their DSTU, EC and RSA keys and certificates', async () => {
    for (const [file, password, prefix] of [
      ['keystores/store.jks', 'jks-password', 'keystores/'],
      ['keystores/store.jceks', 'jceks-password', 'keystores/jceks-'],
    ] as const) {
      const bytes = fixture(file);
      expect(detectContainer(bytes)).toBe(file.endsWith('jks') ? 'jks' : 'jceks');
      const contents = await readKeyContainer(bytes, password);
      expect(contents.keys.map((key) => key.alias).sort()).toEqual(['dstu', 'ec', 'rsa']);
      for (const alias of ['ec', 'rsa']) expect(contents.keys.find((key) => key.alias === alias)?.privateKeyInfo).toEqual(fixture(`${prefix}${alias}.p8`));
      // The DSTU key (Bouncy Castle's form: big-endian OID, bare curve OID, ECPrivateKey) comes back normalised.
      const dstu = contents.keys.find((key) => key.alias === 'dstu');
      const expected = DstuPrivateKey.fromPkcs8(fixture(`${prefix}dstu.p8`));
      expect(publicKeyOf(dstu?.privateKeyInfo as Uint8Array).equals(expected.publicKey)).toBe(true);
      expect(dstu?.certificates).toHaveLength(1);
      expect(await codeOf(readKeyContainer(bytes, `${password}!`))).toBe('ERR_PASSWORD_INCORRECT');
      expect(await codeOf(readKeyContainer(bytes.subarray(0, bytes.length - 30), password))).toBe('ERR_KEY_FILE_CORRUPT');
    }
    const certificate = DstuPublicKey.fromSpki(certificateParts(fixture('keystores/dstu.cer')).spki);
    expect(certificate.equals(DstuPrivateKey.fromPkcs8(fixture('keystores/dstu.p8')).publicKey)).toBe(true);
  });
});

describe('Detection and hostile input', () => {
  it('names formats without a password and refuses what it does not know', async () => {
    expect(detectContainer(fixture('SELF_SIGNED1.cer'))).toBe('unknown');
    expect(detectContainer(fixture('Key40A0.cer'))).toBe('pkcs8');
    expect(detectContainer(new Uint8Array(0))).toBe('unknown');
    expect(await codeOf(readKeyContainer(crypto.randomBytes(300), 'x'))).toBe('ERR_KEY_FILE_UNKNOWN');
    expect(await codeOf(readKeyContainer(fixture('SELF_SIGNED1.cer'), 'x'))).toBe('ERR_KEY_FILE_UNKNOWN');
    expect(await codeOf(readKeyContainer(new Uint8Array(2 * 1024 * 1024), 'x'))).toBe('ERR_KEY_FILE_CORRUPT');
    for (const name of ['Key40A0.cer', 'Key40A0.pem']) {
      const plain = await readKeyContainer(fixture(name), '');
      expect(plain.format).toBe('pkcs8');
      expect(publicKeyOf(plain.keys[0].privateKeyInfo).equals(certificateKey('SELF_SIGNED_ENC_40A0.cer'))).toBe(true);
    }
  });

  it('survives every truncation and random corruption of each container with a coded error or the right key', async () => {
    const file = writeGostEncryptedPkcs8(fixture('Key40A0.cer'), 'p', { iterations: 10 });
    const key6File = key6(fixture('Key40A0.cer'), new Uint8Array(Buffer.from('p')));
    const jks = fixture('keystores/store.jks');
    for (const [bytes, password] of [
      [file, 'p'],
      [key6File, 'p'],
      [jks, 'jks-password'],
    ] as const) {
      for (let length = 0; length < bytes.length; length += Math.max(1, Math.floor(bytes.length / 40))) {
        expect(await codeOf(readKeyContainer(bytes.subarray(0, length), password))).toMatch(/^ERR_(KEY_FILE_CORRUPT|KEY_FILE_UNKNOWN|PASSWORD_INCORRECT|KEY_INVALID)$/);
      }
      for (let round = 0; round < 30; round++) {
        const damaged = Uint8Array.from(bytes);
        damaged[crypto.randomInt(damaged.length)] ^= 1 << crypto.randomInt(8);
        const outcome = await codeOf(readKeyContainer(damaged, password));
        expect(outcome).toMatch(/^(no error|ERR_(KEY_FILE_CORRUPT|KEY_FILE_UNKNOWN|PASSWORD_INCORRECT|KEY_INVALID|KEY_ALGORITHM_UNSUPPORTED|CERT_KEY_MISMATCH))$/);
      }
    }
  }, 120_000);

  it('bounds the work a PBES2 container may ask for', async () => {
    const patched = withIterations(writeGostEncryptedPkcs8(fixture('Key40A0.cer'), 'p', { iterations: 10 }), 0x7fffffff);
    // 2^31 - 1 iterations would run for hours: refused before any work.
    expect(await codeOf(readKeyContainer(patched, 'p'))).toBe('ERR_KEY_FILE_CORRUPT');
  });
});

/* ---------- builders of test containers (from the formats' public descriptions; see the module docs) ---------- */

function roles(contents: ContainerContents) {
  const find = (role: string) => {
    const key = contents.keys.find((candidate) => candidate.role === role);
    return key ? DstuPrivateKey.fromPkcs8(key.privateKeyInfo) : (undefined as unknown as DstuPrivateKey);
  };
  return { signing: find('signing'), encryption: find('encryption'), any: DstuPrivateKey.fromPkcs8(contents.keys[0].privateKeyInfo) };
}

/** The PrivateKeyInfo IIT writes: little-endian explicit parameters, raw d with padding, the second key in attributes. */
function iitPrivateKeyInfo(signing: DstuPrivateKey, agreement: DstuPrivateKey): Uint8Array {
  const raw = signing.exportPkcs8('raw-le');
  const [version, algorithm, key] = (asn1js.fromBER(raw).result as asn1js.Sequence).valueBlock.value;
  const padded = new Uint8Array(36);
  padded.set((key as asn1js.OctetString).valueBlock.valueHexView);
  // The second scalar as a BIT STRING whose first bit is its least significant bit.
  const bits = scalarOf(agreement).reverse().map((byte) => Number.parseInt(byte.toString(2).padStart(8, '0').split('').reverse().join(''), 2));
  const attribute = (oid: string, value: asn1js.AsnType) => new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid }), new asn1js.Set({ value: [value] })] });
  const agreementParams = asn1js.fromBER(encodeDstuParametersBigEndianExplicit(agreement)).result;
  const attributes = new asn1js.Constructed({
    idBlock: { tagClass: 3, tagNumber: 0 },
    value: [
      attribute('1.3.6.1.4.1.19398.1.1.2.1', new asn1js.OctetString({ valueHex: crypto.randomBytes(32) })),
      attribute('1.3.6.1.4.1.19398.1.1.2.3', new asn1js.BitString({ valueHex: bits })),
      attribute('1.3.6.1.4.1.19398.1.1.2.2', agreementParams),
    ],
  });
  return der(new asn1js.Sequence({ value: [version, algorithm, new asn1js.OctetString({ valueHex: padded }), attributes] }));
}

/** d, big-endian, read back from the key's own PKCS#8 export (the key has no other way out). */
function scalarOf(key: DstuPrivateKey): Uint8Array {
  const octets = (asn1js.fromBER(key.exportPkcs8('integer')).result as asn1js.Sequence).valueBlock.value[2] as asn1js.OctetString;
  const value = Uint8Array.from((asn1js.fromBER(octets.valueBlock.valueHexView).result as asn1js.Integer).valueBlock.valueHexView);
  return value[0] === 0 ? value.subarray(1) : value;
}

/** IIT writes the attribute curve explicitly and big-endian, with the DKE twice. */
function encodeDstuParametersBigEndianExplicit(key: DstuPrivateKey): Uint8Array {
  const curve = key.curve;
  const terms = [...curve.field.terms];
  const n = curve.nBytes;
  const ecBinary = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [new asn1js.Integer({ value: curve.field.m }), terms.length === 1 ? new asn1js.Integer({ value: terms[0] }) : new asn1js.Sequence({ value: terms.map((k) => new asn1js.Integer({ value: k })) })],
      }),
      new asn1js.Integer({ value: curve.a }),
      new asn1js.OctetString({ valueHex: curve.field.toBytes(curve.b) }),
      new asn1js.Integer({ valueHex: n[0] & 0x80 ? Uint8Array.from([0, ...n]) : n }),
      new asn1js.OctetString({ valueHex: curve.compress(curve.base) }),
    ],
  });
  return der(new asn1js.Sequence({ value: [ecBinary, new asn1js.OctetString({ valueHex: DSTU_DEFAULT_DKE }), new asn1js.OctetString({ valueHex: DSTU_DEFAULT_DKE })] }));
}

/** Key-6.dat: IIT's KDF, GOST 28147 ECB over the zero-padded PrivateKeyInfo, the tail of the last block in `pad`. */
function key6(privateKeyInfo: Uint8Array, password: Uint8Array): Uint8Array {
  const key = iitKey6Kdf(password);
  const padded = new Uint8Array(Math.ceil(privateKeyInfo.length / 8) * 8);
  padded.set(privateKeyInfo);
  const cipher = new Gost28147(key);
  const encrypted = cipher.encryptEcb(padded);
  const store = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [
          new asn1js.ObjectIdentifier({ value: '1.3.6.1.4.1.19398.1.1.1.2' }),
          new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: cipher.mac(privateKeyInfo) }), new asn1js.OctetString({ valueHex: encrypted.subarray(privateKeyInfo.length) })] }),
        ],
      }),
      new asn1js.OctetString({ valueHex: encrypted.subarray(0, privateKeyInfo.length) }),
    ],
  });
  return der(store);
}

/** A GOST PBES2 PKCS#8 whose key was derived from the given password bytes (not the UTF-8 of a string). */
function encryptWithPasswordBytes(privateKeyInfo: Uint8Array, passwordBytes: Uint8Array): Uint8Array {
  const salt = crypto.randomBytes(32);
  const iv = crypto.randomBytes(8);
  const encrypted = new Gost28147(pbkdf2Gost34311(passwordBytes, salt, 1000, 32)).encryptCfb(iv, privateKeyInfo);
  const algorithm = asn1js.fromBER(encryptGostPbes2(new Uint8Array(8), 'x', { iterations: 1000, salt, iv }).algorithmIdentifier).result;
  return der(new asn1js.Sequence({ value: [algorithm, new asn1js.OctetString({ valueHex: encrypted })] }));
}

interface PfxOptions {
  certificates?: Uint8Array[];
  macIterations?: number;
  withoutMac?: boolean;
}

/** A PFX as Ukrainian CAs write it: shrouded key bags under GOST PBES2, certificate bags, a GOST 34.311 MAC. */
function pfx(keys: DstuPrivateKey[], password: string, options: PfxOptions): Uint8Array {
  return pfxOfPkcs8(
    keys.map((key) => key.exportPkcs8('raw-le')),
    password,
    options.certificates ?? [],
    options,
  );
}

function pfxOfPkcs8(keys: Uint8Array | Uint8Array[], password: string, certificates: Uint8Array[], options: PfxOptions = {}): Uint8Array {
  const dataInfo = (content: Uint8Array) =>
    new asn1js.Sequence({
      value: [new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.7.1' }), new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.OctetString({ valueHex: content })] })],
    });
  const bag = (id: string, value: asn1js.AsnType) =>
    new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: id }), new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [value] })] });
  const keyBags = (keys instanceof Uint8Array ? [keys] : keys).map((pkcs8) => {
    const { algorithmIdentifier, ciphertext } = encryptGostPbes2(pkcs8, password, { iterations: 200 });
    return bag('1.2.840.113549.1.12.10.1.2', new asn1js.Sequence({ value: [asn1js.fromBER(algorithmIdentifier).result, new asn1js.OctetString({ valueHex: ciphertext })] }));
  });
  const certBags = certificates.map((certificate) =>
    bag(
      '1.2.840.113549.1.12.10.1.3',
      new asn1js.Sequence({
        value: [new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.9.22.1' }), new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.OctetString({ valueHex: certificate })] })],
      }),
    ),
  );
  const contentInfos = [dataInfo(der(new asn1js.Sequence({ value: keyBags })))];
  if (certBags.length > 0) contentInfos.push(dataInfo(der(new asn1js.Sequence({ value: certBags }))));
  const authSafe = der(new asn1js.Sequence({ value: contentInfos }));
  const salt = crypto.randomBytes(32);
  const iterations = options.macIterations ?? 100;
  const mac = options.macIterations && options.macIterations > 1_000_000 ? new Uint8Array(32) : gostPkcs12Mac(password, salt, iterations, authSafe);
  const macData = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: DSTU_OIDS.gost34311 }), new asn1js.Null()] }), new asn1js.OctetString({ valueHex: mac })] }),
      new asn1js.OctetString({ valueHex: salt }),
      new asn1js.Integer({ value: iterations }),
    ],
  });
  return der(new asn1js.Sequence({ value: [new asn1js.Integer({ value: 3 }), dataInfo(authSafe), ...(options.withoutMac ? [] : [macData])] }));
}

/** An EncryptedPrivateKeyInfo whose PBKDF2 iteration count is replaced (beyond what the writer allows). */
function withIterations(file: Uint8Array, iterations: number): Uint8Array {
  const root = asn1js.fromBER(file).result as asn1js.Sequence;
  const [algorithm] = root.valueBlock.value as asn1js.Sequence[];
  const [kdf] = (algorithm.valueBlock.value[1] as asn1js.Sequence).valueBlock.value as asn1js.Sequence[];
  const params = kdf.valueBlock.value[1] as asn1js.Sequence;
  params.valueBlock.value[1] = new asn1js.Integer({ value: iterations });
  return der(root);
}
