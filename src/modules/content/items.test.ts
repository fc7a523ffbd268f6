import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/databases.js';
import { pressRelease } from '../../../test/factories.js';
import { MINI_PROFILE } from '../../../test/site.js';
import { readContentVersion } from '../../db/site-state.js';
import { loadProfile } from '../taxonomy/profile.js';
import { Taxonomy } from '../taxonomy/taxonomy.js';
import { syncProfile } from '../taxonomy/taxonomy.repo.js';
import {
  countVisibleItemsPerTerm,
  findItemById,
  listItemQuotes,
  listItemSourceIds,
  listItemTagIds,
  listItemTags,
  listRelatedItems,
  listVisibleItems,
  listVisibleTranslations,
} from './items.repo.js';
import { listRevisions } from '../revisions/revisions.repo.js';
import { createItem, createItems, type ItemEdit, updateItem, type WriteContext } from './items.service.js';
import { rebuildDerived } from './reindex.js';
import { canRead, nextVisibilityChange, PUBLIC_READER } from './visibility.js';

const NOW = new Date('2026-01-15T09:00:00.000Z');

describeEachDialect('items', (dialect) => {
  let database: TestDatabase;
  let context: WriteContext;
  let taxonomy: Taxonomy;
  const count = async () =>
    Number(
      (
        await database.db
          .selectFrom('items')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    const profile = loadProfile(MINI_PROFILE);
    await syncProfile(database.db, profile, NOW);
    taxonomy = await Taxonomy.load(database.db);
    context = { taxonomy, languages: profile.languages, now: NOW };
  });
  afterAll(() => database.drop());

  it('stores an item with sources, tags, quotes, attachments and a stable URL', async () => {
    const id = await createItem(
      database.db,
      pressRelease({
        title: 'Headquarters and field office open river data centre',
        sources: [
          { vocabulary: 'offices', slug: 'headquarters' },
          { vocabulary: 'offices', slug: 'field-office' },
        ],
        quotes: [
          {
            speaker: 'Mara Quill',
            role: 'Head of the Field Office in Freedonia',
            text: 'Shared data saves lives downstream.',
          },
          { speaker: 'Tomas Venn', role: null, text: 'The centre is open to all districts.' },
        ],
        attachments: [
          {
            title: 'Course report',
            fileName: 'report.pdf',
            mediaType: 'application/pdf',
            byteSize: 20480,
            sha256: 'a'.repeat(64),
          },
        ],
      }),
      context,
    );
    const item = (await findItemById(database.db, id))!;
    expect(item).toMatchObject({
      type: 'press-release',
      url_year: 2025,
      slug: 'headquarters-and-field-office-open-river-data-centre',
      revision: 1,
    });
    expect(item.body_html).toContain('<strong>joint inspections</strong>');
    const sources = await listItemSourceIds(database.db, id);
    expect(sources.map((s) => taxonomy.term(s)!.slug)).toEqual(['headquarters', 'field-office']);
    expect((await listItemTagIds(database.db, id)).map((t) => taxonomy.term(t)!.slug).sort()).toEqual([
      'freedonia',
      'water',
    ]);
    const quotes = await listItemQuotes(database.db, id);
    expect(quotes.map((q) => [q.speaker, q.role])).toEqual([
      ['Mara Quill', 'Head of the Field Office in Freedonia'],
      ['Tomas Venn', null],
    ]);
  });

  it('gives a second item with the same title a different slug', async () => {
    const a = await createItem(database.db, pressRelease({ title: 'Same title twice' }), context);
    const b = await createItem(database.db, pressRelease({ title: 'Same title twice' }), context);
    expect((await findItemById(database.db, a))!.slug).toBe('same-title-twice');
    expect((await findItemById(database.db, b))!.slug).toBe('same-title-twice-2');
    // Many namesakes: each gets the next suffix in turn, found without a lookup per namesake.
    const more = [];
    for (let i = 0; i < 9; i++)
      more.push(await createItem(database.db, pressRelease({ title: 'Same title twice' }), context));
    const slugs = await Promise.all(more.map(async (id) => (await findItemById(database.db, id))!.slug));
    expect(slugs).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11].map((n) => `same-title-twice-${n}`));
  });

  it('finds the next free suffix past hundreds of namesakes, and fills a gap in the last stretch', async () => {
    const first = await createItem(database.db, pressRelease({ title: 'Weekly update' }), context);
    const { id: _id, ...row } = (await findItemById(database.db, first))!;
    // Namesakes -2 … -700, written directly (creating each would only be slower), but for -650.
    const suffixes = Array.from({ length: 699 }, (_, i) => i + 2).filter((n) => n !== 650);
    for (let i = 0; i < suffixes.length; i += 100)
      await database.db
        .insertInto('items')
        .values(
          suffixes.slice(i, i + 100).map((n) => ({ ...row, slug: `weekly-update-${n}`, legacy_url: null })),
        )
        .execute();
    const next = async () =>
      (await findItemById(
        database.db,
        await createItem(database.db, pressRelease({ title: 'Weekly update' }), context),
      ))!.slug;
    expect(await next()).toBe('weekly-update-650');
    expect(await next()).toBe('weekly-update-701');
    expect(await next()).toBe('weekly-update-702');
  });

  it('rejects invalid input with every field named and writes nothing', async () => {
    const before = await count();
    const version = await readContentVersion(database.db);
    await expect(
      createItem(
        database.db,
        pressRelease({
          title: '  ',
          language: 'xx',
          publishedAt: 'not a date',
          tags: [{ vocabulary: 'topics', slug: 'nope' }],
        }),
        context,
      ),
    ).rejects.toMatchObject({
      code: 'DL_VALIDATION',
      fields: {
        title: 'is required',
        language: expect.any(String),
        publishedAt: expect.any(String),
        tags: expect.stringContaining('nope'),
      },
    });
    // A batch with one bad item writes none of the batch.
    await expect(
      createItems(
        database.db,
        [pressRelease(), pressRelease({ sources: [{ vocabulary: 'topics', slug: 'water' }] })],
        context,
      ),
    ).rejects.toMatchObject({
      code: 'DL_VALIDATION',
    });
    expect(await count()).toBe(before);
    expect(await readContentVersion(database.db)).toBe(version);
  });

  it("stores machine-made tags with their confidence, and editors' tags as editors'", async () => {
    const machine = { origin: 'machine', confidence: 0.87 } as const;
    // Drafts: the listing tests below count the visible items per term.
    const draft = { status: 'draft', publishedAt: null } as const;
    const [id, batched] = await createItems(
      database.db,
      [
        pressRelease({
          ...draft,
          tags: [
            { vocabulary: 'topics', slug: 'water' },
            { vocabulary: 'places', slug: 'freedonia', ...machine },
            // Also given by an editor below: the editor's mark wins whatever the order.
            { vocabulary: 'topics', slug: 'roads', ...machine },
            { vocabulary: 'topics', slug: 'roads', origin: 'editor' },
          ],
        }),
        pressRelease({ ...draft, tags: [{ vocabulary: 'places', slug: 'ruritania', origin: 'machine' }] }),
      ],
      context,
    );
    const rows = async (itemId: number) =>
      (await listItemTags(database.db, itemId)).map((r) => [
        taxonomy.term(r.termId)!.slug,
        r.origin,
        r.confidence,
      ]);
    expect((await rows(id!)).sort()).toEqual(
      [
        ['water', 'editor', null],
        ['freedonia', 'machine', 0.87],
        ['roads', 'editor', null],
      ].sort(),
    );
    expect(await rows(batched!)).toEqual([['ruritania', 'machine', null]]);
    // Machine-made tags list the item under the term like any other tag.
    const freedonia = taxonomy.termBySlug('places', 'freedonia')!.id;
    const listed = await database.db
      .selectFrom('term_listing')
      .select('item_id')
      .where('term_id', '=', freedonia)
      .where('item_id', '=', id!)
      .execute();
    expect(listed).toHaveLength(1);
  });

  it("rejects a confidence on an editor's tag, out of 0..1, an unknown origin, or a machine-made source", async () => {
    const before = await count();
    await expect(
      createItem(
        database.db,
        pressRelease({
          sources: [{ vocabulary: 'offices', slug: 'headquarters', origin: 'machine', confidence: 0.9 }],
          tags: [
            { vocabulary: 'topics', slug: 'water', confidence: 0.5 },
            { vocabulary: 'topics', slug: 'roads', origin: 'machine', confidence: 1.5 },
            { vocabulary: 'places', slug: 'freedonia', origin: 'robot' as 'machine' },
            { vocabulary: 'places', slug: 'ruritania', origin: 'machine', confidence: Number.NaN },
          ],
        }),
        context,
      ),
    ).rejects.toMatchObject({
      code: 'DL_VALIDATION',
      fields: {
        'sources.0': expect.any(String),
        'tags.0.confidence': 'is only for machine-made tags',
        'tags.1.confidence': 'must be a number from 0 to 1',
        'tags.2.origin': 'must be editor or machine',
        'tags.3.confidence': 'must be a number from 0 to 1',
      },
    });
    expect(await count()).toBe(before);
  });

  it('hides drafts, withdrawn and embargoed items until their exact instant', async () => {
    const embargo = '2026-01-15T10:00:00.000Z';
    const scheduled = await createItem(
      database.db,
      pressRelease({
        title: 'Embargoed announcement on river treaty',
        status: 'scheduled',
        publishedAt: embargo,
      }),
      context,
    );
    await createItem(
      database.db,
      pressRelease({ title: 'Unfinished draft about roads', status: 'draft', publishedAt: null }),
      context,
    );
    await createItem(
      database.db,
      pressRelease({ title: 'Withdrawn notice about roads', status: 'withdrawn' }),
      context,
    );
    const titles = async (now: Date) =>
      (
        await listVisibleItems(
          database.db,
          { now, language: 'en', words: ['river', 'treaty'] },
          { limit: 50, offset: 0 },
        )
      ).items.map((i) => i.title);
    const before = new Date(new Date(embargo).getTime() - 1000);
    expect(await titles(before)).not.toContain('Embargoed announcement on river treaty');
    expect(await titles(new Date(embargo))).toContain('Embargoed announcement on river treaty');
    const row = (await findItemById(database.db, scheduled))!;
    expect(canRead(PUBLIC_READER, row, before)).toBe(false);
    expect(canRead(PUBLIC_READER, row, new Date(embargo))).toBe(true);
    expect(await nextVisibilityChange(database.db, before)).toBe(embargo);
    const all = await listVisibleItems(
      database.db,
      { now: new Date('2030-01-01'), language: 'en' },
      { limit: 500, offset: 0 },
    );
    expect(all.items.map((i) => i.status)).not.toContain('draft');
    expect(all.items.map((i) => i.status)).not.toContain('withdrawn');
  });

  it('lists by term including the terms below it, and counts per term', async () => {
    const members = taxonomy.termBySlug('places', 'members')!;
    const ruritania = taxonomy.termBySlug('places', 'ruritania')!;
    const freedonia = taxonomy.termBySlug('places', 'freedonia')!;
    await createItem(
      database.db,
      pressRelease({
        title: 'Ruritania hosts border talks',
        tags: [{ vocabulary: 'places', slug: 'ruritania' }],
      }),
      context,
    );
    const under = taxonomy.descendantsAndSelf(members.id).map((t) => t.id);
    const both = await listVisibleItems(
      database.db,
      { now: NOW, language: 'en', termIds: under },
      { limit: 100, offset: 0 },
    );
    const onlyR = await listVisibleItems(
      database.db,
      { now: NOW, language: 'en', termIds: [ruritania.id] },
      { limit: 100, offset: 0 },
    );
    const onlyF = await listVisibleItems(
      database.db,
      { now: NOW, language: 'en', termIds: [freedonia.id] },
      { limit: 100, offset: 0 },
    );
    expect(onlyR.total).toBe(1);
    expect(both.total).toBe(onlyR.total + onlyF.total);
    const counts = await countVisibleItemsPerTerm(database.db, NOW, 'en', [ruritania.id, freedonia.id]);
    expect(counts.get(ruritania.id)).toBe(1);
    expect(counts.get(freedonia.id)).toBe(onlyF.total);
    // Newest first, stable.
    const dates = both.items.map((i) => i.published_at!);
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('links translations and finds related items', async () => {
    const en = await createItem(
      database.db,
      pressRelease({ title: 'Water week opens', translationKey: 'water-week' }),
      context,
    );
    await createItem(
      database.db,
      pressRelease({ title: "La semaine de l'eau s'ouvre", language: 'fr', translationKey: 'water-week' }),
      context,
    );
    const row = (await findItemById(database.db, en))!;
    const translations = await listVisibleTranslations(database.db, row, NOW);
    expect(translations.map((t) => [t.language, t.title])).toEqual([['fr', "La semaine de l'eau s'ouvre"]]);
    const related = await listRelatedItems(
      database.db,
      en,
      'en',
      await listItemTagIds(database.db, en),
      NOW,
      3,
    );
    expect(related.length).toBe(3);
    expect(related.every((r) => r.language === 'en' && r.id !== en)).toBe(true);
  });
});

