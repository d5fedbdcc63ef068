import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expectNoSeriousViolations } from './fixtures';
import { dropFiles } from './drop-files';
import { keyOptionValue } from './key-options';
import { addByTypedPaths, expect, MISSING_SIGNING_TOOLS, test } from './queue-fixtures';
import type { SigningKey } from './signing-key';
import { trustForVerify } from './trust';
import { focused, horizontalOverflow, setLanguage, shot, textShownWhole, VIEWPORTS } from './readable-helpers';

test.skip(Boolean(MISSING_SIGNING_TOOLS), `not run here without its tools (${MISSING_SIGNING_TOOLS}); CI installs them, and there a missing tool fails the run instead of skipping`);

const HISTORY_ACTIONS = { uk: 'Дії', ru: 'Действия', en: 'Actions' } as const;
const HISTORY_MENU = {
  uk: ['Перевірити підпис', 'Зробити довготривалим', 'Додати підпис…', 'Експортувати підпис…', 'Відкрити папку'],
  ru: ['Проверить подпись', 'Сделать долгосрочной', 'Добавить подпись…', 'Экспортировать подпись…', 'Открыть папку'],
  en: ['Check the signature', 'Extend to long-term', 'Co-sign…', 'Export signature…', 'Open folder'],
} as const;
const UA_SUBJECT = 'CN=Олена Коваль,title=Головний бухгалтер,O=ТОВ Ромашка,EDRPOU=12345678,DRFO=1234567890,C=UA';
const RU_SUBJECT = 'CN=Иван Петров,O=ООО Берёза,INN=770123456789,SNILS=12345678901,OGRN=1027700132195,C=RU';

/** Acts of completed work: one long name each, told apart only by the number near the end. */
function makeActs(dir: string, numbers: readonly number[]): string[] {
  fs.mkdirSync(dir, { recursive: true });
  return numbers.map((n) => {
    const file = path.join(dir, `Акт виконаних робіт з постачання програмного забезпечення № ${String(n).padStart(4, '0')} від 01.12.2026.txt`);
    fs.writeFileSync(file, `act ${n}\n`);
    return file;
  });
}

async function keyOption(page: Page, object: string): Promise<string> {
  return keyOptionValue(page.getByTestId('sign-key'), { valueContains: `object=${object};` });
}

/** Adds the files and signs everything waiting with the key, by keyboard; returns when the batch is done. */
async function signAll(page: Page, files: readonly string[], object: string, key: SigningKey): Promise<void> {
  await page.getByTestId('nav-to-sign').click();
  await addByTypedPaths(page, files);
  await expect(page.getByTestId('queue-count')).toContainText(String(files.length));
  await page.getByTestId('select-all').click();
  await page.getByTestId('sign-key').selectOption(await keyOption(page, object));
  await page.getByTestId('sign-secret').fill(key.pin);
  const start = page.getByTestId('sign-start');
  await expect(start).toBeEnabled();
  await start.focus();
  await expect(start).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('batch-progress')).toBeVisible();
  await expect(page.getByTestId('batch-progress')).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
}

