import { SigndeskError } from '../../../preload/contract/errors';
import type { SecretProvider } from '../../core/keys';
import { stringOption, type OptionsConfig, type ParsedArgs } from '../command';
import type { CliContext } from '../context';

/** `--pin-env NAME` / `--pass-env NAME`: the options of every command that opens or creates a key. */
export const KEY_SECRET_OPTIONS: OptionsConfig = {
  'pin-env': { type: 'string' },
  'pass-env': { type: 'string' },
};

/**
 * Secrets for the KeyStore from the command line's rules: a PIN from `--pin-env`, a password from
 * `--pass-env`, else a no-echo prompt on a TTY (a new password is asked twice). Never from argv.
 */
export function keySecretProvider(ctx: CliContext, args: ParsedArgs): SecretProvider {
  const pinEnv = stringOption(args, 'pin-env');
  const passEnv = stringOption(args, 'pass-env');
  return async (request) => {
    if (request.kind === 'pin') return ctx.readSecret({ envName: pinEnv, kind: 'pin', prompt: 'Token PIN: ' });
    if (passEnv !== undefined || request.purpose === 'open') {
      return ctx.readSecret({ envName: passEnv, kind: 'password', prompt: `Password for ${request.keyRef}: ` });
    }
    const first = await ctx.readSecret({ kind: 'password', prompt: 'New key password: ' });
    const second = await ctx.readSecret({ kind: 'password', prompt: 'Repeat the password: ' });
    if (first !== second) throw new SigndeskError('ERR_INPUT_INVALID', 'The passwords differ');
    return first;
  };
}
