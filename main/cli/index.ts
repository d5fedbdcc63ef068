#!/usr/bin/env node
import { runCli } from './run-cli';

declare const __SIGNDESK_VERSION__: string | undefined;
const version = typeof __SIGNDESK_VERSION__ === 'string' ? __SIGNDESK_VERSION__ : '0.0.0';

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env }, version);
