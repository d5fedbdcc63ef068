export interface SecretRequest {
  kind: 'pin' | 'password';
  /** The key (or the file / token to be) the secret is for. */
  keyRef: string;
  /** `new`: the password a new file key will be encrypted with. */
  purpose: 'open' | 'new';
}

/** Asks for a PIN or password when one is needed (CLI: env var or TTY; app: the PIN dialog). null: PIN pad. */
export type SecretProvider = (request: SecretRequest) => Promise<string | null>;
