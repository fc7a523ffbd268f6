/** `dateline enrich suggest` driven through commander, with the real taxonomy and gazetteer. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OSCE_PROFILE } from '../../test/site.js';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { loadGazetteer } from '../modules/enrich/countries.js';
import { TagSuggester } from '../modules/enrich/suggest.js';
import { loadProfile } from '../modules/taxonomy/profile.js';
import { Taxonomy } from '../modules/taxonomy/taxonomy.js';
import { syncProfile } from '../modules/taxonomy/taxonomy.repo.js';
import { type EnrichCommandDeps, registerEnrichCommand, suggestJsonLines } from './enrich.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-enrich-'));
let suggester: TagSuggester;

beforeAll(async () => {
  const handle = openDatabase('sqlite::memory:');
  await migrateToLatest(handle);
  await syncProfile(handle.db, loadProfile(OSCE_PROFILE), new Date());
  suggester = new TagSuggester(await Taxonomy.load(handle.db), {
    gazetteer: loadGazetteer(OSCE_PROFILE),
    organizationNames: ['OSCE'],
  });
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
  // Commander's own usage errors go to our stderr, not the test runner's.
  const program = new Command()
    .exitOverride()
    .configureOutput({ writeErr: (text) => void stderr.write(text) });
  registerEnrichCommand(program, {
    openSuggester: async () => {
      opened++;
      return { suggester, close: async () => void closed++ };
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
  JSON.stringify({
    title: 'ODIHR opens office',
    body: '"We are ready," said Ana Berg, Director of ODIHR. The OSCE Mission to Skopje helped.',
    date: '2020-01-10',
    language: 'fr',
  }),
  JSON.stringify({ body: 'x', language: 7 }),
].join('\n');

describe('dateline enrich suggest', () => {
  it('reads a JSONL file: one line out per line in, every kind of tag and the people, errors numbered', async () => {
    const file = path.join(dir, 'items.jsonl');
    fs.writeFileSync(file, `${ITEMS}\n`);
    const { lines, stderr, opened, closed } = await run([file]);
    expect(lines).toHaveLength(8);
    const [serbia, broken, macedonia, badTitle, array, nothing, odihr, badLanguage] = lines;
    expect(serbia).toEqual({
      tags: [
        {
          vocabulary: 'countries',
          slug: 'serbia',
          label: 'Serbia',
          confidence: expect.any(Number),
          evidence: ['Serbia', 'Belgrade', 'Novi Sad'],
          kind: 'country',
        },
        // No classifier is stored here: a field of work named in the title is a mention.
        expect.objectContaining({ vocabulary: 'fields-of-work', slug: 'elections', kind: 'mention' }),
      ],
      people: [],
    });
    expect(broken).toEqual({ error: expect.stringMatching(/^DL_VALIDATION: not JSON/), line: 2 });
    expect((macedonia!.tags as { slug: string }[]).map((s) => s.slug)).toEqual(['north-macedonia']);
    expect(badTitle).toEqual({ error: 'DL_VALIDATION: "title" must be a string', line: 5 });
    expect(array).toEqual({ error: 'DL_VALIDATION: each line must be a JSON object', line: 6 });
    expect(nothing).toEqual({ tags: [], people: [] });
    expect((odihr!.tags as { kind: string; slug: string }[]).map((t) => [t.kind, t.slug])).toEqual(
      expect.arrayContaining([
        ['mention', 'odihr'],
        ['mention', 'mission-to-skopje'],
      ]),
    );
    expect(odihr!.people).toEqual([
      { name: 'Ana Berg', role: 'Director of ODIHR', evidence: [expect.stringContaining('We are ready')] },
    ]);
    expect(badLanguage).toEqual({ error: 'DL_VALIDATION: "language" must be a language code', line: 9 });
    expect(stderr).toMatch(/Suggested tags for 4 items; 4 invalid lines/);
    expect([opened, closed]).toEqual([1, 1]);
  });

  it('leaves out tags under --min-confidence, and refuses a value outside 0..1', async () => {
    const line = JSON.stringify({
      title: 'HCNM visits Riga',
      body: 'The visit ended.\n\nLater, talks on Latvian schools also touched on Estonia.',
    });
    const all = (await run([], { stdin: Readable.from([`${line}\n`]) })).lines[0]!.tags as {
      confidence: number;
    }[];
    expect(all.length).toBeGreaterThan(1);
    const cut = (all[0]!.confidence + all[all.length - 1]!.confidence) / 2;
    const some = (await run(['--min-confidence', String(cut)], { stdin: Readable.from([`${line}\n`]) }))
      .lines[0]!.tags as { confidence: number }[];
    expect(some.length).toBeGreaterThan(0);
    expect(some.length).toBeLessThan(all.length);
    for (const t of some) expect(t.confidence).toBeGreaterThanOrEqual(cut);
    for (const value of ['2', '-0.5', 'high', ''])
      await expect(run(['--min-confidence', value], { stdin: Readable.from([]) })).rejects.toBeInstanceOf(
        CommanderError,
      );
  });

  it('reads stdin when no file is given, or "-"', async () => {
    for (const args of [[], ['-']]) {
      const stdin = Readable.from([`${JSON.stringify({ title: 'Türkiye', body: 'Talks in Ankara.' })}\n`]);
      const { lines } = await run(args, { stdin });
      expect(lines).toEqual([{ tags: [expect.objectContaining({ slug: 'turkiye' })], people: [] }]);
    }
  });

  it('waits for a slow reader instead of piling lines up in memory', async () => {
    let most = 0;
    const received: string[] = [];
    const output = new Writable({
      highWaterMark: 16,
      write(chunk: Buffer, _encoding, done) {
        most = Math.max(most, output.writableLength);
        received.push(chunk.toString('utf8'));
        setTimeout(done, 1);
      },
    });
    const items = Array.from(
      { length: 20 },
      (_, i) => `${JSON.stringify({ body: `Talks in Ankara ${i}.` })}\n`,
    );
    const counts = await suggestJsonLines(suggester, Readable.from(items), output);
    expect(counts).toEqual({ lines: 20, errors: 0 });
    expect(received).toHaveLength(20);
    // One line at a time in the buffer: 20 lines of ~200 bytes would otherwise be waiting.
    expect(most).toBeLessThan(400);
  });

  it('fails on a missing file before opening the site', async () => {
    let opened = 0;
    const program = new Command().exitOverride();
    registerEnrichCommand(program, {
      openSuggester: async () => {
        opened++;
        return { suggester, close: async () => undefined };
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
      expect(JSON.parse(out())).toEqual({
        tags: [expect.objectContaining({ slug: 'serbia', kind: 'country' })],
        people: [],
      });
    } finally {
      if (previous === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = previous;
    }
  });
});
