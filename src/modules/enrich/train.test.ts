import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/databases.js';
import { pressRelease } from '../../../test/factories.js';
import { createTestSite, OSCE_PROFILE, type TestSite } from '../../../test/site.js';
import { loadDemoItems } from '../demo/demo.service.js';
import { loadModel } from './model-store.js';
import {
  bucketOf,
  classifierModelName,
  loadTaggedItems,
  loadTopicClassifier,
  MIN_TAGGED_ITEMS,
  trainTopicClassifier,
} from './train.js';

describeEachDialect('training the fields-of-work classifier', (dialect) => {
  let site: TestSite;
  const now = () => site.clock.now();

  beforeAll(async () => {
    site = await createTestSite(dialect, { profile: OSCE_PROFILE });
    await loadDemoItems(site.database.db, site.app.site.taxonomy(), site.app.site.profile, {
      items: 300,
      seed: 11,
      now: now(),
    });
  });
  afterAll(() => site.close());

  it('learns from the archive: held-back micro-F1 well above chance, stored and reloadable', async () => {
    const progress: number[] = [];
    const result = await trainTopicClassifier(site.database.db, site.app.site.taxonomy(), {
      now: now(),
      onProgress: (done, total) => progress.push(done / total),
    });
    // 23 fields, one to three per item: guessing would score about 0.1.
    expect(result.micro.f1).toBeGreaterThan(0.45);
    expect(result.heldBack).toBeGreaterThan(0.1 * result.items);
    expect(result.heldBack).toBeLessThan(0.3 * result.items);
    expect(result.perLabel.length).toBeGreaterThan(10);
    expect(progress.at(-1)).toBe(1);
    expect(result.summary).toContain(`held-back micro-F1 ${result.micro.f1.toFixed(3)}`);

    const stored = await loadTopicClassifier(site.database.db);
    expect(stored?.version).toBe(result.version);
    const text = 'Police reform and community policing: officers trained on human rights standards.';
    expect(stored!.classifier.predict(text).length).toBeGreaterThan(0);
    const again = await trainTopicClassifier(site.database.db, site.app.site.taxonomy(), { now: now() });
    expect(again.version).toBe(result.version + 1);
    expect(again.micro).toEqual(result.micro);
    expect((await loadModel(site.database.db, classifierModelName('fields-of-work')))?.summary).toBe(
      again.summary,
    );
  });

  it("trains on editors' tags only, and on public items only", async () => {
    const taxonomy = site.app.site.taxonomy();
    const fields = taxonomy.vocabulary('fields-of-work')!;
    const before = await loadTaggedItems(site.database.db, fields.id, now());
    const [first, second] = before;
    await site.database.db
      .updateTable('item_tags')
      .set({ origin: 'machine' })
      .where('item_id', '=', first!.id)
      .execute();
    await site.database.db
      .updateTable('items')
      .set({ visible_from: null })
      .where('id', '=', second!.id)
      .execute();
    const after = await loadTaggedItems(site.database.db, fields.id, now());
    expect(after.map((i) => i.id)).not.toContain(first!.id);
    expect(after.map((i) => i.id)).not.toContain(second!.id);
    expect(after).toHaveLength(before.length - 2);
    expect(after[0]!.labels.every((l) => taxonomy.termBySlug('fields-of-work', l))).toBe(true);
  });

  it('says clearly when a vocabulary is unknown', async () => {
    await expect(
      trainTopicClassifier(site.database.db, site.app.site.taxonomy(), { now: now(), vocabulary: 'no-such' }),
    ).rejects.toMatchObject({
      code: 'DL_VALIDATION',
      message: expect.stringMatching(/no vocabulary "no-such"/),
    });
  });
});

describeEachDialect('training on a small archive', (dialect) => {
  let site: TestSite;
  beforeAll(async () => {
    site = await createTestSite(dialect);
  });
  afterAll(() => site.close());

  it('refuses to train on fewer tagged items than the minimum', async () => {
    for (let i = 0; i < 3; i++) await site.addItem(pressRelease());
    await expect(
      trainTopicClassifier(site.database.db, site.app.site.taxonomy(), {
        now: site.clock.now(),
        vocabulary: 'topics',
      }),
    ).rejects.toThrow(new RegExp(`Only 3 public items .* at least ${MIN_TAGGED_ITEMS}`));
    expect(await loadTopicClassifier(site.database.db, 'topics')).toBeNull();
  });
});

it('holds back the same items on every run', () => {
  const buckets = Array.from({ length: 1000 }, (_, i) => bucketOf(`item:${i}`, 5));
  expect(buckets).toEqual(Array.from({ length: 1000 }, (_, i) => bucketOf(`item:${i}`, 5)));
  const share = buckets.filter((b) => b === 0).length / buckets.length;
  expect(share).toBeGreaterThan(0.15);
  expect(share).toBeLessThan(0.25);
});
