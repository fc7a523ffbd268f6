/**
 * Every public page route, in one table (Miniflux's ui.go). URLs are contracts:
 *   /                                  → the reader's language home (302)
 *   /{lang}/                           home
 *   /{lang}/search?q=&…&page=          search (filters, sort and dates in the URL: see pages/search.tsx)
 *   /{lang}/search/help                the query language for readers
 *   /{lang}/{type}?page=               listing of a content type (press-release, news, …)
 *   /{lang}/{vocabulary}               browse a vocabulary (countries, fields-of-work, …)
 *   /{lang}/{vocabulary}/{term}?page=  a term's page and items (old slugs 301 to new)
 *   /{lang}/{type}/{yyyy}/{slug}       an item at its stable URL
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CONTENT_TYPES, type ContentType } from '../db/schema.js';
import type { SearchService } from '../modules/search/search.service.js';
import type { Site } from '../site.js';
import { parsePage } from './page-result.js';
import { homePage } from './pages/home.js';
import { itemPage } from './pages/item.js';
import { searchPage } from './pages/search.js';
import { searchHelpPage } from './pages/search-help.js';
import { termPage } from './pages/term.js';
import { typeListingPage } from './pages/type-listing.js';
import { vocabularyPage } from './pages/vocabulary.js';
import { sendErrorPage, sendNotFound, servePage } from './respond.js';

type Params = Record<string, string>;
type Query = Record<string, string | string[] | undefined>;

function isContentType(segment: string): segment is ContentType {
  return (CONTENT_TYPES as readonly string[]).includes(segment);
}

/** Picks the reader's language from Accept-Language among the site's languages. */
export function negotiateLanguage(
  header: string | undefined,
  languages: readonly string[],
  fallback: string,
): string {
  const wanted = (header ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { language: tag.toLowerCase().split('-')[0] ?? '', q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((w) => w.language && !Number.isNaN(w.q) && w.q > 0)
    .sort((a, b) => b.q - a.q);
  return wanted.find((w) => languages.includes(w.language))?.language ?? fallback;
}

/** Registers every public page route on `app`. */
export function registerPageRoutes(app: FastifyInstance, site: Site, search: SearchService): void {
  const page = (request: FastifyRequest, reply: FastifyReply) => {
    const p = parsePage((request.query as Query).page);
    if (p === null)
      sendErrorPage(
        site,
        reply,
        (request.params as Params).lang ?? '',
        'DL_BAD_REQUEST',
        'The page number must be a whole number of at least 1.',
      );
    return p;
  };

  app.get('/', async (request, reply) => {
    const language = negotiateLanguage(
      request.headers['accept-language'],
      site.profile.languages,
      site.profile.defaultLanguage,
    );
    return reply.header('vary', 'Accept-Language').redirect(`/${language}/`, 302);
  });

  app.get<{ Params: { lang: string } }>('/:lang/', (request, reply) =>
    servePage(site, request, reply, request.params.lang, (ctx) => homePage(site, ctx)),
  );

  app.get<{ Params: { lang: string }; Querystring: Query }>('/:lang/search', (request, reply) => {
    const n = page(request, reply);
    if (n === null) return reply;
    return servePage(
      site,
      request,
      reply,
      request.params.lang,
      (ctx) => searchPage(search, ctx, request.query, n),
      { cache: false },
    );
  });

  app.get<{ Params: { lang: string } }>('/:lang/search/help', (request, reply) =>
    servePage(site, request, reply, request.params.lang, async (ctx) => searchHelpPage(ctx)),
  );

  app.get<{ Params: { lang: string; section: string } }>('/:lang/:section', (request, reply) => {
    const { lang, section } = request.params;
    const n = page(request, reply);
    if (n === null) return reply;
    if (isContentType(section))
      return servePage(site, request, reply, lang, (ctx) => typeListingPage(search, ctx, section, n));
    const vocabulary = site.taxonomy().vocabulary(section);
    if (vocabulary)
      return servePage(site, request, reply, lang, (ctx) => vocabularyPage(search, ctx, vocabulary));
    return sendNotFound(site, request, reply, lang);
  });

  app.get<{ Params: { lang: string; section: string; term: string } }>(
    '/:lang/:section/:term',
    (request, reply) => {
      const { lang, section, term } = request.params;
      const n = page(request, reply);
      if (n === null) return reply;
      const vocabulary = site.taxonomy().vocabulary(section);
      if (!vocabulary) return sendNotFound(site, request, reply, lang);
      return servePage(site, request, reply, lang, (ctx) => termPage(search, ctx, vocabulary, term, n));
    },
  );

  app.get<{ Params: { lang: string; type: string; year: string; slug: string } }>(
    '/:lang/:type/:year/:slug',
    (request, reply) => {
      const { lang, type, year, slug } = request.params;
      if (!isContentType(type) || !/^\d{4}$/.test(year)) return sendNotFound(site, request, reply, lang);
      return servePage(site, request, reply, lang, (ctx) =>
        itemPage(site, ctx, { type, year: Number(year), slug }),
      );
    },
  );
}
