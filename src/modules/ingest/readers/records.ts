/**
 * JSONL and CSV files: one item per line or row, streamed (a file of any size is never held whole).
 * A column mapping says which field holds the title, the body and the rest; common names are
 * recognized by default. A JSONL line that names the "dateline-item/1" format is Dateline's own
 * export and is read whole instead.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import readline from 'node:readline';
import { parse } from 'csv-parse';
import { DatelineError } from '../../../errors.js';
import { CONTENT_TYPES, type ContentType } from '../../../db/schema.js';
import { renderBody } from '../../content/markdown.js';
import { machineDate, parseDateline } from '../dates.js';
import { extractHtmlPage } from '../html-page.js';
import { isItemRecord } from '../item-record.js';
import { extractPeople, extractQuotes } from '../quotes.js';
import { emptyPage, type ExtractedPage, TYPE_LABELS } from '../text-page.js';
import { datelineRecord } from './dateline-jsonl.js';
import { contentHash, failed, labelList, MAX_PAGE_BYTES, type SourceRecord } from './source.js';

export const RECORD_FIELDS = [
  'title',
  'body',
  'date',
  'url',
  'type',
  'language',
  'summary',
  'place',
  'sources',
  'tags',
] as const;
export type RecordField = (typeof RECORD_FIELDS)[number];

/** Which column (or JSON field) holds each item field: the first of the names the record has. */
export type ColumnMapping = Readonly<Record<RecordField, readonly string[]>>;

export const DEFAULT_COLUMNS: ColumnMapping = {
  title: ['title', 'headline', 'name', 'subject'],
  body: ['body', 'text', 'content', 'html', 'body_html', 'markdown', 'description'],
  date: [
    'date',
    'published',
    'pubdate',
    'pub_date',
    'published_at',
    'publication_date',
    'datetime',
    'created',
  ],
  url: ['url', 'link', 'legacy_url', 'permalink', 'href'],
  type: ['type', 'content_type', 'kind'],
  language: ['language', 'lang', 'locale'],
  summary: ['summary', 'abstract', 'excerpt', 'teaser', 'lead'],
  place: ['dateline', 'place', 'dateline_place', 'location'],
  sources: ['sources', 'source', 'author', 'creator', 'publisher'],
  tags: ['tags', 'categories', 'category', 'keywords', 'subjects', 'labels', 'themes'],
};

/** `--columns title=headline,body=text`: the named fields read only the named columns. */
export function columnMapping(spec: string | undefined): ColumnMapping {
  const mapping: Record<string, readonly string[]> = { ...DEFAULT_COLUMNS };
  for (const pair of (spec ?? '').split(',').filter((p) => p.trim() !== '')) {
    const [field, column] = pair.split('=').map((s) => s.trim());
    if (!field || !column || !(RECORD_FIELDS as readonly string[]).includes(field))
      throw new DatelineError(
        'DL_VALIDATION',
        `Bad column mapping "${pair}": use field=column with a field among ${RECORD_FIELDS.join(', ')}.`,
      );
    mapping[field] = [column];
  }
  return mapping as ColumnMapping;
}

export type BodyFormat = 'auto' | 'html' | 'markdown' | 'text';
export const BODY_FORMATS: readonly BodyFormat[] = ['auto', 'html', 'markdown', 'text'];

export interface RecordOptions {
  readonly columns?: ColumnMapping;
  readonly bodyFormat?: BodyFormat;
}

// "Published At", "published-at" and "published_at" are one name.
const normalizeName = (name: string) =>
  name
    .toLowerCase()
    .replace(/[\s_-]+/gu, '_')
    .trim();

function pick(record: Record<string, unknown>, names: readonly string[]): unknown {
  const byName = new Map(Object.keys(record).map((k) => [normalizeName(k), k]));
  for (const name of names) {
    const key = byName.get(normalizeName(name));
    const value = key === undefined ? undefined : record[key];
    if (value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === ''))
      return value;
  }
  return undefined;
}

const scalar = (value: unknown) =>
  typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';

