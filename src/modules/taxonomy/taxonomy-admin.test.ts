/** Taxonomy changes through the service, on both databases: each is one audited, all-or-nothing transaction. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TestClock } from '../../../test/clock.js';
import { describeEachDialect } from '../../../test/databases.js';
import { pressRelease } from '../../../test/factories.js';
import { createTestSite, type TestSite } from '../../../test/site.js';
import { readContentVersion } from '../../db/site-state.js';
import type { AuditActor } from '../accounts/audit.js';
import { Taxonomy } from './taxonomy.js';
import {
  closeTerm,
  createTerm,
  mergeTerms,
  moveTerm,
  renameTerm,
  reopenTerm,
  setChairpersonship,
  updateTermLabels,
} from './taxonomy.service.js';

const ACTOR: AuditActor = { userId: null, label: 'test' };
/** An issuer that no test renames. */
const HQ = [{ vocabulary: 'offices', slug: 'headquarters' }];

describeEachDialect('taxonomy admin service', (dialect) => {
  let site: TestSite;
  const clock = new TestClock('2026-03-01T09:00:00.000Z');
  beforeAll(async () => {
    site = await createTestSite(dialect, { clock });
  });
  afterAll(() => site.close());

  const db = () => site.database.db;
  const change = () => ({ actor: ACTOR, now: clock.now() });
  const taxonomy = () => Taxonomy.load(db());
  const term = async (vocabulary: string, slug: string) => (await taxonomy()).termBySlug(vocabulary, slug)!;
  /** Everything a refused change must leave exactly as it was. */
  const snapshot = async () => ({
    terms: await db().selectFrom('terms').selectAll().orderBy('id').execute(),
    redirects: await db().selectFrom('term_slug_redirects').selectAll().orderBy('old_slug').execute(),
    relations: await db().selectFrom('term_relations').selectAll().orderBy('id').execute(),
    tags: await db().selectFrom('item_tags').selectAll().orderBy('item_id').orderBy('term_id').execute(),
    listing: await db()
      .selectFrom('term_listing')
      .selectAll()
      .orderBy('item_id')
      .orderBy('term_id')
      .execute(),
    audit: (await db().selectFrom('audit_log').select('id').execute()).length,
    version: await readContentVersion(db()),
  });
  const lastAudit = () =>
    db().selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();

  it('creates a term with labels, aliases, parent and start date; bumps the version; audits', async () => {
    const before = await readContentVersion(db());
    const members = await term('places', 'members');
    const { id, slug } = await createTerm(
      db(),
      {
        vocabulary: 'places',
        labels: { en: 'Grand Fenwick', fr: 'Grand Fenwick' },
        aliases: ['Duchy of Grand Fenwick', ' '],
        parentId: members.id,
        validFrom: '2024-05-01',
      },
      change(),
    );
    expect(slug).toBe('grand-fenwick');
    const created = (await taxonomy()).term(id)!;
    expect(created).toMatchObject({ parentId: members.id, validFrom: '2024-05-01', status: 'active' });
    expect(created.aliases).toEqual(['Duchy of Grand Fenwick']);
    expect(await readContentVersion(db())).toBe(before + 1);
    expect(await lastAudit()).toMatchObject({
      action: 'term.create',
      subject_id: String(id),
      actor_label: 'test',
    });
  });

  it('refuses duplicate slugs, old slugs still redirecting, bad dates and missing labels, changing nothing', async () => {
    const before = await snapshot();
    const attempts = [
      createTerm(db(), { vocabulary: 'topics', slug: 'water', labels: { en: 'Water again' } }, change()),
      createTerm(db(), { vocabulary: 'topics', slug: 'highways', labels: { en: 'Highways' } }, change()),
      createTerm(
        db(),
        { vocabulary: 'topics', labels: { en: 'Bridges' }, validFrom: '2025-02-30' },
        change(),
      ),
      createTerm(db(), { vocabulary: 'topics', labels: { fr: 'Ponts' } }, change()),
      createTerm(db(), { vocabulary: 'topics', slug: 'Bad Slug', labels: { en: 'x' } }, change()),
    ];
    const codes = await Promise.all(
      attempts.map((p) =>
        p.then(
          () => 'ok',
          (e: { code: string }) => e.code,
        ),
      ),
    );
    expect(codes).toEqual(['DL_CONFLICT', 'DL_CONFLICT', 'DL_VALIDATION', 'DL_VALIDATION', 'DL_VALIDATION']);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a parent in a flat vocabulary or another vocabulary', async () => {
    const before = await snapshot();
    const water = await term('topics', 'water');
    const roads = await term('topics', 'roads');
    const members = await term('places', 'members');
    await expect(moveTerm(db(), water.id, roads.id, change())).rejects.toMatchObject({
      code: 'DL_VALIDATION',
    });
    const hq = await term('offices', 'headquarters');
    await expect(moveTerm(db(), hq.id, members.id, change())).rejects.toMatchObject({
      code: 'DL_TERM_VOCABULARY',
    });
    expect(await snapshot()).toEqual(before);
  });

  it('updates labels and aliases without renaming', async () => {
    const hq = await term('offices', 'headquarters');
    await updateTermLabels(
      db(),
      hq.id,
      { labels: { en: 'Head Office', fr: 'Siège' }, aliases: ['HQ', 'HO'] },
      change(),
    );
    const after = (await taxonomy()).term(hq.id)!;
    expect(after).toMatchObject({ slug: 'headquarters', labels: { en: 'Head Office', fr: 'Siège' } });
    expect(after.aliases).toEqual(['HQ', 'HO']);
    expect((await lastAudit()).action).toBe('term.labels');
  });

  it('renames with a redirect and an audit entry', async () => {
    const office = await term('offices', 'field-office');
    await renameTerm(
      db(),
      { termId: office.id, language: 'en', label: 'Mission to Freedonia', effectiveOn: '2026-02-28' },
      clock.now(),
      ACTOR,
    );
    const after = await taxonomy();
    expect(after.term(office.id)!.slug).toBe('mission-to-freedonia');
    expect(after.redirectedTerm('offices', 'field-office')?.id).toBe(office.id);
    expect(await lastAudit()).toMatchObject({ action: 'term.rename', actor_label: 'test' });
  });

  it('moves a term to another parent or to the top, and refuses cycles changing nothing', async () => {
    const members = await term('places', 'members');
    const { id: observers } = await createTerm(
      db(),
      { vocabulary: 'places', labels: { en: 'Observers' } },
      change(),
    );
    const freedonia = await term('places', 'freedonia');
    await moveTerm(db(), freedonia.id, observers, change());
    expect((await taxonomy()).term(freedonia.id)!.parentId).toBe(observers);
    expect(await lastAudit()).toMatchObject({ action: 'term.move', subject_id: String(freedonia.id) });

    await moveTerm(db(), observers, members.id, change());
    const before = await snapshot();
    await expect(moveTerm(db(), members.id, freedonia.id, change())).rejects.toMatchObject({
      code: 'DL_TERM_CYCLE',
    });
    await expect(moveTerm(db(), members.id, members.id, change())).rejects.toMatchObject({
      code: 'DL_TERM_CYCLE',
    });
    expect(await snapshot()).toEqual(before);
    await moveTerm(db(), observers, null, change());
    expect((await taxonomy()).term(observers)!.parentId).toBeNull();
  });

  it('merges a term: items retagged once with the stronger origin, children, relations and redirects follow', async () => {
    const t = await taxonomy();
    const { id: sourceId } = await createTerm(
      db(),
      { vocabulary: 'topics', slug: 'rivers', labels: { en: 'Rivers' }, aliases: ['waterways'] },
      change(),
    );
    await site.app.site.freshness();
    const water = t.termBySlug('topics', 'water')!;
    // Tagged with both: an editor's source tag beats a machine's target tag.
    const both = await site.addItem(
      pressRelease({
        sources: HQ,
        tags: [
          { vocabulary: 'topics', slug: 'rivers' },
          { vocabulary: 'topics', slug: 'water', origin: 'machine', confidence: 0.6 },
        ],
      }),
    );
    const onlySource = await site.addItem(
      pressRelease({
        sources: HQ,
        tags: [{ vocabulary: 'topics', slug: 'rivers', origin: 'machine', confidence: 0.9 }],
      }),
    );
    const untouched = await site.addItem(
      pressRelease({ sources: HQ, tags: [{ vocabulary: 'topics', slug: 'roads' }] }),
    );
    // A former slug of the source keeps redirecting, now to the target.
    await renameTerm(
      db(),
      { termId: sourceId, language: 'en', label: 'River basins', effectiveOn: '2026-01-01' },
      clock.now(),
    );
    clock.advance(60_000);

    await mergeTerms(db(), sourceId, water.id, change());

    const tags = await db()
      .selectFrom('item_tags')
      .selectAll()
      .where('item_id', 'in', [both, onlySource])
      .orderBy('item_id')
      .execute();
    expect(
      tags.map((r) => ({ ...r, confidence: r.confidence === null ? null : Number(r.confidence) })),
    ).toEqual([
      { item_id: both, term_id: water.id, origin: 'editor', confidence: null },
      { item_id: onlySource, term_id: water.id, origin: 'machine', confidence: 0.9 },
    ]);
    const listing = await db()
      .selectFrom('term_listing')
      .select(['item_id', 'term_id'])
      .where('item_id', 'in', [both, onlySource])
      .where('term_id', 'in', [sourceId, water.id])
      .orderBy('item_id')
      .execute();
    expect(listing).toEqual([
      { item_id: both, term_id: water.id },
      { item_id: onlySource, term_id: water.id },
    ]);
    const updated = await db().selectFrom('items').select(['id', 'updated_at']).orderBy('id').execute();
    const touched = updated.filter((r) => r.updated_at === clock.now().toISOString()).map((r) => r.id);
    expect(touched).toEqual([both, onlySource]);
    expect(touched).not.toContain(untouched);

    const after = await taxonomy();
    expect(after.term(sourceId)).toBeUndefined();
    expect(after.redirectedTerm('topics', 'rivers')?.id).toBe(water.id);
    expect(after.redirectedTerm('topics', 'river-basins')?.id).toBe(water.id);
    expect(after.term(water.id)!.aliases).toEqual(
      expect.arrayContaining(['River basins', 'Rivers', 'waterways']),
    );
    expect(await lastAudit()).toMatchObject({ action: 'term.merge', subject_id: String(water.id) });
  });

  it('merges a group into one of its members without a cycle; the relation moves to the target', async () => {
    const { id: group } = await createTerm(
      db(),
      { vocabulary: 'places', labels: { en: 'Old group' } },
      change(),
    );
    const { id: member } = await createTerm(
      db(),
      { vocabulary: 'places', labels: { en: 'Old member' }, parentId: group },
      change(),
    );
    const { id: sibling } = await createTerm(
      db(),
      { vocabulary: 'places', labels: { en: 'Old sibling' }, parentId: group },
      change(),
    );
    await setChairpersonship(db(), 2030, group, change());
    await mergeTerms(db(), group, member, change());
    const after = await taxonomy();
    expect(after.term(member)!.parentId).toBeNull();
    expect(after.term(sibling)!.parentId).toBe(member);
    expect(after.relationHolder('chairpersonship', '2030-06-01')?.id).toBe(member);
  });

  it('refuses merging a term into itself or across vocabularies, changing nothing', async () => {
    const before = await snapshot();
    const roads = await term('topics', 'roads');
    const ruritania = await term('places', 'ruritania');
    await expect(mergeTerms(db(), roads.id, roads.id, change())).rejects.toMatchObject({
      code: 'DL_TERM_SELF_MERGE',
    });
    await expect(mergeTerms(db(), roads.id, ruritania.id, change())).rejects.toMatchObject({
      code: 'DL_TERM_VOCABULARY',
    });
    await expect(mergeTerms(db(), roads.id, 999_999, change())).rejects.toMatchObject({
      code: 'DL_NOT_FOUND',
    });
    expect(await snapshot()).toEqual(before);
  });

  it('closes a term with an end date and successor, refuses bad dates, and reopens it', async () => {
    const roads = await term('topics', 'roads');
    const water = await term('topics', 'water');
    const before = await snapshot();
    await expect(closeTerm(db(), roads.id, { validTo: '2025-13-01' }, change())).rejects.toMatchObject({
      code: 'DL_VALIDATION',
    });
    await expect(
      closeTerm(db(), roads.id, { validTo: '2025-06-30', successorId: roads.id }, change()),
    ).rejects.toMatchObject({
      code: 'DL_VALIDATION',
    });
    expect(await snapshot()).toEqual(before);
    await closeTerm(db(), roads.id, { validTo: '2025-06-30', successorId: water.id }, change());
    expect((await taxonomy()).term(roads.id)).toMatchObject({
      status: 'closed',
      validTo: '2025-06-30',
      successorId: water.id,
    });
    expect((await lastAudit()).action).toBe('term.close');
    await reopenTerm(db(), roads.id, change());
    expect((await taxonomy()).term(roads.id)).toMatchObject({
      status: 'active',
      validTo: null,
      successorId: null,
    });
    expect((await lastAudit()).action).toBe('term.reopen');
  });

  it("sets a year's chairpersonship, replacing that year's holder only; refuses other vocabularies", async () => {
    const freedonia = await term('places', 'freedonia');
    await setChairpersonship(db(), 2010, freedonia.id, change());
    const after = await taxonomy();
    expect(after.relationHolder('chairpersonship', '2010-07-01')?.slug).toBe('freedonia');
    expect(after.relationHolder('chairpersonship', '2011-07-01')?.slug).toBe('freedonia');
    expect(after.relationHolder('chairpersonship', '2025-07-01')?.slug).toBe('ruritania');
    expect(after.relations.filter((r) => r.validFrom.startsWith('2010'))).toHaveLength(1);
    expect(await lastAudit()).toMatchObject({ action: 'relation.chairpersonship' });

    const before = await snapshot();
    const water = await term('topics', 'water');
    await expect(setChairpersonship(db(), 2012, water.id, change())).rejects.toMatchObject({
      code: 'DL_TERM_VOCABULARY',
    });
    await expect(setChairpersonship(db(), 12, freedonia.id, change())).rejects.toMatchObject({
      code: 'DL_VALIDATION',
    });
    expect(await snapshot()).toEqual(before);
  });
});
