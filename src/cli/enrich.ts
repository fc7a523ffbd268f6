/**
 * `dateline enrich suggest [file]`: reads JSONL items (`{"title": …, "body": …, "date"?: …,
 * "language"?: …}` per line) from a file or stdin and writes one JSON line per item:
 * `{"tags": [...], "people": [...]}` — countries, named bodies, topics (when a classifier is
 * stored) and the people quoted. A line that is not a valid item gets
 * `{"error": "DL_VALIDATION: …", "line": n}` and the rest still run, so one bad record never costs
 * a batch.
 */
import { once } from 'node:events';
import fs from 'node:fs';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { type Command, InvalidArgumentError } from 'commander';
import { registerEnrichTrainCommand } from './enrich-train.js';
import { loadConfig } from '../config.js';
import { isDatelineError } from '../errors.js';
import { openTagSuggester, type Suggestions, type TagSuggester } from '../modules/enrich/suggest.js';
import { openSite } from '../site.js';

/** How many non-blank lines were read and how many of them were invalid. */
export interface SuggestCounts {
  readonly lines: number;
  readonly errors: number;
}

type Parsed = { title: string; body: string; date?: string; language?: string } | { error: string };

function parseItem(line: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { error: `DL_VALIDATION: not JSON (${(error as Error).message})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { error: 'DL_VALIDATION: each line must be a JSON object' };
  const { title, body, date, language } = value as Record<string, unknown>;
  if (title !== undefined && title !== null && typeof title !== 'string')
    return { error: 'DL_VALIDATION: "title" must be a string' };
  if (body !== undefined && body !== null && typeof body !== 'string')
    return { error: 'DL_VALIDATION: "body" must be a string' };
  if (typeof title !== 'string' && typeof body !== 'string')
    return { error: 'DL_VALIDATION: a "title" or a "body" is required' };
  if (date !== undefined && date !== null && (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(date)))
    return { error: 'DL_VALIDATION: "date" must be YYYY-MM-DD' };
  if (language !== undefined && language !== null && (typeof language !== 'string' || language === ''))
    return { error: 'DL_VALIDATION: "language" must be a language code' };
  return {
    title: typeof title === 'string' ? title : '',
    body: typeof body === 'string' ? body : '',
    ...(typeof date === 'string' ? { date } : {}),
    ...(typeof language === 'string' ? { language } : {}),
  };
}

/** Suggests tags for every JSONL item of `input`, one output line per non-blank input line. */
export async function suggestJsonLines(
  suggester: TagSuggester,
  input: Readable,
  output: Writable,
  options: { minConfidence?: number } = {},
): Promise<SuggestCounts> {
  const minConfidence = options.minConfidence ?? 0;
  let lineNumber = 0;
  let lines = 0;
  let errors = 0;
  for await (const line of readline.createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    lineNumber++;
    if (line.trim() === '') continue;
    lines++;
    const item = parseItem(line);
    let result: Suggestions | { error: string; line: number };
    if ('error' in item) result = { error: item.error, line: lineNumber };
    else {
      try {
        const { tags, people } = suggester.suggest(item);
        result = { tags: tags.filter((t) => t.confidence >= minConfidence), people };
      } catch (error) {
        if (!isDatelineError(error)) throw error;
        result = { error: `${error.code}: ${error.message}`, line: lineNumber };
      }
    }
    if ('error' in result) errors++;
    // Respect back-pressure: a large file piped into a slow reader must not pile up in memory.
    if (!output.write(`${JSON.stringify(result)}\n`)) await once(output, 'drain');
  }
  return { lines, errors };
}

/** Where the command gets its suggester and streams; tests pass their own. */
export interface EnrichCommandDeps {
  /** Default: the site's taxonomy (DATABASE_URL, profile synced), gazetteer and stored classifier. */
  readonly openSuggester?: () => Promise<{ suggester: TagSuggester; close(): Promise<void> }>;
  readonly stdin?: Readable;
  readonly stdout?: Writable;
  readonly stderr?: Writable;
}

async function openSiteSuggester(): Promise<{ suggester: TagSuggester; close(): Promise<void> }> {
  const site = await openSite(loadConfig());
  try {
    return { suggester: await openTagSuggester({ site }), close: () => site.close() };
  } catch (error) {
    await site.close();
    throw error;
  }
}

/** Parses `--min-confidence`, a number from 0 to 1. */
function confidence(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !(n >= 0 && n <= 1))
    throw new InvalidArgumentError('must be a number from 0 to 1');
  return n;
}

/** Registers `dateline enrich suggest [file]`. */
export function registerEnrichCommand(program: Command, deps: EnrichCommandDeps = {}): void {
  const enrich = program.command('enrich').description('Suggest tags for texts; train the topic classifier');
  registerEnrichTrainCommand(enrich);
  enrich
    .command('suggest')
    .description(
      'Suggest tags (countries, institutions, field operations, meetings, topics) and people for JSONL ' +
        'items ({"title", "body", "date"?, "language"?} per line): one JSON line out per line in',
    )
    .argument('[file]', 'a JSONL file; stdin when absent or "-"')
    .option('--min-confidence <n>', 'leave out tags less confident than this (0..1)', confidence, 0)
    .action(async (file: string | undefined, options: { minConfidence: number }) => {
      const input = file && file !== '-' ? fs.createReadStream(file) : (deps.stdin ?? process.stdin);
      // Open the file before the database so a typo fails fast with the operating system's message.
      if (input instanceof fs.ReadStream) await once(input, 'open');
      const { suggester, close } = await (deps.openSuggester ?? openSiteSuggester)();
      try {
        const counts = await suggestJsonLines(suggester, input, deps.stdout ?? process.stdout, options);
        (deps.stderr ?? process.stderr).write(
          `Suggested tags for ${counts.lines - counts.errors} items; ${counts.errors} invalid lines.\n`,
        );
      } finally {
        await close();
      }
    });
}
