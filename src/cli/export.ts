/**
 * `dateline export --format jsonl|csv [--output file] [--language xx] [--type t] [--since YYYY-MM-DD]`
 * Writes every public item: JSONL as Dateline's own records (what `dateline import` reads back
 * whole), or CSV with one row per item (what `dateline import` reads with its column mapping).
 * Streams page by page, waiting for a slow reader; stdout unless --output names a file.
 */
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify';
import { type Config, loadConfig, profileDir } from '../config.js';
import { CONTENT_TYPES, type ContentType } from '../db/schema.js';
import { DatelineError } from '../errors.js';
import {
  CSV_COLUMNS,
  countExportItems,
  type ExportedItem,
  type ExportFilter,
  csvRow,
  exportItems,
} from '../modules/content/export.js';
import { loadProfile } from '../modules/taxonomy/profile.js';
import { itemPath } from '../web/format.js';
import { openSite } from '../site.js';
import { type Progress, startProgress } from './progress.js';

export const EXPORT_FORMATS = ['jsonl', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

interface ExportCommandOptions {
  format?: string;
  output?: string;
  language?: string;
  type?: string;
  since?: string;
}

export interface ExportRequest {
  readonly format: ExportFormat;
  readonly output: string | null;
  readonly filter: ExportFilter;
}

const invalid = (message: string) => new DatelineError('DL_VALIDATION', message);

/** The checked request of the command line; every mistake is a coded error before anything is opened. */
export function exportRequest(options: ExportCommandOptions, languages: readonly string[]): ExportRequest {
  const { format, language, type, since } = options;
  if (!format || !(EXPORT_FORMATS as readonly string[]).includes(format))
    throw invalid(`Unknown export format "${format ?? ''}": use --format ${EXPORT_FORMATS.join(' or ')}.`);
  if (language !== undefined && !languages.includes(language))
    throw invalid(`Unknown language "${language}": the site has ${languages.join(', ')}.`);
  if (type !== undefined && !(CONTENT_TYPES as readonly string[]).includes(type))
    throw invalid(`Unknown content type "${type}": use one of ${CONTENT_TYPES.join(', ')}.`);
  // The round trip through Date refuses days that do not exist (2025-02-30).
  if (
    since !== undefined &&
    (!/^\d{4}-\d{2}-\d{2}$/u.test(since) ||
      new Date(`${since}T00:00:00Z`).toISOString().slice(0, 10) !== since)
  )
    throw invalid(`--since "${since}" is not a date YYYY-MM-DD.`);
  if (options.output !== undefined && fs.statSync(options.output, { throwIfNoEntry: false })?.isDirectory())
    throw invalid(`Cannot write to ${options.output}: it is a folder.`);
  return {
    format: format as ExportFormat,
    output: options.output ?? null,
    filter: {
      ...(language ? { language } : {}),
      ...(type ? { type: type as ContentType } : {}),
      ...(since ? { since } : {}),
    },
  };
}

/**
 * A bar only on a terminal, and only when the export itself does not go to that terminal: a bar
 * redrawn between the lines of the export would garble both. (startProgress alone would print
 * periodic lines into a log instead; an export's log needs none.)
 */
export function showProgress(
  toFile: boolean,
  tty = { stderr: process.stderr.isTTY, stdout: process.stdout.isTTY },
) {
  return tty.stderr === true && (toFile || tty.stdout !== true);
}

const NO_PROGRESS: Progress = { increment: () => {}, stop: () => {} };

interface Output {
  readonly stream: Writable;
  /** Whether the stream is ours to end (a file; never stdout). */
  readonly owned: boolean;
  /** Makes the written export visible under its name. */
  commit(): Promise<void>;
  /** Throws away what was written. */
  abandon(): Promise<void>;
}

/**
 * The file is written under a temporary name next to it and renamed when complete, so a failed or
 * interrupted export never leaves a truncated file that looks whole.
 */
async function openOutput(file: string | null): Promise<Output> {
  if (file === null)
    return { stream: process.stdout, owned: false, commit: async () => {}, abandon: async () => {} };
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.partial`);
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(partial, 'w');
  } catch (error) {
    throw invalid(
      `Cannot write to ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
    );
  }
  const stream = handle.createWriteStream();
  return {
    stream,
    owned: true,
    commit: () => fs.promises.rename(partial, file),
    abandon: async () => {
      stream.destroy();
      await fs.promises.rm(partial, { force: true });
    },
  };
}

/** Turns what the loop writes (records, or CSV rows) into the bytes of the chosen format. */
function encoder(format: ExportFormat): Transform {
  if (format === 'csv')
    // The BOM makes spreadsheets read UTF-8 (Cyrillic, accents) as such; `dateline import` skips it.
    return stringify({ header: true, columns: [...CSV_COLUMNS], bom: true });
  return new Transform({
    writableObjectMode: true,
    transform(record: ExportedItem['record'], _encoding, done) {
      done(null, `${JSON.stringify(record)}\n`);
    },
  });
}

/** Runs the export; the number of items written. */
async function runExport(config: Config, request: ExportRequest, progressWanted: boolean): Promise<number> {
  const site = await openSite(config);
  let output: Output | null = null;
  let progress = NO_PROGRESS;
  try {
    const db = site.database.db;
    const now = site.clock.now();
    // The count is a whole scan of its own: only paid for when a bar shows it.
    if (progressWanted)
      progress = startProgress(await countExportItems(db, request.filter, now), 'Exporting items');
    output = await openOutput(request.output);
    const encode = encoder(request.format);
    const written = pipeline(encode, output.stream, { end: output.owned });
    // A failing destination is reported by `written`; handled now so it never goes unhandled while
    // the loop waits for the database.
    written.catch(() => {});
    const urlOf = ({ record, urlYear }: ExportedItem) =>
      `${config.publicUrl}${itemPath({ language: record.language, type: record.type, url_year: urlYear, slug: record.slug ?? '' })}`;
    let count = 0;
    for await (const item of exportItems(db, request.filter, now)) {
      const chunk = request.format === 'csv' ? csvRow(item, urlOf(item)) : item.record;
      // Back-pressure: a slow reader (a pipe, a disk) makes the export wait instead of buffering it.
      if (!encode.write(chunk)) await Promise.race([once(encode, 'drain'), written]);
      count += 1;
      progress.increment();
    }
    encode.end();
    await written;
    await output.commit();
    return count;
  } catch (error) {
    await output?.abandon();
    throw error;
  } finally {
    progress.stop();
    await site.close();
  }
}

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description(
      'Export every public item as JSONL (Dateline records) or CSV, both readable by `dateline import`',
    )
    .option('--format <format>', `${EXPORT_FORMATS.join(' or ')}`)
    .option('--output <file>', 'write to this file (default: stdout)')
    .option('--language <xx>', 'only items in this language')
    .option('--type <type>', `only items of this type (${CONTENT_TYPES.join(', ')})`)
    .option('--since <YYYY-MM-DD>', 'only items published on or after this day (UTC)')
    .action(async (options: ExportCommandOptions) => {
      const config = loadConfig();
      const request = exportRequest(options, loadProfile(profileDir(config)).languages);
      try {
        const count = await runExport(config, request, showProgress(request.output !== null));
        process.stderr.write(`Exported ${count} item(s)${request.output ? ` to ${request.output}` : ''}.\n`);
      } catch (error) {
        // The reader of stdout went away (`dateline export … | head`): nothing is wrong with the export.
        if ((error as NodeJS.ErrnoException).code === 'EPIPE') return;
        throw error;
      }
    });
}
