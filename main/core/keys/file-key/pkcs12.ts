import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import { der, parseDer } from './asn1';
import { encryptPrivateKey } from './encrypted-pkcs8';
import { pbes2Encrypt, PBKDF2_ITERATIONS } from './password-based-encryption';
import { bmpPassword, pkcs12Kdf, PKCS12_KDF_MAC, type Pkcs12KdfHash } from './pkcs12-kdf';

const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

export interface Pkcs12WriteInput {
  /** PKCS#8 PrivateKeyInfo DER (any algorithm the containers read back: EC, RSA, EdDSA, DSTU 4145). */
  privateKeyInfo: Uint8Array;
  /** The key's SPKI: the local key id when there is no certificate. */
  publicKeySpki: Uint8Array;
  certificate?: Uint8Array;
  chain?: readonly Uint8Array[];
  friendlyName?: string;
}

async function macKeyAndHmac(hash: Pkcs12KdfHash, password: string, salt: Uint8Array, iterations: number, content: Uint8Array): Promise<Buffer> {
  const length = crypto.createHash(hash).digest().length;
  const key = await pkcs12Kdf(hash, bmpPassword(password), salt, PKCS12_KDF_MAC, iterations, length);
  return crypto.createHmac(hash, key).update(content).digest();
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
    .update(input.certificate ?? input.publicKeySpki)
    .digest();
  const keyInfo = parseDer(await encryptPrivateKey(input.privateKeyInfo, password, iterations), 'EncryptedPrivateKeyInfo');
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
