import fs from 'node:fs';
import path from 'node:path';
import { SigndeskError } from '../../../preload/contract/errors';
import { verifyReportJson, type SignerReport } from '../../core/cms';
import { detectFormat } from '../../core/formats';
import { bulkCsv, pairSignatureFiles, summarize, verifyMany, type BulkItemResult } from '../../core/verify';
import { defineCommand, flagOption, stringOption, type ParsedArgs } from '../command';
import type { CliContext } from '../context';
import { EXIT_CHECK_FAILED, EXIT_OK } from '../exit-codes';
import { VERIFICATION_OPTIONS, verificationInputs } from './verification-inputs';
import { readListFile } from './read-input-file';
import { extractOption, EXTRACT_OPTIONS } from './verify-extract';
import { formatFactsJson, formatFactsLines } from './verify-format-facts';

const USAGE =
  'signdesk verify SIGNED-FILE [--content FILE] [--extract DIR] [--trust FILE…] [--untrusted FILE…] [--crl FILE…] [--at ISO8601] [--no-revocation] [--json]\n' +
  '       signdesk verify FILE|FOLDER… | --from LISTFILE [--jobs N] [--csv | --json] [--trust FILE…] [--untrusted FILE…] [--crl FILE…] [--at ISO8601] [--no-revocation]';

export const verifyCommand = defineCommand({
  name: 'verify',
  summary: 'Verify every signer of a signed file — a CAdES .p7s, a PDF (PAdES), an ASiC-E container — or of many CAdES signatures in parallel (X.p7s paired with X)',
  usage: USAGE,
  options: { ...VERIFICATION_OPTIONS, content: { type: 'string' }, ...EXTRACT_OPTIONS, from: { type: 'string' }, csv: { type: 'boolean' }, jobs: { type: 'string' } },
  async run(ctx, args) {
    const listFile = stringOption(args, 'from');
    const inputs = [...args.positionals, ...(listFile ? readListFile(listFile) : [])];
    if (inputs.length === 0) throw new SigndeskError('ERR_USAGE', `Usage: ${USAGE}`);
    const single = inputs.length === 1 && !listFile && !flagOption(args, 'csv') && !isFolder(inputs[0]!);
    if (single) return verifyOne(ctx, args, inputs[0]!);
    if (stringOption(args, 'content')) throw new SigndeskError('ERR_USAGE', '--content goes with one SIGFILE; many files pair X.p7s with X');
    if (stringOption(args, 'extract')) throw new SigndeskError('ERR_USAGE', '--extract goes with one container');
    return verifyBulk(ctx, args, inputs);
  },
});

/** One SIGFILE: the behaviour and JSON shape of CLI.md. */
async function verifyOne(ctx: CliContext, args: ParsedArgs, signaturePath: string): Promise<number> {
  const inputs = await verificationInputs(ctx, args);
  const report = await detectFormat(signaturePath).verify({
    signaturePath,
    contentPath: stringOption(args, 'content'),
    trustAnchors: inputs.trustAnchors,
    intermediates: inputs.intermediates,
    at: inputs.at,
    revocation: inputs.revocation,
  });
  ctx.emitJson({ ...verifyReportJson(report), ...formatFactsJson(report) });
  ctx.print(`${report.valid ? 'Valid' : 'Not valid'}: ${report.indication} (${report.signers.length} signer${report.signers.length === 1 ? '' : 's'}, ${report.attached ? 'attached' : 'detached'})`);
  for (const warning of report.warnings ?? []) ctx.print(`${warning.code}: ${warning.message}`);
  report.signers.forEach((signer, index) => ctx.print(formatSigner(signer, `Signer ${index + 1}`, '')));
  for (const line of formatFactsLines(report)) ctx.print(line);
  await extractOption(ctx, args, signaturePath);
  return report.valid ? EXIT_OK : EXIT_CHECK_FAILED;
}

