/**
 * Replicas: a search worker that adopts the building worker's index from shared memory answers
 * exactly as the LiveIndex it came from — after catch-ups (removals, a delta) and after a rebuild.
 */
import { afterAll, expect, it } from 'vitest';
import { bumpContentVersion } from '../../../db/site-state.js';
import { describeEachDialect } from '../../../../test/databases.js';
import { pressRelease } from '../../../../test/factories.js';
import { createTestSite, type TestSite } from '../../../../test/site.js';
import type { EngineQuery, MatchNode } from './execute.js';
import type { Analyzer } from './index-data.js';
import { type IndexSnapshot, LiveIndex, NO_SEGMENT } from './live-index.js';
import { ReplicaIndex } from './replica-index.js';
import { transferOf } from './shared-index.js';

const words: Analyzer = (text, _language, visit) => {
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) visit(word);
};
const query = (overrides: Partial<EngineQuery> = {}): EngineQuery => ({
  text: null,
  filters: new Map(),
  sort: 'relevance',
  offset: 0,
  limit: 20,
  facets: true,
  ...overrides,
});
const word = (w: string): MatchNode => ({ kind: 'word', word: w });

/** postMessage's copy: structured clone, which keeps shared memory shared. */
const posted = (snapshot: IndexSnapshot): IndexSnapshot => structuredClone(snapshot);

describeEachDialect('replica index', (dialect) => {
  let site: TestSite;
  afterAll(() => site.close());

  const queries = (water: number): EngineQuery[] => [
    query(),
    query({ text: word('border') }),
    query({ text: word('water'), sort: 'date' }),
    query({ text: { kind: 'or', children: [word('border'), word('harbour')] }, limit: 2, offset: 1 }),
    query({ text: { kind: 'phrase', words: ['border', 'guards'] } }),
    query({ filters: new Map([['topics', [water]]]), sort: 'date' }),
    query({ text: word('reopened'), facets: false }),
  ];
  const same = (live: LiveIndex, replica: ReplicaIndex, water: number) => {
    const now = site.clock.now().getTime();
    for (const q of queries(water)) expect(replica.search(q, now)).toEqual(live.search(q, now));
  };

  it('answers as the live index it adopted, through its catch-ups, keeping the main segment it holds', async () => {
    site = await createTestSite(dialect);
    site.clock.set('2026-01-01T00:00:00Z');
    const titles = ['Border guards trained', 'Harbour pilots certified', 'Border crossing plans'];
    const ids: number[] = [];
    for (const [i, title] of titles.entries())
      ids.push(
        await site.addItem(
          pressRelease({ title, publishedAt: new Date(Date.UTC(2025, 0, 10 + i)).toISOString() }),
        ),
      );
    const taxonomy = () => site.app.site.taxonomy();
    const water = taxonomy().termBySlug('topics', 'water')!.id;
    const live = await LiveIndex.build({ db: site.database.db, taxonomy, analyze: words, shared: true });
    const first = ReplicaIndex.adopt(
      posted(live.snapshot({ mainId: NO_SEGMENT, deltaId: NO_SEGMENT })),
      null,
      words,
    );
    expect(first.mainData.itemId.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(first.mainData).not.toBe(live.mainData);
    same(live, first, water);

    // An edit (the old version leaves the main segment) and a new item (the delta).
    site.clock.set('2026-01-02T00:00:00Z');
    await site.database.db
      .updateTable('items')
      .set({ title: 'Border crossing reopened', updated_at: site.clock.now().toISOString() })
      .where('id', '=', ids[2]!)
      .execute();
    const added = await site.addItem(
      pressRelease({ title: 'Border guards graduate', publishedAt: '2025-02-01T08:00:00.000Z' }),
    );
    await live.catchUp();
    const snapshot = live.snapshot(first.holds);
    expect(snapshot.main).toBeNull(); // the replica holds it: only removals and the delta travel
    expect(snapshot.removed).toContain(ids[2]);
    expect(snapshot.delta!.docs.map((d) => d.itemId)).toEqual(expect.arrayContaining([ids[2], added]));
    const second = ReplicaIndex.adopt(posted(snapshot), first, words);
    expect(second.mainData).toBe(first.mainData);
    expect(live.search(query({ text: word('reopened') }), site.clock.now().getTime()).total).toBe(1);
    same(live, second, water);

    // Nothing new: nothing travels but the ids, and the answers stay the same.
    const idle = live.snapshot(second.holds);
    expect(idle.main).toBeNull();
    expect(idle.delta).toBeNull();
    same(live, ReplicaIndex.adopt(posted(idle), second, words), water);

    // A snapshot that leaves out a segment the replica lacks is refused, not half-applied.
    expect(() => ReplicaIndex.adopt(posted(idle), null, words)).toThrow(/lacks/);
  });

  it('adopts the new main segment after a background rebuild, told when it is ready', async () => {
    await site.close();
    site = await createTestSite(dialect);
    site.clock.set('2026-01-01T00:00:00Z');
    await site.addItem(pressRelease({ title: 'Border guards trained' }));
    const taxonomy = () => site.app.site.taxonomy();
    const water = taxonomy().termBySlug('topics', 'water')!.id;
    let replaced = 0;
    const live = await LiveIndex.build({
      db: site.database.db,
      taxonomy,
      analyze: words,
      shared: true,
      backgroundRebuildFrom: 0,
      onMainReplaced: () => replaced++,
    });
    const replica = ReplicaIndex.adopt(
      posted(live.snapshot({ mainId: NO_SEGMENT, deltaId: NO_SEGMENT })),
      null,
      words,
    );
    // A term moved in the hierarchy: every document's ancestors change, so the index is rebuilt.
    await site.database.db
      .updateTable('terms')
      .set({ parent_id: taxonomy().termBySlug('topics', 'roads')!.id })
      .where('id', '=', water)
      .execute();
    await bumpContentVersion(site.database.db);
    await site.app.site.freshness();
    await site.addItem(pressRelease({ title: 'Harbour pilots certified' }));
    await live.catchUp();
    await live.idle();
    expect(replaced).toBe(1);
    const snapshot = live.snapshot(replica.holds);
    expect(snapshot.main).not.toBeNull();
    const adopted = ReplicaIndex.adopt(posted(snapshot), replica, words);
    expect(adopted.mainData.size).toBe(2);
    same(live, adopted, water);
  });

  it('hands over only an index in shared memory', async () => {
    const live = await LiveIndex.build({
      db: site.database.db,
      taxonomy: () => site.app.site.taxonomy(),
      analyze: words,
    });
    expect(() => transferOf(live.mainData)).toThrow(/shared memory/);
    expect(() => live.snapshot({ mainId: NO_SEGMENT, deltaId: NO_SEGMENT })).toThrow(/shared memory/);
  });
});
