/** A reader's path through the public site in real Chromium, checked by axe-core on every page. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, expectAccessible, launchChromium, listenForBrowser } from './browser.js';
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
    await site.addItem(
      pressRelease({
        title: 'River police patrol the border',
        publishedAt: '2024-03-01T08:00:00.000Z',
        tags: [
          { vocabulary: 'topics', slug: 'roads' },
          { vocabulary: 'places', slug: 'ruritania' },
        ],
      }),
    );
    base = await listenForBrowser(site.app);
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
      await expectAccessible(page);
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

  it('searches with facets, chips, sort, dates and help, accessibly', async () => {
    const page = await browser.newPage();
    const check = () => expectAccessible(page);
    await page.goto(`${base}/en/search?q=river+police`);
    expect(await page.locator('.search-hits h2').allTextContents()).toEqual([
      'River police patrol the border',
    ]);
    await page.goto(`${base}/en/search?q=river`);
    expect(await page.locator('.search-hits mark').first().textContent()).toMatch(/^river$/i);
    const total = Number(
      (await page.locator('.search-summary [role=status]').textContent())!.match(/\d+/)![0],
    );
    expect(total).toBeGreaterThan(20);
    await check();

    // A facet value narrows; its chip widens again.
    await page
      .locator('.search-facets')
      .getByRole('link', { name: /Ruritania/ })
      .click();
    expect(new URL(page.url()).searchParams.getAll('place')).toEqual(['ruritania']);
    expect(await page.locator('.search-hits h2').allTextContents()).toEqual([
      'River police patrol the border',
    ]);
    await check();
    await page
      .locator('.search-chips')
      .getByRole('link', { name: /Ruritania/ })
      .click();
    expect(new URL(page.url()).searchParams.has('place')).toBe(false);

    // Sort by date, then a date range through the plain form.
    await page.locator('.search-sort').getByRole('link', { name: 'Newest first' }).click();
    expect(new URL(page.url()).searchParams.get('sort')).toBe('date');
    await page.getByLabel('From', { exact: true }).fill('2024');
    await page.getByLabel('To', { exact: true }).fill('2024');
    await page.locator('.search-dates').getByRole('button', { name: 'Apply' }).click();
    expect(new URL(page.url()).searchParams.get('q')).toBe('river');
    expect(await page.locator('.search-hits h2').allTextContents()).toEqual([
      'River police patrol the border',
    ]);
    await check();

    // Unreadable input is answered with a notice, and the help page explains the language.
    await page.goto(`${base}/en/search?q=${encodeURIComponent('"river (police')}`);
    expect(await page.locator('.search-notices').textContent()).toContain('its words were searched');
    await page.getByRole('link', { name: 'Search tips' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Search tips');
    await check();
    // Nothing found: the advice, accessible too.
    await page.goto(`${base}/en/search?q=zzqxv+rivr`);
    // Beside the results (a wide screen) there is nothing to skip: no link, not even for the keyboard.
    expect(await page.getByRole('link', { name: 'Skip to the results' }).count()).toBe(0);
    expect(await page.locator('.did-you-mean a').textContent()).toBe('river');
    await check();
    await page.close();

    // On a phone the filters stand above the results; a link skips them.
    const phone = await browser.newPage({ viewport: { width: 390, height: 800 } });
    await phone.goto(`${base}/en/search?q=river`);
    const skip = phone.getByRole('link', { name: 'Skip to the results' });
    expect(await skip.isVisible()).toBe(true);
    await skip.click();
    expect(new URL(phone.url()).hash).toBe('#search-results');
    const top = await phone.locator('#search-results').evaluate((e) => e.getBoundingClientRect().top);
    expect(Math.abs(top)).toBeLessThan(5);
    await expectAccessible(phone);
    await phone.close();

    // The site ships no JavaScript: facets and the date form are plain links and GET forms.
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const plain = await noScript.newPage();
    await plain.goto(`${base}/en/search?q=river`);
    await plain
      .locator('.search-facets')
      .getByRole('link', { name: /Ruritania/ })
      .click();
    expect(await plain.locator('.search-hits h2').allTextContents()).toEqual([
      'River police patrol the border',
    ]);
    await plain.getByLabel('From', { exact: true }).fill('2025');
    await plain.locator('.search-dates').getByRole('button', { name: 'Apply' }).click();
    expect(new URL(plain.url()).searchParams.get('place')).toBe('ruritania');
    expect(await plain.locator('.search-hits').count()).toBe(0);
    await noScript.close();
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
