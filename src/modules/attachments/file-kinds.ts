/**
 * What kinds of files may be attached, and how each is recognized and served. A file is judged by
 * its bytes, never by its name: the name's extension must agree with what the content is, so an
 * executable or a web page renamed `report.pdf` is refused. SVG and HTML are never accepted: a
 * browser runs the scripts inside them, on our origin.
 */
import { fileTypeFromBuffer } from 'file-type';
import { DatelineError } from '../../errors.js';

export interface FileKind {
  /** Stored as the attachment's media type and sent as its Content-Type. */
  readonly mediaType: string;
  /** Extensions a file of this kind may carry; the first is added to a name that has none. */
  readonly extensions: readonly string[];
  /** `inline` opens in the browser (documents, pictures); `attachment` downloads (office files). */
  readonly disposition: 'inline' | 'attachment';
}

/** Every kind Dateline knows; ATTACHMENT_TYPES chooses among them. Keys are the usual extension. */
export const FILE_KINDS = {
  pdf: { mediaType: 'application/pdf', extensions: ['pdf'], disposition: 'inline' },
  png: { mediaType: 'image/png', extensions: ['png'], disposition: 'inline' },
  jpg: { mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'], disposition: 'inline' },
  gif: { mediaType: 'image/gif', extensions: ['gif'], disposition: 'inline' },
  webp: { mediaType: 'image/webp', extensions: ['webp'], disposition: 'inline' },
  docx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
    disposition: 'attachment',
  },
  xlsx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx'],
    disposition: 'attachment',
  },
  pptx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extensions: ['pptx'],
    disposition: 'attachment',
  },
  odt: {
    mediaType: 'application/vnd.oasis.opendocument.text',
    extensions: ['odt'],
    disposition: 'attachment',
  },
  ods: {
    mediaType: 'application/vnd.oasis.opendocument.spreadsheet',
    extensions: ['ods'],
    disposition: 'attachment',
  },
  txt: { mediaType: 'text/plain', extensions: ['txt', 'text'], disposition: 'inline' },
  csv: { mediaType: 'text/csv', extensions: ['csv'], disposition: 'attachment' },
} as const satisfies Record<string, FileKind>;

export type FileKindName = keyof typeof FILE_KINDS;

const KIND_NAMES = Object.keys(FILE_KINDS) as FileKindName[];

function isKindName(name: string): name is FileKindName {
  return (KIND_NAMES as string[]).includes(name);
}

/** The kinds named in ATTACHMENT_TYPES (`pdf,png,…`); an unknown name is an error, not ignored. */
export function parseFileKinds(setting: string): FileKindName[] {
  const names = setting
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const unknown = names.filter((n) => !isKindName(n));
  if (unknown.length > 0 || names.length === 0)
    throw new Error(
      `ATTACHMENT_TYPES=${JSON.stringify(setting)}: unknown kind ${unknown.join(', ') || '(none given)'}; ` +
        `choose from ${KIND_NAMES.join(', ')}`,
    );
  return names.filter(isKindName);
}

/** The kind a stored media type belongs to (how to serve it), or undefined for metadata-only rows. */
export function kindOfMediaType(mediaType: string): FileKind | undefined {
  const bare = mediaType.split(';')[0]?.trim().toLowerCase();
  return Object.values(FILE_KINDS).find((k) => k.mediaType === bare);
}

const CONTROL = /(?![\t\n\r\f])\p{Cc}/u;
// A text that opens like markup (`<html`, `<svg`, `<?xml`, `<!doctype`, `<!--`) is what browsers
// sniff as HTML; it is refused even under a .txt name, so no script ever sits among the files.
const MARKUP_START = /^\s*<[a-z!?/]/iu;

/** Is `bytes` UTF-8 text without control characters, and not markup? (text and CSV files) */
export function isPlainText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return false;
  }
  return !CONTROL.test(text) && !MARKUP_START.test(text.replace(/^\uFEFF/u, ''));
}

/**
 * The kind of a file from its bytes, checked against the allowed kinds and the extension of its
 * name (lower-case, '' when it has none). Throws DL_ATTACHMENT_TYPE when the content is not an
 * allowed kind or the extension says something else than the content.
 */
export async function identifyFile(
  bytes: Uint8Array,
  extension: string,
  allowed: readonly FileKindName[],
): Promise<FileKindName> {
  const detected = await fileTypeFromBuffer(bytes).catch(() => {
    // A container too broken to read (a truncated zip …) is no file we can vouch for.
    throw new DatelineError('DL_ATTACHMENT_TYPE', 'The file is damaged or of a kind that is not accepted.');
  });
  let kind: FileKindName;
  if (detected) {
    if (!isKindName(detected.ext) || detected.ext === 'txt' || detected.ext === 'csv')
      throw new DatelineError('DL_ATTACHMENT_TYPE', `The file is ${detected.mime}, which is not accepted.`);
    kind = detected.ext;
  } else if (isPlainText(bytes)) {
    // Text has no signature: the name tells a table (CSV) from prose.
    kind = (FILE_KINDS.csv.extensions as readonly string[]).includes(extension) ? 'csv' : 'txt';
  } else {
    throw new DatelineError('DL_ATTACHMENT_TYPE', 'The content of the file is not a kind that is accepted.');
  }
  if (!allowed.includes(kind))
    throw new DatelineError('DL_ATTACHMENT_TYPE', `Files of kind ${kind} are not accepted on this site.`);
  const extensions: readonly string[] = FILE_KINDS[kind].extensions;
  if (extension !== '' && !extensions.includes(extension))
    throw new DatelineError(
      'DL_ATTACHMENT_TYPE',
      `The file is named .${extension} but its content is ${FILE_KINDS[kind].mediaType}.`,
    );
  return kind;
}
