import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/databases.js';
import { MINI_PROFILE } from '../../../test/site.js';
import { DatelineError } from '../../errors.js';
import { loadProfile } from './profile.js';
import { isTermValidOn, Taxonomy } from './taxonomy.js';
import { syncProfile, syncProfileIfChanged } from './taxonomy.repo.js';
import { renameTerm } from './taxonomy.service.js';

const NOW = new Date('2026-01-01T00:00:00Z');

describeEachDialect('taxonomy', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    await syncProfile(database.db, loadProfile(MINI_PROFILE), NOW);
  });
  afterAll(() => database.drop());

  it('loads vocabularies, hierarchy, aliases and attributes from the profile', async () => {
    const taxonomy = await Taxonomy.load(database.db);
    expect(taxonomy.vocabularies.map((v) => v.slug)).toEqual(['topics', 'places', 'offices']);
    const members = taxonomy.termBySlug('places', 'members')!;
    expect(taxonomy.children(members.id).map((t) => t.slug)).toEqual(['ruritania', 'freedonia']);
    const ruritania = taxonomy.termBySlug('places', 'ruritania')!;
    expect(taxonomy.ancestors(ruritania).map((t) => t.slug)).toEqual(['members']);
    expect(ruritania.attributes).toMatchObject({ iso2: 'RU', capital: 'Strelsau' });
    expect(taxonomy.termBySlug('topics', 'water')!.labels).toEqual({ en: 'Water', fr: 'Eau' });
    expect(taxonomy.vocabulary('offices')!.isSource).toBe(true);
    const office = taxonomy.termBySlug('offices', 'field-office')!;
    expect(office.aliases).toContain('Centre in Freedonia');
  });

  it('knows closed terms, validity and successors', async () => {
    const taxonomy = await Taxonomy.load(database.db);
    const old = taxonomy.termBySlug('topics', 'old-topic')!;
    expect(old.status).toBe('closed');
    expect(taxonomy.term(old.successorId!)!.slug).toBe('roads');
    expect(isTermValidOn(old, '2015-12-31')).toBe(true);
    expect(isTermValidOn(old, '2016-01-01')).toBe(false);
  });

  it('answers which state held the chairpersonship on a date', async () => {
    const taxonomy = await Taxonomy.load(database.db);
    expect(taxonomy.relationHolder('chairpersonship', '2010-06-01')?.slug).toBe('ruritania');
    expect(taxonomy.relationHolder('chairpersonship', '2011-01-01')?.slug).toBe('freedonia');
    expect(taxonomy.relationHolder('chairpersonship', '2012-01-01')).toBeUndefined();
  });

  it('is idempotent: syncing twice changes nothing', async () => {
    const count = async () =>
      (
        await database.db
          .selectFrom('terms')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const before = Number(await count());
    await syncProfile(database.db, loadProfile(MINI_PROFILE), NOW);
    expect(Number(await count())).toBe(before);
  });

  it('writes the profile again at start only when it changed, so newsroom edits survive a restart', async () => {
    const profile = loadProfile(MINI_PROFILE);
    await syncProfileIfChanged(database.db, profile, NOW);
    const roads = (await Taxonomy.load(database.db)).termBySlug('topics', 'roads')!;
    // An editor closes the term in the newsroom; the server restarts with the same profile.
    await database.db
      .updateTable('terms')
      .set({ status: 'closed', valid_to: '2025-06-30' })
      .where('id', '=', roads.id)
      .execute();
    expect(await syncProfileIfChanged(database.db, profile, NOW)).toBe(false);
    expect((await Taxonomy.load(database.db)).term(roads.id)).toMatchObject({
      status: 'closed',
      validTo: '2025-06-30',
    });
    // A new version of the profile is written, and its terms take the profile's values.
    const changed = { ...profile, relations: [...profile.relations] };
    changed.relations.pop();
    expect(await syncProfileIfChanged(database.db, changed, NOW)).toBe(true);
    expect((await Taxonomy.load(database.db)).term(roads.id)?.status).toBe('active');
  });

  it('keeps former slugs as redirects', async () => {
    const taxonomy = await Taxonomy.load(database.db);
    expect(taxonomy.redirectedTerm('topics', 'highways')?.slug).toBe('roads');
  });

  it('renames a term: old slug redirects, old label kept as a former name, profile sync keeps the rename', async () => {
    const before = await Taxonomy.load(database.db);
    const water = before.termBySlug('topics', 'water')!;
    await renameTerm(
      database.db,
      { termId: water.id, language: 'en', label: 'Water resources', effectiveOn: '2025-12-31' },
      NOW,
    );
    await syncProfile(database.db, loadProfile(MINI_PROFILE), NOW);
    const after = await Taxonomy.load(database.db);
    const renamed = after.term(water.id)!;
    expect(renamed.slug).toBe('water-resources');
    expect(renamed.labels.en).toBe('Water resources');
    expect(renamed.aliases).toContain('Water');
    expect(after.redirectedTerm('topics', 'water')?.id).toBe(water.id);
    expect(after.termBySlug('topics', 'water')).toBeUndefined();
  });

  it('refuses a rename onto a slug another term uses, and changes nothing', async () => {
    const taxonomy = await Taxonomy.load(database.db);
    const roads = taxonomy.termBySlug('topics', 'roads')!;
    await expect(
      renameTerm(
        database.db,
        { termId: roads.id, language: 'en', label: 'Old topic', effectiveOn: '2025-01-01' },
        NOW,
      ),
    ).rejects.toMatchObject({
      code: 'DL_CONFLICT',
    });
    expect((await Taxonomy.load(database.db)).term(roads.id)!.slug).toBe('roads');
  });
});

