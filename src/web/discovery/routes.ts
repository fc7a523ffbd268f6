/**
 * Discovery routes: /robots.txt, /sitemap.xml and /sitemaps/{pages|yyyy|yyyy-n}.xml.
 * Sitemaps are answered like pages: from the page cache while the content version holds and no
 * embargo instant has passed (so an item appears in them exactly when it becomes visible), with
 * an ETag for conditional GETs.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Site } from '../../site.js';
import type { CachedPage } from '../page-cache.js';
import { sendNotFound } from '../respond.js';
import {
  latestVisible,
  PROTOCOL_MAX_URLS,
  pagesSitemap,
  parseYearFile,
  robotsTxt,
  sitemapIndex,
  sitemapYears,
  yearFiles,
  yearSitemap,
} from './sitemaps.js';

const XML = 'application/xml; charset=utf-8';
const CACHE_CONTROL = 'public, no-cache';

function matches(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

function send(request: FastifyRequest, reply: FastifyReply, page: CachedPage): FastifyReply {
  if (matches(request, page.etag))
    return reply.code(304).header('etag', page.etag).header('cache-control', CACHE_CONTROL).send();
  return reply.code(page.status).headers(page.headers).send(page.body);
}

/**
 * Serves a generated document cached under `key` for the current content version; `build`
 * returns null when the document does not exist at this instant (answered with a 404).
 */
async function serveDocument(
  site: Site,
  request: FastifyRequest,
  reply: FastifyReply,
  key: string,
  build: (now: Date) => Promise<string | null>,
): Promise<FastifyReply> {
  const known = site.currentVersion();
  const hit = known === undefined ? undefined : site.pageCache.get(key, known);
  if (hit) return send(request, reply, hit);
  const { version } = await site.freshness();
  const cached = site.pageCache.get(key, version);
  if (cached) return send(request, reply, cached);
  const body = await build(site.clock.now());
  if (body === null) return sendNotFound(site, request, reply, site.profile.defaultLanguage);
  const etag = `"${version.toString(36)}-${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`;
  const page: CachedPage = {
    status: 200,
    body,
    etag,
    headers: {
      'content-type': XML,
      etag,
      'cache-control': CACHE_CONTROL,
      'x-content-type-options': 'nosniff',
    },
  };
  site.pageCache.set(key, version, page);
  return send(request, reply, page);
}

export function registerDiscoveryRoutes(app: FastifyInstance, site: Site): void {
  const { publicUrl } = site.config;
  const maxUrls = Math.min(PROTOCOL_MAX_URLS, Math.max(1, site.config.sitemapMaxUrls));
  const db = site.database.db;

  app.get('/robots.txt', (_request, reply) =>
    reply
      .header('cache-control', 'public, max-age=3600')
      .header('x-content-type-options', 'nosniff')
      .type('text/plain; charset=utf-8')
      .send(robotsTxt(publicUrl)),
  );

  app.get('/sitemap.xml', (request, reply) =>
    serveDocument(site, request, reply, '/sitemap.xml', async (now) => {
      const [years, pagesLastmod] = await Promise.all([sitemapYears(db, now), latestVisible(db, now)]);
      return sitemapIndex(publicUrl, pagesLastmod, yearFiles(years, maxUrls));
    }),
  );

  app.get<{ Params: { file: string } }>('/sitemaps/:file', (request, reply) => {
    const name = /^(.+)\.xml$/.exec(request.params.file)?.[1] ?? '';
    if (name === 'pages')
      return serveDocument(site, request, reply, '/sitemaps/pages.xml', (now) =>
        pagesSitemap(db, now, { publicUrl, profile: site.profile, taxonomy: site.taxonomy() }),
      );
    const file = parseYearFile(name);
    if (!file) return sendNotFound(site, request, reply, site.profile.defaultLanguage);
    return serveDocument(site, request, reply, `/sitemaps/${name}.xml`, (now) =>
      yearSitemap(db, now, publicUrl, file, maxUrls),
    );
  });
}
