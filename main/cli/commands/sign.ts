import { defineCommand, flagOption, stringOption, type ParsedArgs } from '../command';
import type { CliContext } from '../context';
import { EXIT_CHECK_FAILED, EXIT_OK } from '../exit-codes';
import { SigndeskError } from '../../../preload/contract/errors';
import { SIGNATURE_FORMATS, type BatchSummary, type SignatureFormatId } from '../../../preload/contract/domains/queue';
import { parseVisibleOption, VISIBLE_USAGE } from './visible-option';
import { readListFile } from './read-input-file';
import { SignProgress } from './sign-progress';
import type { SecretProvider } from '../../core/keys';
import { parseHashName, SIGNING_HASHES } from '../../core/crypto';

export const signCommand = defineCommand({
  name: 'sign',
  summary: 'Sign files (CAdES .p7s, PAdES inside the PDF, ASiC-E containers); many files are one batch with one login (--resume finishes an interrupted one)',
  usage:
    'signdesk sign --key KEYREF [--format cades|pades|asice] [--hash NAME] [--attached] [--out-dir DIR] [--in-place] [--packet NAME.asice] [--visible SPEC] [--jobs N] [--tsa URL] [--overwrite] [--pin-env NAME | --pass-env NAME] FILE… | --from LISTFILE\n' +
    `       --visible ${VISIBLE_USAGE} (PAdES); --hash ${SIGNING_HASHES.join('|')} (default: the key's own)\n` +
    '       signdesk sign --resume [--batch ID] [--pin-env NAME | --pass-env NAME]',
  options: {
    key: { type: 'string' },
    format: { type: 'string' },
    hash: { type: 'string' },
    'in-place': { type: 'boolean' },
    packet: { type: 'string' },
    visible: { type: 'string' },
    attached: { type: 'boolean' },
    'out-dir': { type: 'string' },
    jobs: { type: 'string' },
    tsa: { type: 'string' },
    overwrite: { type: 'boolean' },
    from: { type: 'string' },
    resume: { type: 'boolean' },
    batch: { type: 'string' },
    'pin-env': { type: 'string' },
    'pass-env': { type: 'string' },
  },
  async run(ctx, args) {
    const jobs = parseJobs(stringOption(args, 'jobs'));
    if (flagOption(args, 'resume')) return resume(ctx, args, jobs);

    const keyRef = stringOption(args, 'key');
    if (!keyRef) throw new SigndeskError('ERR_USAGE', 'sign needs --key KEYREF');
    const listFile = stringOption(args, 'from');
    const files = [...args.positionals, ...(listFile ? readListFile(listFile) : [])];
    if (files.length === 0) throw new SigndeskError('ERR_USAGE', 'sign needs FILE… or --from LISTFILE');
    const tsaUrl = stringOption(args, 'tsa') ?? null;
    if (tsaUrl !== null && !URL.canParse(tsaUrl)) throw new SigndeskError('ERR_USAGE', `--tsa: not a URL: ${tsaUrl}`);

    const format = parseFormat(stringOption(args, 'format'));
    const visible = stringOption(args, 'visible');
    const hashName = stringOption(args, 'hash');

    const secret = keySecretProvider(ctx, args);
    const queue = ctx.core().queue;
    if (jobs !== undefined) queue.setFileWorkers(jobs);
    const batch = queue.createBatch({
      keyRef,
      paths: files,
      options: {
        format,
        hash: hashName ? parseHashName(hashName) : null,
        attached: flagOption(args, 'attached'),
        outDir: stringOption(args, 'out-dir') ?? null,
        overwrite: flagOption(args, 'overwrite'),
        tsaUrl,
        inPlace: flagOption(args, 'in-place'),
        packet: stringOption(args, 'packet') ?? null,
        visible: visible === undefined ? null : parseVisibleOption(visible),
      },
    });
    return runAndReport(ctx, batch, secret);
  },
});

