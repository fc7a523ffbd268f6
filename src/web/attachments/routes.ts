/**
 * Downloads of attachment files at `/{lang}/{type}/{yyyy}/{slug}/files/{fileName}`, the address
 * feeds give as enclosures. A file is exactly as public as its item, decided with the site's clock
 * on every request: not yet visible (embargo, draft) → 404, withdrawn → 410, like the item page.
 * Answers are revalidated each time (`no-cache`) so an embargo or a withdrawal takes effect at
 * once; the strong ETag is the file's SHA-256, so a revalidation costs a 304 and no bytes.
 */
import contentDisposition from 'content-disposition';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ConfigError } from '../../config.js';
import { CONTENT_TYPES, type ContentType } from '../../db/schema.js';
import { kindOfMediaType, parseFileKinds } from '../../modules/attachments/file-kinds.js';
import { type AttachmentRow, findAttachment } from '../../modules/attachments/attachments.service.js';
import { databaseAttachmentStore } from '../../modules/attachments/store.js';
import { findItemByUrl } from '../../modules/content/items.repo.js';
import { canRead, PUBLIC_READER } from '../../modules/content/visibility.js';
import type { Site } from '../../site.js';
import { sendErrorPage, sendNotFound } from '../respond.js';
import { SECURITY_HEADERS } from '../security-headers.js';
import { parseByteRange } from './range.js';

interface FileParams {
  lang: string;
  type: string;
  year: string;
  slug: string;
  fileName: string;
}

const CACHE_CONTROL = 'public, no-cache';
const CONTROL = /\p{Cc}/u;

function isContentType(segment: string): segment is ContentType {
  return (CONTENT_TYPES as readonly string[]).includes(segment);
}

function ifNoneMatch(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//u, '') === etag;
  });
}

/** Headers of a file answer: its type, how to open it, and the site's security headers. */
function fileHeaders(attachment: AttachmentRow, etag: string): Record<string, string> {
  const kind = kindOfMediaType(attachment.media_type);
  // A media type we cannot vouch for (metadata from an old site) is only ever downloaded.
  const type = kind
    ? kind.mediaType.startsWith('text/')
      ? `${kind.mediaType}; charset=utf-8`
      : kind.mediaType
    : 'application/octet-stream';
  return {
    ...SECURITY_HEADERS,
    'content-type': type,
    'content-disposition': contentDisposition(attachment.file_name, {
      type: kind?.disposition ?? 'attachment',
    }),
    'x-content-type-options': 'nosniff',
    etag,
    'cache-control': CACHE_CONTROL,
    'accept-ranges': 'bytes',
  };
}

async function serveFile(site: Site, request: FastifyRequest<{ Params: FileParams }>, reply: FastifyReply) {
  const { lang, type, year, slug, fileName } = request.params;
  // A control character (an encoded NUL …) names nothing we store, and PostgreSQL refuses NUL in text.
  if (
    !site.profile.languages.includes(lang) ||
    !isContentType(type) ||
    !/^\d{4}$/u.test(year) ||
    CONTROL.test(slug) ||
    CONTROL.test(fileName)
  )
    return sendNotFound(site, request, reply, lang);
  const db = site.database.db;
  const item = await findItemByUrl(db, { language: lang, type, year: Number(year), slug });
  if (!item) return sendNotFound(site, request, reply, lang);
  if (item.status === 'withdrawn') return sendErrorPage(site, reply, lang, 'DL_GONE');
  if (!canRead(PUBLIC_READER, item, site.clock.now())) return sendNotFound(site, request, reply, lang);

  const attachment = await findAttachment(db, item.id, fileName);
  if (!attachment) return sendNotFound(site, request, reply, lang);
  const etag = `"${attachment.sha256}"`;
  if (ifNoneMatch(request, etag))
    return reply.code(304).header('etag', etag).header('cache-control', CACHE_CONTROL).send();
  const bytes = await databaseAttachmentStore.get(db, attachment.sha256);
  // Metadata imported from an old site may name a file whose bytes were never stored.
  if (!bytes) return sendNotFound(site, request, reply, lang);

  reply.headers(fileHeaders(attachment, etag));
  // If-Range: a reader resuming an older version of the file gets the whole new one.
  const ifRange = request.headers['if-range'];
  const range =
    ifRange === undefined || ifRange === etag
      ? parseByteRange(request.headers.range, bytes.length)
      : parseByteRange(undefined, bytes.length);
  if (range.kind === 'unsatisfiable')
    return reply.code(416).header('content-range', `bytes */${bytes.length}`).type('text/plain').send('');
  if (range.kind === 'part')
    return reply
      .code(206)
      .header('content-range', `bytes ${range.start}-${range.end}/${bytes.length}`)
      .send(bytes.subarray(range.start, range.end + 1));
  return reply.code(200).send(bytes);
}

/** Registers the download route; refuses to start with an ATTACHMENT_TYPES it does not know. */
export function registerAttachmentRoutes(app: FastifyInstance, site: Site): void {
  try {
    parseFileKinds(site.config.attachmentTypes);
  } catch (error) {
    throw new ConfigError([(error as Error).message]);
  }
  // GET also answers HEAD (Fastify exposes HEAD routes): same headers, no body.
  app.get<{ Params: FileParams }>('/:lang/:type/:year/:slug/files/:fileName', (request, reply) =>
    serveFile(site, request, reply),
  );
}
