/** `dateline migrate`: apply pending migrations to DATABASE_URL. */
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest, pendingMigrations } from '../db/migrate.js';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('Apply pending database migrations')
    .option('--status', 'only list pending migrations')
    .action(async (options: { status?: boolean }) => {
      const config = loadConfig();
      const handle = openDatabase(config.databaseUrl);
      try {
        if (options.status) {
          const pending = await pendingMigrations(handle);
          process.stdout.write(
            pending.length ? `Pending: ${pending.join(', ')}\n` : 'Schema is up to date.\n',
          );
          return;
        }
        const applied = await migrateToLatest(handle);
        process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Schema is up to date.\n');
      } finally {
        await handle.close();
      }
    });
}
