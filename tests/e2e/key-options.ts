import { expect, type Locator } from '@playwright/test';

/**
 * The value of the one option of a key `<select>` that matches, once the cabinet's keys have arrived: the list is
 * fetched when the panel mounts, so reading the options at once races that fetch.
 */
export async function keyOptionValue(select: Locator, match: { valueContains: string } | { textContains: string }): Promise<string> {
  const option = 'valueContains' in match ? select.locator(`option[value*="${match.valueContains}"]`) : select.locator('option', { hasText: match.textContains });
  await expect(option, `one key option matching ${JSON.stringify(match)}`).toHaveCount(1);
  return (await option.getAttribute('value')) ?? '';
}
