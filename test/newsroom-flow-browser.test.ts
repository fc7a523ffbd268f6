/**
 * The newsroom from end to end in real Chromium, as the newsroom issue states it: an author writes a
 * press release with a tag and a quote and sends it for review; an editor schedules it; it is
 * absent from every public page until the injected clock reaches its instant, then present on the
 * home page, its term page and search. Then every newsroom page, visited as an admin, passes axe.
 */
import type { Browser, Page } from 'playwright-core';
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

const TITLE = 'Field office opens a river data centre';

describe.skipIf(!chromiumAvailable())('newsroom flow in Chromium', () => {
  let site: TestSite;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    site = await createTestSite('sqlite');
    site.clock.set('2026-01-15T08:00:00.000Z');
    const context = { actor: CLI_ACTOR, now: site.clock.now() };
    for (const [username, role] of [
      ['writer', 'author'],
      ['chief', 'editor'],
      ['root', 'admin'],
    ] as const)
      await createUser(
        site.database.db,
        { username, role, password: `${username}-password-1`, displayName: username },
        context,
      );
    // Something public already, so the pages under test are not empty.
    await site.addItem(
      pressRelease({ title: 'Older river report', publishedAt: '2025-12-01T08:00:00.000Z' }),
    );
    base = await listenForBrowser(site.app);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  async function signIn(username: string, next: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await signInThroughForm(page, base, { username, password: `${username}-password-1` }, next);
    await expect.poll(() => new URL(page.url()).pathname).toBe(next);
    return page;
  }

  const publicText = async (path: string) => {
    const res = await fetch(`${base}${path}`);
    // The search page marks the query's words in titles: the text read, not the marks.
    return { status: res.status, body: (await res.text()).replace(/<\/?mark>/g, '') };
  };

  it('author writes and submits, editor schedules, readers see it exactly at the instant', async () => {
    const author = await signIn('writer', '/admin/items');
    await author.getByRole('link', { name: 'New press-release' }).click();
    await author.getByLabel('Title').fill(TITLE);
    await author.getByLabel('Summary').fill('The centre shares river levels across borders.');
    await author.getByLabel('Body').fill('The centre opened **today** in Strelsau.');
    await author.getByLabel('Water', { exact: true }).check();
    await author.getByLabel('Quote 1: speaker').fill('Mara Quill');
    await author.getByLabel('Quote 1: role').fill('Head of Office');
    await author.getByLabel('Quote 1: text').fill('Rivers do not stop at borders.');
    await author.getByRole('button', { name: 'Create draft' }).click();
    await expect.poll(() => author.getByRole('status').first().textContent()).toContain('Draft created.');
    await author.getByRole('button', { name: 'Send for review' }).click();
    await expect.poll(() => author.locator('.workflow-state').first().textContent()).toContain('review');

    const item = await site.database.db
      .selectFrom('items')
      .selectAll()
      .where('title', '=', TITLE)
      .executeTakeFirstOrThrow();
    expect(item.status).toBe('in_review');
    const itemPath = `/en/press-release/${item.url_year}/${item.slug}`;

    const editor = await signIn('chief', '/admin/review');
    await editor.getByRole('link', { name: TITLE }).first().click();
    // 11:00 in Vienna is 10:00 UTC.
    await editor.getByLabel('Publication date and time (Europe/Vienna)').fill('2026-01-15T11:00:00');
    await editor.getByRole('button', { name: 'Schedule' }).click();
    await expect.poll(() => editor.locator('.workflow-state').first().textContent()).toContain('Scheduled');

    const paths = ['/en/', '/en/press-release', '/en/topics/water', '/en/search?q=river+data+centre'];
    site.clock.set('2026-01-15T09:59:59.999Z');
    expect((await publicText(itemPath)).status).toBe(404);
    for (const path of paths) expect((await publicText(path)).body, path).not.toContain(TITLE);

    site.clock.set('2026-01-15T10:00:00.000Z');
    const page = await publicText(itemPath);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Mara Quill');
    for (const path of paths) expect((await publicText(path)).body, path).toContain(TITLE);
  });

  it('passes axe-core on every newsroom page', async () => {
    const admin = await signIn('root', '/admin');
    const item = await site.database.db
      .selectFrom('items')
      .select('id')
      .where('title', '=', TITLE)
      .executeTakeFirstOrThrow();
    const water = site.app.site.taxonomy().termBySlug('topics', 'water')!;
    const pages = [
      '/admin',
      '/admin/account',
      '/admin/users',
      '/admin/audit',
      '/admin/items',
      '/admin/items/new?type=event',
      `/admin/items/${item.id}/edit`,
      `/admin/items/${item.id}/workflow`,
      `/admin/items/${item.id}/revisions`,
      '/admin/review',
      '/admin/taxonomy',
      '/admin/taxonomy/vocabularies/topics',
      `/admin/taxonomy/terms/${water.id}`,
      '/admin/api-keys',
      '/admin/webhooks',
      '/admin/import',
      '/admin/suggestions',
    ];
    for (const path of pages) {
      const response = await admin.goto(`${base}${path}`);
      expect(response?.status(), path).toBe(200);
      await expectAccessible(admin);
    }
  });
});
