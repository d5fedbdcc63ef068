import { SigndeskError } from '../../../preload/contract/errors';
import { verifyReportJson, verifySignatureFile, type SignerReport } from '../../core/cms';
import { defineCommand, stringOption } from '../command';
import { EXIT_CHECK_FAILED, EXIT_OK } from '../exit-codes';
import { VERIFICATION_OPTIONS, verificationInputs } from './verification-inputs';

const USAGE = 'signdesk verify SIGFILE [--content FILE] [--trust FILE…] [--untrusted FILE…] [--crl FILE…] [--at ISO8601] [--no-revocation] [--json]';

export const verifyCommand = defineCommand({
  name: 'verify',
  summary: 'Verify every signer of a CAdES/CMS signature (chain, revocation)',
  usage: USAGE,
  options: { ...VERIFICATION_OPTIONS, content: { type: 'string' } },
  async run(ctx, args) {
    const [signaturePath, ...extra] = args.positionals;
    if (!signaturePath || extra.length > 0) throw new SigndeskError('ERR_USAGE', `Usage: ${USAGE}`);
    const inputs = await verificationInputs(ctx, args);
    const report = await verifySignatureFile({
      signaturePath,
      contentPath: stringOption(args, 'content'),
      trustAnchors: inputs.trustAnchors,
      intermediates: inputs.intermediates,
      at: inputs.at,
      revocation: inputs.revocation,
    });
    ctx.emitJson(verifyReportJson(report));
    ctx.print(`${report.valid ? 'Valid' : 'Not valid'}: ${report.indication} (${report.signers.length} signer${report.signers.length === 1 ? '' : 's'}, ${report.attached ? 'attached' : 'detached'})`);
    report.signers.forEach((signer, index) => ctx.print(formatSigner(signer, index)));
    return report.valid ? EXIT_OK : EXIT_CHECK_FAILED;
  },
});

function formatSigner(signer: SignerReport, index: number): string {
  const mark = (value: boolean | string | null): string => (value === null ? 'n/a' : value === true ? 'ok' : value === false ? 'FAILED' : value);
  const lines = [
    '',
    `Signer ${index + 1}: ${signer.indication}`,
    `  Subject: ${signer.subject || '(certificate not found)'}`,
    `  Issuer: ${signer.issuer}`,
    `  Serial: ${signer.serial}`,
  ];
  for (const [name, value] of Object.entries(signer.identifiers)) lines.push(`  ${name}: ${value}`);
  if (signer.signingTime) lines.push(`  Signing time: ${signer.signingTime}`);
  if (signer.details.timestamp) lines.push(`  Timestamp: ${signer.details.timestamp}`);
  const { checks } = signer;
  lines.push(
    `  Signature: ${mark(checks.signature)}; message digest: ${mark(checks.messageDigest)}; signing certificate: ${mark(checks.signingCertificate)}; chain: ${mark(checks.chain)}; revocation: ${mark(checks.revocation)}`,
  );
  if (signer.details.chain) lines.push(`  Chain: ${signer.details.chain}`);
  for (const error of signer.errors) lines.push(`  ${error.code}: ${error.message}`);
  return lines.join('\n');
}
