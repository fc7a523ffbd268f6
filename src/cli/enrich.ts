/**
 * `dateline enrich suggest [file]`: reads JSONL items (`{"title": …, "body": …, "date"?: …}` per
 * line) from a file or stdin and writes one JSON line per item: `{"suggestions": [...]}`. A line
 * that is not a valid item gets `{"error": "DL_VALIDATION: …", "line": n}` and the rest still run,
 * so one bad record never costs a batch.
 */
import { once } from 'node:events';
import fs from 'node:fs';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';
import { loadConfig, profileDir } from '../config.js';
import { CountryTagger, type CountrySuggestion, loadGazetteer } from '../modules/enrich/countries.js';
import { openSite } from '../site.js';

/** How many non-blank lines were read and how many of them were invalid. */
export interface SuggestCounts {
  readonly lines: number;
  readonly errors: number;
}

type Parsed = { title?: string; body: string; date?: string } | { error: string };

function parseItem(line: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { error: `DL_VALIDATION: not JSON (${(error as Error).message})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { error: 'DL_VALIDATION: each line must be a JSON object' };
  const { title, body, date } = value as Record<string, unknown>;
  if (title !== undefined && title !== null && typeof title !== 'string')
    return { error: 'DL_VALIDATION: "title" must be a string' };
  if (body !== undefined && body !== null && typeof body !== 'string')
    return { error: 'DL_VALIDATION: "body" must be a string' };
  if (typeof title !== 'string' && typeof body !== 'string')
    return { error: 'DL_VALIDATION: a "title" or a "body" is required' };
  if (date !== undefined && date !== null && (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(date)))
    return { error: 'DL_VALIDATION: "date" must be YYYY-MM-DD' };
  return {
    body: typeof body === 'string' ? body : '',
    ...(typeof title === 'string' ? { title } : {}),
    ...(typeof date === 'string' ? { date } : {}),
  };
}

/** Suggests tags for every JSONL item of `input`, one output line per non-blank input line. */
export async function suggestJsonLines(
  tagger: CountryTagger,
  input: Readable,
  output: Writable,
): Promise<SuggestCounts> {
  let lineNumber = 0;
  let lines = 0;
  let errors = 0;
  for await (const line of readline.createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    lineNumber++;
    if (line.trim() === '') continue;
    lines++;
    const item = parseItem(line);
    let result: { suggestions: CountrySuggestion[] } | { error: string; line: number };
    if ('error' in item) {
      errors++;
      result = { error: item.error, line: lineNumber };
    } else {
      result = { suggestions: tagger.suggest(item.body, { title: item.title, date: item.date }) };
    }
    // Respect back-pressure: a large file piped into a slow reader must not pile up in memory.
    if (!output.write(`${JSON.stringify(result)}\n`)) await once(output, 'drain');
  }
  return { lines, errors };
}

/** Where the command gets its tagger and streams; tests pass their own. */
export interface EnrichCommandDeps {
  /** Default: the site's taxonomy (DATABASE_URL, profile synced) and the profile's gazetteer. */
  readonly openTagger?: () => Promise<{ tagger: CountryTagger; close(): Promise<void> }>;
  readonly stdin?: Readable;
  readonly stdout?: Writable;
  readonly stderr?: Writable;
}

async function openSiteTagger(): Promise<{ tagger: CountryTagger; close(): Promise<void> }> {
  const config = loadConfig();
  const site = await openSite(config);
  try {
    return {
      tagger: new CountryTagger(site.taxonomy(), loadGazetteer(profileDir(config))),
      close: () => site.close(),
    };
  } catch (error) {
    await site.close();
    throw error;
  }
}

/** Registers `dateline enrich suggest [file]`. */
export function registerEnrichCommand(program: Command, deps: EnrichCommandDeps = {}): void {
  const enrich = program.command('enrich').description('Suggest tags for texts');
  enrich
    .command('suggest')
    .description(
      'Suggest country tags for JSONL items ({"title", "body", "date"?} per line): one JSON line out per line in',
    )
    .argument('[file]', 'a JSONL file; stdin when absent or "-"')
    .action(async (file: string | undefined) => {
      const input = file && file !== '-' ? fs.createReadStream(file) : (deps.stdin ?? process.stdin);
      // Open the file before the database so a typo fails fast with the operating system's message.
      if (input instanceof fs.ReadStream) await once(input, 'open');
      const { tagger, close } = await (deps.openTagger ?? openSiteTagger)();
      try {
        const counts = await suggestJsonLines(tagger, input, deps.stdout ?? process.stdout);
        (deps.stderr ?? process.stderr).write(
          `Suggested tags for ${counts.lines - counts.errors} items; ${counts.errors} invalid lines.\n`,
        );
      } finally {
        await close();
      }
    });
}
