import type { AsyncEntry, EntryOptions } from '@napi-rs/keyring';
import { SigndeskError } from '../../../preload/contract/errors';
import { SECRET_SERVICE_NAME, type SecretStore } from './secret-store';

function unavailable(error: unknown): SigndeskError {
  // The keyring's message names the backend failure (no Secret Service, locked collection); never the secret.
  return new SigndeskError('ERR_SECRET_STORE_UNAVAILABLE', `The OS keychain is not available: ${(error as Error).message}`, undefined, { cause: error });
}

/**
 * The OS keychain through @napi-rs/keyring: Keychain on macOS, Credential Manager on Windows, the Secret
 * Service (gnome-keyring, KWallet) on Linux. Entries live under the service name "Signdesk".
 */
export class KeychainSecretStore implements SecretStore {
  constructor(private readonly service = SECRET_SERVICE_NAME) {}

  // On Linux the library would otherwise fall back to the kernel keyring, which forgets everything at
  // reboot: a "remembered" password must either persist or fail visibly. The addon is loaded on first use
  // (most CLI commands never touch the keychain); failing to load it is the keychain being unavailable.
  private async entry(account: string): Promise<AsyncEntry> {
    const { AsyncEntry: Entry } = await import('@napi-rs/keyring');
    const options: EntryOptions = { linux: { store: 'secret-service' } };
    return new Entry(this.service, account, options);
  }

  async get(account: string): Promise<string | undefined> {
    try {
      return (await (await this.entry(account)).getPassword()) ?? undefined;
    } catch (error) {
      throw unavailable(error);
    }
  }

  async set(account: string, secret: string): Promise<void> {
    try {
      await (await this.entry(account)).setPassword(secret);
    } catch (error) {
      throw unavailable(error);
    }
  }

  async delete(account: string): Promise<boolean> {
    try {
      return await (await this.entry(account)).deleteCredential();
    } catch (error) {
      throw unavailable(error);
    }
  }
}
