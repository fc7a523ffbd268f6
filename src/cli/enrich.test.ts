/** `dateline enrich suggest` driven through commander, with the real taxonomy and gazetteer. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OSCE_PROFILE } from '../../test/site.js';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { CountryTagger, loadGazetteer } from '../modules/enrich/countries.js';
import { loadProfile } from '../modules/taxonomy/profile.js';
import { Taxonomy } from '../modules/taxonomy/taxonomy.js';
import { syncProfile } from '../modules/taxonomy/taxonomy.repo.js';
import { type EnrichCommandDeps, registerEnrichCommand } from './enrich.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-enrich-'));
let tagger: CountryTagger;

beforeAll(async () => {
  const handle = openDatabase('sqlite::memory:');
  await migrateToLatest(handle);
  await syncProfile(handle.db, loadProfile(OSCE_PROFILE), new Date());
  tagger = new CountryTagger(await Taxonomy.load(handle.db), loadGazetteer(OSCE_PROFILE));
  await handle.close();
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const collect = (stream: PassThrough) => {
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return () => chunks.join('');
};

async function run(args: string[], deps: Partial<EnrichCommandDeps> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const err = collect(stderr);
  let opened = 0;
  let closed = 0;
  const program = new Command().exitOverride();
  registerEnrichCommand(program, {
    openTagger: async () => {
      opened++;
      return { tagger, close: async () => void closed++ };
    },
    stdout,
    stderr,
    ...deps,
  });
  await program.parseAsync(['enrich', 'suggest', ...args], { from: 'user' });
  const lines = out()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { lines, stderr: err(), opened, closed };
}

const ITEMS = [
  JSON.stringify({ title: 'Elections in Serbia', body: 'Observers in Belgrade and Novi Sad.' }),
  '{"title": "broken',
  '',
  JSON.stringify({ body: 'Macedonia held elections.', date: '2016-12-11' }),
  JSON.stringify({ title: 42, body: 'x' }),
  JSON.stringify(['not', 'an', 'object']),
  JSON.stringify({ body: 'Nothing to see here.' }),
].join('\n');

describe('dateline enrich suggest', () => {
  it('reads a JSONL file: one line out per line in, errors numbered, blank lines skipped', async () => {
    const file = path.join(dir, 'items.jsonl');
    fs.writeFileSync(file, `${ITEMS}\n`);
    const { lines, stderr, opened, closed } = await run([file]);
    expect(lines).toHaveLength(6);
    const [serbia, broken, macedonia, badTitle, array, nothing] = lines;
    expect(serbia).toEqual({
      suggestions: [
        expect.objectContaining({
          vocabulary: 'countries',
          slug: 'serbia',
          label: 'Serbia',
          evidence: ['Serbia', 'Belgrade', 'Novi Sad'],
        }),
      ],
    });
    expect(broken).toEqual({ error: expect.stringMatching(/^DL_VALIDATION: not JSON/), line: 2 });
    expect((macedonia!.suggestions as { slug: string }[]).map((s) => s.slug)).toEqual(['north-macedonia']);
    expect(badTitle).toEqual({ error: 'DL_VALIDATION: "title" must be a string', line: 5 });
    expect(array).toEqual({ error: 'DL_VALIDATION: each line must be a JSON object', line: 6 });
    expect(nothing).toEqual({ suggestions: [] });
    expect(stderr).toMatch(/Suggested tags for 3 items; 3 invalid lines/);
    expect([opened, closed]).toEqual([1, 1]);
  });

  it('reads stdin when no file is given, or "-"', async () => {
    for (const args of [[], ['-']]) {
      const stdin = Readable.from([`${JSON.stringify({ title: 'Türkiye', body: 'Talks in Ankara.' })}\n`]);
      const { lines } = await run(args, { stdin });
      expect(lines).toEqual([{ suggestions: [expect.objectContaining({ slug: 'turkiye' })] }]);
    }
  });

  it('fails on a missing file before opening the site', async () => {
    let opened = 0;
    const program = new Command().exitOverride();
    registerEnrichCommand(program, {
      openTagger: async () => {
        opened++;
        return { tagger, close: async () => undefined };
      },
    });
    await expect(
      program.parseAsync(['enrich', 'suggest', path.join(dir, 'missing.jsonl')], { from: 'user' }),
    ).rejects.toThrow(/ENOENT/);
    expect(opened).toBe(0);
  });

  it('builds its tagger from the site database and the profile gazetteer by default', async () => {
    const previous = process.env.DATABASE_URL;
    process.env.DATABASE_URL = `sqlite:${path.join(dir, 'site.db')}`;
    try {
      const stdout = new PassThrough();
      const out = collect(stdout);
      const program = new Command().exitOverride();
      registerEnrichCommand(program, {
        stdin: Readable.from([
          `${JSON.stringify({ body: 'A workshop in Novi Sad and Niš with Serbian police.' })}\n`,
        ]),
        stdout,
        stderr: new PassThrough(),
      });
      await program.parseAsync(['enrich', 'suggest'], { from: 'user' });
      expect(JSON.parse(out())).toEqual({ suggestions: [expect.objectContaining({ slug: 'serbia' })] });
    } finally {
      if (previous === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = previous;
    }
  });
});
