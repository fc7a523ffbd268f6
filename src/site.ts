/**
 * The running site: configuration, profile, database, taxonomy snapshot, clock and caches,
 * handed to every route. Built once by `openSite`, closed with the app.
 */
import { type DatabaseHandle, openDatabase } from './db/connection.js';
import { ensureSchema } from './db/migrate.js';
import { readContentVersion } from './db/site-state.js';
import { type Config, profileDir } from './config.js';
import { type Clock, nextVisibilityChange, systemClock } from './modules/content/visibility.js';
import { loadProfile, type Profile } from './modules/taxonomy/profile.js';
import { Taxonomy } from './modules/taxonomy/taxonomy.js';
import { syncProfileIfChanged } from './modules/taxonomy/taxonomy.repo.js';
import { PageCache } from './web/page-cache.js';

export interface Site {
  readonly config: Config;
  readonly profile: Profile;
  readonly database: DatabaseHandle;
  readonly clock: Clock;
  readonly pageCache: PageCache;
  /** The current taxonomy snapshot (refreshed when the content version moves). */
  taxonomy(): Taxonomy;
  /**
   * The content version and the instant until which pages rendered at it stay true (the next
   * embargo). The version written by other processes is re-read at most every
   * `versionCheckMs`; the embargo instant is compared with the clock on every call, so cached
   * pages never outlive an embargo.
   */
  freshness(): Promise<{ version: number; validUntil: string | null }>;
  /**
   * The content version when it is known to be current without touching the database (no
   * version check due, no embargo reached), else undefined: the hot path of cached pages and 304s.
   */
  currentVersion(): number | undefined;
  /** Tells the site that this process wrote content: caches and taxonomy refresh on the next read. */
  contentChanged(): void;
  close(): Promise<void>;
}

export interface SiteOptions {
  readonly clock?: Clock;
  /** An already open database (tests); otherwise DATABASE_URL is opened. */
  readonly database?: DatabaseHandle;
  /** Write the profile's vocabularies and terms into the database at start (default true). */
  readonly syncProfile?: boolean;
}

/** Opens the database, checks the schema, loads the profile and taxonomy. */
export async function openSite(config: Config, options: SiteOptions = {}): Promise<Site> {
  const clock = options.clock ?? systemClock;
  const database = options.database ?? openDatabase(config.databaseUrl);
  try {
    await ensureSchema(database, config.migrateOnStart);
    const profile = loadProfile(profileDir(config));
    if (options.syncProfile !== false) await syncProfileIfChanged(database.db, profile, clock.now());
    let taxonomy = await Taxonomy.load(database.db);
    let known = { version: -1, validUntil: null as string | null };
    let validUntilMs = Number.POSITIVE_INFINITY;
    let checkedAt = Number.NEGATIVE_INFINITY;
    const pageCache = new PageCache(config.pageCacheEntries);
    const refresh = async (version: number) => {
      if (version !== known.version) taxonomy = await Taxonomy.load(database.db);
      known = { version, validUntil: await nextVisibilityChange(database.db, clock.now()) };
      validUntilMs = known.validUntil === null ? Number.POSITIVE_INFINITY : Date.parse(known.validUntil);
      pageCache.clear();
    };
    return {
      config,
      profile,
      database,
      clock,
      pageCache,
      taxonomy: () => taxonomy,
      currentVersion() {
        // Real elapsed time for polling; the injectable clock for visibility.
        if (performance.now() - checkedAt >= config.versionCheckMs) return undefined;
        if (clock.now().getTime() >= validUntilMs) return undefined;
        return known.version;
      },
      async freshness() {
        if (performance.now() - checkedAt >= config.versionCheckMs) {
          checkedAt = performance.now();
          const version = await readContentVersion(database.db);
          if (version !== known.version) await refresh(version);
        }
        if (clock.now().getTime() >= validUntilMs) await refresh(known.version);
        return known;
      },
      contentChanged() {
        checkedAt = Number.NEGATIVE_INFINITY;
      },
      close: () => (options.database ? Promise.resolve() : database.close()),
    };
  } catch (error) {
    if (!options.database) await database.close();
    throw error;
  }
}
