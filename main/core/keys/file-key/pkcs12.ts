import crypto, { type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { SigndeskError } from '../../../../preload/contract/errors';
import { der, explicitContent, MalformedStructure, octetValue, oidValue, parseDer, sequenceItems, smallInteger } from './asn1';
import { decryptPrivateKey, encryptPrivateKey } from './encrypted-pkcs8';
import { pbeDecrypt, pbes2Encrypt, PBKDF2_ITERATIONS } from './password-based-encryption';
import { bmpPassword, pkcs12Kdf, PKCS12_KDF_MAC, type Pkcs12KdfHash } from './pkcs12-kdf';

const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
} as const;

const MAC_HASH: Record<string, Pkcs12KdfHash> = { [OID.sha1]: 'sha1', [OID.sha256]: 'sha256', [OID.sha384]: 'sha384', [OID.sha512]: 'sha512' };

export interface Pkcs12Contents {
  privateKey: KeyObject;
  /** The certificate whose public key is the private key's, DER. */
  certificate?: Uint8Array;
  /** Every other certificate in the file (the chain), DER. */
  chain: Uint8Array[];
  friendlyName?: string;
}

export interface Pkcs12WriteInput {
  privateKey: KeyObject;
  certificate?: Uint8Array;
  chain?: readonly Uint8Array[];
  friendlyName?: string;
}

function corrupt(message: string, cause?: unknown): SigndeskError {
  return new SigndeskError('ERR_KEY_FILE_CORRUPT', `The PKCS#12 file is damaged: ${message}`, undefined, { cause });
}

async function macKeyAndHmac(hash: Pkcs12KdfHash, password: string, salt: Uint8Array, iterations: number, content: Uint8Array): Promise<Buffer> {
  const length = crypto.createHash(hash).digest().length;
  const key = await pkcs12Kdf(hash, bmpPassword(password), salt, PKCS12_KDF_MAC, iterations, length);
  return crypto.createHmac(hash, key).update(content).digest();
}

async function verifyMac(macData: asn1js.AsnType, password: string, content: Uint8Array): Promise<void> {
  const [digestInfo, saltNode, iterationsNode] = sequenceItems(macData, 'MacData');
  const [digestAlgorithm, digestNode] = sequenceItems(digestInfo, 'MAC DigestInfo');
  const hashOid = oidValue(sequenceItems(digestAlgorithm, 'MAC algorithm')[0], 'MAC algorithm');
  const hash = MAC_HASH[hashOid];
  if (!hash) throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `Unsupported PKCS#12 MAC algorithm ${hashOid}`);
  const iterations = iterationsNode === undefined ? 1 : smallInteger(iterationsNode, 'MAC iterations');
  if (iterations < 1 || iterations > 10_000_000) throw new MalformedStructure('MAC iteration count is implausible');
  const expected = octetValue(digestNode, 'MAC digest');
  const actual = await macKeyAndHmac(hash, password, octetValue(saltNode, 'MAC salt'), iterations, content);
  if (actual.length !== expected.length || !crypto.timingSafeEqual(actual, expected)) {
    throw new SigndeskError('ERR_PASSWORD_INCORRECT', 'The password is incorrect');
  }
}

interface Bag {
  id: string;
  value: asn1js.AsnType;
  friendlyName?: string;
}

function readBags(safeContentsDer: Uint8Array): Bag[] {
  return sequenceItems(parseDer(safeContentsDer, 'SafeContents'), 'SafeContents').map((bagNode) => {
    const [idNode, valueNode, attributes] = sequenceItems(bagNode, 'SafeBag');
    const bag: Bag = { id: oidValue(idNode, 'bagId'), value: explicitContent(valueNode, 'bagValue') };
    for (const attribute of attributes instanceof asn1js.Set ? attributes.valueBlock.value : []) {
      const [typeNode, values] = sequenceItems(attribute, 'bag attribute');
      const first = values instanceof asn1js.Set ? values.valueBlock.value[0] : undefined;
      if (oidValue(typeNode, 'attribute type') === OID.friendlyName && first instanceof asn1js.BmpString) bag.friendlyName = first.valueBlock.value;
    }
    return bag;
  });
}

