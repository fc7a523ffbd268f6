/** The workflow in real Chromium: the item's workflow page, the review queue and a preview, all axe-clean. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../src/modules/accounts/audit.js';
import { createUser } from '../src/modules/accounts/users.service.js';
import { addComment } from '../src/modules/workflow/comments.js';
import { transitionItem } from '../src/modules/workflow/workflow.service.js';
import { chromiumAvailable, expectAccessible, launchChromium, listenForBrowser } from './browser.js';
import { pressRelease } from './factories.js';
import { createTestSite, type TestSite } from './site.js';

describe.skipIf(!chromiumAvailable())('workflow in Chromium', () => {
  let site: TestSite;
  let browser: Browser;
  let base: string;
  let itemId: number;

  beforeAll(async () => {
    site = await createTestSite('sqlite');
    const context = { actor: CLI_ACTOR, now: site.clock.now() };
    const { user } = await createUser(
      site.database.db,
      { username: 'chief', role: 'admin', password: 'chief-password-1', displayName: 'Chief Editor' },
      context,
    );
    itemId = await site.addItem(
      pressRelease({ title: 'Embargoed budget note', status: 'draft', publishedAt: null }),
    );
    const actor = { userId: user.id, label: 'chief', role: 'admin' as const, ip: '127.0.0.1' };
    const now = site.clock.now();
    await transitionItem(site.database.db, itemId, { action: 'submit', expectedRevision: 1, actor, now });
    await addComment(site.database.db, itemId, { body: 'Figures checked.\nReady.', actor, now });
    base = await listenForBrowser(site.app);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('schedules, shares a preview link and opens it; no accessibility violations', async () => {
    const page = await browser.newPage();
    const check = () => expectAccessible(page);
    await page.goto(`${base}/login?next=${encodeURIComponent(`/admin/items/${itemId}/workflow`)}`);
    await page.getByLabel('Username').fill('chief');
    await page.getByLabel('Password').fill('chief-password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/admin/items/${itemId}/workflow`);
    await check();

    await page.getByLabel('Publication date and time (Europe/Vienna)').fill('2026-01-15T11:00:00');
    await page.getByRole('button', { name: 'Schedule' }).click();
    await expect.poll(() => page.locator('.workflow-state').textContent()).toBe('Scheduled (embargoed)');
    expect(await page.locator('.workflow-facts').textContent()).toContain('2026-01-15 10:00 UTC');
    await check();

    await page.getByLabel('For whom (name and outlet)').fill('Maria, Daily Planet');
    await page.getByRole('button', { name: 'Create link' }).click();
    const url = (await page.locator('code.admin-secret').textContent())?.trim() ?? '';
    expect(url).toMatch(/\/preview\/[A-Za-z0-9_-]{43}$/);
    await check();

    await page.goto(`${base}/admin/review`);
    expect(await page.locator('main').textContent()).toContain('Embargoed budget note');
    await check();

    await page.goto(`${base}${new URL(url).pathname}`);
    expect(await page.locator('.preview-banner').textContent()).toContain('Not for publication before');
    await check();
  });
});
