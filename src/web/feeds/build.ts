/**
 * What a feed lists, per kind of page it follows: the whole site, a content type, a term (with
 * the terms below it), or a search with all its filters. Each reuses the listing or search the
 * page itself runs — same visibility rule, same language rule — and takes the newest `limit`.
 */
import { CONTENT_TYPES, type ContentType } from '../../db/schema.js';
import { listVisibleItems } from '../../modules/content/items.repo.js';
import { SOURCE_DIMENSION, type SearchService } from '../../modules/search/search.service.js';
import { type Feed, newestUpdate } from '../../modules/syndication/feed.js';
import { absoluteUrl } from '../../modules/syndication/identity.js';
import { labelIn, type Vocabulary } from '../../modules/taxonomy/taxonomy.js';
import type { Site } from '../../site.js';
import { termPath } from '../format.js';
import type { PageContext } from '../page-context.js';
import { readSearchState, searchHref } from '../pages/search.js';
import { type ContentChoice, loadFeedEntries } from './entries.js';

type Query = Record<string, string | string[] | undefined>;

/** The page a feed follows. */
export type FeedScope =
  | { readonly kind: 'site' }
  | { readonly kind: 'type'; readonly type: ContentType }
  | { readonly kind: 'term'; readonly vocabulary: Vocabulary; readonly slug: string }
  | { readonly kind: 'search'; readonly query: Query };

export interface FeedRequest {
  readonly scope: FeedScope;
  /** Only events (the iCalendar format). */
  readonly eventsOnly: boolean;
  readonly content: ContentChoice;
  readonly limit: number;
  /** Absolute URL of the feed as requested (its self link). */
  readonly selfUrl: string;
}

export type FeedOutcome =
  | { readonly kind: 'feed'; readonly feed: Feed }
  | { readonly kind: 'moved'; readonly termSlug: string }
  | { readonly kind: 'not-found' };

/** The site feed lists every kind of item but static pages (about, contacts…), which are not news. */
const SITE_TYPES = CONTENT_TYPES.filter((t) => t !== 'page');

/** Builds the feed of `request.scope` in the context's language, at the context's instant. */
export async function buildFeed(
  site: Site,
  search: SearchService,
  ctx: PageContext,
  request: FeedRequest,
): Promise<FeedOutcome> {
  const listed = await listFeedItems(site, search, ctx, request);
  if (listed.kind !== 'listed') return listed;
  const entries = await loadFeedEntries(site.database.db, listed.ids, {
    publicUrl: ctx.publicUrl,
    taxonomy: ctx.taxonomy,
    language: ctx.language,
    content: request.content,
  });
  const siteName = labelIn(ctx.profile.name, ctx.language);
  const shortName = labelIn(ctx.profile.shortName, ctx.language);
  const title = listed.title ? ctx.t('feed.title', { site: shortName, title: listed.title }) : siteName;
  return {
    kind: 'feed',
    feed: {
      language: ctx.language,
      title,
      description: ctx.t('feed.description', { site: siteName }),
      siteName,
      pageUrl: absoluteUrl(ctx.publicUrl, listed.pagePath),
      selfUrl: request.selfUrl,
      id: request.selfUrl,
      updated: newestUpdate(entries),
      entries,
    },
  };
}

type Listed =
  | { readonly kind: 'listed'; readonly ids: number[]; readonly title: string; readonly pagePath: string }
  | { readonly kind: 'moved'; readonly termSlug: string }
  | { readonly kind: 'not-found' };

