/** What a key is for, when the container or its certificates say. */
export type KeyRole = 'signing' | 'encryption' | 'unknown';

export type ContainerFormat = 'iit-key6' | 'pkcs8-encrypted' | 'pkcs8' | 'pkcs12' | 'jks' | 'jceks';

export interface ContainerKey {
  /**
   * PKCS#8 PrivateKeyInfo DER: DSTU 4145 keys under 1.2.804.2.1.1.1.1.3.1.1 with their parameters
   * (d little-endian as Ukrainian software writes it), EC and RSA keys as usual.
   */
  privateKeyInfo: Uint8Array;
  role?: KeyRole;
  /** Why the role is what it is (for the "adds the signing key and says so" message). */
  roleReason?: string;
  /** The certificates of this key the container holds (its own first), DER. */
  certificates?: Uint8Array[];
  /** The entry's name (PKCS#12 friendlyName, JKS alias). */
  alias?: string;
}

export interface ContainerContents {
  keys: ContainerKey[];
  /** Every certificate in the container, DER. */
  certificates: Uint8Array[];
  format: ContainerFormat;
}

export interface ReadContainerOptions {
  /** Open a PKCS#12 that has no integrity MAC (the user accepted it); refused with ERR_KEY_FILE_UNPROTECTED otherwise. */
  acceptMissingMac?: boolean;
}
