/** The import upload and the tag review queue in real Chromium, checked by axe-core. */
import path from 'node:path';
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
import { pressRelease } from './factories.js';
import { createTestSite, type TestSite } from './site.js';

const PAGE = path.join(import.meta.dirname, 'fixtures', 'import', 'workshop-2019.txt');

describe.skipIf(!chromiumAvailable())('imports and tag review in Chromium', () => {
  let site: TestSite;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    site = await createTestSite('sqlite');
    await createUser(
      site.database.db,
      { username: 'chief', role: 'editor', password: 'chief-password-1' },
      { actor: CLI_ACTOR, now: site.clock.now() },
    );
    await site.addItem(
      pressRelease({
        title: 'Water engineers finish their course',
        tags: [{ vocabulary: 'topics', slug: 'water', origin: 'machine', confidence: 0.71 }],
      }),
    );
    base = await listenForBrowser(site.app);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('uploads a page for a dry run and reviews a machine-made tag, without accessibility violations', async () => {
    const page = await browser.newPage();
    const check = () => expectAccessible(page);
    await signInThroughForm(page, base, { username: 'chief', password: 'chief-password-1' }, '/admin/import');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/admin/import');
    await check();

    await page.getByLabel('Files').setInputFiles(PAGE);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.locator('h2').first().textContent()).toBe('Dry run: nothing was written');
    expect(await page.locator('.import-summary').textContent()).toContain('1 would be created');
    await check();

    await page.goto(`${base}/admin/suggestions`);
    expect(await page.locator('h1').textContent()).toBe('Tag review');
    expect(await page.locator('tbody').textContent()).toContain('Water engineers finish their course');
    await check();
    await page.getByRole('button', { name: 'Accept Water on “Water engineers finish their course”' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Tag accepted.');
    expect(await page.locator('main').textContent()).toContain('No machine-made tags await review.');
    await check();
  });
});
