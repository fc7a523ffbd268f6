/**
 * An import upload, from the multipart body to files the import service can read: the fields as
 * text, the files with their names and bytes (checked against the upload limit), and a temporary
 * folder holding them under names whose extension tells the readers what each file is.
 *
 * The service reads sources by path (as the CLI does), so the admin and the CLI run exactly the
 * same readers; the folder lives only as long as the run and is removed whatever happens.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DatelineError } from '../../../errors.js';
import { looksLikeFeed } from '../../../modules/ingest/readers/feed.js';
import { SOURCE_EXTENSIONS } from '../../../modules/ingest/readers/index.js';

export interface UploadedFile {
  /** The name the browser sent (shown in the report; never used as a path as given). */
  readonly name: string;
  readonly bytes: Buffer;
}

interface MultipartPart {
  readonly type?: string;
  readonly value?: unknown;
  readonly filename?: string;
  readonly _buf?: Buffer | null;
}

function partsOf(body: unknown, name: string): MultipartPart[] {
  if (!body || typeof body !== 'object') return [];
  const raw = (body as Record<string, unknown>)[name];
  if (raw === undefined) return [];
  return (Array.isArray(raw) ? raw : [raw]) as MultipartPart[];
}

/** A text field of a multipart form ('' when absent); a repeated field or a file there is a 400. */
export function multipartField(body: unknown, name: string): string {
  const parts = partsOf(body, name);
  if (parts.length === 0) return '';
  const [part] = parts;
  if (parts.length > 1 || part?.type === 'file' || typeof part?.value !== 'string')
    throw new DatelineError('DL_BAD_REQUEST', `The field ${name} must be given once, as text.`);
  return part.value;
}

/**
 * The files of the form's `name` input. A file input left empty still sends a part with an empty
 * name and no bytes: those are not files. The whole upload must fit `maxBytes`.
 */
export function uploadedFiles(body: unknown, name: string, maxBytes: number): UploadedFile[] {
  const files: UploadedFile[] = [];
  for (const part of partsOf(body, name)) {
    if (part.type !== 'file') throw new DatelineError('DL_BAD_REQUEST', `The field ${name} must hold files.`);
    const bytes = part._buf ?? Buffer.alloc(0);
    if (!part.filename && bytes.length === 0) continue;
    files.push({ name: (part.filename ?? '').slice(0, 200) || 'unnamed', bytes });
  }
  if (files.length === 0) throw new DatelineError('DL_IMPORT_NO_FILES');
  const total = files.reduce((sum, f) => sum + f.bytes.length, 0);
  if (total > maxBytes) throw tooLarge(maxBytes, total);
  return files;
}

export function tooLarge(maxBytes: number, size?: number): DatelineError {
  const limit = `${(maxBytes / 1024 / 1024).toFixed(1)} MiB`;
  return new DatelineError(
    'DL_IMPORT_TOO_LARGE',
    size === undefined
      ? `The upload is larger than ${limit}, the most an import accepts; import fewer files at once, or use the command line.`
      : `The upload is ${size} bytes; the most an import accepts is ${maxBytes} bytes (${limit}). Import fewer files at once, or use the command line.`,
  );
}

const FEED_HEAD = 4096;

/**
 * The extension the readers should see for a file. A known extension is kept, except that a
 * ".txt" or ".html" that is in fact a feed is still read as a feed by the readers themselves. A file
 * without a known extension (".json", no extension, a download named by a CMS) is judged by its
 * opening: an RSS/Atom/RDF feed, an HTML page, JSON lines, else a plain-text page; binary content
 * keeps its extension and the reader refuses it with its reason.
 */
export function importExtension(name: string, bytes: Buffer): string {
  const ext = path.extname(name).toLowerCase();
  if ((SOURCE_EXTENSIONS as readonly string[]).includes(ext)) return ext;
  if (bytes.subarray(0, 8192).includes(0)) return ext || '.bin';
  const head = bytes
    .subarray(0, FEED_HEAD)
    .toString('utf8')
    .replace(/^\uFEFF/u, '');
  if (looksLikeFeed(head)) return '.xml';
  if (/^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])/iu.test(head))
    return '.html';
  const firstLine = head.split('\n').find((line) => line.trim() !== '') ?? '';
  if (/^\s*\{/u.test(firstLine)) return '.jsonl';
  return '.txt';
}

/** A safe, unique file name for the n-th upload: position first, then the name's letters and digits. */
function stagedName(index: number, file: UploadedFile): string {
  const stem =
    path
      .basename(file.name, path.extname(file.name))
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9_-]+/gu, '-')
      .replace(/^-+|-+$/gu, '')
      .slice(0, 60) || 'file';
  return `${String(index + 1).padStart(3, '0')}-${stem}${importExtension(file.name, file.bytes)}`;
}

export interface StagedFile {
  /** The path the import service reads. */
  readonly source: string;
  /** The name the editor uploaded, for the report. */
  readonly name: string;
}

/**
 * Writes the files to a new private temporary folder, runs `work` over them and removes the
 * folder afterwards, whether `work` succeeds or throws.
 */
export async function withStagedFiles<T>(
  files: readonly UploadedFile[],
  work: (staged: readonly StagedFile[]) => Promise<T>,
): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dateline-import-'));
  try {
    const staged: StagedFile[] = [];
    for (const [index, file] of files.entries()) {
      const source = path.join(dir, stagedName(index, file));
      await fs.writeFile(source, file.bytes, { mode: 0o600 });
      staged.push({ source, name: file.name });
    }
    return await work(staged);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