async function safeContentsOf(contentInfo: asn1js.AsnType, password: string): Promise<Uint8Array> {
  const [typeNode, contentNode] = sequenceItems(contentInfo, 'ContentInfo');
  const type = oidValue(typeNode, 'contentType');
  if (type === OID.data) return octetValue(explicitContent(contentNode, 'content'), 'data');
  if (type === OID.encryptedData) {
    const [, encryptedContentInfo] = sequenceItems(explicitContent(contentNode, 'content'), 'EncryptedData');
    const [, algorithm, encrypted] = sequenceItems(encryptedContentInfo, 'EncryptedContentInfo');
    if (!algorithm) throw new MalformedStructure('EncryptedContentInfo without an algorithm');
    return pbeDecrypt(algorithm, octetValue(encrypted, 'encryptedContent'), password);
  }
  throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `Unsupported PKCS#12 content type ${type} (public-key privacy mode)`);
}

function spkiOf(key: KeyObject): Buffer {
  return crypto.createPublicKey(key).export({ type: 'spki', format: 'der' });
}

function certificateSpki(certificate: Uint8Array): Buffer | undefined {
  try {
    return new crypto.X509Certificate(certificate).publicKey.export({ type: 'spki', format: 'der' });
  } catch {
    return undefined;
  }
}

/**
 * Opens a PKCS#12 (`.p12`/`.pfx`): checks the MAC, decrypts the key and certificate bags, whatever the
 * cipher (PBES2 AES, legacy 3DES or RC2). Wrong password → ERR_PASSWORD_INCORRECT; damaged → ERR_KEY_FILE_CORRUPT.
 */
export async function readPkcs12(bytes: Uint8Array, password: string): Promise<Pkcs12Contents> {
  try {
    const [versionNode, authSafe, macData] = sequenceItems(parseDer(bytes, 'PFX'), 'PFX');
    if (smallInteger(versionNode, 'PFX version') !== 3) throw new MalformedStructure('PFX version is not 3');
    const [typeNode, contentNode] = sequenceItems(authSafe, 'authSafe');
    if (oidValue(typeNode, 'authSafe type') !== OID.data) {
      throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', 'Public-key integrity mode PKCS#12 files are not supported');
    }
    const authSafeContent = octetValue(explicitContent(contentNode, 'authSafe content'), 'authSafe data');
    if (macData) await verifyMac(macData, password, authSafeContent);

    const bags: Bag[] = [];
    for (const contentInfo of sequenceItems(parseDer(authSafeContent, 'AuthenticatedSafe'), 'AuthenticatedSafe')) {
      bags.push(...readBags(await safeContentsOf(contentInfo, password)));
    }

    let privateKey: KeyObject | undefined;
    let friendlyName: string | undefined;
    const certificates: Uint8Array[] = [];
    for (const bag of bags) {
      if (bag.id === OID.shroudedKeyBag && !privateKey) {
        privateKey = await decryptPrivateKey(der(bag.value), password);
        friendlyName = bag.friendlyName;
      } else if (bag.id === OID.keyBag && !privateKey) {
        privateKey = crypto.createPrivateKey({ key: Buffer.from(der(bag.value)), format: 'der', type: 'pkcs8' });
        friendlyName = bag.friendlyName;
      } else if (bag.id === OID.certBag) {
        const [certType, certValue] = sequenceItems(bag.value, 'CertBag');
        if (oidValue(certType, 'certId') === OID.x509Certificate) certificates.push(octetValue(explicitContent(certValue, 'certValue'), 'certificate'));
      }
    }
    if (!privateKey) throw corrupt('it holds no private key');
    const spki = spkiOf(privateKey);
    const certificate = certificates.find((candidate) => certificateSpki(candidate)?.equals(spki));
    const chain = certificates.filter((candidate) => candidate !== certificate);
    return { privateKey, certificate, chain, friendlyName };
  } catch (error) {
    if (error instanceof SigndeskError) throw error;
    throw corrupt((error as Error).message, error);
  }
}

