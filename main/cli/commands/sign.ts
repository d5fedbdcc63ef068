import fs from 'node:fs';
import { defineCommand, flagOption, stringOption, type ParsedArgs } from '../command';
import type { CliContext } from '../context';
import { EXIT_CHECK_FAILED, EXIT_OK } from '../exit-codes';
import { SigndeskError } from '../../../preload/contract/errors';
import type { BatchSummary } from '../../../preload/contract/domains/queue';
import { SignProgress } from './sign-progress';
import type { SecretProvider } from '../../core/keys';

export const signCommand = defineCommand({
  name: 'sign',
  summary: 'CAdES signature per file; many files are one batch with one login (--resume finishes an interrupted one)',
  usage:
    'signdesk sign --key KEYREF [--attached] [--out-dir DIR] [--jobs N] [--tsa URL] [--overwrite] [--pin-env NAME | --pass-env NAME] FILE… | --from LISTFILE\n' +
    '       signdesk sign --resume [--batch ID] [--pin-env NAME | --pass-env NAME]',
  options: {
    key: { type: 'string' },
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
    const files = [...args.positionals, ...(listFile ? readList(listFile) : [])];
    if (files.length === 0) throw new SigndeskError('ERR_USAGE', 'sign needs FILE… or --from LISTFILE');
    const tsaUrl = stringOption(args, 'tsa') ?? null;
    if (tsaUrl !== null && !URL.canParse(tsaUrl)) throw new SigndeskError('ERR_USAGE', `--tsa: not a URL: ${tsaUrl}`);

    const secret = keySecretProvider(ctx, args);
    const queue = ctx.core().queue;
    if (jobs !== undefined) queue.setFileWorkers(jobs);
    const batch = queue.createBatch({
      keyRef,
      paths: files,
      options: { attached: flagOption(args, 'attached'), outDir: stringOption(args, 'out-dir') ?? null, overwrite: flagOption(args, 'overwrite'), tsaUrl },
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

function readList(listFile: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(listFile, 'utf8');
  } catch (error) {
    throw new SigndeskError('ERR_FILE_NOT_FOUND', `Cannot read the list ${listFile}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'));
}

function parseJobs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new SigndeskError('ERR_USAGE', `--jobs must be a whole number from 1 to 64, not ${value}`);
  return jobs;
}
