/** Turns page results into HTTP responses: rendering, ETags, 304s, the page cache and error pages. */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { ERRORS, type ErrorCode } from '../errors.js';
import type { Site } from '../site.js';
import { translator } from './messages/index.js';
import type { PageContext } from './page-context.js';
import type { PageResult } from './page-result.js';
import { ErrorPage } from './pages/error.js';

/** Builds the page context for a language at the site's current instant. */
export function pageContext(site: Site, language: string): PageContext {
  return {
    language,
    t: translator(language),
    profile: site.profile,
    taxonomy: site.taxonomy(),
    timeZone: site.config.timeZone,
    publicUrl: site.config.publicUrl,
    now: site.clock.now(),
  };
}

/** Serialises a page tree as an HTML document. */
export function renderDocument(body: VNode): string {
  return `<!doctype html>\n${renderToString(body)}`;
}

function etagOf(version: number, html: string): string {
  return `"${version.toString(36)}-${createHash('sha1').update(html).digest('base64url').slice(0, 20)}"`;
}

function matches(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

// Pages are revalidated on every request (cheap: a 304), so no shared cache can hold a page
// past an edit or keep an embargoed item hidden after its instant.
const CACHE_CONTROL = 'public, no-cache';

/** Sends an error page for `code` in `language`. */
export function sendErrorPage(
  site: Site,
  reply: FastifyReply,
  language: string,
  code: ErrorCode,
  detail?: string,
): FastifyReply {
  const ctx = pageContext(
    site,
    site.profile.languages.includes(language) ? language : site.profile.defaultLanguage,
  );
  return reply
    .code(ERRORS[code].status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(renderDocument(ErrorPage({ ctx, code, detail }) as VNode));
}

/**
 * Serves a public page: from the cache when the content version and embargo horizon allow,
 * else rendered by `render` and cached. Answers 304 when the reader already has this version.
 */
export async function servePage(
  site: Site,
  request: FastifyRequest,
  reply: FastifyReply,
  language: string,
  render: (ctx: PageContext) => Promise<PageResult>,
  options: { cache?: boolean } = {},
): Promise<FastifyReply> {
  if (!site.profile.languages.includes(language))
    return sendErrorPage(site, reply, site.profile.defaultLanguage, 'DL_UNSUPPORTED_LANGUAGE');
  const { version } = await site.freshness();
  const key = request.url;
  // Free-text URLs (searches) are endless; caching them would only evict the pages readers share.
  const cacheable = options.cache !== false;
  const cached = cacheable ? site.pageCache.get(key, version) : undefined;
  if (cached) {
    reply.header('etag', cached.etag).header('cache-control', CACHE_CONTROL);
    if (matches(request, cached.etag)) return reply.code(304).send();
    return reply.code(cached.status).type(cached.contentType).send(cached.body);
  }
  const result = await render(pageContext(site, language));
  if (result.kind === 'redirect') return reply.code(result.status).header('location', result.location).send();
  if (result.kind === 'error') return sendErrorPage(site, reply, language, result.code, result.detail);
  const html = renderDocument(result.body);
  const etag = etagOf(version, html);
  const status = result.status ?? 200;
  const contentType = 'text/html; charset=utf-8';
  if (status === 200)
    site.pageCache.set(key, version, { status, contentType, body: html, etag, headers: {} });
  reply.header('etag', etag).header('cache-control', CACHE_CONTROL);
  if (matches(request, etag)) return reply.code(304).send();
  return reply.code(status).type(contentType).send(html);
}
