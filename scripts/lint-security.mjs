#!/usr/bin/env node
// Security gate: Electronegativity over main/, preload/ and renderer/ through its API (its CLI always exits 0).
// Fails on any finding of LOW severity or higher that is not suppressed inline with a stated reason:
// `/* eng-disable CHECK_ID -- why this is safe */` in code; in HTML, whose suppression comment Electronegativity reads
// only as words, `<!-- eng-disable CHECK_ID because why this is safe -->` (letters, digits and spaces only).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity');
const electronVersion = require('electron/package.json').version;
const root = path.resolve(import.meta.dirname, '..');
const targets = ['main', 'preload', 'renderer'].map((dir) => path.join(root, dir));
const SOURCE = /\.(ts|tsx|js|mjs|cjs|html)$/;

function* sourceFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (SOURCE.test(entry.name)) yield full;
  }
}

/** Every suppression must say why: `eng-disable CHECK -- reason`. */
function suppressionsWithoutReason() {
  const problems = [];
  for (const dir of targets) {
    for (const file of sourceFiles(dir)) {
      fs.readFileSync(file, 'utf8').split('\n').forEach((line, index) => {
        const match = /eng-disable\s+([\w \t]+?)(?:\s+(?:--|because)\s*(.*?))?\s*(?:\*\/|-->|$)/.exec(line);
        if (match && !(match[2] && match[2].trim().length >= 8)) problems.push(`${path.relative(root, file)}:${index + 1}: eng-disable without a stated reason`);
      });
    }
  }
  return problems;
}

/**
 * Global checks (CSP, navigation limits, permission handlers) look across files, so the three folders are
 * scanned together: a staging copy holds exactly them.
 */
function stageSources() {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-electronegativity-'));
  for (const dir of targets) fs.cpSync(dir, path.join(stage, path.basename(dir)), { recursive: true });
  return stage;
}

const failures = suppressionsWithoutReason();
const stage = stageSources();
const originalLog = console.log;
let result;
try {
  // Electronegativity logs progress through console; keep our output to the findings.
  console.log = () => {};
  result = await run({ input: stage, electronVersionOverride: electronVersion, severitySet: 'low', confidenceSet: 'tentative', isRelative: true }, false);
} finally {
  console.log = originalLog;
  fs.rmSync(stage, { recursive: true, force: true });
}
const checked = result.atomicChecks + result.globalChecks;
for (const error of result.errors.filter((candidate) => !candidate.tolerable)) failures.push(`${error.file}: could not be parsed: ${error.message}`);
for (const issue of result.issues) {
  if (issue.severity.value < 1) continue;
  failures.push(`${issue.file}:${issue.location.line}:${issue.location.column} ${issue.id} [${issue.severity.name}, ${issue.confidence.name}] ${issue.description}`);
}

if (failures.length > 0) {
  console.error(`lint:security: ${failures.length} finding(s) of low severity or higher:`);
  for (const failure of failures) console.error(`  ${failure}`);
  process.exit(1);
}
console.log(`lint:security: ${checked} Electronegativity checks over main/, preload/, renderer/ (Electron ${electronVersion}): no findings of low severity or higher.`);