describeEachDialect('reindex', (dialect) => {
  it('rebuilds visibility instants and term listings identical to what writes produced', async () => {
    const database = await createTestDatabase(dialect);
    try {
      const profile = loadProfile(MINI_PROFILE);
      await syncProfile(database.db, profile, NOW);
      const taxonomy = await Taxonomy.load(database.db);
      const context = { taxonomy, languages: profile.languages, now: NOW };
      await createItems(
        database.db,
        [
          pressRelease(),
          pressRelease({ status: 'draft', publishedAt: null }),
          pressRelease({ status: 'scheduled', publishedAt: '2027-01-01T00:00:00Z' }),
        ],
        context,
      );
      const snapshot = async () => ({
        items: await database.db.selectFrom('items').select(['id', 'visible_from']).orderBy('id').execute(),
        listing: await database.db
          .selectFrom('term_listing')
          .selectAll()
          .orderBy('term_id')
          .orderBy('item_id')
          .execute(),
      });
      const before = await snapshot();
      expect(before.listing.length).toBeGreaterThan(0);
      // Corrupt the derived data, as a bug or a manual SQL edit might.
      await database.db.deleteFrom('term_listing').execute();
      await database.db.updateTable('items').set({ visible_from: null }).execute();
      expect(await rebuildDerived(database.db)).toBe(before.listing.length);
      expect(await snapshot()).toEqual(before);
    } finally {
      await database.drop();
    }
  });
});

