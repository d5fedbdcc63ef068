import { SigndeskError } from './errors';

/**
 * The one rule for a password or PIN the user chooses (new key wizards, temporary key wizard, change password):
 * the renderer checks it while typing and main enforces it, so no path accepts what another refuses.
 */
export const SECRET_RULE = {
  /** File keys: the password protects the key file; shorter ones fall to a guessing attack on a stolen file. */
  passwordMinLength: 8,
  /** Token keys: digits only, as tokens' PIN pads and vendors' tools expect. */
  pinMinDigits: 6,
} as const;

export type SecretKind = 'password' | 'pin';

/** Whether `secret` may become a new file-key password (`password`) or token PIN (`pin`). */
export function meetsSecretRule(kind: SecretKind, secret: string): boolean {
  return kind === 'pin' ? new RegExp(`^\\d{${SECRET_RULE.pinMinDigits},}$`).test(secret) : [...secret].length >= SECRET_RULE.passwordMinLength;
}

/** Throws ERR_INPUT_INVALID (`context` names the rule) when `secret` does not meet the rule. */
export function assertSecretRule(kind: SecretKind, secret: string): void {
  if (meetsSecretRule(kind, secret)) return;
  throw new SigndeskError(
    'ERR_INPUT_INVALID',
    kind === 'pin' ? `A new PIN needs at least ${SECRET_RULE.pinMinDigits} digits` : `A new password needs at least ${SECRET_RULE.passwordMinLength} characters`,
    { context: kind === 'pin' ? 'pinRule' : 'passwordRule' },
  );
}
