import { SigndeskError } from '../../preload/contract/errors';
import type { CliIo } from './cli-io';

export interface SecretSource {
  /** `--pin-env NAME` / `--pass-env NAME`: the variable holding it. */
  envName?: string;
  /** Shown on a TTY prompt. */
  prompt: string;
  /** Which code to raise when nothing can be read. */
  kind: 'pin' | 'password';
}

/**
 * A PIN or password from an environment variable or a no-echo TTY prompt — never from the command line.
 */
export async function readSecret(source: SecretSource, io: CliIo): Promise<string> {
  const missingCode = source.kind === 'pin' ? 'ERR_PIN_REQUIRED' : 'ERR_PASSWORD_REQUIRED';
  if (source.envName !== undefined) {
    const value = io.env[source.envName];
    if (value === undefined) throw new SigndeskError(missingCode, `Environment variable ${source.envName} is not set`);
    return value;
  }
  const stdin = io.stdin as NodeJS.ReadStream;
  if (!stdin.isTTY || typeof stdin.setRawMode !== 'function') {
    throw new SigndeskError(missingCode, `No ${source.kind} given: use --${source.kind === 'pin' ? 'pin' : 'pass'}-env NAME or run on a terminal`);
  }
  return promptNoEcho(source.prompt, stdin, io.stderr);
}

function promptNoEcho(prompt: string, stdin: NodeJS.ReadStream, stderr: NodeJS.WritableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    stderr.write(prompt);
    let value = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const finish = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003') return finish(new SigndeskError('ERR_CANCELLED', 'Cancelled'));
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
      }
    };
    stdin.on('data', onData);
  });
}
