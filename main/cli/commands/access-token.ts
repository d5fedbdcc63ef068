import { SigndeskError } from '../../../preload/contract/errors';
import type { AccessTokenInfo } from '../../../preload/contract/domains/cabinet';
import { defineCommand, stringOption } from '../command';
import { EXIT_OK } from '../exit-codes';

function formatToken(token: AccessTokenInfo): string {
  return `${token.id}  ${token.prefix}…  ${token.label || '(no label)'}  created ${token.created}${token.revoked ? `  revoked ${token.revoked}` : ''}`;
}

export const accessTokenCreateCommand = defineCommand({
  name: 'access-token create',
  summary: 'A new access token for one cabinet key (for software calling the signing agent); printed once',
  usage: 'signdesk access-token create --key KEYID [--label L]',
  options: { key: { type: 'string' }, label: { type: 'string' } },
  async run(ctx, args) {
    const keyId = stringOption(args, 'key');
    if (!keyId) throw new SigndeskError('ERR_USAGE', `Usage: ${this.usage}`);
    const created = ctx.core().cabinet.createAccessToken(keyId, stringOption(args, 'label') ?? '');
    ctx.emitJson({ token: created.token, ...created.info });
    ctx.print(created.token);
    if (!ctx.json) ctx.note('Shown once: Signdesk keeps only its hash. Send it as "Authorization: Bearer <token>"; it signs with this key only, after consent.');
    return EXIT_OK;
  },
});

export const accessTokenListCommand = defineCommand({
  name: 'access-token list',
  summary: 'The access tokens of a cabinet key (their prefixes, never the tokens)',
  usage: 'signdesk access-token list --key KEYID',
  options: { key: { type: 'string' } },
  async run(ctx, args) {
    const keyId = stringOption(args, 'key');
    if (!keyId) throw new SigndeskError('ERR_USAGE', `Usage: ${this.usage}`);
    const tokens = ctx.core().cabinet.listAccessTokens(keyId);
    ctx.emitJson(tokens);
    ctx.print(tokens.length === 0 ? 'No access tokens for this key.' : tokens.map(formatToken).join('\n'));
    return EXIT_OK;
  },
});

export const accessTokenRevokeCommand = defineCommand({
  name: 'access-token revoke',
  summary: 'Revoke an access token: the agent refuses it from the next request on',
  usage: 'signdesk access-token revoke TOKEN_ID',
  options: {},
  async run(ctx, args) {
    const [tokenId, ...extra] = args.positionals;
    if (!tokenId || extra.length > 0) throw new SigndeskError('ERR_USAGE', `Usage: ${this.usage}`);
    const revoked = ctx.core().cabinet.revokeAccessToken(tokenId);
    ctx.emitJson(revoked);
    ctx.print(formatToken(revoked));
    return EXIT_OK;
  },
});