describeEachDialect('updateItem', (dialect) => {
  let database: TestDatabase;
  let context: WriteContext;
  const actor = { userId: 7, label: 'editor7' };
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    const profile = loadProfile(MINI_PROFILE);
    await syncProfile(database.db, profile, NOW);
    context = { taxonomy: await Taxonomy.load(database.db), languages: profile.languages, now: NOW };
  });
  afterAll(() => database.drop());

  const later = new Date(NOW.getTime() + 60_000);
  const edit = (overrides: Partial<ItemEdit> = {}): ItemEdit => ({
    title: 'Water talks resume',
    summary: 'Talks resumed.',
    bodyMarkdown: 'Talks on the **river** resumed.',
    sources: [{ vocabulary: 'offices', slug: 'headquarters' }],
    tags: [{ vocabulary: 'topics', slug: 'water' }],
    quotes: [{ speaker: 'Ada Lind', role: 'Envoy', text: 'We are back at the table.' }],
    ...overrides,
  });

  it('saves everything in one revision, keeps status and publication, and records the old state first', async () => {
    const id = await createItem(
      database.db,
      pressRelease({
        tags: [{ vocabulary: 'places', slug: 'freedonia', origin: 'machine', confidence: 0.7 }],
      }),
      context,
    );
    const version = await readContentVersion(database.db);
    const result = await updateItem(
      database.db,
      id,
      edit({
        tags: [
          { vocabulary: 'topics', slug: 'water' },
          { vocabulary: 'places', slug: 'freedonia' },
        ],
      }),
      { ...context, now: later, expectedRevision: 1, actor, correctionNote: 'Speaker’s role corrected.' },
    );
    expect(result.revision).toBe(2);
    const item = await findItemById(database.db, id);
    expect(item).toMatchObject({
      revision: 2,
      status: 'published',
      published_at: '2025-03-03T10:00:00.000Z',
      visible_from: '2025-03-03T10:00:00.000Z',
      updated_at: later.toISOString(),
      correction_note: 'Speaker’s role corrected.',
      title: 'Water talks resume',
    });
    expect(item?.body_html).toContain('<strong>river</strong>');
    expect(await readContentVersion(database.db)).toBe(version + 1);
    const tags = await listItemTags(database.db, id);
    expect(tags.map((t) => [t.origin, t.confidence])).toEqual(
      expect.arrayContaining([
        ['machine', 0.7],
        ['editor', null],
      ]),
    );
    const listing = await database.db
      .selectFrom('term_listing')
      .selectAll()
      .where('item_id', '=', id)
      .execute();
    expect(listing).toHaveLength(3);
    expect(listing.every((l) => l.visible_from === '2025-03-03T10:00:00.000Z')).toBe(true);
    expect((await listItemQuotes(database.db, id)).map((q) => q.speaker)).toEqual(['Ada Lind']);
    const revisions = await listRevisions(database.db, id);
    expect(revisions.map((r) => [r.revision, r.savedByLabel])).toEqual([
      [2, 'editor7'],
      [1, 'recorded before an edit'],
    ]);
    expect(revisions[0]!.summary).toContain('title');
    expect(revisions[0]!.snapshot.correctionNote).toBe('Speaker’s role corrected.');
  });

  it('refuses a stale revision with DL_CONFLICT and an invalid edit with DL_VALIDATION, writing nothing', async () => {
    const id = await createItem(database.db, pressRelease({ status: 'draft', publishedAt: null }), {
      ...context,
      actor,
    });
    await updateItem(database.db, id, edit(), { ...context, expectedRevision: 1, actor });
    const before = await findItemById(database.db, id);
    const stale = updateItem(database.db, id, edit({ title: 'Late' }), {
      ...context,
      expectedRevision: 1,
      actor,
    });
    await expect(stale).rejects.toMatchObject({ code: 'DL_CONFLICT', fields: { revision: '2' } });
    const invalid = updateItem(
      database.db,
      id,
      edit({ title: '', tags: [{ vocabulary: 'topics', slug: 'nope' }] }),
      {
        ...context,
        expectedRevision: 2,
        actor,
      },
    );
    await expect(invalid).rejects.toMatchObject({ code: 'DL_VALIDATION' });
    expect(await findItemById(database.db, id)).toEqual(before);
    expect((await listRevisions(database.db, id)).map((r) => r.revision)).toEqual([2, 1]);
  });

  it('lets a draft change its URL name but not a published item', async () => {
    const draft = await createItem(
      database.db,
      pressRelease({ status: 'draft', publishedAt: null }),
      context,
    );
    await updateItem(database.db, draft, edit({ slug: 'water-talks' }), {
      ...context,
      expectedRevision: 1,
      actor,
    });
    expect((await findItemById(database.db, draft))?.slug).toBe('water-talks');
    const published = await createItem(database.db, pressRelease(), context);
    await expect(
      updateItem(database.db, published, edit({ slug: 'another-name' }), {
        ...context,
        expectedRevision: 1,
        actor,
      }),
    ).rejects.toMatchObject({ code: 'DL_VALIDATION', fields: { slug: expect.any(String) } });
  });
});