async function listFeedItems(
  site: Site,
  search: SearchService,
  ctx: PageContext,
  request: FeedRequest,
): Promise<Listed> {
  const { language, taxonomy, now } = ctx;
  const page = { limit: request.limit, offset: 0 };
  const db = site.database.db;
  const { scope } = request;
  switch (scope.kind) {
    case 'site': {
      const types = request.eventsOnly ? (['event'] as const) : SITE_TYPES;
      const { items } = await listVisibleItems(db, { now, language, types }, page);
      return {
        kind: 'listed',
        ids: items.map((i) => i.id),
        title: request.eventsOnly ? labelIn(ctx.profile.contentTypes.event.plural, language) : '',
        pagePath: `/${language}/`,
      };
    }
    case 'type': {
      // A calendar of press releases would always be empty: only the event listing has one.
      if (request.eventsOnly && scope.type !== 'event') return { kind: 'not-found' };
      const { items } = await listVisibleItems(db, { now, language, types: [scope.type] }, page);
      return {
        kind: 'listed',
        ids: items.map((i) => i.id),
        title: labelIn(ctx.profile.contentTypes[scope.type].plural, language),
        pagePath: `/${language}/${scope.type}`,
      };
    }
    case 'term': {
      const term = taxonomy.termBySlug(scope.vocabulary.slug, scope.slug);
      if (!term) {
        const moved = taxonomy.redirectedTerm(scope.vocabulary.slug, scope.slug);
        return moved ? { kind: 'moved', termSlug: moved.slug } : { kind: 'not-found' };
      }
      // Like the term page: a group term lists everything tagged with a term below it.
      const termIds = taxonomy.descendantsAndSelf(term.id).map((t) => t.id);
      const { items } = await listVisibleItems(
        db,
        { now, language, termIds, ...(request.eventsOnly ? { types: ['event'] } : {}) },
        page,
      );
      return {
        kind: 'listed',
        ids: items.map((i) => i.id),
        title: labelIn(term.labels, language),
        pagePath: termPath(language, scope.vocabulary.slug, term.slug),
      };
    }
    case 'search':
      return listSearchItems(search, ctx, request, scope.query);
  }
}

/** A search as a feed: the search page's own state from the same URL parameters, newest first. */
async function listSearchItems(
  search: SearchService,
  ctx: PageContext,
  request: FeedRequest,
  query: Query,
): Promise<Listed> {
  const { language, taxonomy } = ctx;
  const state = readSearchState(query, taxonomy, 1);
  // As on the search page: no language chosen means the page's own; `lang=any` every language.
  const languages = state.languages === null ? [] : state.languages.length ? state.languages : [language];
  const title = ctx.t('feed.search', { query: searchDescription(ctx, state) });
  const pagePath = searchHref(language, taxonomy, { ...state, more: '', page: 1 });
  // A calendar of a search that leaves events out is empty, not "every event".
  if (request.eventsOnly && state.types.length > 0 && !state.types.includes('event'))
    return { kind: 'listed', ids: [], title, pagePath };
  const types = request.eventsOnly ? ['event'] : state.types;
  // Subscribers want what is new: newest first, unless the URL explicitly asks for relevance.
  const sort = query.sort === 'relevance' ? 'relevance' : 'date';
  const result = await search.search({
    q: state.q,
    language,
    filters: state.filters,
    types,
    languages,
    from: state.from,
    to: state.to,
    sort,
    offset: 0,
    limit: request.limit,
    facets: false,
  });
  return {
    kind: 'listed',
    ids: result.hits.map((h) => h.itemId),
    title,
    pagePath,
  };
}

/** "police · Serbia · News": a search's words and the labels of its filters, for feed titles. */
export function searchDescription(ctx: PageContext, state: ReturnType<typeof readSearchState>): string {
  const parts: string[] = [];
  if (state.q) parts.push(state.q);
  for (const [dimension, slugs] of state.filters) {
    for (const slug of slugs) {
      const term =
        dimension === SOURCE_DIMENSION
          ? ctx.taxonomy.vocabularies
              .filter((v) => v.isSource)
              .map((v) => ctx.taxonomy.termBySlug(v.slug, slug))
              .find((t) => t !== undefined)
          : ctx.taxonomy.termBySlug(dimension, slug);
      parts.push(term ? labelIn(term.labels, ctx.language) : slug);
    }
  }
  for (const type of state.types) {
    const labels = ctx.profile.contentTypes[type as ContentType]?.plural;
    parts.push(labels ? labelIn(labels, ctx.language) : type);
  }
  return parts.length > 0 ? parts.join(' · ') : ctx.t('feed.searchEverything');
}
