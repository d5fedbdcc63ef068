import { parseArgs } from 'node:util';
import { SigndeskError, toErrorPayload } from '../../preload/contract/errors';
import type { CliCommand, OptionsConfig, ParsedArgs } from './command';
import { commands } from './commands';
import { CliContext, type CliIo } from './context';
import { EXIT_OK, exitCodeFor } from './exit-codes';

const GLOBAL_OPTIONS: OptionsConfig = {
  json: { type: 'boolean' },
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

/** Runs one `signdesk …` invocation and resolves to its exit status; never throws. */
export async function runCli(argv: string[], io: CliIo, version: string): Promise<number> {
  const wantsJson = argv.includes('--json');
  const { command, rest } = findCommand(argv);
  let ctx: CliContext | undefined;
  try {
    if (argv.includes('--version')) {
      io.stdout.write(`signdesk ${version}\n`);
      return EXIT_OK;
    }
    if (!command) {
      if (argv.length === 0 || argv[0] === 'help' || argv.includes('--help') || argv.includes('-h')) {
        io.stdout.write(helpText());
        return EXIT_OK;
      }
      throw new SigndeskError('ERR_USAGE', `Unknown command: ${argv.filter((arg) => !arg.startsWith('-')).slice(0, 2).join(' ') || argv[0]}. Run 'signdesk --help'.`);
    }
    const args = parseCommandArgs(command, rest);
    if (args.values.help === true) {
      io.stdout.write(`${command.usage}\n`);
      return EXIT_OK;
    }
    const dataDir = typeof args.values['data-dir'] === 'string' ? args.values['data-dir'] : undefined;
    ctx = new CliContext(io, { json: args.values.json === true, dataDir }, version);
    return await command.run(ctx, args);
  } catch (error) {
    const payload = toErrorPayload(error);
    io.stderr.write(`signdesk: ${payload.code}: ${payload.message}\n`);
    if (payload.code === 'ERR_INTERNAL' && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    if (wantsJson) io.stdout.write(`${JSON.stringify({ error: { code: payload.code, message: payload.message } })}\n`);
    return exitCodeFor(payload.code);
  } finally {
    await ctx?.close().catch(() => undefined);
  }
}

function findCommand(argv: string[]): { command: CliCommand | undefined; rest: string[] } {
  const words = argv.slice(0, 2);
  const twoWords = commands.find((candidate) => candidate.name === words.join(' '));
  if (twoWords && words.length === 2) return { command: twoWords, rest: argv.slice(2) };
  const oneWord = commands.find((candidate) => candidate.name === words[0]);
  return { command: oneWord, rest: argv.slice(1) };
}

function parseCommandArgs(command: CliCommand, rest: string[]): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (error) {
    throw new SigndeskError('ERR_USAGE', `${(error as Error).message}\nUsage: ${command.usage}`);
  }
}

function helpText(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const lines = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return [
    'Usage: signdesk <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Common options: --json (one JSON document on stdout), --data-dir DIR (or SIGNDESK_DATA_DIR), --help',
    'Exit status: 0 success, 1 check failed, 2 usage or input error, 3 environment error.',
    '',
  ].join('\n');
}

