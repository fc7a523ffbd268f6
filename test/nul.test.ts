/** A NUL character anywhere a reader can put one is refused or dropped, never a 500 (PostgreSQL refuses NUL in text). */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from './databases.js';
import { pressRelease } from './factories.js';
import { createTestSite, type TestSite } from './site.js';

describeEachDialect('NUL characters', (dialect) => {
  let site: TestSite;
  beforeAll(async () => {
    site = await createTestSite(dialect);
    await site.addItem(pressRelease({ slug: 'nul-check', title: 'Zero\u0000 byte title' }));
  });
  afterAll(() => site.close());

  it('answers URLs holding an encoded NUL without a server error', async () => {
    for (const url of [
      '/en/press-release/2025/nul%00check',
      '/en/press-release/2025/nul-check%00',
      '/en/places/free%00donia',
      '/en/search?q=%00water&places=free%00donia',
      '/api/v1/items/by-path?path=/en/press-release/2025/nul%00-check',
      '/api/v1/items?places=%00',
      '/en/search/feed.rss?q=a%00b',
      '/old/site/page%00.html',
    ]) {
      const res = await site.app.inject(url);
      expect(res.statusCode, url).toBeLessThan(500);
    }
  });

  it('stores text without the NUL', async () => {
    const row = await site.database.db
      .selectFrom('items')
      .select('title')
      .where('slug', '=', 'nul-check')
      .executeTakeFirstOrThrow();
    expect(row.title).toBe('Zero byte title');
  });
});
