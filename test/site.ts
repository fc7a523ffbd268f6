/** Builds a real app over a real, isolated database for route tests (driven with inject()). */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { type Config, loadConfig } from '../src/config.js';
import type { DialectName } from '../src/db/connection.js';
import type { NewItemInput } from '../src/modules/content/item.types.js';
import { createItem } from '../src/modules/content/items.service.js';
import { TestClock } from './clock.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

export const MINI_PROFILE = path.join(import.meta.dirname, 'fixtures', 'profile-mini');
export const OSCE_PROFILE = path.join(import.meta.dirname, '..', 'profiles', 'osce');

export interface TestSite {
  readonly app: FastifyInstance;
  readonly database: TestDatabase;
  readonly clock: TestClock;
  readonly config: Config;
  /** Creates an item through the content service at the clock's instant. */
  addItem(input: NewItemInput): Promise<number>;
  close(): Promise<void>;
}

/** An app on a fresh database of `dialect` with `profile` synced in. */
export async function createTestSite(
  dialect: DialectName,
  options: { profile?: string; clock?: TestClock; config?: Partial<Config> } = {},
): Promise<TestSite> {
  const database = await createTestDatabase(dialect);
  const clock = options.clock ?? new TestClock();
  const config = loadConfig(
    {},
    {
      profile: options.profile ?? MINI_PROFILE,
      logLevel: 'silent',
      databaseUrl: database.url,
      // Re-read the content version on every request: tests also write behind the site's back.
      versionCheckMs: 0,
      // In-process search: a worker per test site would add a second per suite (tested on its own).
      searchInWorker: false,
      ...options.config,
    },
  );
  const app = await buildApp(config, { clock, database });
  await app.ready();
  return {
    app,
    database,
    clock,
    config,
    addItem: async (input) => {
      const id = await createItem(database.db, input, {
        taxonomy: app.site.taxonomy(),
        languages: app.site.profile.languages,
        now: clock.now(),
      });
      app.site.contentChanged();
      return id;
    },
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
