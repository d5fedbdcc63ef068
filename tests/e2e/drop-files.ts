import type { Page } from '@playwright/test';

export interface DroppedFile {
  name: string;
  content: Buffer | string;
}

/**
 * Drops files on the page the way a browser delivers a drag from the desktop: a DataTransfer holding File
 * objects (no paths), through dragenter, dragover and drop. The page code is a string so that this Node-side
 * file needs no DOM types.
 */
export async function dropFiles(page: Page, files: readonly DroppedFile[], target = 'main'): Promise<void> {
  const payload = JSON.stringify(files.map((file) => ({ name: file.name, base64: Buffer.from(file.content).toString('base64') })));
  const dataTransfer = await page.evaluateHandle(`(() => {
    const transfer = new DataTransfer();
    for (const file of ${payload}) {
      const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], file.name));
    }
    return transfer;
  })()`);
  for (const type of ['dragenter', 'dragover', 'drop']) await page.dispatchEvent(target, type, { dataTransfer });
}
