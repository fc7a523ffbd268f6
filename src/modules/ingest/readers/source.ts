/**
 * What every reader yields: one record per item a source holds (a page file holds one, a feed or a
 * JSONL file many), each with its own key, content hash and legacy URL, so that each is imported,
 * skipped on a rerun and reported on its own. A record that cannot be read is yielded as failed, and
 * the reader goes on with the next.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { DatelineError } from '../../../errors.js';
import type { NewItemInput } from '../../content/item.types.js';
import type { ExtractedPage } from '../text-page.js';

/** Files larger than this are refused when they must be read whole (pages, feeds). */
export const MAX_PAGE_BYTES = 20 * 1024 * 1024;

interface RecordBase {
  /** "file" for a one-item file, "file#n" for the n-th entry of a feed or line of a JSONL or CSV file. */
  readonly key: string;
  /** Bytes of the source read once this record was (for progress over large files). */
  readonly bytesRead?: number;
}

/** An item found by extraction: names still to be matched to terms. */
export interface PageRecord extends RecordBase {
  readonly kind: 'page';
  readonly contentHash: string;
  readonly legacyUrl: string | null;
  readonly page: ExtractedPage;
}

/** An item given whole (Dateline's own export): terms already named by slug. */
export interface ItemInputRecord extends RecordBase {
  readonly kind: 'item';
  readonly contentHash: string;
  readonly item: NewItemInput;
}

export interface FailedRecord extends RecordBase {
  readonly kind: 'failed';
  readonly reason: string;
}

export type SourceRecord = PageRecord | ItemInputRecord | FailedRecord;

/** Hash identifying a record's content: line endings and trailing spaces do not make a new item. */
export function contentHash(text: string): string {
  const normalized = text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .trim();
  return createHash('sha256').update(normalized).digest('hex');
}

/** "DL_CODE: message" for a coded error, else the message of an unexpected one. */
export function reasonOf(error: unknown): string {
  return error instanceof DatelineError
    ? `${error.code}: ${error.message}`
    : `Unexpected error: ${(error as Error).message}`;
}

export function failed(key: string, error: unknown, bytesRead?: number): FailedRecord {
  return { kind: 'failed', key, reason: reasonOf(error), ...(bytesRead === undefined ? {} : { bytesRead }) };
}

/** A whole file, refused when over the limit or binary (a PDF or an image is no page or feed). */
export function readWholeFile(file: string, limit = MAX_PAGE_BYTES): Buffer {
  const size = fs.statSync(file).size;
  if (size > limit)
    throw new DatelineError('DL_PAYLOAD_TOO_LARGE', `File is ${size} bytes; the limit is ${limit}.`);
  const bytes = fs.readFileSync(file);
  assertText(bytes);
  return bytes;
}

export function assertText(bytes: Buffer): void {
  // NUL bytes mean a binary file (PDF, image, archive), not text.
  if (bytes.subarray(0, 8192).includes(0))
    throw new DatelineError('DL_VALIDATION', 'Not a text, HTML or feed file (binary content).');
}

/**
 * The text of an HTML or XML file in the encoding it declares (<meta charset>, <?xml encoding?>):
 * older institutional pages are often windows-1252 or ISO-8859-x, which read as UTF-8 would garble
 * every accented letter.
 */
export function decodeMarkup(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  const head = bytes.subarray(0, 2048).toString('latin1');
  const label =
    /^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([\w.:-]{1,40})/iu.exec(head)?.[1] ??
    /<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w.:-]{1,40})/iu.exec(head)?.[1];
  if (label && !/^utf-?8$/iu.test(label)) {
    try {
      return new TextDecoder(label).decode(bytes);
    } catch {
      // An encoding name Node does not know: UTF-8 is the best guess left.
    }
  }
  return bytes.toString('utf8');
}

/** Labels of one cell or field: a list, or text separated by ";" or "|" (commas occur inside names). */
export function labelList(value: unknown): string[] {
  const parts = Array.isArray(value)
    ? value.filter((v) => typeof v === 'string' || typeof v === 'number').map(String)
    : typeof value === 'string'
      ? value.split(/[;|]/u)
      : [];
  return [...new Set(parts.map((p) => p.replace(/\s+/gu, ' ').trim()).filter((p) => p !== ''))];
}
