/** `dateline reindex`: rebuild derived data (visibility instants, term listings) from the database. */
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { ensureSchema } from '../db/migrate.js';
import { rebuildDerived } from '../modules/content/reindex.js';

export function registerReindexCommand(program: Command): void {
  program
    .command('reindex')
    .description('Rebuild everything derived from the database (visibility instants, term listings)')
    .action(async () => {
      const config = loadConfig();
      const handle = openDatabase(config.databaseUrl);
      try {
        await ensureSchema(handle, config.migrateOnStart);
        const started = Date.now();
        process.stderr.write('Rebuilding derived data…\n');
        const rows = await rebuildDerived(handle.db);
        process.stderr.write(
          `Rebuilt ${rows} term listing rows in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`,
        );
      } finally {
        await handle.close();
      }
    });
}
