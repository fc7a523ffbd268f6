/** Import applies tag suggestions above a threshold, marked machine-made, and reports them all. */
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openTagSuggester } from '../src/modules/enrich/suggest.js';
import { TermMatcher } from '../src/modules/enrich/term-matcher.js';
import { importFile } from '../src/modules/ingest/import.service.js';
import { describeEachDialect } from './databases.js';
import { createTestSite, OSCE_PROFILE, type TestSite } from './site.js';

const PAGE = path.join(import.meta.dirname, 'fixtures', 'import', 'workshop-2019.txt');

describeEachDialect('import with tag suggestions', (dialect) => {
  let site: TestSite;
  beforeAll(async () => {
    site = await createTestSite(dialect, { profile: OSCE_PROFILE });
  });
  afterAll(() => site.close());

  async function context() {
    const taxonomy = site.app.site.taxonomy();
    return {
      db: site.database.db,
      taxonomy,
      profile: site.app.site.profile,
      matcher: new TermMatcher(taxonomy, ['OSCE']),
      now: () => site.clock.now(),
      // No trained model in this database: countries and mentions only.
      suggester: await openTagSuggester(
        { taxonomy, profileDir: OSCE_PROFILE, db: site.database.db, organizationNames: ['OSCE'] },
        { loadTopicModel: async () => null },
      ),
    };
  }

  const tagsOf = (itemId: number) =>
    site.database.db
      .selectFrom('item_tags')
      .innerJoin('terms', 'terms.id', 'item_tags.term_id')
      .select(['terms.slug', 'item_tags.origin', 'item_tags.confidence'])
      .where('item_tags.item_id', '=', itemId)
      .execute();

  it('reports every suggestion with its evidence in a dry run, and applies those above the threshold', async () => {
    const preview = await importFile(await context(), PAGE, { dryRun: true, tagThreshold: 0.9 });
    const serbia = preview.suggestions?.find((s) => s.slug === 'serbia');
    expect(serbia?.evidence).toContain('Belgrade');
    expect(serbia!.confidence).toBeGreaterThanOrEqual(0.9);
    const low = preview.suggestions!.filter((s) => s.confidence < 0.9).map((s) => s.slug);
    expect(low.length).toBeGreaterThan(0);
    const previewTags = preview.item!.tags!.map((t) => t.slug);
    expect(previewTags).toContain('serbia');
    for (const slug of low) expect(previewTags).not.toContain(slug);

    const report = await importFile(await context(), PAGE, { tagThreshold: 0.9 });
    expect(report.outcome).toBe('created');
    const tags = await tagsOf(report.itemId!);
    const machine = tags.filter((t) => t.origin === 'machine');
    expect(machine.map((t) => t.slug)).toEqual(['serbia']);
    expect(machine[0]!.confidence).toBeGreaterThanOrEqual(0.9);
    // The page's own fields of work stay editors' tags, without a confidence.
    const own = tags.find((t) => t.slug === 'border-management');
    expect(own).toMatchObject({ origin: 'editor', confidence: null });
  });

  it('applies nothing above a threshold of 1, and suggests nothing without a suggester', async () => {
    const strict = await importFile(await context(), PAGE, { dryRun: true, tagThreshold: 1 });
    expect(strict.item!.tags!.some((t) => t.origin === 'machine')).toBe(false);
    const { suggester: _, ...plain } = await context();
    const none = await importFile(plain, PAGE, { dryRun: true });
    expect(none.suggestions).toBeUndefined();
    expect(none.item!.tags!.some((t) => t.origin === 'machine')).toBe(false);
  });
});
