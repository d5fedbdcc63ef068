import * as asn1js from 'asn1js';
import { Gost28147, Gost34311 } from '../../crypto/dstu';
import { ContainerDer } from './container-der';
import { wrongPassword } from './container-limits';
import type { ContainerContents } from './container-types';
import { splitPrivateKeyInfo } from './iit-private-key';
import { passwordCandidates } from './password-encodings';

/** The IIT "Store" container type of Key-6.dat. */
export const IIT_STORE_OID = '1.3.6.1.4.1.19398.1.1.1.2';
const FORMAT = 'IIT Key-6.dat';
const MAX_DATA = 64 * 1024;

/** IIT's password-to-key derivation: GOST 34.311 (default DKE) of the password, then 9,999 more times of the result. */
export function iitKey6Kdf(password: Uint8Array): Uint8Array {
  let key = new Gost34311().update(password).digest();
  for (let i = 1; i < 10_000; i++) {
    const next = new Gost34311().update(key).digest();
    key.fill(0);
    key = next;
  }
  return key;
}

interface Key6Store {
  mac: Uint8Array;
  pad: Uint8Array;
  data: Uint8Array;
}

/**
 * StoreIIT ::= SEQUENCE { SEQUENCE { type OBJECT IDENTIFIER (1.3.6.1.4.1.19398.1.1.1.2),
 *   SEQUENCE { mac OCTET STRING (4), pad OCTET STRING (< 8) OPTIONAL } }, cryptData OCTET STRING }
 */
export function parseKey6(bytes: Uint8Array): Key6Store {
  const reader = new ContainerDer(FORMAT);
  const [header, dataNode] = reader.items(reader.parse(bytes, 'container'), 'StoreIIT');
  const [typeNode, paramsNode] = reader.items(header, 'cryptParam');
  if (reader.oid(typeNode, 'container type') !== IIT_STORE_OID) reader.fail('not an IIT key store');
  const [macNode, padNode] = reader.items(paramsNode, 'cryptParam parameters');
  const mac = reader.octets(macNode, 'mac');
  const pad = padNode === undefined ? new Uint8Array(0) : reader.octets(padNode, 'pad');
  const data = reader.octets(dataNode, 'cryptData');
  if (mac.length !== 4) reader.fail(`a MAC of ${mac.length} bytes`);
  if (pad.length >= 8) reader.fail(`${pad.length} bytes of padding`);
  if (data.length === 0 || data.length > MAX_DATA || (data.length + pad.length) % 8 !== 0) reader.fail(`${data.length} bytes of key data with ${pad.length} of padding`);
  return { mac, pad, data };
}

/**
 * Opens an IIT Key-6.dat: the key is IIT's KDF of the password, the data GOST 28147-89 ECB (default DKE)
 * over cryptData followed by pad; the plaintext is a DSTU PrivateKeyInfo, often with IIT's second
 * (key-agreement) key in its attributes. The 4-byte MAC field is not checked: its construction is not
 * public and no open implementation checks it; a wrong password is recognised because the plaintext is
 * then no PrivateKeyInfo (random bytes pass that test with negligible probability).
 */
export function readIitKey6(bytes: Uint8Array, password: string): ContainerContents {
  const store = parseKey6(bytes);
  const ciphertext = new Uint8Array(store.data.length + store.pad.length);
  ciphertext.set(store.data);
  ciphertext.set(store.pad, store.data.length);
  for (const secret of passwordCandidates(password)) {
    const key = iitKey6Kdf(secret);
    const cipher = new Gost28147(key);
    key.fill(0);
    const plain = cipher.decryptEcb(ciphertext);
    cipher.destroy();
    const privateKeyInfo = privateKeyInfoIn(plain);
    plain.fill(0);
    if (privateKeyInfo) return { keys: splitPrivateKeyInfo(privateKeyInfo, FORMAT, 'raw'), certificates: [], format: 'iit-key6' };
  }
  throw wrongPassword();
}

/** The PrivateKeyInfo at the start of the plaintext, or undefined when the bytes are not one. */
function privateKeyInfoIn(plain: Uint8Array): Uint8Array | undefined {
  if (plain[0] !== 0x30) return undefined;
  try {
    const reader = new ContainerDer(FORMAT);
    const node = reader.parse(plain, 'private key', true);
    const [version, algorithm, key] = reader.items(node, 'PrivateKeyInfo');
    if (!(version instanceof asn1js.Integer) || !(key instanceof asn1js.OctetString)) return undefined;
    reader.oid(reader.items(algorithm, 'AlgorithmIdentifier')[0], 'algorithm');
    return Uint8Array.from(reader.raw(node));
  } catch {
    return undefined;
  }
}
