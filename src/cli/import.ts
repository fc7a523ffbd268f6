/**
 * `dateline import <files, folders or feed URLs…> [--dry-run] [--json] [--map label=vocabulary/slug]
 * [--mapping-file f] [--columns field=column,…] [--body-format auto|html|markdown|text]`
 * Imports legacy pages, feeds, JSONL and CSV files and Dateline's own export. Progress on stderr; a
 * report per item at the end; with --json one JSON object per item on stdout (every extracted
 * field, the terms given and why).
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../config.js';
import { DatelineError } from '../errors.js';
import { openTagSuggester, type TagSuggester } from '../modules/enrich/suggest.js';
import { TermMatcher } from '../modules/enrich/term-matcher.js';
import { collectFiles, type FileReport, importSource } from '../modules/ingest/import.service.js';
import { holdsManyItems, isUrl } from '../modules/ingest/readers/index.js';
import { BODY_FORMATS, type BodyFormat, columnMapping } from '../modules/ingest/readers/records.js';
import { labelIn } from '../modules/taxonomy/taxonomy.js';
import { openSite, type Site } from '../site.js';
import { type Progress, startProgress } from './progress.js';

function mappingEntry(value: string, previous: Map<string, string> = new Map()): Map<string, string> {
  const at = value.lastIndexOf('=');
  if (at <= 0) throw new InvalidArgumentError('use label=vocabulary/slug (or label= to ignore a label)');
  previous.set(value.slice(0, at).trim().toLowerCase(), value.slice(at + 1).trim());
  return previous;
}

/** Reads a mapping file: JSON { "label": "vocabulary/slug" } or lines "label = vocabulary/slug". */
export function readMappingFile(file: string): Map<string, string> {
  const text = fs.readFileSync(file, 'utf8');
  const mapping = new Map<string, string>();
  if (text.trim().startsWith('{')) {
    for (const [label, target] of Object.entries(JSON.parse(text) as Record<string, string>))
      mapping.set(label.toLowerCase(), String(target));
  } else {
    for (const line of text.split('\n'))
      if (line.trim() && !line.startsWith('#')) mappingEntry(line, mapping);
  }
  return mapping;
}

function bodyFormat(value: string): BodyFormat {
  if (!(BODY_FORMATS as readonly string[]).includes(value))
    throw new InvalidArgumentError(`use one of ${BODY_FORMATS.join(', ')}`);
  return value as BodyFormat;
}

function threshold(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !(n >= 0 && n <= 1)) throw new InvalidArgumentError('use a number from 0 to 1');
  return n;
}

interface ImportCommandOptions {
  tagging: boolean;
  tagThreshold?: number;
  dryRun?: boolean;
  json?: boolean;
  map?: Map<string, string>;
  mappingFile?: string;
  columns?: string;
  bodyFormat?: BodyFormat;
}

/** Where a report's item came from, as the operator named it. */
function displayKey(key: string): string {
  return isUrl(key) ? key : path.relative(process.cwd(), key);
}

/**
 * Counts items when their number is known up front (one page per file), else bytes of the files
 * (a 100 MB JSONL file is one file but a long wait), else sources (URLs have no size beforehand).
 */
function progressFor(
  sources: readonly string[],
  what: string,
): { progress: Progress; step: (r: FileReport) => void; sourceDone: (s: string) => void } {
  if (!sources.some(holdsManyItems)) {
    const progress = startProgress(sources.length, `${what} pages`);
    return { progress, step: () => progress.increment(), sourceDone: () => {} };
  }
  if (!sources.some(isUrl)) {
    const sizes = new Map(sources.map((s) => [s, fs.statSync(s).size]));
    const progress = startProgress(
      [...sizes.values()].reduce((a, b) => a + b, 0),
      what,
      { unit: 'bytes' },
    );
    let inSource = 0;
    return {
      progress,
      step: (report) => {
        if (report.bytesRead === undefined || report.bytesRead <= inSource) return;
        progress.increment(report.bytesRead - inSource);
        inSource = report.bytesRead;
      },
      sourceDone: (source) => {
        const size = sizes.get(source) ?? 0;
        progress.increment(Math.max(0, size - inSource));
        inSource = 0;
      },
    };
  }
  const progress = startProgress(sources.length, `${what} sources`);
  return { progress, step: () => {}, sourceDone: () => progress.increment() };
}

/**
 * The site's tag suggester. A stored topic model this version cannot read (trained by an older
 * one) must not stop an import: the run goes on without topic suggestions, and says how to fix it.
 */
