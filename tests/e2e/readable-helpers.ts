import fs from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

export const VIEWPORTS = [
  { width: 1366, height: 860 },
  { width: 1024, height: 768 },
] as const;

const SHOTS = process.env.SIGNDESK_SHOTS_DIR ?? '/work/shots';

/** Saves a screenshot of what the window shows now as `<dir>/polish-<name>.png` (looked at by a person). */
export async function shot(page: Page, name: string): Promise<void> {
  if (!fs.existsSync(SHOTS)) return;
  await page.screenshot({ path: `${SHOTS}/polish-${name}.png` });
}

export async function setLanguage(page: Page, language: 'uk' | 'ru' | 'en'): Promise<void> {
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-language').selectOption(language);
  await expect(page.locator('html')).toHaveAttribute('lang', language);
}

/** How many pixels the page scrolls sideways (0: none), and the same for the main content area. */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.locator('html').evaluate((root) => {
    const main = root.querySelector('main')!;
    return Math.max(root.scrollWidth - root.clientWidth, main.scrollWidth - main.clientWidth);
  });
}

/** Whether a mouse pointed at the middle of the element would hit it (not clipped, covered or outside the window). */
export async function menuItemReachable(page: Page, item: Locator): Promise<boolean> {
  return item.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const x = box.left + box.width / 2;
    const y = box.top + box.height / 2;
    const root = element.ownerDocument.documentElement;
    if (box.height === 0 || x < 0 || y < 0 || x > root.clientWidth || y > root.clientHeight) return false;
    const hit = element.ownerDocument.elementFromPoint(x, y);
    return hit !== null && (hit === element || element.contains(hit));
  });
}

/** Whether `text` inside the element is drawn whole within the element's box (not cut off by an ellipsis). */
export async function textShownWhole(element: Locator, text: string): Promise<boolean> {
  return element.evaluate((root, needle) => {
    const walker = root.ownerDocument.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
    const bounds = root.getBoundingClientRect();
    // The text may span two nodes (the kept head and the always-visible tail): check the node holding its end.
    const whole = root.textContent ?? '';
    const at = whole.indexOf(needle);
    if (at < 0) return false;
    let offset = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const length = node.textContent?.length ?? 0;
      const start = Math.max(at, offset);
      const end = Math.min(at + needle.length, offset + length);
      if (start < end) {
        const range = root.ownerDocument.createRange();
        range.setStart(node, start - offset);
        range.setEnd(node, end - offset);
        const box = range.getBoundingClientRect();
        // Clipped by its own container (text-overflow: ellipsis) or by the cell around it.
        let clip = node.parentElement;
        while (clip && clip !== root.parentElement) {
          const style = clip.ownerDocument.defaultView!.getComputedStyle(clip);
          if (style.overflowX !== 'visible') {
            const clipBox = clip.getBoundingClientRect();
            if (box.right > clipBox.right + 0.5 || box.left < clipBox.left - 0.5) return false;
          }
          clip = clip.parentElement;
        }
        if (box.right > bounds.right + 0.5 || box.width === 0) return false;
      }
      offset += length;
    }
    return true;
  }, text);
}

/** What has focus now, for a message: its test id, tag and text. */
export async function focused(page: Page): Promise<string> {
  return page.locator(':focus').evaluateAll((elements) => {
    const element = elements[0];
    return element ? `${element.getAttribute('data-testid') ?? ''} <${element.tagName.toLowerCase()}> ${(element.textContent ?? '').slice(0, 40)}` : 'nothing (page start)';
  });
}
