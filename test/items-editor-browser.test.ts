/** An author writes a press release in real Chromium; the list, editor and history pass axe-core. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../src/modules/accounts/audit.js';
import { createUser } from '../src/modules/accounts/users.service.js';
import {
  chromiumAvailable,
  expectAccessible,
  launchChromium,
  listenForBrowser,
  signInThroughForm,
} from './browser.js';
import { createTestSite, type TestSite } from './site.js';

describe.skipIf(!chromiumAvailable())('item editor in Chromium', () => {
  let site: TestSite;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    site = await createTestSite('sqlite');
    await createUser(
      site.database.db,
      { username: 'writer', role: 'author', password: 'writer-password-1', displayName: 'Wren Writer' },
      { actor: CLI_ACTOR, now: site.clock.now() },
    );
    base = await listenForBrowser(site.app);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('creates a press release with a tag and a quote, saves it, lists it; no accessibility violations', async () => {
    const page = await browser.newPage();
    const check = () => expectAccessible(page);
    await signInThroughForm(
      page,
      base,
      { username: 'writer', password: 'writer-password-1' },
      '/admin/items',
    );
    await expect.poll(() => new URL(page.url()).pathname).toBe('/admin/items');
    await check();

    await page.getByRole('link', { name: 'New press-release' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('New press-release');
    await check();
    await page.getByLabel('Title').fill('Field office opens a river data centre');
    await page.getByLabel('Summary').fill('The centre shares river levels across borders.');
    await page.getByLabel('Body').fill('The centre opened **today**.');
    await page.getByLabel('Water', { exact: true }).check();
    await page.getByLabel('Quote 1: speaker').fill('Mara Quill');
    await page.getByLabel('Quote 1: role').fill('Head of Office');
    await page.getByLabel('Quote 1: text').fill('Rivers do not stop at borders.');
    await page.getByRole('button', { name: 'Create draft' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Draft created.');
    expect(await page.getByLabel('Water', { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel('Quote 1: speaker').inputValue()).toBe('Mara Quill');
    // The live preview renders the body through the server as it is typed.
    await page.getByLabel('Body').fill('The centre opened **this week**.');
    await expect.poll(() => page.locator('#editor-preview strong').textContent()).toBe('this week');
    await check();

    await page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toContain('Saved as a new revision.');
    await page.getByRole('link', { name: 'History and changes' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('History');
    expect(await page.locator('tbody tr').count()).toBe(2);
    await check();
    await page.getByRole('link', { name: 'Changes' }).first().click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Changes from revision 1 to 2');
    await check();

    await page.goto(`${base}/admin/items`);
    expect(await page.locator('tbody').textContent()).toContain('Field office opens a river data centre');
  });
});