async function openSuggester(site: Site): Promise<TagSuggester> {
  try {
    return await openTagSuggester({ site });
  } catch (error) {
    if (!(error instanceof DatelineError) || error.code !== 'DL_VALIDATION') throw error;
    process.stderr.write(
      `Warning: ${error.message}\nImporting without topic suggestions; run \`dateline enrich train\` to fix.\n`,
    );
    return openTagSuggester({ site }, { loadTopicModel: async () => null });
  }
}

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description(
      'Import legacy pages, RSS/Atom feeds (files or URLs), JSONL and CSV files and Dateline exports as items',
    )
    .argument('<paths...>', 'files, folders (read recursively) or http(s) feed URLs')
    .option('--dry-run', 'show what would be created; write nothing')
    .option('--json', 'one JSON object per item on stdout')
    .option('--map <label=vocabulary/slug>', 'map a label that matches no term (repeatable)', mappingEntry)
    .option('--mapping-file <file>', 'a JSON or "label = vocabulary/slug" file of mappings')
    .option(
      '--columns <field=column,...>',
      'JSONL/CSV: which column holds title, body, date, url, type, language, summary, place, sources, tags',
    )
    .option('--body-format <format>', `JSONL/CSV body: ${BODY_FORMATS.join(', ')} (default auto)`, bodyFormat)
    .option(
      '--tag-threshold <0-1>',
      'apply tag suggestions at or above this confidence, marked machine-made (default IMPORT_TAG_THRESHOLD)',
      threshold,
    )
    .option('--no-tagging', 'apply no tag suggestions: only what the pages name')
    .action(async (paths: string[], options: ImportCommandOptions) => {
      const mapping = new Map([
        ...(options.mappingFile ? readMappingFile(options.mappingFile) : []),
        ...(options.map ?? []),
      ]);
      const read = {
        columns: columnMapping(options.columns),
        ...(options.bodyFormat ? { bodyFormat: options.bodyFormat } : {}),
      };
      const sources = collectFiles(paths);
      const config = loadConfig();
      const site = await openSite(config);
      const reports: FileReport[] = [];
      try {
        const matcher = new TermMatcher(
          site.taxonomy(),
          Object.values(site.profile.shortName).concat(labelIn(site.profile.name, 'en')),
        );
        const context = {
          db: site.database.db,
          taxonomy: site.taxonomy(),
          profile: site.profile,
          matcher,
          now: () => site.clock.now(),
          suggester: options.tagging ? await openSuggester(site) : null,
        };
        const { progress, step, sourceDone } = progressFor(sources, options.dryRun ? 'Reading' : 'Importing');
        for (const source of sources) {
          for await (const report of importSource(context, source, {
            dryRun: options.dryRun === true,
            mapping,
            read,
            tagThreshold: options.tagThreshold ?? config.importTagThreshold,
          })) {
            // Only what the summary needs is kept: a million-line file must not fill memory with items.
            reports.push({ file: report.file, outcome: report.outcome, ...pick(report) });
            if (options.json)
              process.stdout.write(`${JSON.stringify({ ...report, file: displayKey(report.file) })}\n`);
            step(report);
          }
          sourceDone(source);
        }
        progress.stop();
      } finally {
        await site.close();
      }
      printReport(reports, sources.length);
      if (reports.some((r) => r.outcome === 'failed')) process.exitCode = 2;
    });
}

function pick(report: FileReport): Partial<FileReport> {
  return {
    ...(report.reason ? { reason: report.reason } : {}),
    ...(report.itemId ? { itemId: report.itemId } : {}),
    ...(report.unmatched?.length ? { unmatched: report.unmatched } : {}),
    ...(report.warnings?.length ? { warnings: report.warnings } : {}),
    ...(report.item?.legacyUrl ? { item: { legacyUrl: report.item.legacyUrl } as FileReport['item'] } : {}),
  };
}

function printReport(reports: readonly FileReport[], sources: number): void {
  const count = (outcome: FileReport['outcome']) => reports.filter((r) => r.outcome === outcome).length;
  const lines = reports.map((r) => {
    const extra = [
      r.reason,
      r.unmatched?.length
        ? `unmatched: ${r.unmatched.map((u) => `${u.field} "${u.label}"`).join(', ')}`
        : null,
      ...(r.warnings ?? []),
    ].filter(Boolean);
    // An entry of a feed or a line of a file is named by its link when it has one.
    const link = r.file.includes('#') && r.item?.legacyUrl ? ` ${r.item.legacyUrl}` : '';
    return `  ${r.outcome.padEnd(12)} ${displayKey(r.file)}${link}${r.itemId ? ` (item ${r.itemId})` : ''}${extra.length ? `\n${extra.map((e) => `               ${e}`).join('\n')}` : ''}`;
  });
  process.stderr.write(
    `${lines.join('\n')}\n` +
      `${reports.length} item(s) from ${sources} source(s): ${count('created')} created, ${count('would-create')} would be created, ` +
      `${count('skipped')} skipped, ${count('failed')} failed.\n`,
  );
}
