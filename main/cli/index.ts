#!/usr/bin/env node
import { runCli } from './run-cli';

declare const __SIGNDESK_VERSION__: string | undefined;
const version = typeof __SIGNDESK_VERSION__ === 'string' ? __SIGNDESK_VERSION__ : '0.0.0';

// A reader that goes away (`signdesk sign --json … | head`) ends the output, not the command: the batch still
// finishes, the journal stays right, and the exit code is the command's.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env }, version);
