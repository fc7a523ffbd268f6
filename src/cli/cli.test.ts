/** The `dateline` command as a user runs it: a real process, a real database file. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = path.join(import.meta.dirname, '..', '..', 'bin', 'dateline.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-cli-'));
const env = { ...process.env, DATABASE_URL: `sqlite:${path.join(dir, 'cli.db')}`, LOG_LEVEL: 'silent' };

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('dateline CLI', () => {
  it('lists every command in --help', async () => {
    const { stdout } = await run(process.execPath, [BIN, '--help'], { env });
    for (const command of ['serve', 'migrate', 'demo'])
      expect(stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
  });

  it('loads demo items with progress, and a rerun adds nothing twice', async () => {
    const first = await run(process.execPath, [BIN, 'demo', '--items', '40', '--seed', '7'], { env });
    expect(first.stderr).toMatch(/Demo items: 40\/40 \(100%\)/);
    const count = () => {
      const db = new Database(path.join(dir, 'cli.db'), { readonly: true });
      const n = (db.prepare('select count(*) as n from items').get() as { n: number }).n;
      db.close();
      return n;
    };
    expect(count()).toBeGreaterThanOrEqual(40);
    const before = count();
    const second = await run(process.execPath, [BIN, 'demo', '--items', '40', '--seed', '7'], { env });
    expect(second.stderr).toMatch(/Created 0 items/);
    expect(count()).toBe(before);
  });

  it('rejects a bad option value with a clear message and no stack trace', async () => {
    const failure = await run(process.execPath, [BIN, 'demo', '--items', 'lots'], { env }).catch(
      (e: { stderr: string; code: number }) => e,
    );
    expect((failure as { code: number }).code).toBe(1);
    expect((failure as { stderr: string }).stderr).toMatch(/must be a whole number/);
    expect((failure as { stderr: string }).stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('reports every invalid setting at once', async () => {
    const failure = await run(process.execPath, [BIN, 'migrate'], {
      env: { ...env, PORT: 'x', SITE_TIME_ZONE: 'Nowhere' },
    }).catch((e: { stderr: string; code: number }) => e);
    expect((failure as { code: number }).code).toBe(1);
    expect((failure as { stderr: string }).stderr).toMatch(/PORT[\s\S]*SITE_TIME_ZONE/);
  });
});
