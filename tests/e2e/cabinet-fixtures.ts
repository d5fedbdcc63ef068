import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { CabinetService } from '../../main/core/cabinet/index';
import { openDatabase } from '../../main/core/storage/database';
import { CabinetTestCa } from '../helpers/cabinet-ca';
import { missingTools, SOFTHSM_MODULE } from '../helpers/require-tools';
import { createSoftHsm, type SoftHsm } from '../helpers/softhsm';
import { test as base, expect } from './fixtures';

export const MISSING_CABINET_TOOLS = missingTools(['openssl', 'softhsm2-util', 'pkcs11-tool', SOFTHSM_MODULE]);

export const KEY_PASSWORD = 'pass-1234';
export const TOKEN_LABEL = 'Temp Token';

/** Twelve owners: employees of organisations (EDRPOU) and individuals (RNOKPP only). */
export const OWNERS = [
  { cn: 'Олена Петренко', o: 'ТОВ Ромашка', title: 'Бухгалтер', edrpou: '12345678', rnokpp: '1234567890' },
  { cn: 'Андрій Коваль', o: 'ПП Світанок', title: 'Директор', edrpou: '23456789', rnokpp: '2345678901' },
  { cn: 'Марія Шевченко', rnokpp: '3456789012' },
  { cn: 'Іван Бондар', o: 'ТОВ Ромашка', title: 'Директор', edrpou: '12345678', rnokpp: '4567890123' },
  { cn: 'Тетяна Мельник', o: 'АТ Дніпро', title: 'Юрист', edrpou: '34567890', rnokpp: '5678901234' },
  { cn: 'Богдан Ткаченко', rnokpp: '6789012345' },
  { cn: 'Наталія Кравченко', o: 'ТОВ Карпати', title: 'Економіст', edrpou: '45678901', rnokpp: '7890123456' },
  { cn: 'Сергій Олійник', o: 'ПП Світанок', title: 'Бухгалтер', edrpou: '23456789', rnokpp: '8901234567' },
  { cn: 'Юлія Лисенко', rnokpp: '9012345678' },
  { cn: 'Дмитро Руденко', o: 'АТ Дніпро', title: 'Директор', edrpou: '34567890', rnokpp: '0123456789' },
  { cn: 'Ганна Савченко', o: 'ТОВ Карпати', title: 'Бухгалтер', edrpou: '45678901', rnokpp: '1122334455' },
  { cn: 'Zoe Adams', o: 'Adams Consulting', title: 'Owner', edrpou: '56789012', rnokpp: '2233445566' },
] as const;

function subjectOf(owner: (typeof OWNERS)[number]): string {
  const parts = [`/CN=${owner.cn}`];
  if ('o' in owner) parts.push(`/O=${owner.o}`, `/title=${owner.title}`, `/organizationIdentifier=NTRUA-${owner.edrpou}`);
  parts.push(`/serialNumber=TINUA-${owner.rnokpp}`);
  return parts.join('');
}

let template: Promise<string> | undefined;

/** A cabinet with the twelve owners' file keys and certificates, made once per worker and copied per test. */
function cabinetTemplate(): Promise<string> {
  template ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-e2e-cabinet-template-'));
    const db = openDatabase(path.join(dir, 'signdesk.db'));
    const cabinet = new CabinetService({ db, keysDir: path.join(dir, 'keys') });
    const ca = new CabinetTestCa(path.join(dir, 'ca'));
    for (const [index, owner] of OWNERS.entries()) {
      const key = await cabinet.newKeyRequest({
        keyType: 'ec-p256',
        storage: 'file',
        name: `key-${String(index + 1).padStart(2, '0')}`,
        password: KEY_PASSWORD,
        entropy: crypto.randomBytes(48).toString('base64'),
        reference: `REF-${index + 1}`,
        phone: '+380501234567',
      });
      // The first owner's certificate ends in 5 days: a month-long temporary key must be cut to it.
      await cabinet.bindCertificate({ keyId: key.id, pem: ca.issue(cabinet.request(key.id).pem, { subject: subjectOf(owner), days: index === 0 ? 5 : 365 }) });
    }
    db.close();
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    return dir;
  })();
  return template;
}

async function copyCabinet(into: string): Promise<void> {
  const from = await cabinetTemplate();
  fs.cpSync(path.join(from, 'keys'), path.join(into, 'keys'), { recursive: true });
  fs.copyFileSync(path.join(from, 'signdesk.db'), path.join(into, 'signdesk.db'));
  const db = new Database(path.join(into, 'signdesk.db'));
  db.prepare('UPDATE cabinet_keys SET key_ref = replace(key_ref, ?, ?)').run(`file:${path.join(from, 'keys')}`, `file:${path.join(into, 'keys')}`);
  db.close();
}

type CabinetFixtures = { hsm: SoftHsm; seeded: true };

/** The bridge on a copy of the twelve-key cabinet, with a SoftHSM2 token of its own. */
export const test = base.extend<CabinetFixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture list from this destructuring
  hsm: async ({}, use) => {
    const hsm = createSoftHsm({ label: TOKEN_LABEL });
    await use(hsm);
    hsm.cleanup();
  },
  seeded: async ({ dataDir }, use) => {
    await copyCabinet(dataDir);
    await use(true);
  },
  bridgeEnv: async ({ hsm, seeded }, use) => {
    expect(seeded).toBe(true);
    await use({ SOFTHSM2_CONF: hsm.confPath });
  },
});

export { expect };

/** The cabinet row of the key whose row shows `text` (owner, organisation, label). */
export function row(page: Page, text: string): Locator {
  return page.getByTestId('cabinet-row').filter({ hasText: text });
}

/** Finds the key by `text`, opens its actions menu and chooses an item (by its id, e.g. `block`). */
export async function chooseAction(page: Page, text: string, action: string): Promise<void> {
  await page.getByTestId('cabinet-search').fill(text);
  await row(page, text).getByRole('button', { expanded: false }).click();
  await page.getByTestId(`menu-${action}`).click();
}

/** Randomness from the pointer, then (as a keyboard user would) from keys pressed inside the area, until full. */
export async function fillEntropy(page: Page, wizard: Locator, testId: string): Promise<void> {
  const pad = wizard.getByTestId(testId);
  const box = (await pad.boundingBox())!;
  for (let j = 0; j < 40; j += 1) await page.mouse.move(box.x + 5 + ((j * 37) % (box.width - 10)), box.y + 5 + ((j * 53) % (box.height - 10)));
  await pad.focus();
  for (let round = 0; round < 6 && !(await wizard.getByTestId('entropy-done').isVisible()); round += 1) {
    await page.keyboard.type('qwertyuiopasdfghjklzxcvbnm1234567890'.repeat(2));
  }
  await expect(wizard.getByTestId(`${testId}-progress`)).toHaveAttribute('aria-valuenow', '100');
}