describe('profile validation', () => {
  function brokenProfile(mutate: (dir: string) => void): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-profile-'));
    fs.cpSync(MINI_PROFILE, dir, { recursive: true });
    mutate(dir);
    return dir;
  }

  it('reports every problem of a broken profile at once, with where it is', () => {
    const dir = brokenProfile((d) => {
      const file = path.join(d, 'vocabularies', 'topics.json');
      const topics = JSON.parse(fs.readFileSync(file, 'utf8'));
      topics.terms.push({ slug: 'Bad Slug', labels: { en: 'x' } });
      topics.terms.push({ slug: 'roads', labels: { en: 'duplicate' } });
      topics.terms[0].validFrom = '21 May 2010';
      topics.terms[2].successor = 'nowhere';
      fs.writeFileSync(file, JSON.stringify(topics));
    });
    let error: unknown;
    try {
      loadProfile(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatelineError);
    const message = (error as Error).message;
    expect(message).toMatch(/Bad Slug/);
    expect(message).toMatch(/"roads" is used twice/);
    expect(message).toMatch(/21 May 2010/);
    expect(message).toMatch(/successor "nowhere"/);
  });

  it('rejects a vocabulary slug that would shadow a content type URL', () => {
    const dir = brokenProfile((d) => {
      const file = path.join(d, 'vocabularies', 'topics.json');
      const topics = JSON.parse(fs.readFileSync(file, 'utf8'));
      topics.slug = 'news';
      fs.writeFileSync(path.join(d, 'vocabularies', 'news.json'), JSON.stringify(topics));
      const profile = JSON.parse(fs.readFileSync(path.join(d, 'profile.json'), 'utf8'));
      profile.vocabularies = ['news', 'places', 'offices'];
      fs.writeFileSync(path.join(d, 'profile.json'), JSON.stringify(profile));
    });
    expect(() => loadProfile(dir)).toThrow(/reserved/);
  });

  it('rejects a query key the search language or its URLs already use', () => {
    const dir = brokenProfile((d) => {
      const file = path.join(d, 'vocabularies', 'topics.json');
      const topics = JSON.parse(fs.readFileSync(file, 'utf8'));
      topics.queryKey = 'source';
      fs.writeFileSync(file, JSON.stringify(topics));
    });
    expect(() => loadProfile(dir)).toThrow(/queryKey "source" is reserved/);
  });

  it('reports unparseable JSON with the file name', () => {
    const dir = brokenProfile((d) => fs.writeFileSync(path.join(d, 'vocabularies', 'places.json'), '{ nope'));
    expect(() => loadProfile(dir)).toThrow(/places\.json/);
  });
});
