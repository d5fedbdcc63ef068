// The counts and the reasons `npm test` prints at its end, from the Vitest and Playwright JSON reports.
// `node scripts/test-summary.mjs [vitest.json] [e2e.json]` prints them for reports made earlier.
import fs from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

const firstLines = (text, count) =>
  stripVTControlCharacters(String(text ?? ''))
    .split('\n')
    .filter((line) => line.trim() && !/^\s*at .*(node_modules|node:internal|<anonymous>)/.test(line))
    .slice(0, count)
    .map((line) => `    ${line.trim().slice(0, 240)}`);

function playwrightTests(suite, titles = []) {
  const here = suite.title ? [...titles, suite.title] : titles;
  const own = (suite.specs ?? []).flatMap((spec) => spec.tests.map((test) => ({ title: [...here, spec.title].join(' › '), test, line: spec.line })));
  return [...own, ...(suite.suites ?? []).flatMap((inner) => playwrightTests(inner, here))];
}

function errorOf(result) {
  const error = result?.errors?.[0] ?? result?.error;
  const at = error?.location ? ` (at line ${error.location.line})` : '';
  return { at, message: error?.message ?? error?.value ?? '' };
}

/** Counts, and for each failed test (and each e2e test that passed only on its retry) its name and first error lines. */
export function summarizeReports(root, vitestReport, e2eReport) {
  const vitest = readJson(vitestReport);
  const e2e = readJson(e2eReport);
  const vitestFiles = vitest?.testResults ?? [];
  // A file that fails with no failed test (a broken beforeAll, an import error) counts as one failure.
  const brokenFiles = vitestFiles.filter((file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'));
  const failures = [];
  for (const file of vitestFiles) {
    const name = path.relative(root, file.name);
    if (brokenFiles.includes(file)) failures.push(name, ...firstLines(file.message, 6));
    for (const test of (file.assertionResults ?? []).filter((each) => each.status === 'failed')) failures.push(`${name} › ${test.fullName}`, ...firstLines(test.failureMessages?.[0], 6));
  }
  const e2eTests = (e2e?.suites ?? []).flatMap((suite) => playwrightTests(suite));
  for (const { title, test } of e2eTests.filter((each) => each.test.status === 'unexpected')) {
    const { at, message } = errorOf(test.results.at(-1));
    failures.push(`${title}${at}`, ...firstLines(message, 8));
  }
  const flaky = e2eTests
    .filter((each) => each.test.status === 'flaky')
    .flatMap(({ title, test }) => {
      const { at, message } = errorOf(test.results[0]);
      return [`${title}: failed first${at}`, ...firstLines(message, 6)];
    });
  return {
    passed: (vitest?.numPassedTests ?? 0) + (e2e?.stats?.expected ?? 0) + (e2e?.stats?.flaky ?? 0),
    failed: (vitest?.numFailedTests ?? 0) + brokenFiles.length + (e2e?.stats?.unexpected ?? 0),
    skipped: (vitest?.numPendingTests ?? 0) + (vitest?.numTodoTests ?? 0) + (e2e?.stats?.skipped ?? 0),
    failures,
    flaky,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [vitestReport = 'reports/vitest-report.json', e2eReport = 'reports/e2e-report.json'] = process.argv.slice(2);
  const { passed, failed, skipped, failures, flaky } = summarizeReports(process.cwd(), vitestReport, e2eReport);
  if (failures.length) process.stdout.write(`Failed:\n${failures.join('\n')}\n`);
  if (flaky.length) process.stdout.write(`Passed on a retry:\n${flaky.join('\n')}\n`);
  process.stdout.write(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
}
