import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import { SigndeskError } from '../../../../preload/contract/errors';
import { DSTU_OIDS, isDstu4145Oid } from '../../crypto/dstu';
import { beyondLimit, HASH_BYTES, KDF_LIMITS, KdfBudget } from '../file-key/kdf-limits';
import { pkcs12Kdf, PKCS12_KDF_MAC, type Pkcs12KdfHash } from '../file-key/pkcs12-kdf';
import { ContainerDer } from './container-der';
import { checkIterations, CONTAINER_LIMITS, corrupt, wrongPassword } from './container-limits';
import type { ContainerContents, ContainerKey, ReadContainerOptions } from './container-types';
import { decryptPrivateKeyInfo } from './encrypted-pkcs8';
import { gostPbes2Iterations, isGostPbes2 } from './gost-pbes2';
import { gostPkcs12Mac, macEquals } from './gost-pkcs12-mac';
import { splitPrivateKeyInfo } from './iit-private-key';
import { assignRolesByPosition, assignRolesFromCertificates } from './key-roles';
import { bmpPassword } from './password-encodings';

const FORMAT = 'PKCS#12';
const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
} as const;
const SHA_MAC: Record<string, Pkcs12KdfHash> = { '1.3.14.3.2.26': 'sha1', '2.16.840.1.101.3.4.2.1': 'sha256', '2.16.840.1.101.3.4.2.2': 'sha384', '2.16.840.1.101.3.4.2.3': 'sha512' };

/** The key-derivation work one file may ask for, summed over its MAC and encrypted parts (GOST and standard). */
class GostWork extends KdfBudget {
  #total = 0;
  spend(iterations: number): void {
    this.#total += iterations;
    if (this.#total > CONTAINER_LIMITS.maxGostIterationsTotal) throw corrupt(FORMAT, `asks for more than ${CONTAINER_LIMITS.maxGostIterationsTotal} GOST KDF iterations in all`);
  }
}

interface Bag {
  id: string;
  value: asn1js.AsnType;
  localKeyId?: string;
  friendlyName?: string;
}

/**
 * Verifies the PFX MacData: HMAC-GOST34311 with the GOST PKCS#12 KDF (digest algorithm
 * 1.2.804.2.1.1.1.1.2.1, as Ukrainian CAs write it) or HMAC-SHA-1/2 with the standard KDF.
 */
async function verifyMac(reader: ContainerDer, macData: asn1js.AsnType, password: string, content: Uint8Array, work: GostWork): Promise<void> {
  const [digestInfo, saltNode, iterationsNode] = reader.items(macData, 'MacData');
  const [algorithm, digestNode] = reader.items(digestInfo, 'MAC DigestInfo');
  const oid = reader.oid(reader.items(algorithm, 'MAC algorithm')[0], 'MAC algorithm');
  const expected = reader.octets(digestNode, 'MAC');
  const salt = reader.octets(saltNode, 'MAC salt');
  if (salt.length === 0 || salt.length > CONTAINER_LIMITS.maxSaltBytes) reader.fail(`MAC salt of ${salt.length} bytes`);
  const iterations = iterationsNode === undefined ? 1 : reader.integer(iterationsNode, 'MAC iterations');
  let actual: Uint8Array;
  if (oid === DSTU_OIDS.gost34311) {
    work.spend(checkIterations(FORMAT, iterations, CONTAINER_LIMITS.maxGostIterations));
    actual = gostPkcs12Mac(password, salt, iterations, content);
  } else if (SHA_MAC[oid]) {
    const hash = SHA_MAC[oid];
    if (iterations > KDF_LIMITS.pkcs12MacIterations) throw beyondLimit('PKCS#12 MAC iterations', iterations, KDF_LIMITS.pkcs12MacIterations);
    work.spendPkcs12Kdf(iterations * Math.ceil(crypto.createHash(hash).digest().length / HASH_BYTES[hash]!));
    const key = await pkcs12Kdf(hash, bmpPassword(password), salt, PKCS12_KDF_MAC, iterations, crypto.createHash(hash).digest().length);
    actual = new Uint8Array(crypto.createHmac(hash, key).update(content).digest());
  } else {
    throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `Unsupported PKCS#12 MAC algorithm ${oid}`);
  }
  if (!macEquals(actual, expected)) throw wrongPassword();
}

async function decrypt(reader: ContainerDer, algorithm: asn1js.AsnType, ciphertext: Uint8Array, password: string, work: GostWork): Promise<Uint8Array> {
  const algorithmDer = reader.raw(algorithm);
  if (isGostPbes2(algorithmDer)) work.spend(gostPbes2Iterations(algorithmDer));
  return decryptPrivateKeyInfo(algorithmDer, ciphertext, password, FORMAT, work);
}

function readBags(reader: ContainerDer, safeContents: Uint8Array): Bag[] {
  return reader.items(reader.parse(safeContents, 'SafeContents'), 'SafeContents').map((bagNode) => {
    const [idNode, valueNode, attributes] = reader.items(bagNode, 'SafeBag');
    const bag: Bag = { id: reader.oid(idNode, 'bagId'), value: reader.explicit(valueNode, 'bagValue') };
    for (const attribute of attributes === undefined ? [] : reader.items(attributes, 'bag attributes')) {
      const [typeNode, values] = reader.items(attribute, 'bag attribute');
      const first = reader.items(values, 'attribute values')[0];
      const type = reader.oid(typeNode, 'attribute type');
      if (type === OID.localKeyId && first instanceof asn1js.OctetString) bag.localKeyId = Buffer.from(first.valueBlock.valueHexView).toString('hex');
      if (type === OID.friendlyName && first instanceof asn1js.BmpString) bag.friendlyName = first.valueBlock.value;
    }
    return bag;
  });
}

