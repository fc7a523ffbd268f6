/**
 * Before any test file: find PostgreSQL. DATELINE_TEST_POSTGRES_URL wins; otherwise the local
 * server this project's machines run is tried, so `npm test` covers both dialects out of the box.
 * Without one, PostgreSQL suites are skipped with a warning — except under CI=true, where that fails.
 */
import pg from 'pg';

const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/test';

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export default async function setup(): Promise<void> {
  const url = process.env.DATELINE_TEST_POSTGRES_URL ?? LOCAL_POSTGRES;
  if (await reachable(url)) {
    process.env.DATELINE_TEST_POSTGRES_URL = url;
    return;
  }
  if (process.env.CI === 'true') throw new Error(`PostgreSQL is not reachable at ${url}; CI requires it.`);
  delete process.env.DATELINE_TEST_POSTGRES_URL;
  process.stderr.write(`\n⚠ PostgreSQL not reachable at ${url}: PostgreSQL suites are skipped.\n\n`);
}
