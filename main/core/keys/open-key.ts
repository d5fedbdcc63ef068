import { SigndeskError } from '../../../preload/contract/errors';
import type { SigningKey } from '../crypto';
import type { OpenedTokenKey, Pkcs11Uri } from '../token';
import { openFileKey } from './file-key';
import { Pkcs11SigningKey } from './pkcs11-signing-key';

/** What opening a token key needs (TokenService provides it). */
export interface TokenKeyOpener {
  openKey(uri: string | Pkcs11Uri, pin?: string | null): Promise<OpenedTokenKey>;
}

export type KeyLocation = { kind: 'file'; path: string; ref?: string } | { kind: 'token'; uri: Pkcs11Uri | string };

/**
 * The one way a key is opened for signing: a file key is decrypted with its password, a token key is logged in with
 * its PIN (proved on the token; undefined takes the URI's own pin-value / pin-source). The caller closes the key.
 */
export async function openKeyAt(location: KeyLocation, secret: string | null | undefined, tokens?: () => TokenKeyOpener): Promise<SigningKey> {
  if (location.kind === 'file') return openFileKey(location.path, secret ?? '', location.ref);
  if (!tokens) throw new SigndeskError('ERR_MODULE_LOAD_FAILED', 'No token library is available');
  return new Pkcs11SigningKey(await tokens().openKey(location.uri, secret));
}