test('History and Verify name signers by person, organisation and localized identifiers, keys by name; long names cut in the middle; the sign panel offers the last key used', async ({ app: page, signingKey, workDir, dataDir }) => {
  test.setTimeout(360_000);
  signingKey.addKey('ua-key', UA_SUBJECT);
  signingKey.addKey('ru-key', RU_SUBJECT);
  trustForVerify(dataDir, signingKey.ca.cert);
  const acts = makeActs(path.join(workDir, 'acts'), [1, 2, 3, 4]);
  await page.setViewportSize(VIEWPORTS[1]);

  // The queue at 1024 px: every row shows its number, the whole name is in the tooltip.
  await page.getByTestId('nav-to-sign').click();
  await addByTypedPaths(page, acts.slice(0, 2));
  for (const [index, file] of acts.slice(0, 2).entries()) {
    const name = page.getByTestId('doc-name').nth(index);
    await expect(name).toHaveAttribute('title', file);
    expect(await textShownWhole(name, `№ 000${index + 1}`), `the number of ${path.basename(file)} in the queue`).toBe(true);
  }
  await shot(page, 'to-sign-acts-en-1024');

  // Two batches: the Russian signer first, then the Ukrainian one (which is not the newest key).
  await signAll(page, acts.slice(0, 2), 'ru-key', signingKey);
  await page.getByTestId('batch-close').click();
  await signAll(page, acts.slice(2, 3), 'ua-key', signingKey);
  // A finished batch keeps focus on itself, not at the page start, also once the sign form has gone with the
  // signed document (whenever the list catches up).
  await expect(page.getByTestId('sign-start')).toHaveCount(0);
  await expect.poll(async () => ((await page.getByTestId('batch-progress').evaluate((section) => section.contains(section.ownerDocument.activeElement))) ? 'in the batch' : focused(page))).toBe('in the batch');
  await page.getByTestId('batch-close').click();

  // The sign panel offers the key that signed last, although another key is newer.
  await page.getByTestId('nav-history').click();
  await page.getByTestId('nav-to-sign').click();
  await addByTypedPaths(page, acts.slice(3));
  await expect(page.getByTestId('sign-key')).toHaveValue(await keyOption(page, 'ua-key'));

  const uaRow = page.locator(`[data-testid="history-row"][data-document="${acts[2]}"]`);
  const ruRow = page.locator(`[data-testid="history-row"][data-document="${acts[0]}"]`);
  const expected = {
    uk: { ua: ['ЄДРПОУ 12345678', 'РНОКПП 1234567890'], ru: ['ІНН 770123456789', 'СНІЛС 12345678901', 'ОДРН 1027700132195'] },
    ru: { ua: ['ЕГРПОУ 12345678', 'РНУКПН 1234567890'], ru: ['ИНН 770123456789', 'СНИЛС 12345678901', 'ОГРН 1027700132195'] },
    en: { ua: ['EDRPOU 12345678', 'RNOKPP 1234567890'], ru: ['INN 770123456789', 'SNILS 12345678901', 'OGRN 1027700132195'] },
  } as const;
  for (const language of ['uk', 'ru', 'en'] as const) {
    await setLanguage(page, language);
    await page.getByTestId('nav-history').click();
    await expect(page.getByTestId('history-row')).toHaveCount(3);
    for (const text of ['Олена Коваль', 'Головний бухгалтер', 'ТОВ Ромашка', ...expected[language].ua]) await expect(uaRow).toContainText(text);
    for (const text of ['Иван Петров', 'ООО Берёза', ...expected[language].ru]) await expect(ruRow).toContainText(text);
    const table = (await page.getByTestId('history-table').textContent()) ?? '';
    for (const raw of ['DRFO=', 'EDRPOU=', 'CN=', 'file:', 'pkcs11:']) expect(table, `raw "${raw}" in History (${language})`).not.toContain(raw);
    await expect(uaRow.getByTestId('history-signer-key')).toContainText('ua-key');
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      expect(await horizontalOverflow(page), `History ${language} at ${viewport.width} px`).toBeLessThanOrEqual(0);
      const name = uaRow.getByTestId('history-document-name');
      await expect(name).toHaveAttribute('title', path.basename(acts[2]!));
      expect(await textShownWhole(name, '№ 0003'), `the number in History at ${viewport.width} px`).toBe(true);
      await shot(page, `history-${language}-${viewport.width}`);
    }
    await expectNoSeriousViolations(page, `History ${language}`);
    // Beside "Open", a row's other actions are one menu, named for the document; its labels are whole words.
    const actions = uaRow.getByTestId('history-actions');
    await expect(actions).toHaveAccessibleName(new RegExp(`${HISTORY_ACTIONS[language]}.*${path.basename(acts[2]!).slice(0, 20)}`));
    await actions.click();
    await expect(page.getByRole('menu').getByRole('menuitem')).toHaveText(HISTORY_MENU[language]);
    await shot(page, `history-menu-${language}`);
    await expectNoSeriousViolations(page, `History menu ${language}`);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('menu')).toHaveCount(0);
    await expect(actions).toBeFocused();

    // Verify: the same signer, by name and localized identifiers; the DN only among the technical details.
    await page.getByTestId('nav-verify').click();
    await page.getByTestId('verify-no-revocation').check();
    await dropFiles(page, [
      { name: `${path.basename(acts[2]!)}.p7s`, content: fs.readFileSync(`${acts[2]}.p7s`) },
      { name: path.basename(acts[2]!), content: fs.readFileSync(acts[2]!) },
    ]);
    const party = page.getByTestId('signer-party');
    await expect(party).toHaveCount(1);
    await expect(page.getByTestId('signer-name')).toHaveText('Олена Коваль');
    for (const text of ['Головний бухгалтер', 'ТОВ Ромашка', ...expected[language].ua]) await expect(party).toContainText(text);
    await expect(page.getByTestId('signer-report').locator('h3')).not.toContainText('EDRPOU=');
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      expect(await horizontalOverflow(page), `Verify ${language} at ${viewport.width} px`).toBeLessThanOrEqual(0);
      await shot(page, `verify-${language}-${viewport.width}`);
    }
    await expectNoSeriousViolations(page, `Verify ${language}`);

    // The cabinet lists the Russian signer's identifiers in the language too.
    await page.getByTestId('nav-cabinet').click();
    const ruKey = page.getByTestId('cabinet-row').filter({ hasText: 'Иван Петров' });
    for (const text of expected[language].ru) await expect(ruKey).toContainText(text);
  }
});
