/**
 * `readSource`: the records of one import source, whatever it is: a page file, a feed file or URL,
 * a JSONL or CSV file. The kind is told by the file name, and for other files by how they open.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DatelineError } from '../../../errors.js';
import { looksLikeFeed, readFeed } from './feed.js';
import { readPageFile } from './page-file.js';
import { type RecordOptions, readCsv, readJsonl } from './records.js';
import {
  assertText,
  decodeMarkup,
  failed,
  MAX_PAGE_BYTES,
  readWholeFile,
  type SourceRecord,
} from './source.js';

export type { SourceRecord } from './source.js';

export interface ReadOptions extends RecordOptions {
  /** How long a URL may take to answer and send its body. */
  readonly fetchTimeoutMs?: number;
}

const TEXT_EXTENSIONS = new Set(['.txt', '.text', '']);
const HTML_EXTENSIONS = new Set(['.html', '.htm']);
const FEED_EXTENSIONS = new Set(['.xml', '.rss', '.atom', '.rdf']);
const JSONL_EXTENSIONS = new Set(['.jsonl', '.ndjson']);
const CSV_EXTENSIONS = new Set(['.csv']);
/** Every extension a folder walk and the reader know. */
export const SOURCE_EXTENSIONS = [
  ...TEXT_EXTENSIONS,
  ...HTML_EXTENSIONS,
  ...FEED_EXTENSIONS,
  ...JSONL_EXTENSIONS,
  ...CSV_EXTENSIONS,
].filter((e) => e !== '');

export function isUrl(source: string): boolean {
  return /^https?:\/\//iu.test(source);
}

/** Whether a source's items are known only by reading it through (a stream of records). */
export function holdsManyItems(source: string): boolean {
  const ext = path.extname(source).toLowerCase();
  return isUrl(source) || FEED_EXTENSIONS.has(ext) || JSONL_EXTENSIONS.has(ext) || CSV_EXTENSIONS.has(ext);
}

function fileHead(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    return buffer.subarray(0, fs.readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/** The records of one file or URL; never throws: what cannot be read is a failed record. */
export async function* readSource(source: string, options: ReadOptions = {}): AsyncGenerator<SourceRecord> {
  try {
    if (isUrl(source)) {
      yield* readUrl(source, options);
      return;
    }
    const ext = path.extname(source).toLowerCase();
    if (JSONL_EXTENSIONS.has(ext)) yield* readJsonl(source, options);
    else if (CSV_EXTENSIONS.has(ext)) yield* readCsv(source, options);
    else if (FEED_EXTENSIONS.has(ext) || looksLikeFeed(fileHead(source)))
      yield* readFeed(decodeMarkup(readWholeFile(source)), source);
    else if (HTML_EXTENSIONS.has(ext) || TEXT_EXTENSIONS.has(ext))
      yield readPageFile(source, HTML_EXTENSIONS.has(ext));
    else
      yield failed(
        source,
        new DatelineError(
          'DL_VALIDATION',
          `Unsupported file type "${ext}" (this version imports ${SOURCE_EXTENSIONS.join(' ')} files and feed URLs).`,
        ),
      );
  } catch (error) {
    yield failed(source, error);
  }
}

/** Reads a response body up to the limit, refusing more: a URL can send anything. */
async function boundedBody(response: Response, url: string): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_PAGE_BYTES)
    throw new DatelineError(
      'DL_PAYLOAD_TOO_LARGE',
      `${url} is ${declared} bytes; the limit is ${MAX_PAGE_BYTES}.`,
    );
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (let part = await reader?.read(); part && !part.done; part = await reader?.read()) {
    const chunk = part.value;
    size += chunk.length;
    if (size > MAX_PAGE_BYTES) {
      await reader?.cancel();
      throw new DatelineError('DL_PAYLOAD_TOO_LARGE', `${url} sends more than ${MAX_PAGE_BYTES} bytes.`);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

async function* readUrl(url: string, options: ReadOptions): AsyncGenerator<SourceRecord> {
  let bytes: Buffer;
  try {
    const response = await fetch(url, {
      signal: AbortSignal.timeout(options.fetchTimeoutMs ?? 30_000),
      headers: {
        accept: 'application/rss+xml, application/atom+xml, application/xml, text/xml, text/html;q=0.5',
      },
      redirect: 'follow',
    });
    if (!response.ok)
      throw new DatelineError('DL_SOURCE_UNREACHABLE', `${url} answered HTTP ${response.status}.`);
    bytes = await boundedBody(response, url);
    assertText(bytes);
  } catch (error) {
    if (error instanceof DatelineError) throw error;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why =
      (error as Error).name === 'TimeoutError'
        ? 'no answer in time'
        : (cause?.code ?? cause?.message ?? (error as Error).message);
    throw new DatelineError('DL_SOURCE_UNREACHABLE', `Could not fetch ${url} (${why}).`);
  }
  const text = decodeMarkup(bytes);
  if (!looksLikeFeed(text.slice(0, 4096)))
    throw new DatelineError('DL_VALIDATION', `${url} is not an RSS or Atom feed.`);
  yield* readFeed(text, url);
}