function isDstuKey(privateKeyInfo: Uint8Array): boolean {
  try {
    const reader = new ContainerDer(FORMAT);
    const [, algorithm] = reader.items(reader.parse(privateKeyInfo, 'private key'), 'PrivateKeyInfo');
    return isDstu4145Oid(reader.oid(reader.items(algorithm, 'AlgorithmIdentifier')[0], 'algorithm'));
  } catch {
    return false;
  }
}

/**
 * Opens a PKCS#12 (.pfx/.p12) as Ukrainian CAs and IIT write them: key bags shrouded with the GOST
 * PBES2 profile and a GOST 34.311 HMAC integrity MAC (and the usual PBES2-AES / 3DES / RC2 bags and SHA
 * MACs too). Returns every key as PrivateKeyInfo DER, paired with its certificates (by localKeyId, else by
 * public key), with roles from the certificates' key usage, else IIT's order (signing key first).
 * Wrong password → ERR_PASSWORD_INCORRECT (the MAC, or the decrypted bytes); damage → ERR_KEY_FILE_CORRUPT; no MAC →
 * ERR_KEY_FILE_UNPROTECTED unless `options.acceptMissingMac`.
 */
export async function readGostPkcs12(bytes: Uint8Array, password: string, options: ReadContainerOptions = {}): Promise<ContainerContents> {
  const reader = new ContainerDer(FORMAT);
  const [versionNode, authSafe, macData, ...rest] = reader.items(reader.parse(bytes, 'file'), 'PFX');
  if (rest.length > 0 || reader.integer(versionNode, 'PFX version') !== 3) reader.fail('not a version 3 PFX');
  const [typeNode, contentNode] = reader.items(authSafe, 'authSafe');
  if (reader.oid(typeNode, 'authSafe type') !== OID.data) throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', 'Public-key integrity mode PKCS#12 files are not supported');
  const content = reader.octets(reader.explicit(contentNode, 'authSafe content'), 'authSafe data');
  const work = new GostWork();
  // Without a MAC nothing proves the file is as its issuer wrote it (nor, with plain key bags, the password).
  if (!macData && !options.acceptMissingMac) throw new SigndeskError('ERR_KEY_FILE_UNPROTECTED', 'The PKCS#12 file has no integrity MAC: refused unless accepted (signdesk keys add --accept-no-mac keeps it with one)');
  if (macData) await verifyMac(reader, macData, password, content, work);

  const contentInfos = reader.items(reader.parse(content, 'AuthenticatedSafe'), 'AuthenticatedSafe');
  if (contentInfos.length > CONTAINER_LIMITS.maxEntries) reader.fail('too many parts');
  const bags: Bag[] = [];
  let encryptedParts = 0;
  for (const contentInfo of contentInfos) {
    const [type, value] = reader.items(contentInfo, 'ContentInfo');
    const contentType = reader.oid(type, 'contentType');
    if (contentType === OID.data) {
      bags.push(...readBags(reader, reader.octets(reader.explicit(value, 'content'), 'data')));
    } else if (contentType === OID.encryptedData) {
      if (++encryptedParts > CONTAINER_LIMITS.maxEncryptedParts) reader.fail('too many encrypted parts');
      const [, encryptedContentInfo] = reader.items(reader.explicit(value, 'content'), 'EncryptedData');
      const [, algorithm, encrypted] = reader.items(encryptedContentInfo, 'EncryptedContentInfo');
      if (!algorithm || !encrypted) reader.fail('EncryptedContentInfo without content');
      bags.push(...readBags(reader, await decrypt(reader, algorithm, reader.octets(encrypted, 'encryptedContent'), password, work)));
    } else {
      throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `Unsupported PKCS#12 content type ${contentType} (public-key privacy mode)`);
    }
    if (bags.length > CONTAINER_LIMITS.maxEntries) reader.fail('too many bags');
  }

  const certificates: { der: Uint8Array; localKeyId?: string }[] = [];
  for (const bag of bags) {
    if (bag.id !== OID.certBag) continue;
    const [certType, certValue] = reader.items(bag.value, 'CertBag');
    if (reader.oid(certType, 'certId') === OID.x509Certificate) certificates.push({ der: reader.octets(reader.explicit(certValue, 'certValue'), 'certificate'), localKeyId: bag.localKeyId });
  }
  const allCertificates = certificates.map((cert) => cert.der);
  const keys: (ContainerKey & { localKeyId?: string })[] = [];
  for (const bag of bags) {
    let privateKeyInfo: Uint8Array | undefined;
    if (bag.id === OID.keyBag) privateKeyInfo = reader.raw(bag.value);
    if (bag.id === OID.shroudedKeyBag) {
      const [algorithm, encrypted] = reader.items(bag.value, 'EncryptedPrivateKeyInfo');
      privateKeyInfo = await decrypt(reader, algorithm, reader.octets(encrypted, 'encryptedData'), password, work);
    }
    if (!privateKeyInfo) continue;
    const own = certificates.filter((cert) => bag.localKeyId !== undefined && cert.localKeyId === bag.localKeyId).map((cert) => cert.der);
    for (const key of splitPrivateKeyInfo(privateKeyInfo, FORMAT, 'auto', allCertificates)) {
      keys.push({ ...key, alias: bag.friendlyName, localKeyId: bag.localKeyId, certificates: own.length > 0 ? own : undefined });
    }
  }
  let result: ContainerKey[] = assignRolesFromCertificates(
    keys.map(({ localKeyId: _localKeyId, ...key }) => key),
    allCertificates,
  );
  if (result.every((key) => isDstuKey(key.privateKeyInfo))) result = assignRolesByPosition(result);
  return { keys: result, certificates: allCertificates, format: 'pkcs12' };
}
