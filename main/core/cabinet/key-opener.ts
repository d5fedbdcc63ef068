import { SigndeskError, isSigndeskError } from '../../../preload/contract/errors';
import type { SigningKey } from '../crypto';
import { fileKeyRef, openKeyAt, parseKeyRef, type ParsedKeyRef, type SecretProvider, type SecretRequest, type TokenKeyOpener } from '../keys';
import { fileKeyPasswordAccount, type SecretStore } from '../secrets';
import { formatPkcs11Uri, pinFromUri, withoutPin, type Pkcs11Uri } from '../token';
import type { KeyRecord, KeyRecords } from './key-records';

export type KeyTarget = Exclude<ParsedKeyRef, { kind: 'cabinet' }>;

export interface OpenedKey {
  key: SigningKey;
  record: KeyRecord | undefined;
  target: KeyTarget;
  /** The password that opened a file key (PKCS#12 needs it again to store a certificate). */
  password?: string;
}

/**
 * Where the secret comes from: asked when needed (the remembered password and the URI's own PIN go first), or
 * `given` by the user for an action that goes on to reuse it (renewal, temporary keys): that one is what is proved.
 */
export type KeySecret = SecretProvider | { given: string };

export interface KeyOpenerOptions {
  records: KeyRecords;
  /** Built on first use: PKCS#11 libraries load only when a token key is touched. */
  tokens: () => TokenKeyOpener;
  /** Remembered file-key passwords (the OS keychain in the app). */
  secrets?: SecretStore;
}

function requiredSecret(value: string | null, kind: SecretRequest['kind']): string {
  if (value === null || value.length === 0) throw new SigndeskError(kind === 'pin' ? 'ERR_PIN_REQUIRED' : 'ERR_PASSWORD_REQUIRED', `No ${kind} given`);
  return value;
}

export function keyRefOf(target: KeyTarget): string {
  return target.kind === 'file' ? fileKeyRef(target.path) : formatPkcs11Uri(withoutPin(target.uri));
}

/**
 * The one way a key the user holds is opened, for every path (queue, CLI, agent, Verify's co-sign, CA requests and
 * the cabinet's own actions): the KeyRef or cabinet id is resolved against the cabinet's records, a blocked key is
 * refused, and the file key's password or the token's PIN is found; `keys/openKeyAt` then opens it.
 */
export class KeyOpener {
  constructor(private readonly options: KeyOpenerOptions) {}

  /** Which key a KeyRef names and its cabinet record, if any (a cabinet id must exist). */
  resolve(keyRef: string): { record: KeyRecord | undefined; target: KeyTarget } {
    const parsed = parseKeyRef(keyRef);
    const records = this.options.records;
    if (parsed.kind !== 'cabinet') return { record: records.findByRef(keyRefOf(parsed)), target: parsed };
    const record = records.find(parsed.id);
    if (!record) throw new SigndeskError('ERR_KEY_NOT_FOUND', `No key ${parsed.id} in the cabinet: give a pkcs11: URI, file:PATH or an id that \`signdesk keys\` lists`, { keyId: parsed.id });
    return { record, target: parseKeyRef(record.keyRef) as KeyTarget };
  }

  /** Opens the key; the caller closes it (a token key holds the token's login until then). */
  async open(keyRef: string, secret: KeySecret): Promise<OpenedKey> {
    const { record, target } = this.resolve(keyRef);
    if (record?.blocked) throw new SigndeskError('ERR_KEY_BLOCKED', `The key "${record.name}" is blocked in the cabinet`, { keyId: record.id });
    if (target.kind === 'file') {
      const ref = record?.keyRef ?? fileKeyRef(target.path);
      const openWith = async (password: string): Promise<OpenedKey> => ({ key: await openKeyAt({ kind: 'file', path: target.path, ref }, password), record, target, password });
      if (typeof secret !== 'function') return openWith(requiredSecret(secret.given, 'password'));
      const remembered = record ? await this.rememberedPassword(record.id) : undefined;
      if (remembered !== undefined) {
        try {
          return await openWith(remembered);
        } catch (error) {
          // The file's password changed elsewhere: ask instead.
          if (!isSigndeskError(error, 'ERR_PASSWORD_INCORRECT')) throw error;
        }
      }
      return openWith(requiredSecret(await secret({ kind: 'password', keyRef: ref, purpose: 'open' }), 'password'));
    }
    const pin = typeof secret === 'function' ? await this.tokenPin(target.uri, keyRef, secret) : secret.given;
    return { key: await openKeyAt({ kind: 'token', uri: target.uri }, pin, this.options.tokens), record, target };
  }

  /** The URI's own PIN (pin-value / pin-source) wins; otherwise ask (null: the reader's PIN pad). */
  async tokenPin(uri: Pkcs11Uri, keyRef: string, askSecret: SecretProvider): Promise<string | null | undefined> {
    const fromUri = pinFromUri(uri);
    if (fromUri !== undefined) return fromUri;
    return askSecret({ kind: 'pin', keyRef, purpose: 'open' });
  }

  private async rememberedPassword(keyId: string): Promise<string | undefined> {
    if (!this.options.secrets) return undefined;
    try {
      return await this.options.secrets.get(fileKeyPasswordAccount(keyId));
    } catch (error) {
      // No keychain (a headless session): the password is simply asked for.
      if (isSigndeskError(error, 'ERR_SECRET_STORE_UNAVAILABLE')) return undefined;
      throw error;
    }
  }
}
