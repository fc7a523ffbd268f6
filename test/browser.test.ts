/** A reader's path through the public site in real Chromium, checked by axe-core on every page. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, chromiumAvailable, launchChromium } from './browser.js';
import { pressRelease } from './factories.js';
import { createTestSite, type TestSite } from './site.js';

describe.skipIf(!chromiumAvailable())('public site in Chromium', () => {
  let site: TestSite;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    site = await createTestSite('sqlite');
    for (let i = 0; i < 25; i++) {
      await site.addItem(pressRelease({ publishedAt: new Date(Date.UTC(2025, 0, 1 + i, 9)).toISOString() }));
    }
    await site.addItem(
      pressRelease({
        title: 'Offices agree joint river monitoring plan',
        datelinePlace: 'STRELSAU',
        publishedAt: '2025-06-02T08:00:00.000Z',
        quotes: [
          {
            speaker: 'Mara Quill',
            role: 'Head of the Field Office in Freedonia',
            text: 'Rivers do not stop at borders.',
          },
        ],
      }),
    );
    await site.app.listen({ host: '127.0.0.1', port: 0 });
    const address = site.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('goes home → item → term → vocabulary with no accessibility violations', async () => {
    const page = await browser.newPage();
    const visited: string[] = [];
    const check = async () => {
      visited.push(new URL(page.url()).pathname);
      const violations = await axeViolations(page);
      expect(violations, `${page.url()}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
    };

    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/en/');
    await check();

    await page.getByRole('link', { name: 'Offices agree joint river monitoring plan' }).first().click();
    await expect
      .poll(() => page.locator('h1').textContent())
      .toBe('Offices agree joint river monitoring plan');
    expect(await page.locator('.dateline').textContent()).toBe('STRELSAU, 2 June 2025');
    await check();

    await page.locator('.tag-groups').getByRole('link', { name: 'Freedonia' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('Freedonia');
    await check();

    await page.locator('.breadcrumbs').getByRole('link', { name: 'Places' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Places');
    await check();

    // Pagination and search work with plain links and forms (no JavaScript needed).
    await page.goto(`${base}/en/press-release`);
    await page.getByRole('link', { name: 'Next' }).click();
    expect(page.url()).toContain('page=2');
    await check();
    await page.getByRole('searchbox').first().fill('river monitoring');
    await page.getByRole('searchbox').first().press('Enter');
    await expect
      .poll(() => page.locator('.item-list').textContent())
      .toContain('Offices agree joint river monitoring plan');
    await check();
    expect(visited).toEqual([
      '/en/',
      expect.stringMatching(/^\/en\/press-release\/2025\//),
      '/en/places/freedonia',
      '/en/places',
      '/en/press-release',
      '/en/search',
    ]);
  });

  it('works with JavaScript turned off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/en/places`);
    await page.getByRole('link', { name: 'Ruritania' }).click();
    expect(new URL(page.url()).pathname).toBe('/en/places/ruritania');
    await context.close();
  });
});
