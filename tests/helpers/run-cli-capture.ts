import { PassThrough } from 'node:stream';
import { runCli } from '../../main/cli/run-cli';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `signdesk …` in-process with captured output (no TTY). */
export async function runCliCapture(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const code = await runCli(argv, { stdout, stderr, stdin, env: { ...process.env, ...env } }, 'test');
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
