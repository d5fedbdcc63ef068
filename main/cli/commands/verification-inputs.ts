import { SigndeskError } from '../../../preload/contract/errors';
import { crlRevocationChecker, readCertificatesFile } from '../../core/pki';
import { withRevocationSources, type RevocationChecker, type RevocationSourceRule } from '../../core/pki/revocation';
import { flagOption, stringOption, stringsOption, type OptionsConfig, type ParsedArgs } from '../command';
import type { CliContext } from '../context';
import { readInputFile } from './read-input-file';

/** `--trust`, `--untrusted`, `--crl`, `--at`, `--no-revocation`: shared by `verify` and `cert verify`. */
export const VERIFICATION_OPTIONS: OptionsConfig = {
  trust: { type: 'string', multiple: true },
  untrusted: { type: 'string', multiple: true },
  crl: { type: 'string', multiple: true },
  at: { type: 'string' },
  'no-revocation': { type: 'boolean' },
};

export interface VerificationInputs {
  trustAnchors: Uint8Array[];
  intermediates: Uint8Array[];
  at: Date | undefined;
  revocation: RevocationChecker | 'skip';
  /** The CA profiles' OCSP / CRL sources (bulk verification applies them in its workers). */
  revocationSources: RevocationSourceRule[];
}

export async function verificationInputs(ctx: CliContext, args: ParsedArgs): Promise<VerificationInputs> {
  const at = parseAt(stringOption(args, 'at'));
  // The app's trust: Settings → Trusted certificates and the CA profiles, as Verify and the cabinet use them.
  const trust = await ctx.core().verificationTrust();
  const trustAnchors = [...trust.trustAnchors];
  for (const file of stringsOption(args, 'trust')) trustAnchors.push(...(await readCertificatesFile(file)));
  const intermediates: Uint8Array[] = [];
  for (const file of stringsOption(args, 'untrusted')) intermediates.push(...(await readCertificatesFile(file)));
  let revocation: RevocationChecker | 'skip' = 'skip';
  if (!flagOption(args, 'no-revocation')) {
    const crls = stringsOption(args, 'crl').map((file) => readInputFile(file));
    // CRLs given on the command line first; otherwise OCSP / distribution points through the cached service.
    const online: RevocationChecker = (certificate, issuer, options) => ctx.core().revocation.checkRevocation(certificate, issuer, options);
    revocation = crlRevocationChecker(crls, { fallback: withRevocationSources(online, trust.revocationSources) });
  }
  return { trustAnchors, intermediates, at, revocation, revocationSources: trust.revocationSources };
}

function parseAt(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(time)) throw new SigndeskError('ERR_USAGE', `--at wants an ISO 8601 time, got '${value}'`);
  return new Date(time);
}
