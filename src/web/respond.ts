/** Turns page results into HTTP responses: rendering, ETags, 304s, the page cache and error pages. */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { ERRORS, type ErrorCode } from '../errors.js';
import { findItemByLegacyPath } from '../modules/content/items.repo.js';
import { canRead, PUBLIC_READER } from '../modules/content/visibility.js';
import type { Site } from '../site.js';
import { itemPath } from './format.js';
import { translator } from './messages/index.js';
import type { PageContext } from './page-context.js';
import type { CachedPage } from './page-cache.js';
import type { PageResult } from './page-result.js';
import { ErrorPage } from './pages/error.js';
import { SECURITY_HEADERS } from './security-headers.js';

/** Builds the page context for a language at the site's current instant. */
export function pageContext(site: Site, language: string, path = `/${language}/`): PageContext {
  return {
    language,
    t: translator(language),
    profile: site.profile,
    taxonomy: site.taxonomy(),
    timeZone: site.config.timeZone,
    publicUrl: site.config.publicUrl,
    now: site.clock.now(),
    path,
  };
}

/** Serialises a page tree as an HTML document. */
export function renderDocument(body: VNode): string {
  return `<!doctype html>\n${renderToString(body)}`;
}

function etagOf(version: number, body: string | Buffer): string {
  return `"${version.toString(36)}-${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`;
}

function matches(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  if (header === etag) return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

// Pages are revalidated on every request (cheap: a 304), so no shared cache can hold a page
// past an edit or keep an embargoed item hidden after its instant.
const CACHE_CONTROL = 'public, no-cache';
const HTML = 'text/html; charset=utf-8';

/** Sends an error page for `code` in `language`. */
export function sendErrorPage(
  site: Site,
  reply: FastifyReply,
  language: string,
  code: ErrorCode,
  detail?: string,
): FastifyReply {
  // No path: an error page is no address of its own (no canonical link, no feeds to discover).
  const ctx = pageContext(
    site,
    site.profile.languages.includes(language) ? language : site.profile.defaultLanguage,
    '',
  );
  return reply
    .code(ERRORS[code].status)
    .headers(SECURITY_HEADERS)
    .header('cache-control', 'no-store')
    .type(HTML)
    .send(renderDocument(ErrorPage({ ctx, code, detail }) as VNode));
}

/**
 * A 404, unless the URL is the old address of an imported item: then a 301 to its stable URL,
 * so links into the legacy site keep working after an import.
 */
export async function sendNotFound(
  site: Site,
  request: FastifyRequest,
  reply: FastifyReply,
  language: string,
  code: 'DL_NOT_FOUND' | 'DL_UNSUPPORTED_LANGUAGE' = 'DL_NOT_FOUND',
): Promise<FastifyReply> {
  if (request.method === 'GET' || request.method === 'HEAD') {
    const moved = await findItemByLegacyPath(site.database.db, request.url);
    if (moved && canRead(PUBLIC_READER, moved, site.clock.now())) return reply.redirect(itemPath(moved), 301);
  }
  return sendErrorPage(site, reply, language, code);
}

/** Answers from a cached page: 304 when the reader has it, else the stored response. */
function sendCached(request: FastifyRequest, reply: FastifyReply, page: CachedPage): FastifyReply {
  if (matches(request, page.etag))
    return reply.code(304).header('etag', page.etag).header('cache-control', CACHE_CONTROL).send();
  return reply.code(page.status).headers(page.headers).send(page.body);
}

/**
 * Serves a public page: from the cache when the content version and embargo horizon allow,
 * else rendered by `render` and cached. Answers 304 when the reader already has this version.
 * A cache hit is answered synchronously, without touching the database.
 */
export function servePage(
  site: Site,
  request: FastifyRequest,
  reply: FastifyReply,
  language: string,
  render: (ctx: PageContext) => Promise<PageResult>,
  options: { cache?: boolean } = {},
): FastifyReply | Promise<FastifyReply> {
  // Free-text URLs (searches) are endless; caching them would only evict the pages readers share.
  const cacheable = options.cache !== false;
  const version = site.currentVersion();
  if (cacheable && version !== undefined) {
    const cached = site.pageCache.get(request.url, version);
    if (cached) return sendCached(request, reply, cached);
  }
  return renderPage(site, request, reply, language, render, cacheable);
}

async function renderPage(
  site: Site,
  request: FastifyRequest,
  reply: FastifyReply,
  language: string,
  render: (ctx: PageContext) => Promise<PageResult>,
  cacheable: boolean,
): Promise<FastifyReply> {
  if (!site.profile.languages.includes(language)) {
    return sendNotFound(site, request, reply, site.profile.defaultLanguage, 'DL_UNSUPPORTED_LANGUAGE');
  }
  const { version } = await site.freshness();
  const cached = cacheable ? site.pageCache.get(request.url, version) : undefined;
  if (cached) return sendCached(request, reply, cached);
  const result = await render(pageContext(site, language, request.url));
  if (result.kind === 'redirect') return reply.code(result.status).header('location', result.location).send();
  if (result.kind === 'error' && result.code === 'DL_NOT_FOUND')
    return sendNotFound(site, request, reply, language);
  if (result.kind === 'error') return sendErrorPage(site, reply, language, result.code, result.detail);
  // Encoded once: hashing a string and writing it to the socket would each encode it again.
  const html = Buffer.from(renderDocument(result.body));
  const etag = etagOf(version, html);
  const page: CachedPage = {
    status: result.status ?? 200,
    body: html,
    etag,
    headers: { ...SECURITY_HEADERS, 'content-type': HTML, etag, 'cache-control': CACHE_CONTROL },
  };
  if (page.status === 200 && cacheable) site.pageCache.set(request.url, version, page);
  if (result.serverTiming) reply.header('server-timing', result.serverTiming);
  return sendCached(request, reply, page);
}
