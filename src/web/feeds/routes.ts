/**
 * Feed routes: every listing and every search as RSS 2.0, Atom 1.0 and JSON Feed 1.1, and the
 * events among them as iCalendar. A feed URL is its page's URL with `/feed.{format}` appended:
 *
 *   /{lang}/feed.{rss|atom|json|ics}                    the site: newest items of the language (events for .ics)
 *   /{lang}/{type}/feed.{rss|atom|json}                 a content type listing (.ics for `event` only)
 *   /{lang}/{vocabulary}/{term}/feed.{rss|atom|json|ics} a term and the terms below it (old slugs 301)
 *   /{lang}/search/feed.{rss|atom|json|ics}?q=&…        a search, with every parameter of /{lang}/search;
 *                                                       newest first unless `sort=relevance`
 *
 * Every feed also takes `content=full|summary` (default full: the body HTML as RSS content:encoded,
 * Atom content and JSON Feed content_html; the summary is always there) and `limit=1…100`
 * (default 50). Static segments win over parameters in the router, so these never shadow a page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CONTENT_TYPES, type ContentType } from '../../db/schema.js';
import type { SearchService } from '../../modules/search/search.service.js';
import type { Feed } from '../../modules/syndication/feed.js';
import { writeICalendar } from '../../modules/syndication/icalendar.js';
import { eventUid } from '../../modules/syndication/identity.js';
import { writeJsonFeed } from '../../modules/syndication/json-feed.js';
import { writeAtom } from '../../modules/syndication/atom.js';
import { writeRss } from '../../modules/syndication/rss.js';
import type { Site } from '../../site.js';
import { pageContext, sendErrorPage, sendNotFound } from '../respond.js';
import { buildFeed, type FeedScope } from './build.js';
import type { ContentChoice } from './entries.js';
import { cachedFeed, prepareFeed, sendFeed } from './serve.js';

type Query = Record<string, string | string[] | undefined>;

/** A feed format: its file extension, media type and writer. */
export interface FeedFormat {
  readonly extension: 'rss' | 'atom' | 'json' | 'ics';
  readonly mediaType: string;
  readonly write: (feed: Feed, site: Site) => string;
}

export const FEED_FORMATS: readonly FeedFormat[] = [
  { extension: 'rss', mediaType: 'application/rss+xml', write: writeRss },
  { extension: 'atom', mediaType: 'application/atom+xml', write: writeAtom },
  { extension: 'json', mediaType: 'application/feed+json', write: writeJsonFeed },
  {
    extension: 'ics',
    mediaType: 'text/calendar',
    write: (feed, site) => writeICalendar(feed, (id) => eventUid(site.config.publicUrl, id)),
  },
];

export const DEFAULT_FEED_LIMIT = 50;
export const MAX_FEED_LIMIT = 100;

/** `content` and `limit` read strictly: a reader gets a clear 400, never a surprise feed. */
function feedOptions(query: Query): { content: ContentChoice; limit: number } | null {
  const { content, limit } = query;
  if (content !== undefined && content !== 'full' && content !== 'summary') return null;
  if (limit !== undefined && (typeof limit !== 'string' || !/^\d{1,3}$/.test(limit))) return null;
  const n = limit === undefined ? DEFAULT_FEED_LIMIT : Number(limit);
  if (n < 1 || n > MAX_FEED_LIMIT) return null;
  return { content: content ?? 'full', limit: n };
}

function isContentType(segment: string): segment is ContentType {
  return (CONTENT_TYPES as readonly string[]).includes(segment);
}

/** Registers the feed routes of every format. */
export function registerFeedRoutes(app: FastifyInstance, site: Site, search: SearchService): void {
  /**
   * Serves one feed: from the cache when the content state allows (not searches: their URLs are
   * endless), else built, written and cached. `scope` is resolved after the freshness check, so a
   * taxonomy change made elsewhere is seen.
   */
  const serve = async (
    request: FastifyRequest,
    reply: FastifyReply,
    format: FeedFormat,
    language: string,
    scopeOf: () => FeedScope | null,
    cacheable = true,
  ): Promise<FastifyReply> => {
    const key = request.url;
    const hit = cacheable ? cachedFeed(site, key) : undefined;
    if (hit) return sendFeed(request, reply, hit);
    if (!site.profile.languages.includes(language))
      return sendNotFound(site, request, reply, site.profile.defaultLanguage, 'DL_UNSUPPORTED_LANGUAGE');
    const options = feedOptions(request.query as Query);
    if (!options) return sendErrorPage(site, reply, language, 'DL_FEED_PARAMETER');
    const { version } = await site.freshness();
    const again = cacheable ? site.pageCache.get(key, version) : undefined;
    if (again) return sendFeed(request, reply, again);
    const scope = scopeOf();
    if (!scope) return sendNotFound(site, request, reply, language);
    const ctx = pageContext(site, language, request.url);
    const outcome = await buildFeed(site, search, ctx, {
      scope,
      eventsOnly: format.extension === 'ics',
      ...options,
      selfUrl: `${site.config.publicUrl.replace(/\/+$/, '')}${request.url}`,
    });
    if (outcome.kind === 'not-found') return sendNotFound(site, request, reply, language);
    if (outcome.kind === 'moved') {
      const { lang, section } = request.params as Record<string, string>;
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      return reply.redirect(`/${lang}/${section}/${outcome.termSlug}/feed.${format.extension}${query}`, 301);
    }
    const page = prepareFeed(
      site,
      key,
      {
        body: format.write(outcome.feed, site),
        contentType: `${format.mediaType}; charset=utf-8`,
        newestUpdate: outcome.feed.updated,
      },
      cacheable ? version : null,
    );
    return sendFeed(request, reply, page);
  };

  for (const format of FEED_FORMATS) {
    const file = `feed.${format.extension}`;

    app.get<{ Params: { lang: string } }>(`/:lang/${file}`, (request, reply) =>
      serve(request, reply, format, request.params.lang, () => ({ kind: 'site' })),
    );

    app.get<{ Params: { lang: string }; Querystring: Query }>(`/:lang/search/${file}`, (request, reply) =>
      serve(
        request,
        reply,
        format,
        request.params.lang,
        () => ({ kind: 'search', query: request.query }),
        false,
      ),
    );

    // A vocabulary's browse page lists terms, not items: it has no feed (its terms do).
    app.get<{ Params: { lang: string; section: string } }>(`/:lang/:section/${file}`, (request, reply) => {
      const { lang, section } = request.params;
      return serve(request, reply, format, lang, () =>
        isContentType(section) ? { kind: 'type', type: section } : null,
      );
    });

    app.get<{ Params: { lang: string; section: string; term: string } }>(
      `/:lang/:section/:term/${file}`,
      (request, reply) => {
        const { lang, section, term } = request.params;
        return serve(request, reply, format, lang, () => {
          const vocabulary = site.taxonomy().vocabulary(section);
          return vocabulary ? { kind: 'term', vocabulary, slug: term } : null;
        });
      },
    );
  }
}