function attributes(localKeyId: Uint8Array, friendlyName: string | undefined): asn1js.Set {
  const items = [
    new asn1js.Sequence({
      value: [new asn1js.ObjectIdentifier({ value: OID.localKeyId }), new asn1js.Set({ value: [new asn1js.OctetString({ valueHex: localKeyId })] })],
    }),
  ];
  if (friendlyName !== undefined) {
    items.unshift(
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.friendlyName }), new asn1js.Set({ value: [new asn1js.BmpString({ value: friendlyName })] })] }),
    );
  }
  return new asn1js.Set({ value: items });
}

function safeBag(id: string, value: asn1js.AsnType, bagAttributes?: asn1js.Set): asn1js.Sequence {
  const items: asn1js.AsnType[] = [
    new asn1js.ObjectIdentifier({ value: id }),
    new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [value] }),
  ];
  if (bagAttributes) items.push(bagAttributes);
  return new asn1js.Sequence({ value: items });
}

function dataContentInfo(content: Uint8Array): asn1js.Sequence {
  return new asn1js.Sequence({
    value: [
      new asn1js.ObjectIdentifier({ value: OID.data }),
      new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.OctetString({ valueHex: content })] }),
    ],
  });
}

async function encryptedContentInfo(content: Uint8Array, password: string, iterations: number): Promise<asn1js.Sequence> {
  const { algorithm, ciphertext } = await pbes2Encrypt(content, password, iterations);
  const encryptedData = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 0 }),
      new asn1js.Sequence({
        value: [
          new asn1js.ObjectIdentifier({ value: OID.data }),
          algorithm,
          new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 }, valueHex: ciphertext }),
        ],
      }),
    ],
  });
  return new asn1js.Sequence({
    value: [
      new asn1js.ObjectIdentifier({ value: OID.encryptedData }),
      new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [encryptedData] }),
    ],
  });
}

/**
 * Writes a PKCS#12 as OpenSSL 3 does by default, with our iteration counts: the key in a PBES2 shrouded
 * key bag, the certificates in a PBES2-encrypted SafeContents (PBKDF2-HMAC-SHA256, AES-256-CBC), and an
 * HMAC-SHA-256 integrity MAC. The MAC uses the same iteration count so it is no cheaper to brute-force.
 */
export async function writePkcs12(input: Pkcs12WriteInput, password: string, iterations = PBKDF2_ITERATIONS): Promise<Uint8Array> {
  const localKeyId = crypto
    .createHash('sha1')
    .update(input.certificate ?? spkiOf(input.privateKey))
    .digest();
  const keyInfo = parseDer(await encryptPrivateKey(input.privateKey, password, iterations), 'EncryptedPrivateKeyInfo');
  const keyContents = new asn1js.Sequence({ value: [safeBag(OID.shroudedKeyBag, keyInfo, attributes(localKeyId, input.friendlyName))] });

  const certBag = (certificate: Uint8Array, bagAttributes?: asn1js.Set) =>
    safeBag(
      OID.certBag,
      new asn1js.Sequence({
        value: [
          new asn1js.ObjectIdentifier({ value: OID.x509Certificate }),
          new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.OctetString({ valueHex: certificate })] }),
        ],
      }),
      bagAttributes,
    );
  const certBags: asn1js.Sequence[] = [];
  if (input.certificate) certBags.push(certBag(input.certificate, attributes(localKeyId, input.friendlyName)));
  for (const certificate of input.chain ?? []) certBags.push(certBag(certificate));

  const contentInfos: asn1js.Sequence[] = [];
  if (certBags.length > 0) contentInfos.push(await encryptedContentInfo(der(new asn1js.Sequence({ value: certBags })), password, iterations));
  contentInfos.push(dataContentInfo(der(keyContents)));
  const authSafeContent = der(new asn1js.Sequence({ value: contentInfos }));

  const macSalt = crypto.randomBytes(16);
  const mac = await macKeyAndHmac('sha256', password, macSalt, iterations, authSafeContent);
  const macData = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.sha256 }), new asn1js.Null()] }), new asn1js.OctetString({ valueHex: mac })],
      }),
      new asn1js.OctetString({ valueHex: macSalt }),
      new asn1js.Integer({ value: iterations }),
    ],
  });
  return der(new asn1js.Sequence({ value: [new asn1js.Integer({ value: 3 }), dataContentInfo(authSafeContent), macData] }));
}
