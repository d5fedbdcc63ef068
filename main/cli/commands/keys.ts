import { SigndeskError } from '../../../preload/contract/errors';
import type { KeyCabinetRecord } from '../../core/cabinet';
import { defineCommand, stringOption } from '../command';
import { EXIT_OK } from '../exit-codes';
import { KEY_SECRET_OPTIONS, keySecretProvider } from './key-secret-provider';

export const keysCommand = defineCommand({
  name: 'keys',
  summary: 'The cabinet: id, owner, organisation, identifiers, storage, status, created, validity',
  usage: 'signdesk keys [--json]',
  options: {},
  async run(ctx, args) {
    if (args.positionals.length > 0) throw new SigndeskError('ERR_USAGE', `Unknown argument ${args.positionals[0]}. Usage: ${this.usage} | signdesk keys add KEYREF [--name N]`);
    const keys = await ctx.core().keys.list();
    ctx.emitJson(keys);
    ctx.print(keys.length === 0 ? 'The cabinet is empty: add a key with `signdesk keygen` or `signdesk keys add`.' : keys.map(formatKey).join('\n\n'));
    return EXIT_OK;
  },
});

export const keysAddCommand = defineCommand({
  name: 'keys add',
  summary: 'Put an existing key in the cabinet: a file key is copied in still encrypted, a token key registered by its URI',
  usage: 'signdesk keys add KEYREF [--name N] [--accept-no-mac] [--pin-env NAME | --pass-env NAME]',
  options: { name: { type: 'string' }, 'accept-no-mac': { type: 'boolean' }, ...KEY_SECRET_OPTIONS },
  async run(ctx, args) {
    const [keyRef, ...extra] = args.positionals;
    if (!keyRef || extra.length > 0) throw new SigndeskError('ERR_USAGE', `Usage: ${this.usage}`);
    const name = stringOption(args, 'name');
    // A PKCS#12 without its integrity MAC is refused everywhere; accepted here, it is kept re-sealed with one.
    const acceptMissingMac = args.values['accept-no-mac'] === true;
    const record = await ctx.core().keys.add(keyRef, { ...(name ? { name } : {}), ...(acceptMissingMac ? { acceptMissingMac } : {}) }, keySecretProvider(ctx, args));
    ctx.emitJson(record);
    ctx.print(formatKey(record));
    return EXIT_OK;
  },
});

export function formatKey(key: KeyCabinetRecord): string {
  const lines = [`${key.id}  ${key.name}`, `  Storage: ${key.storage}   Status: ${key.status}   Created: ${key.created}`];
  if (key.owner) lines.push(`  Owner: ${key.owner}`);
  if (key.organisation) lines.push(`  Organisation: ${key.organisation}`);
  for (const [name, value] of Object.entries(key.identifiers)) lines.push(`  ${name}: ${value}`);
  if (key.notBefore && key.notAfter) lines.push(`  Valid: ${key.notBefore} – ${key.notAfter}`);
  lines.push(`  Key: ${key.keyRef}`);
  return lines.join('\n');
}
