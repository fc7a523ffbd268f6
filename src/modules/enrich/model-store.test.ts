import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/databases.js';
import { isDatelineError } from '../../errors.js';
import { listModels, loadModel, saveModel } from './model-store.js';

describeEachDialect('model store', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(() => database.drop());

  it('answers null for a model never trained', async () => {
    expect(await loadModel(database.db, 'nothing-yet')).toBeNull();
  });

  it('saves, bumps the version on every save, and loads the latest', async () => {
    const first = await saveModel(database.db, {
      name: 'topics',
      trainedAt: new Date('2025-01-02T03:04:05.000Z'),
      summary: 'first',
      model: { weights: [0.5, -1.25], labels: ['a', 'b'] },
    });
    const second = await saveModel(database.db, {
      name: 'topics',
      trainedAt: new Date('2025-02-03T04:05:06.000Z'),
      summary: 'second',
      model: { toJSON: () => ({ weights: [2], labels: ['c'] }) },
    });
    expect([first, second]).toEqual([1, 2]);
    expect(await loadModel(database.db, 'topics')).toEqual({
      name: 'topics',
      version: 2,
      trainedAt: '2025-02-03T04:05:06.000Z',
      summary: 'second',
      model: { weights: [2], labels: ['c'] },
    });
  });

  it('keeps models of different names apart and lists them without their bodies', async () => {
    await saveModel(database.db, { name: 'other', trainedAt: new Date(0), summary: 's', model: [1] });
    const list = await listModels(database.db);
    expect(list.map((m) => [m.name, m.version])).toEqual([
      ['other', 1],
      ['topics', 2],
    ]);
    expect(list[0]).not.toHaveProperty('model');
  });

  it('refuses a model without a name or that is not JSON, and says a damaged row is damaged', async () => {
    const bad = [
      saveModel(database.db, { name: ' ', trainedAt: new Date(0), summary: '', model: {} }),
      saveModel(database.db, { name: 'fn', trainedAt: new Date(0), summary: '', model: () => 1 }),
    ];
    for (const attempt of bad) await expect(attempt).rejects.toSatisfy(isDatelineError);
    await database.db
      .insertInto('enrich_models')
      .values({
        name: 'broken',
        version: 1,
        trained_at: '2025-01-01T00:00:00.000Z',
        summary: '',
        model_json: '{',
      })
      .execute();
    await expect(loadModel(database.db, 'broken')).rejects.toMatchObject({ code: 'DL_VALIDATION' });
  });
});
