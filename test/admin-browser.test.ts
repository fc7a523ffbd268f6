/** An editor's way into the newsroom in real Chromium, checked by axe-core on every newsroom page. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../src/modules/accounts/audit.js';
import { createUser } from '../src/modules/accounts/users.service.js';
import {
  axeViolations,
  chromiumAvailable,
  expectAccessible,
  launchChromium,
  listenForBrowser,
} from './browser.js';
import { createTestSite, type TestSite } from './site.js';

describe.skipIf(!chromiumAvailable())('newsroom in Chromium', () => {
  let site: TestSite;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    site = await createTestSite('sqlite');
    const context = { actor: CLI_ACTOR, now: site.clock.now() };
    await createUser(
      site.database.db,
      { username: 'chief', role: 'admin', password: 'chief-password-1', displayName: 'Chief Editor' },
      context,
    );
    await createUser(
      site.database.db,
      { username: 'writer', role: 'author', password: 'writer-password-1' },
      context,
    );
    base = await listenForBrowser(site.app);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('signs in through the form, visits every section, signs out; no accessibility violations', async () => {
    const page = await browser.newPage();
    const check = () => expectAccessible(page);

    await page.goto(`${base}/admin/users`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await check();
    await page.getByLabel('Username').fill('chief');
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('not correct');
    await check();

    await page.getByLabel('Password').fill('chief-password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/admin/users');
    expect(await page.locator('h1').textContent()).toBe('Users');
    await check();

    await page.getByLabel('Username').fill('reviewer2');
    await page.getByRole('button', { name: 'Create user' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('User reviewer2 created.');
    expect(await page.locator('.admin-secret').textContent()).toMatch(/^\w{5}(-\w{5}){3}$/);
    await check();

    await page
      .getByRole('navigation', { name: 'Newsroom sections' })
      .getByRole('link', { name: 'Newsroom' })
      .click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Newsroom');
    expect(await page.locator('main').textContent()).toContain('Welcome, Chief Editor.');
    await check();

    await page.getByRole('link', { name: 'Audit log' }).first().click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Audit log');
    await page.getByLabel('Action').selectOption('user.create');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.url()).toContain('action=user.create');
    expect(await page.locator('tbody tr').count()).toBe(3);
    await check();

    await page.getByRole('link', { name: 'My account' }).first().click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('My account');
    await check();

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByRole('status').textContent()).toContain('You are signed out.');
    await page.goto(`${base}/admin`);
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('shows an author the 403 page for users, accessibly', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('Username').fill('writer');
    await page.getByLabel('Password').fill('writer-password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/admin');
    const response = await page.goto(`${base}/admin/users`);
    expect(response?.status()).toBe(403);
    expect(await page.locator('main').textContent()).toContain('DL_FORBIDDEN');
    expect(await axeViolations(page)).toEqual([]);
  });
});
