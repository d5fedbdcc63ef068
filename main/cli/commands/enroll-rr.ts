import { SigndeskError } from '../../../preload/contract/errors';
import { REVOCATION_REASONS, type RevocationReason } from '../../core/pki/revocation';
import { defineCommand, stringOption } from '../command';
import { EXIT_OK } from '../exit-codes';
import { CMP_OPTIONS, caCertificates, noPositionals, requiredOption, secretsFor } from './enroll-common';

const REASONS = REVOCATION_REASONS.filter((reason): reason is RevocationReason => reason !== null && reason !== 'removeFromCRL');
const usage = `signdesk enroll rr --server URL --key KEYREF [--reason ${REASONS.join('|')}] [--ca-cert FILE] [--pass-env NAME | --pin-env NAME]`;

export const enrollRrCommand = defineCommand({
  name: 'enroll rr',
  summary: "CMP revocation request for the key's certificate",
  usage,
  options: { ...CMP_OPTIONS, key: { type: 'string' }, reason: { type: 'string' } },
  async run(ctx, args) {
    noPositionals(args, usage);
    const serverUrl = requiredOption(args, 'server', usage);
    const keyRef = requiredOption(args, 'key', usage);
    const reasonText = stringOption(args, 'reason');
    if (reasonText !== undefined && !REASONS.includes(reasonText as RevocationReason)) {
      throw new SigndeskError('ERR_USAGE', `Unknown reason ${reasonText}: use one of ${REASONS.join(', ')}`);
    }
    const trusted = caCertificates(args);
    const { serial } = await ctx.core().ca.revoke({
      serverUrl,
      keyRef,
      askSecret: secretsFor(ctx, args, {}),
      ...(reasonText ? { reason: reasonText as RevocationReason } : {}),
      ...(trusted ? { caCertificates: trusted } : {}),
    });
    ctx.emitJson({ keyRef, serial, status: 'revoked', reason: reasonText ?? null });
    ctx.print(`The CA accepted the revocation of certificate ${serial}${reasonText ? ` (${reasonText})` : ''}`);
    return EXIT_OK;
  },
});
