import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test as base, expect } from './fixtures';
import { keyOptionValue } from './key-options';
import { prepareSigningKey, type SigningKey } from './signing-key';
import { missingTools } from '../helpers/require-tools';
import { SOFTHSM_MODULE } from '../helpers/require-tools';

/** Tools the signing e2e tests need: without them they skip (and fail in CI, as missingTools does). */
export const MISSING_SIGNING_TOOLS = missingTools(['softhsm2-util', 'openssl', SOFTHSM_MODULE]);

type QueueFixtures = {
  /** A scratch folder for documents and the CA, removed afterwards. */
  workDir: string;
  signingKey: SigningKey;
};

/** The bridge fixtures plus a SoftHSM2 signing key in the bridge's cabinet, made before the bridge starts. */
export const test = base.extend<QueueFixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture list from this destructuring
  workDir: async ({}, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-e2e-work-'));
    await use(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  },
  signingKey: async ({ dataDir, workDir }, use) => {
    const key = prepareSigningKey(dataDir, workDir);
    await use(key);
    key.cleanup();
  },
  bridgeEnv: async ({ signingKey }, use) => {
    await use(signingKey.bridgeEnv);
  },
});

export { expect };

/** `count` small distinct documents in `dir`, named doc-0001.txt…; returns their paths. */
export function makeDocuments(dir: string, count: number, size = 64): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let i = 1; i <= count; i += 1) {
    const file = path.join(dir, `doc-${String(i).padStart(5, '0')}.txt`);
    fs.writeFileSync(file, `document ${i}\n`.padEnd(size, '.'));
    files.push(file);
  }
  return files;
}

/** Adds paths (files or folders) through the “Type paths…” dialog of the To sign screen. */
export async function addByTypedPaths(page: Page, paths: readonly string[]): Promise<void> {
  await page.getByTestId('add-typed').click();
  await page.getByTestId('add-typed-paths').fill(paths.join('\n'));
  await page.getByTestId('add-typed-submit').click();
}

/**
 * Starts signing the selection with the key: by default the cabinet key the panel offers first (it must be the
 * test's key), or with `typed` by choosing “another key” and typing its `pkcs11:` URI.
 */
export async function signSelection(page: Page, key: SigningKey, options: { typed?: boolean } = {}): Promise<void> {
  if (options.typed) {
    await page.getByTestId('sign-key').selectOption('__other__');
    await page.getByTestId('sign-keyref').fill(key.keyRef);
  } else {
    // The cabinet lists the test's key (certified, token present): pick it by its object label.
    await page.getByTestId('sign-key').selectOption(await keyOptionValue(page.getByTestId('sign-key'), { valueContains: 'object=e2e-key;' }));
  }
  await page.getByTestId('sign-secret').fill(key.pin);
  await page.getByTestId('sign-start').click();
}
