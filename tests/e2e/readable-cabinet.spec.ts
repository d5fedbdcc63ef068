import type { Page } from '@playwright/test';
import { expectNoSeriousViolations } from './fixtures';
import { KEY_PASSWORD, MISSING_CABINET_TOOLS, chooseAction, row, expect, test } from './cabinet-fixtures';
import { focused, horizontalOverflow, menuItemReachable, setLanguage, shot, VIEWPORTS } from './readable-helpers';

test.skip(Boolean(MISSING_CABINET_TOOLS), `not run here without its tools (${MISSING_CABINET_TOOLS}); CI installs them, and there a missing tool fails the run instead of skipping`);

async function openCabinet(page: Page): Promise<void> {
  await page.getByTestId('nav-cabinet').click();
  await expect(page.getByTestId('cabinet-table')).toBeVisible();
}

for (const viewport of VIEWPORTS) {
  test(`with one key every action of its menu is reachable by mouse; no sideways scrolling at ${viewport.width} px`, async ({ app: page }) => {
    test.setTimeout(240_000);
    await page.setViewportSize(viewport);
    for (const language of ['uk', 'ru', 'en'] as const) {
      await setLanguage(page, language);
      await openCabinet(page);
      expect(await horizontalOverflow(page), `cabinet ${language} ${viewport.width}`).toBeLessThanOrEqual(0);
      // Every row's actions button is whole inside the table and the window.
      const table = (await page.getByTestId('cabinet-table').boundingBox())!;
      for (const button of await page.getByTestId('cabinet-row').getByRole('button', { expanded: false }).all()) {
        const box = (await button.boundingBox())!;
        expect(box.x + box.width, `actions button at ${viewport.width} in ${language}`).toBeLessThanOrEqual(Math.min(viewport.width, table.x + table.width) + 1);
      }
      await shot(page, `cabinet-${language}-${viewport.width}`);
    }
    await page.getByTestId('cabinet-search').fill('Андрій Коваль');
    await expect(page.getByTestId('cabinet-row')).toHaveCount(1);
    await row(page, 'Андрій Коваль').getByRole('button', { expanded: false }).click();
    const items = page.getByRole('menuitem');
    const count = await items.count();
    expect(count).toBeGreaterThanOrEqual(11);
    for (let index = 0; index < count; index += 1) {
      expect(await menuItemReachable(page, items.nth(index)), `menu item ${index + 1} of ${count} at ${viewport.width}×${viewport.height}`).toBe(true);
    }
    await shot(page, `cabinet-menu-en-${viewport.width}`);
    // The last item works by mouse: it opens its dialog.
    await items.nth(count - 1).click();
    await expect(page.locator('dialog[open]')).toBeVisible();
    await page.keyboard.press('Escape');
    await expectNoSeriousViolations(page, `cabinet at ${viewport.width}`);
  });
}

test('the cabinet names identifiers by their localized names; row actions name the key for a screen reader', async ({ app: page }) => {
  await setLanguage(page, 'ru');
  await openCabinet(page);
  const olena = row(page, 'Олена Петренко');
  await page.getByTestId('cabinet-search').fill('Олена');
  await expect(olena).toContainText('ЕГРПОУ 12345678');
  await expect(olena).toContainText('РНУКПН 1234567890');
  await expect(olena.getByRole('button', { name: /Олена Петренко/ })).toHaveCount(1);
  await expect(olena.getByRole('button', { name: /key-01/ })).toHaveCount(1);
  await setLanguage(page, 'uk');
  await openCabinet(page);
  await page.getByTestId('cabinet-search').fill('Олена');
  await expect(olena).toContainText('ЄДРПОУ 12345678');
  await expect(olena).toContainText('РНОКПП 1234567890');
});

test('every section is in the Tab order; a turned page keeps focus on the pager', async ({ app: page }) => {
  await page.keyboard.press('Tab'); // skip link
  for (const section of ['cabinet', 'to-sign', 'history', 'verify', 'settings']) {
    await page.keyboard.press('Tab');
    await expect(page.getByTestId(`nav-${section}`), `Tab reaches ${section}`).toBeFocused();
  }
  // Paging by keyboard: Next turns to the last page (and becomes disabled); focus stays in the pager.
  await page.getByTestId('cabinet-pager-next').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('cabinet-pager-status')).toHaveText('Page 2 of 2');
  await expect(page.getByTestId('cabinet-pager-previous'), `focus after paging: ${await focused(page)}`).toBeFocused();
});

test('two temporary keys of one key get distinct names; the wizard keeps focus on each step', async ({ app: page }) => {
  test.setTimeout(240_000);
  for (let round = 0; round < 2; round += 1) {
    await chooseAction(page, 'Тетяна Мельник', 'temporaryFile');
    const wizard = page.getByTestId('temporary-wizard');
    await wizard.getByTestId('period-untilMain').check();
    await wizard.getByTestId('wizard-next').click();
    // The new step's field has focus: the password can be typed at once.
    await expect(wizard.getByTestId('wizard-parent-secret')).toBeFocused();
    await page.keyboard.type(KEY_PASSWORD);
    await wizard.getByTestId('wizard-next').click();
    await expect(wizard.getByTestId('wizard-new-secret')).toBeFocused();
    await wizard.getByTestId('wizard-new-secret').fill('temporary-pass');
    await wizard.getByTestId('wizard-confirm-secret').fill('temporary-pass');
    await wizard.getByTestId('wizard-next').focus();
    await page.keyboard.press('Enter');
    await wizard.getByTestId('wizard-generate').focus();
    await page.keyboard.press('Enter');
    await expect(wizard.getByTestId('wizard-done')).toBeVisible();
    // "Generate" gave way to "Close": focus is on it, not at the page start.
    await expect(wizard.getByTestId('wizard-close'), `focus when done: ${await focused(page)}`).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(wizard).toHaveCount(0);
  }
  await page.getByTestId('cabinet-search').fill('key-05');
  const rows = page.getByTestId('cabinet-row');
  await expect(rows).toHaveCount(3);
  const names = await rows.getByRole('button', { expanded: false }).evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label') ?? ''));
  expect(new Set(names).size, `actions buttons: ${names.join(' | ')}`).toBe(3);
  await shot(page, 'cabinet-temporary-en-1366');
});
