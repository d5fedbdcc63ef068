import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, saveScreenshot, seriousViolations } from './fixtures';
import { makeDocuments, addByTypedPaths } from './queue-fixtures';

// No token needed: only the list.
test('10,000 queued documents: the list renders only the rows in view and reaches the last one', async ({ app: page }, testInfo) => {
  test.setTimeout(180_000);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-e2e-10k-'));
  const folder = path.join(workDir, 'inbox-10k');
  makeDocuments(folder, 10_000, 16);
  await page.getByTestId('nav-to-sign').click();
  await addByTypedPaths(page, [folder]);
  await expect(page.getByTestId('queue-count')).toContainText('10000', { timeout: 90_000 });

  const rows = page.getByTestId('queue-row');
  expect(await rows.count()).toBeLessThan(200);

  // Keyboard: focus the list, End goes to the last document, which is then in the DOM and in view.
  const list = page.getByTestId('queue-list');
  await list.focus();
  await page.keyboard.press('End');
  const last = page.locator('[data-testid="queue-row"][aria-posinset="10000"]');
  await expect(last).toBeVisible();
  await expect(last).toContainText('doc-10000.txt');
  expect(await rows.count()).toBeLessThan(200);

  // Mouse wheel back up through the middle: rows keep being replaced, never accumulated.
  await list.hover();
  for (let i = 0; i < 20; i += 1) await page.mouse.wheel(0, -4000);
  await expect(page.locator('[data-testid="queue-row"][aria-posinset="10000"]')).toHaveCount(0);
  expect(await rows.count()).toBeLessThan(200);

  // Ctrl+A selects all ten thousand; Space on the active row toggles it off again.
  await list.focus();
  await page.keyboard.press('Control+a');
  await expect(page.getByTestId('queue-count')).toContainText('selected: 10000');
  await page.keyboard.press('Home');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('queue-count')).toContainText('selected: 9999');
  await expect(page.locator('[data-testid="queue-row"][aria-posinset="1"]')).toHaveAttribute('aria-selected', 'false');
  // Shift+click a range.
  await page.getByTestId('select-none').click();
  await page.locator('[data-testid="queue-row"][aria-posinset="2"]').click();
  await page.locator('[data-testid="queue-row"][aria-posinset="6"]').click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('queue-count')).toContainText('selected: 5');
  await page.locator('[data-testid="queue-row"][aria-posinset="9"]').click({ modifiers: ['Control'] });
  await expect(page.getByTestId('queue-count')).toContainText('selected: 6');

  expect(await seriousViolations(page)).toEqual([]);
  await saveScreenshot(page, testInfo, 'to-sign-10000');
  fs.rmSync(workDir, { recursive: true, force: true });
});
