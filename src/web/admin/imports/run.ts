/**
 * One newsroom import run: the uploaded files through the same import service, term matcher and
 * tag suggester as `dateline import`, so an upload and the CLI give the same items, the same
 * idempotence (a rerun is skipped by content hash) and the same per-record report. Each record
 * commits on its own; a broken file fails alone with its reason. The run is audited with its counts.
 */
import { type AuditActor, recordAudit } from '../../../modules/accounts/audit.js';
import type { NewItemInput } from '../../../modules/content/item.types.js';
import { openTagSuggester, type TagSuggester } from '../../../modules/enrich/suggest.js';
import { TermMatcher } from '../../../modules/enrich/term-matcher.js';
import {
  type FileOutcome,
  type FileReport,
  type ImportOptions,
  importSource,
} from '../../../modules/ingest/import.service.js';
import type { LabelMapping } from '../../../modules/ingest/to-item.js';
import type { ReadOptions } from '../../../modules/ingest/readers/index.js';
import { labelIn } from '../../../modules/taxonomy/taxonomy.js';
import { DatelineError } from '../../../errors.js';
import type { Site } from '../../../site.js';
import { itemPath } from '../../format.js';
import type { StagedFile } from './upload.js';

export interface ImportRunOptions {
  readonly dryRun: boolean;
  /** Suggestions at or above this confidence are applied as machine-made tags; null: no tagging. */
  readonly tagThreshold: number | null;
  readonly read: ReadOptions;
  readonly mapping: LabelMapping;
}

/** A record's report as the page shows it: the uploaded file's name and where the item now is. */
export interface RecordResult extends FileReport {
  /** "press-release.html", or "feed.xml #3" for the third entry of a file. */
  readonly label: string;
  /** The item's public page, when it is public now. */
  readonly publicPath?: string;
}

export interface FileResult {
  readonly name: string;
  readonly records: readonly RecordResult[];
}

export interface ImportRun {
  readonly dryRun: boolean;
  readonly files: readonly FileResult[];
  readonly counts: Readonly<Record<FileOutcome, number>>;
}

/**
 * The site's tag suggester. As in the CLI, a stored topic model this version cannot read must not
 * stop an import: the run goes on with countries and mentions only.
 */
async function openSuggester(site: Site): Promise<TagSuggester> {
  try {
    return await openTagSuggester({ site });
  } catch (error) {
    if (!(error instanceof DatelineError) || error.code !== 'DL_VALIDATION') throw error;
    return openTagSuggester({ site }, { loadTopicModel: async () => null });
  }
}

function recordLabel(file: StagedFile, key: string): string {
  if (!key.startsWith(file.source)) return file.name;
  const entry = key.slice(file.source.length);
  return entry.startsWith('#') ? `${file.name} ${entry}` : file.name;
}

/** Public paths of the items that are visible now (drafts and embargoed items have none). */
async function publicPaths(site: Site, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const now = site.clock.now().toISOString();
  const rows = await site.database.db
    .selectFrom('items')
    .select(['id', 'language', 'type', 'url_year', 'slug', 'visible_from'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(
    rows.filter((r) => r.visible_from !== null && r.visible_from <= now).map((r) => [r.id, itemPath(r)]),
  );
}

/**
 * Imports (or, in a dry run, reads) every staged file in order; `onFile` hears about each file as
 * it is finished (the log shows progress of long runs).
 */
export async function runImport(
  site: Site,
  files: readonly StagedFile[],
  options: ImportRunOptions,
  actor: AuditActor,
  onFile: (result: FileResult) => void = () => {},
): Promise<ImportRun> {
  const taxonomy = site.taxonomy();
  const context = {
    db: site.database.db,
    taxonomy,
    profile: site.profile,
    matcher: new TermMatcher(
      taxonomy,
      Object.values(site.profile.shortName).concat(labelIn(site.profile.name, 'en')),
    ),
    now: () => site.clock.now(),
    suggester: options.tagThreshold === null ? null : await openSuggester(site),
  };
  const serviceOptions: ImportOptions = {
    dryRun: options.dryRun,
    mapping: options.mapping,
    read: options.read,
    ...(options.tagThreshold === null ? {} : { tagThreshold: options.tagThreshold }),
  };
  const results: { name: string; records: RecordResult[] }[] = [];
  const counts: Record<FileOutcome, number> = { created: 0, skipped: 0, failed: 0, 'would-create': 0 };
  for (const file of files) {
    const records: RecordResult[] = [];
    for await (const report of importSource(context, file.source, serviceOptions)) {
      counts[report.outcome] += 1;
      records.push({ ...report, file: file.name, label: recordLabel(file, report.file) });
    }
    const result = { name: file.name, records };
    results.push(result);
    onFile(result);
  }
  if (counts.created > 0) site.contentChanged();
  const paths = await publicPaths(
    site,
    results.flatMap((f) => f.records.flatMap((r) => (r.itemId === undefined ? [] : [r.itemId]))),
  );
  const linked = results.map((f) => ({
    name: f.name,
    records: f.records.map((r) => {
      const publicPath = r.itemId === undefined ? undefined : paths.get(r.itemId);
      return publicPath ? { ...r, publicPath } : r;
    }),
  }));
  await recordAudit(site.database.db, {
    actor,
    action: 'import.run',
    subjectType: 'import',
    detail: {
      dryRun: options.dryRun,
      files: files.map((f) => f.name).slice(0, 50),
      created: counts.created,
      wouldCreate: counts['would-create'],
      skipped: counts.skipped,
      failed: counts.failed,
      tagThreshold: options.tagThreshold,
    },
    at: site.clock.now(),
  });
  return { dryRun: options.dryRun, files: linked, counts };
}

/** The date an item carries, for the report (the publication instant's day, else none). */
export function itemDate(item: NewItemInput | undefined): string {
  const at = item?.publishedAt;
  if (!at) return '';
  return (at instanceof Date ? at.toISOString() : String(at)).slice(0, 10);
}
