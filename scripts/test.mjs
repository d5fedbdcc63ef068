#!/usr/bin/env node
// `npm test`: every gate in one command — lint, types, the security gate, the build, unit + integration
// tests (Vitest) and end-to-end tests (Playwright + Chromium through the bridge). Every stage runs even
// when an earlier one failed, so one CI run shows everything; the exit status is non-zero if any failed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { summarizeReports } from './test-summary.mjs';

const root = path.resolve(import.meta.dirname, '..');
// Not test-results/: Playwright empties that folder when it starts.
const results = path.join(root, 'reports');
fs.mkdirSync(results, { recursive: true });
const vitestReport = path.join(results, 'vitest-report.json');
const e2eReport = path.join(results, 'e2e-report.json');
for (const file of [vitestReport, e2eReport]) fs.rmSync(file, { force: true });

// The tools the tests drive (Chromium's file picker, unzip, javac) read file names and sources through the C
// library's locale. Without a UTF-8 one (a bare CI shell) they break on the Cyrillic names the tests use; the
// app itself is Node and does not care. Such a shell gets C.UTF-8 for every stage, and is told so.
const locale = process.env.LC_ALL || process.env.LC_CTYPE || process.env.LANG || '';
const localeEnv = /utf-?8/i.test(locale) || process.platform === 'win32' ? {} : { LC_ALL: 'C.UTF-8' };
if (localeEnv.LC_ALL) process.stdout.write(`The locale "${locale || 'POSIX'}" is not UTF-8: the tests run with LC_ALL=C.UTF-8.\n`);

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const stages = [
  ['lint', npx, ['eslint', '--max-warnings', '0', '.']],
  ['typecheck', npx, ['tsc', '-p', 'tsconfig.node.json', '--noEmit']],
  ['typecheck (renderer)', npx, ['tsc', '-p', 'tsconfig.web.json', '--noEmit']],
  ['lint:security', process.execPath, ['scripts/lint-security.mjs']],
  ['build', npx, ['electron-vite', 'build']],
  ['unit + integration', npx, ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${vitestReport}`]],
  ['e2e', npx, ['playwright', 'test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eReport }],
];

const outcome = [];
for (const [name, command, args, env] of stages) {
  const started = Date.now();
  process.stdout.write(`\n=== ${name} ===\n`);
  const run = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...localeEnv, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  outcome.push({ name, ok: run.status === 0, seconds });
}

const { passed, failed, skipped, failures, flaky } = summarizeReports(root, vitestReport, e2eReport);

process.stdout.write('\n=== summary ===\n');
for (const stage of outcome) process.stdout.write(`${stage.ok ? 'ok  ' : 'FAIL'} ${stage.name} (${stage.seconds}s)\n`);
// What failed and why comes last, where the tail of a CI log shows it (the full output is above).
if (failures.length) process.stdout.write(`Failed:\n${failures.join('\n')}\n`);
if (flaky.length) process.stdout.write(`Passed on a retry:\n${flaky.join('\n')}\n`);
const allOk = outcome.every((stage) => stage.ok) && failed === 0 && passed > 0;
process.stdout.write(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(allOk ? 0 : 1);