/** Many files: paired, verified in parallel, a line per file and a summary (or --json / --csv). */
async function verifyBulk(ctx: CliContext, args: ParsedArgs, inputs: string[]): Promise<number> {
  if (ctx.json && flagOption(args, 'csv')) throw new SigndeskError('ERR_USAGE', 'Give --json or --csv, not both');
  const { items } = await pairSignatureFiles(inputs);
  if (items.length === 0) throw new SigndeskError('ERR_INPUT_INVALID', 'No signature files among the inputs (X.p7s, X.p7m, X.sig)');
  const verification = await verificationInputs(ctx, args);
  const crls = (args.values.crl as string[] | undefined) ?? [];
  const results = await verifyMany(
    items,
    {
      trustAnchors: verification.trustAnchors,
      revocationSources: verification.revocationSources,
      intermediates: verification.intermediates,
      crls: crls.map((file) => new Uint8Array(fs.readFileSync(file))),
      ...(verification.at ? { at: verification.at.toISOString() } : {}),
      noRevocation: flagOption(args, 'no-revocation'),
      revocationCacheDir: path.join(ctx.dataDir, 'cache', 'revocation'),
      fullReports: false,
    },
    {
      jobs: parseJobs(stringOption(args, 'jobs')),
      onResult: (result, done, total) => {
        if (!ctx.json && !flagOption(args, 'csv')) ctx.print(resultLine(result));
        else if (done % 500 === 0) ctx.note(`${done}/${total} verified`);
      },
    },
  );
  const summary = summarize(results);
  if (flagOption(args, 'csv')) ctx.print(bulkCsv(results).replace(/\r\n$/, ''));
  ctx.emitJson({ summary, files: results.map(resultJson) });
  if (!flagOption(args, 'csv')) {
    ctx.print('');
    ctx.print(`${summary.total} file${summary.total === 1 ? '' : 's'}: ${summary.passed} valid, ${summary.failed} not valid, ${summary.indeterminate} indeterminate, ${summary.errors} could not be verified`);
  }
  return summary.passed === summary.total ? EXIT_OK : EXIT_CHECK_FAILED;
}

function resultLine(result: BulkItemResult): string {
  const verdict = result.indication ?? 'ERROR';
  const who = result.signers.map((signer) => signer.subject).filter(Boolean).join('; ');
  const why = result.error ? `${result.error.code}: ${result.error.message}` : result.errors.join(' ');
  return [verdict.padEnd(14), result.signaturePath, who && `(${who})`, why && `— ${why}`].filter(Boolean).join(' ');
}

function resultJson(result: BulkItemResult) {
  return {
    signature: result.signaturePath,
    document: result.contentPath,
    valid: result.valid,
    indication: result.indication,
    signers: result.signers,
    errors: result.errors,
    error: result.error,
  };
}

function formatSigner(signer: SignerReport, title: string, indent: string): string {
  const mark = (value: boolean | string | null): string => (value === null ? 'n/a' : value === true ? 'ok' : value === false ? 'FAILED' : value);
  const lines = [
    '',
    `${indent}${title}: ${signer.indication}${signer.level && signer.level !== 'CMS' ? ` (CAdES ${signer.level}${signer.legacyLevel ? `, ${signer.legacyLevel}` : ''})` : ''}`,
    `${indent}  Subject: ${signer.subject || '(certificate not found)'}`,
    `${indent}  Issuer: ${signer.issuer}`,
    `${indent}  Serial: ${signer.serial}`,
  ];
  for (const [name, value] of Object.entries(signer.identifiers)) lines.push(`${indent}  ${name}: ${value}`);
  if (signer.signingTime) lines.push(`${indent}  Signing time: ${signer.signingTime}`);
  for (const stamp of signer.timestamps ?? []) lines.push(`${indent}  Time-stamp (${stamp.kind}): ${stamp.valid ? (stamp.time ?? '') : `INVALID — ${stamp.problem}`}`);
  const { checks } = signer;
  lines.push(
    `${indent}  Signature: ${mark(checks.signature)}; message digest: ${mark(checks.messageDigest)}; signing certificate: ${mark(checks.signingCertificate)}; chain: ${mark(checks.chain)}; revocation: ${mark(checks.revocation)}`,
  );
  if (signer.details.chain) lines.push(`${indent}  Chain: ${signer.details.chain}`);
  if (signer.details.validationData) lines.push(`${indent}  Validation data: ${signer.details.validationData}`);
  for (const error of signer.errors) lines.push(`${indent}  ${error.code}: ${error.message}`);
  for (const warning of signer.warnings ?? []) lines.push(`${indent}  ${warning.code}: ${warning.message}`);
  (signer.counterSigners ?? []).forEach((counter, index) => lines.push(formatSigner(counter, `Counter-signer ${index + 1}`, `${indent}    `)));
  return lines.join('\n');
}

function isFolder(input: string): boolean {
  try {
    return fs.statSync(input).isDirectory();
  } catch {
    return false;
  }
}


function parseJobs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 0 || jobs > 64) throw new SigndeskError('ERR_USAGE', `--jobs must be a whole number from 0 to 64, not ${value}`);
  return jobs;
}
