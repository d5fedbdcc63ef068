/**
 * Where remembered secrets (file-key passwords, CA credentials) live: the OS keychain in the app, memory in
 * tests. Accounts are opaque strings chosen by the caller, e.g. `file-key:<key id>`.
 */
export interface SecretStore {
  get(account: string): Promise<string | undefined>;
  set(account: string, secret: string): Promise<void>;
  /** Resolves whether something was deleted. */
  delete(account: string): Promise<boolean>;
}

export const SECRET_SERVICE_NAME = 'Signdesk';

/** The account under which a file key's password is remembered. */
export function fileKeyPasswordAccount(keyId: string): string {
  return `file-key:${keyId}`;
}
