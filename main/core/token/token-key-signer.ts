import type { Mechanism, PKCS11 } from 'pkcs11js';
import { SigndeskError } from '../../../preload/contract/errors';
import { loginFailure } from './login-failure';
import { CKS_RO_USER_FUNCTIONS, CKS_RW_USER_FUNCTIONS, CKU_CONTEXT_SPECIFIC } from './pkcs11-constants';
import { ckrOf } from './pkcs11-errors';
import { findObjects, privateKeyTemplate } from './token-objects';
import type { TokenRef } from './token-info';
import { PIN_PAD } from './pin-pad';
import type { CachedSession, TokenSessions } from './token-sessions';

/** The token side of a Pkcs11SigningKey: one raw C_SignInit + C_Sign on the key, queued on its module. */
export interface RawTokenSigner {
  signRaw(mechanism: Mechanism, data: Uint8Array, maxSignatureLength: number): Promise<Uint8Array>;
}

export interface TokenKeySignerOptions {
  token: TokenRef;
  /** CKA_ID, hex. */
  keyId: string;
  /** CKA_ALWAYS_AUTHENTICATE: log in with CKU_CONTEXT_SPECIFIC after every C_SignInit. */
  alwaysAuthenticate: boolean;
  /** For the context-specific login only; null on a PIN-pad reader. */
  pin?: string | null;
}

export class TokenKeySigner implements RawTokenSigner {
  /** The key's handle, valid for as long as the session it was found in. */
  private handles = new WeakMap<CachedSession, Buffer>();

  constructor(
    private readonly sessions: TokenSessions,
    private readonly options: TokenKeySignerOptions,
  ) {}

  signRaw(mechanism: Mechanism, data: Uint8Array, maxSignatureLength: number): Promise<Uint8Array> {
    return this.sessions.run(this.options.token, 'C_Sign', async (library, session) => {
      if (this.options.alwaysAuthenticate && this.options.pin === undefined) {
        throw new SigndeskError('ERR_PIN_REQUIRED', 'This key asks for the PIN before every signature');
      }
      const key = this.handles.get(session) ?? this.findKey(library, session);
      library.C_SignInit(session.handle, mechanism, key);
      if (this.options.alwaysAuthenticate) {
        try {
          library.C_Login(session.handle, CKU_CONTEXT_SPECIFIC, this.options.pin ?? PIN_PAD);
        } catch (error) {
          // The signing operation stays active after a failed context login; only closing the session ends it.
          this.sessions.dropInTask(library, session);
          throw loginFailure(ckrOf(error), library.C_GetTokenInfo(session.slot).flags, error);
        }
      }
      const signature = await library.C_SignAsync(session.handle, Buffer.from(data), Buffer.alloc(maxSignatureLength));
      return new Uint8Array(signature);
    });
  }

  private findKey(library: PKCS11, session: CachedSession): Buffer {
    const [key] = findObjects(library, session.handle, privateKeyTemplate({ id: Buffer.from(this.options.keyId, 'hex') }));
    if (!key) {
      const state = library.C_GetSessionInfo(session.handle).state;
      const loggedIn = state === CKS_RO_USER_FUNCTIONS || state === CKS_RW_USER_FUNCTIONS;
      if (!loggedIn) throw new SigndeskError('ERR_PIN_REQUIRED', 'Log in to the token again to use this key', { serial: this.options.token.serial });
      throw new SigndeskError('ERR_KEY_NOT_FOUND', `No private key with id ${this.options.keyId} on the token`, { serial: this.options.token.serial });
    }
    this.handles.set(session, key);
    return key;
  }
}
