/**
 * `dateline import`: reads sources (page files, feeds, JSONL and CSV files, Dateline's own export),
 * turns each record into an item, matches its names to terms and writes it. Each item is its own
 * transaction, identified by the hash of its own content (and its legacy URL when known), so a rerun
 * or a run resumed after a crash writes every item exactly once, and one broken record never stops
 * the run.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { DatelineError } from '../../errors.js';
import type { NewItemInput } from '../content/item.types.js';
import { createItem } from '../content/items.service.js';
import type { TermMatcher } from '../enrich/term-matcher.js';
import type { Profile } from '../taxonomy/profile.js';
import type { Taxonomy } from '../taxonomy/taxonomy.js';
import { isUrl, type ReadOptions, readSource, type SourceRecord } from './readers/index.js';
import { reasonOf } from './readers/source.js';
import { draftItem, type LabelMapping, type TagEvidence, type Unmatched } from './to-item.js';
import { applySuggestions } from '../enrich/apply.js';
import type { TagSuggestion, TagSuggester } from '../enrich/suggest.js';
import { noteItemsWritten } from '../../db/planner-statistics.js';

export { contentHash, MAX_PAGE_BYTES } from './readers/source.js';

export type FileOutcome = 'created' | 'skipped' | 'failed' | 'would-create';

/** What happened to one item (one file, or one entry or line of a file), as the report and `--json` show it. */
export interface FileReport {
  /** The file, "file#n" for the n-th entry or line of a file, or the URL of a feed entry's source. */
  readonly file: string;
  readonly outcome: FileOutcome;
  readonly reason?: string;
  readonly itemId?: number;
  readonly item?: NewItemInput;
  readonly tags?: readonly TagEvidence[];
  readonly unmatched?: readonly Unmatched[];
  readonly warnings?: readonly string[];
  /** People named on the page with their role that day (quoted or not). */
  readonly people?: readonly { name: string; role: string | null }[];
  /** Bytes of the source read so far (progress over large files). */
  readonly bytesRead?: number;
  /** Every tag suggestion for the item, with confidence and evidence; those applied are in item.tags. */
  readonly suggestions?: readonly TagSuggestion[];
}

export interface ImportContext {
  readonly db: Kysely<Database>;
  readonly taxonomy: Taxonomy;
  readonly profile: Profile;
  readonly matcher: TermMatcher;
  readonly now: () => Date;
  /** Suggests tags for extracted pages; without one, import tags only what the page names. */
  readonly suggester?: TagSuggester | null;
}

export interface ImportOptions {
  readonly dryRun?: boolean;
  readonly mapping?: LabelMapping;
  /** How JSONL and CSV records are read (column mapping, body format), and URLs fetched. */
  readonly read?: ReadOptions;
  /** Suggestions at or above this confidence are applied as machine-made tags (default 0.8). */
  readonly tagThreshold?: number;
}

export const DEFAULT_TAG_THRESHOLD = 0.8;

/** Every importable file under the given files and folders, sorted, each once; URLs are kept as given. */
export function collectFiles(inputs: readonly string[]): string[] {
  const found = new Set<string>();
  const urls: string[] = [];
  const walk = (entry: string) => {
    const stat = fs.statSync(entry, { throwIfNoEntry: false });
    if (!stat) throw new DatelineError('DL_VALIDATION', `No such file or folder: ${entry}`);
    if (stat.isDirectory()) {
      for (const child of fs.readdirSync(entry).sort())
        if (!child.startsWith('.')) walk(path.join(entry, child));
    } else if (stat.isFile()) found.add(path.resolve(entry));
  };
  for (const input of inputs) {
    if (isUrl(input)) urls.push(input);
    else walk(input);
  }
  return [...[...found].sort(), ...new Set(urls)];
}

async function existingItem(
  db: Kysely<Database>,
  column: 'content_hash' | 'legacy_url',
  value: string,
): Promise<number | undefined> {
  const row = await db.selectFrom('items').select('id').where(column, '=', value).executeTakeFirst();
  return row?.id;
}

/**
 * Whether an item was imported before: same content (hash), or another copy of the same page
 * (saved again with a changed footer) at the same legacy URL, which is unique — reported rather
 * than left to fail on the constraint.
 */