/** Plain text as paragraphs: blank lines separate them, or every line when there are none. */
function textPage(body: string): ExtractedPage {
  const normalized = body.replace(/\r\n?/gu, '\n').trim();
  const blocks = /\n\s*\n/u.test(normalized) ? normalized.split(/\n\s*\n/u) : normalized.split('\n');
  const bodyParagraphs = blocks.map((p) => p.replace(/\s+/gu, ' ').trim()).filter((p) => p !== '');
  const found = bodyParagraphs[0] ? parseDateline(bodyParagraphs[0].slice(0, 400)) : null;
  const quotes = extractQuotes(bodyParagraphs);
  return {
    ...emptyPage([]),
    bodyParagraphs,
    dateline: found ? { place: found.place, date: found.date } : null,
    quotes,
    people: extractPeople(bodyParagraphs, quotes),
  };
}

const HTML_MARKUP = /<\/?(?:p|div|br|ul|ol|li|h[1-6]|a|strong|em|table|blockquote)\b/iu;
// Headings, lists, quotes, emphasis and links: what tells Markdown from plain text.
const MARKDOWN_MARKUP = /(?:^|\n)(?:#{1,6}\s|[-*+]\s|>\s)|\*[^*\n]+\*|_[^_\n]+_|\[[^\]\n]+\]\([^)\s]+\)/u;

function bodyKind(body: string, format: BodyFormat): Exclude<BodyFormat, 'auto'> {
  if (format !== 'auto') return format;
  return HTML_MARKUP.test(body) ? 'html' : MARKDOWN_MARKUP.test(body) ? 'markdown' : 'text';
}

function bodyPage(body: string, format: BodyFormat, url: string | null): ExtractedPage {
  const kind = bodyKind(body, format);
  const fragment = { ...(url ? { url } : {}), fragment: true };
  if (kind === 'html') return extractHtmlPage(body, fragment);
  if (kind === 'text') return textPage(body);
  // Markdown stays the body as written; its rendering is read for paragraphs, dateline and quotes.
  return { ...extractHtmlPage(renderBody(body), fragment), bodyMarkdown: body };
}

function contentType(value: string): ContentType | null {
  const key = value.toLowerCase().trim();
  if ((CONTENT_TYPES as readonly string[]).includes(key)) return key as ContentType;
  return TYPE_LABELS.get(key)?.type ?? null;
}

function httpUrl(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The item of one record (a JSON object or a CSV row), or a coded error saying what it lacks. */
export function recordPage(
  record: Record<string, unknown>,
  options: RecordOptions,
): { page: ExtractedPage; legacyUrl: string | null } {
  const columns = options.columns ?? DEFAULT_COLUMNS;
  const get = (field: RecordField) => pick(record, columns[field]);
  const title = scalar(get('title'));
  const body = scalar(get('body'));
  const missing = [!title && 'title', !body && 'body'].filter(Boolean) as RecordField[];
  if (missing.length > 0)
    throw new DatelineError(
      'DL_VALIDATION',
      missing.map((f) => `No ${f} (looked for ${columns[f].map((c) => `"${c}"`).join(', ')}).`).join(' '),
    );
  const url = scalar(get('url'));
  const legacyUrl = url ? httpUrl(url) : null;
  const page = bodyPage(body, options.bodyFormat ?? 'auto', legacyUrl);
  const warnings = [...page.warnings];
  if (url && !legacyUrl)
    warnings.push(`The URL "${url.slice(0, 80)}" is not an http(s) address; no legacy URL kept.`);
  const dateText = scalar(get('date'));
  const date = dateText ? machineDate(dateText) : null;
  if (dateText && !date)
    warnings.push(`The date "${dateText.slice(0, 80)}" is not a date this importer can read.`);
  const typeText = scalar(get('type'));
  const type = typeText ? contentType(typeText) : null;
  if (typeText && !type)
    warnings.push(`The type "${typeText.slice(0, 40)}" is no content type; imported as a page.`);
  const place = scalar(get('place'));
  const summary = scalar(get('summary'));
  const language = scalar(get('language')).toLowerCase().slice(0, 2);
  return {
    legacyUrl,
    page: {
      ...page,
      title,
      date: date ?? page.date,
      type: type ?? page.type,
      language: language || page.language,
      dateline: place ? { place, date: page.dateline?.date ?? null } : page.dateline,
      sources: [...new Set([...page.sources, ...labelList(get('sources'))])],
      categories: [...new Set([...(page.categories ?? []), ...labelList(get('tags'))])],
      ...(summary ? { summary } : {}),
      warnings,
    },
  };
}

function pageRecord(
  record: Record<string, unknown>,
  key: string,
  hash: string,
  bytesRead: number,
  options: RecordOptions,
): SourceRecord {
  try {
    const { page, legacyUrl } = recordPage(record, options);
    return { kind: 'page', key, contentHash: hash, legacyUrl, page, bytesRead };
  } catch (error) {
    return failed(key, error, bytesRead);
  }
}

/** The records of a JSONL file, line by line; blank lines are skipped, a bad line fails alone. */
export async function* readJsonl(file: string, options: RecordOptions): AsyncGenerator<SourceRecord> {
  const lines = readline.createInterface({
    input: fs.createReadStream(file),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let number = 0;
  let bytesRead = 0;
  for await (const line of lines) {
    number++;
    bytesRead += Buffer.byteLength(line) + 1;
    if (line.trim() === '') continue;
    const key = `${file}#${number}`;
    if (line.length > MAX_PAGE_BYTES) {
      yield failed(
        key,
        new DatelineError('DL_PAYLOAD_TOO_LARGE', `Line ${number} is over ${MAX_PAGE_BYTES} characters.`),
        bytesRead,
      );
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      yield failed(
        key,
        new DatelineError('DL_VALIDATION', `Line ${number} is not JSON: ${(error as Error).message}`),
        bytesRead,
      );
      continue;
    }
    if (isItemRecord(value)) yield datelineRecord(value, line, key, bytesRead);
    else if (typeof value !== 'object' || value === null || Array.isArray(value))
      yield failed(
        key,
        new DatelineError('DL_VALIDATION', `Line ${number} is not a JSON object.`),
        bytesRead,
      );
    else yield pageRecord(value as Record<string, unknown>, key, contentHash(line), bytesRead, options);
  }
}

/**
 * Cells as they were before an export defused them: Dateline's CSV (and many spreadsheets') put an
 * apostrophe before a cell starting with = + - @ or a control character, so no spreadsheet runs it.
 */
function undefuse(record: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) out[key] = value.replace(/^'(?=[=+\-@\t\r])/u, '');
  return out;
}

/** The records of a CSV file with a header row; quoted fields may span lines; a UTF-8 BOM is dropped. */
export async function* readCsv(file: string, options: RecordOptions): AsyncGenerator<SourceRecord> {
  const skipped: SourceRecord[] = [];
  let lastLine = 1; // the header
  const parser = fs.createReadStream(file).pipe(
    parse({
      bom: true,
      columns: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      // A malformed row is reported and skipped; the rows after it are still read.
      skip_records_with_error: true,
      on_skip: (error) => {
        const reported = (error as { lines?: unknown } | undefined)?.lines;
        const line = typeof reported === 'number' ? reported : lastLine + 1;
        skipped.push(
          failed(
            `${file}#${line}`,
            new DatelineError('DL_VALIDATION', `Line ${line}: ${error?.message ?? 'unreadable row'}`),
          ),
        );
        lastLine = line;
        return undefined;
      },
    }),
  );
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number; bytes: number };
    }>) {
      yield* skipped.splice(0);
      const line = lastLine + 1;
      lastLine = info.lines;
      const hash = createHash('sha256').update(JSON.stringify(record)).digest('hex');
      yield pageRecord(undefuse(record), `${file}#${line}`, hash, info.bytes, options);
    }
    yield* skipped.splice(0);
  } catch (error) {
    yield* skipped.splice(0);
    yield failed(
      `${file}#${lastLine + 1}`,
      new DatelineError('DL_VALIDATION', `CSV: ${(error as Error).message}`),
    );
  }
}
