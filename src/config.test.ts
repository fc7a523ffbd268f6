import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('config', () => {
  it('has working defaults for a fresh checkout', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      databaseUrl: 'sqlite:./data/dateline.db',
      migrateOnStart: false,
    });
  });

  it('reads and converts environment variables', () => {
    const config = loadConfig({
      PORT: '8080',
      MIGRATE_ON_START: 'yes',
      DATABASE_URL: 'postgres://u@h:5432/db',
      PAGE_CACHE_ENTRIES: '0',
    });
    expect(config.port).toBe(8080);
    expect(config.migrateOnStart).toBe(true);
    expect(config.databaseUrl).toBe('postgres://u@h:5432/db');
    expect(config.pageCacheEntries).toBe(0);
  });

  it('reports every invalid setting at once', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: '99999',
        DATABASE_URL: 'mysql://x',
        SITE_TIME_ZONE: 'Mars/Olympus',
        MIGRATE_ON_START: 'maybe',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/PORT.*DATABASE_URL.*SITE_TIME_ZONE.*MIGRATE_ON_START/s);
  });
});
