/**
 * `dateline import`: reads files, extracts items, matches their names to terms and writes them.
 * Each file is its own transaction, identified by the hash of its content (and its legacy URL when
 * known), so a rerun or a run resumed after a crash writes every page exactly once, and one broken
 * file never stops the run.
 */
import { createHash } from 'node:crypto';
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
import { extractHtmlPage } from './html-page.js';
import { extractTextPage } from './text-page.js';
import { draftItem, type LabelMapping, type TagEvidence, type Unmatched } from './to-item.js';

/** Pages larger than this are refused: no real press release comes near it. */
export const MAX_PAGE_BYTES = 20 * 1024 * 1024;

export type FileOutcome = 'created' | 'skipped' | 'failed' | 'would-create';

/** What happened to one file, as the report and `--json` show it. */
export interface FileReport {
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
}

export interface ImportContext {
  readonly db: Kysely<Database>;
  readonly taxonomy: Taxonomy;
  readonly profile: Profile;
  readonly matcher: TermMatcher;
  readonly now: () => Date;
}

export interface ImportOptions {
  readonly dryRun?: boolean;
  readonly mapping?: LabelMapping;
}

/** Every importable file under the given files and folders, sorted, each once. */
export function collectFiles(inputs: readonly string[]): string[] {
  const found = new Set<string>();
  const walk = (entry: string) => {
    const stat = fs.statSync(entry, { throwIfNoEntry: false });
    if (!stat) throw new DatelineError('DL_VALIDATION', `No such file or folder: ${entry}`);
    if (stat.isDirectory()) {
      for (const child of fs.readdirSync(entry).sort())
        if (!child.startsWith('.')) walk(path.join(entry, child));
    } else if (stat.isFile()) found.add(path.resolve(entry));
  };
  for (const input of inputs) walk(input);
  return [...found].sort();
}

/** Hash identifying a page's content: line endings and trailing spaces do not make a new page. */
export function contentHash(text: string): string {
  const normalized = text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .trim();
  return createHash('sha256').update(normalized).digest('hex');
}

const TEXT_EXTENSIONS = new Set(['.txt', '.text', '']);
const HTML_EXTENSIONS = new Set(['.html', '.htm']);

function readPage(file: string, html: boolean): string {
  const size = fs.statSync(file).size;
  if (size > MAX_PAGE_BYTES)
    throw new DatelineError('DL_PAYLOAD_TOO_LARGE', `File is ${size} bytes; the limit is ${MAX_PAGE_BYTES}.`);
  const bytes = fs.readFileSync(file);
  // NUL bytes mean a binary file (PDF, image, archive), not a page.
  if (bytes.subarray(0, 8192).includes(0))
    throw new DatelineError('DL_VALIDATION', 'Not a text or HTML page (binary content).');
  return html ? decodeHtml(bytes) : bytes.toString('utf8');
}

/**
 * The text of an HTML file in the encoding its <meta charset> declares: older institutional pages
 * are often windows-1252 or ISO-8859-x, which read as UTF-8 would garble every accented letter.
 */
function decodeHtml(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  const head = bytes.subarray(0, 2048).toString('latin1');
  const label = /<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w.:-]{1,40})/iu.exec(head)?.[1];
  if (label && !/^utf-?8$/iu.test(label)) {
    try {
      return new TextDecoder(label).decode(bytes);
    } catch {
      // An encoding name Node does not know: UTF-8 is the best guess left.
    }
  }
  return bytes.toString('utf8');
}

/** Imports one file; never throws, the outcome says what happened. */
export async function importFile(
  context: ImportContext,
  file: string,
  options: ImportOptions = {},
): Promise<FileReport> {
  try {
    const ext = path.extname(file).toLowerCase();
    const html = HTML_EXTENSIONS.has(ext);
    if (!html && !TEXT_EXTENSIONS.has(ext)) {
      return {
        file,
        outcome: 'failed',
        reason: `Unsupported file type "${ext}" (this version imports plain-text page dumps and HTML pages).`,
      };
    }
    const text = readPage(file, html);
    const hash = contentHash(text);
    const existing = await context.db
      .selectFrom('items')
      .select('id')
      .where('content_hash', '=', hash)
      .executeTakeFirst();
    const page = html ? extractHtmlPage(text) : extractTextPage(text);
    const draft = draftItem(page, {
      matcher: context.matcher,
      ...(options.mapping ? { mapping: options.mapping } : {}),
      defaultLanguage: context.profile.defaultLanguage,
      languages: context.profile.languages,
      // The page's own address becomes its legacy URL, which old links are redirected from.
      legacyUrl: page.canonicalUrl ?? null,
      contentHash: hash,
    });
    const details = {
      item: draft.input,
      tags: draft.tags,
      unmatched: draft.unmatched,
      warnings: draft.warnings,
      people: page.people,
    };
    if (existing)
      return {
        file,
        outcome: 'skipped',
        reason: 'Already imported (same content).',
        itemId: existing.id,
        ...details,
      };
    // Another copy of a page already imported (saved again, with a changed footer): the legacy URL is
    // unique, so it is reported rather than left to fail on the constraint.
    const legacyUrl = draft.input.legacyUrl;
    const sameAddress = legacyUrl
      ? await context.db
          .selectFrom('items')
          .select('id')
          .where('legacy_url', '=', legacyUrl)
          .executeTakeFirst()
      : undefined;
    if (sameAddress)
      return {
        file,
        outcome: 'skipped',
        reason: `Already imported from the same address (${legacyUrl}).`,
        itemId: sameAddress.id,
        ...details,
      };
    if (!page.title || page.bodyParagraphs.length === 0) {
      return {
        file,
        outcome: 'failed',
        reason: 'No article found (a title and a body): is this an article page?',
        ...details,
      };
    }
    if (options.dryRun) return { file, outcome: 'would-create', ...details };
    const itemId = await createItem(context.db, draft.input, {
      taxonomy: context.taxonomy,
      languages: context.profile.languages,
      now: context.now(),
    });
    return { file, outcome: 'created', itemId, ...details };
  } catch (error) {
    const reason =
      error instanceof DatelineError
        ? `${error.code}: ${error.message}`
        : `Unexpected error: ${(error as Error).message}`;
    return { file, outcome: 'failed', reason };
  }
}
