import { expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect } from '../../test/databases.js';
import { ensureSchema, migrateToLatest, pendingMigrations } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';

describeEachDialect('migrations', (dialect) => {
  it('applies every migration in order on an empty database, then has none pending', async () => {
    const database = await createTestDatabase(dialect, false);
    try {
      expect(await pendingMigrations(database)).toEqual(Object.keys(MIGRATIONS));
      expect(await migrateToLatest(database)).toEqual(Object.keys(MIGRATIONS));
      expect(await pendingMigrations(database)).toEqual([]);
      expect(await migrateToLatest(database)).toEqual([]);
    } finally {
      await database.drop();
    }
  });

  it(
    dialect === 'sqlite'
      ? 'migrates a fresh SQLite database by itself at start'
      : 'refuses to start PostgreSQL on an old schema unless told to migrate',
    async () => {
      const database = await createTestDatabase(dialect, false);
      try {
        if (dialect === 'sqlite') {
          await ensureSchema(database, false);
        } else {
          await expect(ensureSchema(database, false)).rejects.toMatchObject({ code: 'DL_SCHEMA_OUTDATED' });
          expect(await pendingMigrations(database)).not.toEqual([]);
          await ensureSchema(database, true);
        }
        expect(await pendingMigrations(database)).toEqual([]);
      } finally {
        await database.drop();
      }
    },
  );
});
