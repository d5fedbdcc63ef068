import crypto from 'node:crypto';
import { SoftwareSigningKey } from '../../main/core/keys/software-signing-key';
import type { TestIdentity } from './test-pki';

/** A SigningKey over a PEM private key held in this process, with the certificate (and chain) it signs under. */
export function softwareKey(ref: string, keyPem: string | Buffer, certificate?: Uint8Array, chain: readonly Uint8Array[] = []): SoftwareSigningKey {
  return new SoftwareSigningKey(ref, { kind: 'node', key: crypto.createPrivateKey(keyPem) }, certificate, chain);
}

/** The test identity's key as a file key would open it, its chain after it. */
export function keyFor(identity: TestIdentity, chain: readonly TestIdentity[] = []): SoftwareSigningKey {
  return softwareKey(`file:${identity.keyPath}`, identity.keyPem, identity.certDer, chain.map((item) => item.certDer));
}
