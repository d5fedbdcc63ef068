import { test, expect, seriousViolations, saveScreenshot } from './fixtures';

const SECTIONS = ['cabinet', 'to-sign', 'history', 'verify', 'settings'] as const;

test('opens, switches language, visits every section without serious accessibility violations', async ({ app: page }, testInfo) => {
  await expect(page.getByTestId('section-cabinet')).toBeVisible();

  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-language').selectOption('uk');
  await expect(page.getByTestId('nav-cabinet')).toHaveText('Кабінет');
  await expect(page.locator('html')).toHaveAttribute('lang', 'uk');

  for (const language of ['uk', 'ru', 'en'] as const) {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-language').selectOption(language);
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    for (const section of SECTIONS) {
      await page.getByTestId(`nav-${section}`).click();
      await expect(page.getByTestId(`section-${section}`)).toBeVisible();
      await expect(page.locator('main h1')).toHaveCount(1);
      expect(await seriousViolations(page), `${section} in ${language}`).toEqual([]);
      if (language === 'uk') await saveScreenshot(page, testInfo, `${section}-${language}`);
    }
  }
});

test('the chosen language survives a reload because it is stored in settings', async ({ app: page }) => {
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-language').selectOption('ru');
  await expect(page.getByTestId('nav-history')).toHaveText('История');
  await page.reload();
  await expect(page.getByTestId('nav-history')).toHaveText('История');
});

test('sections are reachable by keyboard alone', async ({ app: page }) => {
  await page.keyboard.press('Tab'); // skip link
  await page.keyboard.press('Tab'); // the current section's link
  await expect(page.getByTestId('nav-cabinet')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('nav-to-sign')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('section-to-sign')).toBeVisible();
  await expect(page.locator('main#main-content')).toBeFocused();
  await page.keyboard.press('Control+4');
  await expect(page.getByTestId('section-verify')).toBeVisible();
});

test('the bridge refuses a WebSocket without the session secret or from another origin', async ({ bridge }) => {
  const { WebSocket } = await import('ws');
  const origin = new URL(bridge.url).origin;
  const wsUrl = origin.replace('http:', 'ws:') + '/ws';
  const attempt = (url: string, headers: Record<string, string>) =>
    new Promise<string>((resolve) => {
      const socket = new WebSocket(url, { headers });
      socket.on('open', () => {
        socket.close();
        resolve('open');
      });
      socket.on('error', () => resolve('refused'));
      socket.on('unexpected-response', () => resolve('refused'));
    });
  const secret = new URL(bridge.url).searchParams.get('session')!;
  expect(await attempt(`${wsUrl}?session=wrong`, { Origin: origin })).toBe('refused');
  expect(await attempt(`${wsUrl}?session=${secret}`, { Origin: 'http://evil.example' })).toBe('refused');
  expect(await attempt(`${wsUrl}?session=${secret}`, { Origin: origin })).toBe('open');
});
