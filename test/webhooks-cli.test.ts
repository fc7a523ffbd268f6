/** `dateline webhook …` as an operator runs it: a child process on a real database of each dialect. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listSubscriptions } from '../src/modules/webhooks/webhooks.service.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from './databases.js';
import { MINI_PROFILE } from './site.js';

const exec = promisify(execFile);
const BIN = path.join(import.meta.dirname, '..', 'bin', 'dateline.js');

async function dateline(url: string, args: readonly string[]) {
  const env = { ...process.env, DATABASE_URL: url, DATELINE_PROFILE: MINI_PROFILE, LOG_LEVEL: 'silent' };
  try {
    const { stdout, stderr } = await exec(process.execPath, [BIN, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describeEachDialect('dateline webhook', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(() => database.drop());

  it('refuses a hostile URL with its code and no stack trace, adding nothing', async () => {
    const run = await dateline(database.url, ['webhook', 'add', 'file:///etc/passwd']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('DL_WEBHOOK_URL');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(await listSubscriptions(database.db)).toEqual([]);
  }, 60_000);

  it('adds (showing the secret once), lists without secrets, and removes', async () => {
    const add = await dateline(database.url, [
      'webhook',
      'add',
      'https://hooks.example.org/dateline',
      '--events',
      'item.published,item.withdrawn',
    ]);
    expect(add.code).toBe(0);
    const secret = /Secret[^:]*: (whsec_\S+)/.exec(add.stdout)?.[1];
    expect(secret).toBeDefined();
    const [subscription] = await listSubscriptions(database.db);
    expect(subscription).toMatchObject({
      url: 'https://hooks.example.org/dateline',
      events: ['item.published', 'item.withdrawn'],
      active: true,
    });

    const list = await dateline(database.url, ['webhook', 'list']);
    expect(list.stdout).toContain(`${subscription!.id}\tactive\thttps://hooks.example.org/dateline`);
    expect(list.stdout).not.toContain(secret!);

    const bad = await dateline(database.url, ['webhook', 'deliveries', '--status', 'lost']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('DL_VALIDATION');

    const remove = await dateline(database.url, ['webhook', 'remove', String(subscription!.id)]);
    expect(remove.code).toBe(0);
    expect(await listSubscriptions(database.db)).toEqual([]);
    const again = await dateline(database.url, ['webhook', 'remove', String(subscription!.id)]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('DL_NOT_FOUND');
    // Five CLI processes, each starting Node and TypeScript: 19–24 s on a loaded two-core machine.
  }, 120_000);
});