async function alreadyImported(
  db: Kysely<Database>,
  hash: string,
  legacyUrl: string | null,
): Promise<{ itemId: number; reason: string } | null> {
  const sameContent = await existingItem(db, 'content_hash', hash);
  if (sameContent !== undefined) return { itemId: sameContent, reason: 'Already imported (same content).' };
  const sameAddress = legacyUrl ? await existingItem(db, 'legacy_url', legacyUrl) : undefined;
  if (sameAddress !== undefined)
    return { itemId: sameAddress, reason: `Already imported from the same address (${legacyUrl}).` };
  return null;
}

/** Imports one record; never throws, the outcome says what happened. */
export async function importRecord(
  context: ImportContext,
  record: SourceRecord,
  options: ImportOptions = {},
): Promise<FileReport> {
  const at = { file: record.key, ...(record.bytesRead === undefined ? {} : { bytesRead: record.bytesRead }) };
  if (record.kind === 'failed') return { ...at, outcome: 'failed', reason: record.reason };
  try {
    let input: NewItemInput;
    let details: Omit<FileReport, 'file' | 'outcome'>;
    if (record.kind === 'item') {
      input = record.item;
      details = { item: input, tags: [], unmatched: [], warnings: [] };
    } else {
      const { page } = record;
      const draft = draftItem(page, {
        matcher: context.matcher,
        ...(options.mapping ? { mapping: options.mapping } : {}),
        defaultLanguage: context.profile.defaultLanguage,
        languages: context.profile.languages,
        // The item's own address becomes its legacy URL, which old links are redirected from.
        legacyUrl: record.legacyUrl ?? page.canonicalUrl ?? null,
        contentHash: record.contentHash,
      });
      input = draft.input;
      details = {
        item: input,
        tags: draft.tags,
        unmatched: draft.unmatched,
        warnings: draft.warnings,
        people: page.people,
      };
    }
    const skipped = await alreadyImported(context.db, record.contentHash, input.legacyUrl ?? null);
    if (skipped) return { ...at, outcome: 'skipped', ...skipped, ...details };
    // Pages get tag suggestions (only once they are known to be new: a rerun stays cheap); items
    // from Dateline's own export keep exactly their editors' tags.
    if (record.kind === 'page' && context.suggester) {
      const suggestions = context.suggester.suggest({
        title: input.title,
        body: record.page.bodyParagraphs.join('\n\n'),
        ...(input.publishedAt ? { date: String(input.publishedAt).slice(0, 10) } : {}),
        language: input.language,
      }).tags;
      input = applySuggestions(input, suggestions, options.tagThreshold ?? DEFAULT_TAG_THRESHOLD).input;
      details = { ...details, item: input, suggestions };
    }
    if (record.kind === 'page' && (!record.page.title || record.page.bodyParagraphs.length === 0)) {
      return {
        ...at,
        outcome: 'failed',
        reason: 'No article found (a title and a body): is this an article page?',
        ...details,
      };
    }
    if (options.dryRun) return { ...at, outcome: 'would-create', ...details };
    const itemId = await createItem(context.db, input, {
      taxonomy: context.taxonomy,
      languages: context.profile.languages,
      now: context.now(),
    });
    await noteItemsWritten(context.db, 1);
    return { ...at, outcome: 'created', itemId, ...details };
  } catch (error) {
    return { ...at, outcome: 'failed', reason: reasonOf(error) };
  }
}

/** Imports every record of a file or URL, one report per record, in source order. */
export async function* importSource(
  context: ImportContext,
  source: string,
  options: ImportOptions = {},
): AsyncGenerator<FileReport> {
  for await (const record of readSource(source, options.read))
    yield await importRecord(context, record, options);
}

/** Imports a file that holds one page (plain text or HTML); the report of its one item. */
export async function importFile(
  context: ImportContext,
  file: string,
  options: ImportOptions = {},
): Promise<FileReport> {
  const reports: FileReport[] = [];
  for await (const report of importSource(context, file, options)) reports.push(report);
  return reports[0] ?? { file, outcome: 'failed', reason: 'DL_VALIDATION: The file holds no item.' };
}