async function resume(ctx: CliContext, args: ParsedArgs, jobs: number | undefined): Promise<number> {
  const queue = ctx.core().queue;
  if (jobs !== undefined) queue.setFileWorkers(jobs);
  const wanted = stringOption(args, 'batch');
  const unfinished = queue.interrupted();
  const batch = wanted ? queue.journal.get(wanted) : unfinished[0];
  if (!batch || batch.state === 'done' || batch.state === 'cancelled') {
    const message = batch ? `Batch ${batch.id} is already ${batch.state}: nothing to resume` : 'Nothing to resume';
    ctx.print(message);
    ctx.emitJson(batch ? jsonReport(ctx, queue.journal.get(batch.id)) : { batch: null, total: 0, done: 0, failed: 0, skipped: 0, files: [] });
    return EXIT_OK;
  }
  if (!ctx.json) ctx.note(`Resuming batch ${batch.id} (${batch.done + batch.failed + batch.skipped}/${batch.total} settled) with ${batch.keyRef}`);
  const secret = keySecretProvider(ctx, args);
  return runAndReport(ctx, batch, secret);
}

async function runAndReport(ctx: CliContext, batch: BatchSummary, secret: SecretProvider): Promise<number> {
  const services = ctx.core();
  const progress = new SignProgress(ctx.io.stderr);
  const started = performance.now();
  const offProgress = services.events.on('batchProgress', (event) => {
    if (event.batchId === batch.id) progress.update(event);
  });
  const onSigint = () => services.queue.interrupt(batch.id);
  process.once('SIGINT', onSigint);
  let summary: BatchSummary;
  try {
    summary = await services.queue.runBatch(batch.id, secret);
  } finally {
    offProgress();
    process.off('SIGINT', onSigint);
    progress.end();
  }
  if (summary.state === 'interrupted') {
    throw new SigndeskError('ERR_CANCELLED', `Interrupted after ${summary.done} of ${summary.total}: run 'signdesk sign --resume --batch ${summary.id}' to finish`);
  }
  const seconds = (performance.now() - started) / 1000;
  for (const item of services.queue.items(batch.id, 0, -1, 'failed')) ctx.note(`failed: ${item.input}: ${item.error?.code}: ${item.error?.message}`);
  ctx.print(
    `Batch ${summary.id}: ${summary.done} signed, ${summary.failed} failed, ${summary.skipped} skipped of ${summary.total} in ${seconds.toFixed(1)} s`,
  );
  ctx.emitJson(jsonReport(ctx, summary));
  return summary.failed > 0 ? EXIT_CHECK_FAILED : EXIT_OK;
}

function jsonReport(ctx: CliContext, summary: BatchSummary) {
  return {
    batch: summary.id,
    total: summary.total,
    done: summary.done,
    failed: summary.failed,
    skipped: summary.skipped,
    files: ctx.core().queue.items(summary.id).map((item) => ({ input: item.input, output: item.output, status: item.state, error: item.error })),
  };
}

/** The key's PIN or password, asked only if the key needs one: `--pin-env` / `--pass-env`, else a no-echo TTY prompt. */
function keySecretProvider(ctx: CliContext, args: ParsedArgs): SecretProvider {
  const pinEnv = stringOption(args, 'pin-env');
  const passEnv = stringOption(args, 'pass-env');
  if (pinEnv && passEnv) throw new SigndeskError('ERR_USAGE', 'Give --pin-env or --pass-env, not both');
  let cached: Promise<string> | undefined;
  return (request) => {
    cached ??= ctx.readSecret({ envName: pinEnv ?? passEnv, kind: request.kind, prompt: request.kind === 'pin' ? 'PIN: ' : 'Password: ' });
    return cached;
  };
}


function parseFormat(value: string | undefined): SignatureFormatId {
  if (value === undefined) return 'cades';
  const format = value.toLowerCase();
  if (!(SIGNATURE_FORMATS as readonly string[]).includes(format)) throw new SigndeskError('ERR_USAGE', `--format must be one of ${SIGNATURE_FORMATS.join(', ')}, not ${value}`);
  return format as SignatureFormatId;
}

function parseJobs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new SigndeskError('ERR_USAGE', `--jobs must be a whole number from 1 to 64, not ${value}`);
  return jobs;
}
