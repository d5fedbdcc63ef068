import { SigndeskError } from '../../../preload/contract/errors';
import { defineCommand, stringOption } from '../command';
import { EXIT_OK } from '../exit-codes';
import { CMP_OPTIONS, caCertificates, noPositionals, reportIssued, requiredOption, secretsFor } from './enroll-common';

const usage =
  'signdesk enroll cr --server URL --auth-key KEYREF --key KEYREF --subject DN [--days N] [--ca-cert FILE] [--out FILE] [--pass-env NAME] [--auth-pass-env NAME]';

export const enrollCrCommand = defineCommand({
  name: 'enroll cr',
  summary: 'CMP certification request for a new key, signature-protected by the current key (--auth-key)',
  usage,
  options: {
    ...CMP_OPTIONS,
    'auth-key': { type: 'string' },
    'auth-pass-env': { type: 'string' },
    key: { type: 'string' },
    subject: { type: 'string' },
    days: { type: 'string' },
    out: { type: 'string' },
  },
  async run(ctx, args) {
    noPositionals(args, usage);
    const serverUrl = requiredOption(args, 'server', usage);
    const authKeyRef = requiredOption(args, 'auth-key', usage);
    const keyRef = requiredOption(args, 'key', usage);
    const subject = requiredOption(args, 'subject', usage);
    const daysText = stringOption(args, 'days');
    let notAfter: Date | undefined;
    if (daysText !== undefined) {
      const days = Number(daysText);
      if (!Number.isInteger(days) || days < 1 || days > 36_500) throw new SigndeskError('ERR_USAGE', '--days takes a whole number of days (1 or more)');
      notAfter = new Date(Date.now() + days * 86_400_000);
    }
    const trusted = caCertificates(args);
    const issued = await ctx.core().ca.requestCertificate({
      serverUrl,
      authKeyRef,
      keyRef,
      subject,
      askSecret: secretsFor(ctx, args, { [authKeyRef]: stringOption(args, 'auth-pass-env') }),
      ...(notAfter ? { notAfter } : {}),
      ...(trusted ? { caCertificates: trusted } : {}),
    });
    await reportIssued(ctx, issued, stringOption(args, 'out'));
    return EXIT_OK;
  },
});
