import { SigndeskError } from '../../../preload/contract/errors';
import { KEY_ALGORITHM_NAMES, type KeyAlgorithmName } from '../../core/crypto';
import { defineCommand, stringOption } from '../command';
import { EXIT_OK } from '../exit-codes';
import { KEY_SECRET_OPTIONS, keySecretProvider } from './key-secret-provider';

export const keygenCommand = defineCommand({
  name: 'keygen',
  summary: 'New key pair: on the token (non-extractable) for pkcs11:, a new encrypted file for file:; added to the cabinet',
  usage: `signdesk keygen --key KEYREF --alg ${KEY_ALGORITHM_NAMES.join('|')} [--label L] [--pin-env NAME | --pass-env NAME]`,
  options: { key: { type: 'string' }, alg: { type: 'string' }, label: { type: 'string' }, ...KEY_SECRET_OPTIONS },
  async run(ctx, args) {
    const keyRef = stringOption(args, 'key');
    const alg = stringOption(args, 'alg');
    if (!keyRef || !alg) throw new SigndeskError('ERR_USAGE', `keygen needs --key KEYREF and --alg\nUsage: ${this.usage}`);
    if (!(KEY_ALGORITHM_NAMES as readonly string[]).includes(alg)) {
      throw new SigndeskError('ERR_USAGE', `Unknown --alg ${alg}: use one of ${KEY_ALGORITHM_NAMES.join(', ')}`);
    }
    const label = stringOption(args, 'label');
    const record = await ctx.core().keys.generate({ keyRef, algorithm: alg as KeyAlgorithmName, ...(label ? { label } : {}) }, keySecretProvider(ctx, args));
    ctx.emitJson(record);
    ctx.print(`Generated ${alg} key ${record.id} (${record.name})`);
    ctx.print(`Key: ${record.keyRef}`);
    return EXIT_OK;
  },
});
