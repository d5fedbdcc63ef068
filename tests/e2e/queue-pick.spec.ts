import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from './fixtures';

// A browser has no native dialog: “Add files…” and “Add folder…” fall back to <input type=file>, whose files are
// uploaded into <dataDir>/inbox/ and queued by that path.
test('files and a folder picked in the browser are uploaded into the inbox and queued', async ({ app: page, dataDir }) => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-e2e-pick-'));
  try {
    fs.writeFileSync(path.join(work, 'invoice.pdf'), 'invoice');
    fs.writeFileSync(path.join(work, 'evil-name.txt'), 'x');
    fs.mkdirSync(path.join(work, 'folder', 'nested'), { recursive: true });
    fs.writeFileSync(path.join(work, 'folder', 'a.txt'), 'a');
    fs.writeFileSync(path.join(work, 'folder', 'nested', 'b.txt'), 'b');

    await page.getByTestId('nav-to-sign').click();
    const choosing = page.waitForEvent('filechooser');
    await page.getByTestId('add-files').click();
    await (await choosing).setFiles([path.join(work, 'invoice.pdf'), path.join(work, 'evil-name.txt')]);
    await expect(page.getByTestId('queue-count')).toContainText('Documents: 2');
    expect(fs.readFileSync(path.join(dataDir, 'inbox', 'invoice.pdf'), 'utf8')).toBe('invoice');

    const choosingFolder = page.waitForEvent('filechooser');
    await page.getByTestId('add-folder').click();
    await (await choosingFolder).setFiles(path.join(work, 'folder'));
    await expect(page.getByTestId('queue-count')).toContainText('Documents: 4');
    await expect(page.getByTestId('queue-row')).toContainText(['invoice.pdf', 'evil-name.txt', 'a.txt', 'b.txt']);

    // The same name again does not overwrite the first upload.
    const again = page.waitForEvent('filechooser');
    await page.getByTestId('add-files').click();
    await (await again).setFiles([{ name: 'invoice.pdf', mimeType: 'application/pdf', buffer: Buffer.from('second') }]);
    await expect(page.getByTestId('queue-count')).toContainText('Documents: 5');
    expect(fs.readFileSync(path.join(dataDir, 'inbox', 'invoice.pdf'), 'utf8')).toBe('invoice');
    expect(fs.readFileSync(path.join(dataDir, 'inbox', 'invoice (2).pdf'), 'utf8')).toBe('second');

    // Remove from the list by keyboard: Delete removes the selection.
    await page.getByTestId('queue-list').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Space');
    await page.keyboard.press('Delete');
    await expect(page.getByTestId('queue-count')).toContainText('Documents: 4');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});
