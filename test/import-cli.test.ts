/** The import command as an operator runs it: JSON preview, and a crash halfway that loses and duplicates nothing. */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = path.join(import.meta.dirname, '..', 'bin', 'dateline.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-import-'));
const pages = path.join(dir, 'pages');
const dbFile = path.join(dir, 'import.db');
const env = { ...process.env, DATABASE_URL: `sqlite:${dbFile}`, LOG_LEVEL: 'silent' };
const PAGES = 300;

fs.mkdirSync(pages);
for (let i = 0; i < PAGES; i++) {
  fs.writeFileSync(
    path.join(pages, `page-${String(i).padStart(4, '0')}.txt`),
    `Press release\nWorkshop number ${i} on border management held in Skopje\n- Source:\n- OSCE Mission to Skopje\n- Fields of work:\n- Border management\n` +
      `SKOPJE, ${1 + (i % 28)} March 2018 – Officials met for workshop number ${i} on border management.\nThe workshop ended with recommendations.\n`,
  );
}

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const items = () => {
  if (!fs.existsSync(dbFile)) return { n: 0, hashes: 0 };
  const db = new Database(dbFile, { readonly: true });
  try {
    return db.prepare('select count(*) as n, count(distinct content_hash) as hashes from items').get() as {
      n: number;
      hashes: number;
    };
  } catch {
    return { n: 0, hashes: 0 };
  } finally {
    db.close();
  }
};

describe('dateline import (CLI)', () => {
  it('previews with --dry-run --json: one JSON object per file, nothing written', async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      [
        BIN,
        'import',
        '--dry-run',
        '--json',
        path.join(pages, 'page-0001.txt'),
        path.join(pages, 'page-0002.txt'),
      ],
      { env },
    );
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      outcome: 'would-create',
      item: { title: 'Workshop number 1 on border management held in Skopje', datelinePlace: 'SKOPJE' },
    });
    expect(lines[0].tags).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          term: 'field-operations/mission-to-skopje',
          evidence: 'OSCE Mission to Skopje',
        }),
      ]),
    );
    expect(stderr).toMatch(/2 item\(s\) from 2 source\(s\): 0 created, 2 would be created/);
    expect(items().n).toBe(0);
  });

  it('imports every page exactly once after being killed halfway (kill -9) and rerun', async () => {
    const child = spawn(process.execPath, [BIN, 'import', pages], { env, stdio: 'ignore' });
    const started = Date.now();
    while (items().n < 40 && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const halfway = items().n;
    expect(halfway).toBeGreaterThan(0);
    expect(halfway).toBeLessThan(PAGES);
    const rerun = await run(process.execPath, [BIN, 'import', pages], { env });
    expect(rerun.stderr).toMatch(
      new RegExp(
        `${PAGES} item\\(s\\) from ${PAGES} source\\(s\\): ${PAGES - halfway} created, 0 would be created, ${halfway} skipped, 0 failed`,
      ),
    );
    expect(items()).toEqual({ n: PAGES, hashes: PAGES });
  }, 120_000);

  it('exits non-zero with a clear message for a missing path', async () => {
    const failure = await run(process.execPath, [BIN, 'import', path.join(dir, 'nope')], { env }).catch(
      (e: { stderr: string; code: number }) => e,
    );
    expect((failure as { code: number }).code).toBe(1);
    expect((failure as { stderr: string }).stderr).toMatch(/No such file or folder/);
  });
});
