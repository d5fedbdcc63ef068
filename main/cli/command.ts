import type { ParseArgsConfig } from 'node:util';
import type { CliContext } from './context';

export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/** One `signdesk` command. `name` may have two words (`cert show`, `enroll ir`). */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  options: OptionsConfig;
  /** Resolves to the exit status. Throw a SigndeskError for a coded failure. */
  run(ctx: CliContext, args: ParsedArgs): Promise<number>;
}

export function defineCommand(command: CliCommand): CliCommand {
  return command;
}

/** Helpers for reading typed option values out of parseArgs' loose record. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function stringsOption(args: ParsedArgs, name: string): string[] {
  const value = args.values[name];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return typeof value === 'string' ? [value] : [];
}

export function flagOption(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}
