import { PassThrough } from 'node:stream';
import { runCli } from '../../main/cli/run-cli';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (for `--json` runs). */
  json<T = unknown>(): T;
}

/** Runs `signdesk …` in-process with captured output; `env` adds to (not replaces) a minimal environment. */
export async function runSigndesk(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await runCli(argv, { stdout, stderr, stdin, env: { ...process.env, ...env } }, 'test');
  return { code, stdout: out, stderr: err, json: <T>() => JSON.parse(out) as T };
}
