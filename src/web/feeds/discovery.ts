/**
 * Autodiscovery: the feeds a page offers, as `<link rel="alternate">` tags in its head (the
 * layout renders them), so a browser or feed reader finds the feed of any listing or search from
 * the page itself. Derived from the page's path alone; pages without a feed (items, help, browse
 * pages of a vocabulary, error pages) get none, and an odd path never throws.
 */
import { CONTENT_TYPES } from '../../db/schema.js';
import { absoluteUrl } from '../../modules/syndication/identity.js';
import { labelIn } from '../../modules/taxonomy/taxonomy.js';
import type { PageContext } from '../page-context.js';
import { readSearchState, searchHref } from '../pages/search.js';
import { searchDescription } from './build.js';

export interface FeedLink {
  readonly type: string;
  readonly title: string;
  readonly href: string;
  /** The format's name, as a visible link shows it ("RSS", "Atom", "JSON Feed"). */
  readonly name: string;
}

/** The formats offered for autodiscovery (iCalendar is linked from nowhere: calendars subscribe by URL). */
const DISCOVERABLE = [
  { extension: 'rss', type: 'application/rss+xml', name: 'RSS' },
  { extension: 'atom', type: 'application/atom+xml', name: 'Atom' },
  { extension: 'json', type: 'application/feed+json', name: 'JSON Feed' },
] as const;

type Query = Record<string, string | string[]>;

/** Each page's feed links, worked out once: its head and its body (Subscribe) both show them. */
const linksOfPage = new WeakMap<PageContext, readonly FeedLink[]>();

/** The feed links of the page at `ctx.path`. */
export function feedLinksFor(ctx: PageContext): readonly FeedLink[] {
  let links = linksOfPage.get(ctx);
  if (!links) {
    links = findFeedLinks(ctx);
    linksOfPage.set(ctx, links);
  }
  return links;
}

function findFeedLinks(ctx: PageContext): readonly FeedLink[] {
  try {
    const feed = feedOf(ctx);
    if (!feed) return [];
    return DISCOVERABLE.map((f) => ({
      type: f.type,
      name: f.name,
      title: `${feed.title} (${f.name})`,
      href: absoluteUrl(ctx.publicUrl, `${feed.path}/feed.${f.extension}${feed.query}`),
    }));
  } catch {
    // A malformed path (bad percent-encoding…) only means no feed links, never a broken page.
    return [];
  }
}

/** The feed of a page: its path (without `/feed.x`), its query string, and its title. */
function feedOf(ctx: PageContext): { path: string; query: string; title: string } | null {
  const { language, taxonomy, profile, t } = ctx;
  const [pathname = '', search = ''] = ctx.path.split('?', 2);
  const segments = pathname
    .split('/')
    .filter((s) => s !== '')
    .map(decodeURIComponent);
  if (segments[0] !== language) return null;
  const site = labelIn(profile.shortName, language);
  const titled = (title: string) => t('feed.title', { site, title });
  const [, section, slug, ...rest] = segments;
  if (rest.length > 0) return null;
  if (section === undefined)
    return { path: `/${language}`, query: '', title: labelIn(profile.name, language) };
  if (section === 'search' && slug === undefined) {
    const query: Query = {};
    for (const [key, value] of new URLSearchParams(search)) {
      const previous = query[key];
      query[key] =
        previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
    }
    // The search's own canonical URL, without its page number (a feed is always the newest) or
    // which facet the page shows whole.
    const state = readSearchState(query, taxonomy, 1);
    const href = searchHref(language, taxonomy, { ...state, more: '' });
    const at = href.indexOf('?');
    return {
      path: at < 0 ? href : href.slice(0, at),
      query: at < 0 ? '' : href.slice(at),
      title: titled(t('feed.search', { query: searchDescription(ctx, state) })),
    };
  }
  if (slug === undefined) {
    const type = CONTENT_TYPES.find((x) => x === section);
    return type
      ? {
          path: `/${language}/${type}`,
          query: '',
          title: titled(labelIn(profile.contentTypes[type].plural, language)),
        }
      : null;
  }
  const vocabulary = taxonomy.vocabulary(section);
  const term = vocabulary ? taxonomy.termBySlug(vocabulary.slug, slug) : undefined;
  if (!vocabulary || !term) return null;
  return {
    path: `/${language}/${vocabulary.slug}/${term.slug}`,
    query: '',
    title: titled(labelIn(term.labels, language)),
  };
}
