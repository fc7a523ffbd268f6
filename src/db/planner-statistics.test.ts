import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect } from '../../test/databases.js';
import { noteItemsWritten } from './planner-statistics.js';

describeEachDialect('planner statistics', (dialect) => {
  it(
    dialect === 'sqlite'
      ? 'are never gathered on SQLite'
      : 'are gathered on PostgreSQL each time the items have grown by as much as they held',
    async () => {
      const database = await createTestDatabase(dialect);
      const lastAnalyzed = async () =>
        dialect === 'sqlite'
          ? null
          : ((
              await sql<{
                at: Date | null;
              }>`select last_analyze as at from pg_stat_user_tables where relid = to_regclass('items')`.execute(
                database.db,
              )
            ).rows[0]?.at ?? null);
      try {
        // An empty table: the first analysis once 1,000 items are written, then at 2,000, 4,000…
        expect(await noteItemsWritten(database.db, 999)).toBe(false);
        expect(await noteItemsWritten(database.db, 1)).toBe(dialect === 'postgres');
        if (dialect === 'postgres') {
          // The statistics collector reports asynchronously; give it a moment.
          for (let i = 0; i < 50 && (await lastAnalyzed()) === null; i++)
            await new Promise((r) => setTimeout(r, 100));
          expect(await lastAnalyzed()).not.toBeNull();
        }
        expect(await noteItemsWritten(database.db, 999)).toBe(false);
        expect(await noteItemsWritten(database.db, 1)).toBe(dialect === 'postgres');
        expect(await noteItemsWritten(database.db, 1999)).toBe(false);
        expect(await noteItemsWritten(database.db, 1)).toBe(dialect === 'postgres');
        expect(await noteItemsWritten(database.db, 0)).toBe(false);
      } finally {
        await database.drop();
      }
    },
  );
});
