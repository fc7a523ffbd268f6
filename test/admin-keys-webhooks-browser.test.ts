/**
 * The taxonomy, API keys and webhooks pages in real Chromium, signed in as an admin, each checked
 * by axe-core, driven through their forms as a person would.
 */
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

describe.skipIf(!chromiumAvailable())('taxonomy, API keys and webhooks admin in Chromium', () => {
  let site: TestSite;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    site = await createTestSite('sqlite');
    await createUser(
      site.database.db,
      { username: 'chief', role: 'admin', password: 'chief-password-1' },
      { actor: CLI_ACTOR, now: site.clock.now() },
    );
    base = await listenForBrowser(site.app);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('visits and uses each page with no accessibility violations', async () => {
    const page = await browser.newPage();
    const check = () => expectAccessible(page);
    await signInThroughForm(
      page,
      base,
      { username: 'chief', password: 'chief-password-1' },
      '/admin/taxonomy',
    );
    await expect.poll(() => page.locator('h1').textContent()).toBe('Taxonomy');
    await check();

    await page.getByRole('link', { name: 'Places' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Places');
    await check();
    await page.getByLabel('Label (en, required)').fill('Observers');
    await page.getByRole('button', { name: 'Add term' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Term added.');
    expect(await page.locator('h1').textContent()).toBe('Observers');
    await check();

    await page.getByLabel('Last day', { exact: true }).fill('2026-01-31');
    await page.getByRole('button', { name: 'Close term' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Term closed.');
    await check();
    // A refused change: the reason is shown on the page, accessibly.
    await page.getByLabel('New label').fill('Members');
    await page
      .getByLabel('New slug (leave empty to derive it from the label; give the current one to keep it)')
      .fill('members');
    await page.getByRole('button', { name: 'Rename' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('is already used by another term');
    await check();

    await page.goto(`${base}/admin/api-keys`);
    await check();
    await page.getByLabel('Name').fill('Wire partner');
    await page.getByLabel('write: also create draft items').check();
    await page.getByRole('button', { name: 'Create key' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('shown only this once');
    expect(await page.locator('.admin-secret').textContent()).toMatch(/^dl_/);
    await check();

    await page.goto(`${base}/admin/webhooks`);
    await check();
    await page.getByLabel('URL').fill('https://hooks.example/dateline');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Webhook added.');
    await check();
    await page.getByRole('link', { name: 'https://hooks.example/dateline' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('Deliveries to');
    await check();
  });
});
