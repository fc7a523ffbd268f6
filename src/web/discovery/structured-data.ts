/**
 * schema.org JSON-LD for pages: NewsArticle (or Report, WebPage) and Event for items, Organization
 * and WebSite (with a search action) for home pages. Built from what the page already read, so it
 * costs no query; only visible items reach a page, so nothing embargoed can leak through it.
 */
import type { ItemRow } from '../../db/schema.js';
import type { Profile } from '../../modules/taxonomy/profile.js';
import { labelIn, type Taxonomy, type Term } from '../../modules/taxonomy/taxonomy.js';
import { itemPath, termPath } from '../format.js';

export type JsonLd = Readonly<Record<string, unknown>>;

const CONTEXT = 'https://schema.org';

/** The publishing organization, as publisher of items and the subject of home pages. */
export function organizationData(profile: Profile, publicUrl: string, language: string): JsonLd {
  return {
    '@type': 'Organization',
    name: labelIn(profile.name, language),
    alternateName: labelIn(profile.shortName, language),
    url: `${publicUrl}/${language}/`,
  };
}

/** Home page: the organization and the site, with a search box for search engines. */
export function homeData(profile: Profile, publicUrl: string, language: string): JsonLd[] {
  return [
    { '@context': CONTEXT, ...organizationData(profile, publicUrl, language) },
    {
      '@context': CONTEXT,
      '@type': 'WebSite',
      name: labelIn(profile.name, language),
      url: `${publicUrl}/${language}/`,
      inLanguage: language,
      potentialAction: {
        '@type': 'SearchAction',
        target: {
          '@type': 'EntryPoint',
          urlTemplate: `${publicUrl}/${language}/search?q={search_term_string}`,
        },
        'query-input': 'required name=search_term_string',
      },
    },
  ];
}

/** A term as a schema.org thing: countries (terms with an ISO code) are places, issuers organizations. */
function termThing(term: Term, taxonomy: Taxonomy, publicUrl: string, language: string): JsonLd {
  const type =
    typeof term.attributes.iso2 === 'string'
      ? 'Country'
      : taxonomy.vocabularyOf(term).isSource
        ? 'Organization'
        : 'Thing';
  return {
    '@type': type,
    name: labelIn(term.labels, language),
    url: `${publicUrl}${termPath(language, term.vocabularySlug, term.slug)}`,
  };
}

export interface ItemFacts {
  readonly item: ItemRow;
  readonly sources: readonly Term[];
  readonly tags: readonly Term[];
  readonly series?: Term;
}

/** The JSON-LD of an item page: an Event for events, else an article of the fitting kind. */
export function itemData(
  facts: ItemFacts,
  context: { profile: Profile; taxonomy: Taxonomy; publicUrl: string; language: string },
): JsonLd {
  const { item, sources, tags } = facts;
  const { profile, taxonomy, publicUrl, language } = context;
  const url = `${publicUrl}${itemPath(item)}`;
  const publisher = organizationData(profile, publicUrl, language);
  const issuers = sources.map((s) => termThing(s, taxonomy, publicUrl, language));
  const about = tags.map((t) => termThing(t, taxonomy, publicUrl, language));
  const common = {
    '@context': CONTEXT,
    url,
    inLanguage: item.language,
    ...(item.summary ? { description: item.summary } : {}),
    ...(about.length > 0 ? { about } : {}),
  };
  if (item.type === 'event' && item.event_starts_at) {
    return {
      ...common,
      '@type': 'Event',
      name: item.title,
      startDate: item.event_starts_at,
      ...(item.event_ends_at ? { endDate: item.event_ends_at } : {}),
      // Dateline has no cancelled or moved events yet: a published event is as scheduled.
      eventStatus: 'https://schema.org/EventScheduled',
      eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
      ...(item.event_venue ? { location: { '@type': 'Place', name: item.event_venue } } : {}),
      ...(facts.series ? { superEvent: termThing(facts.series, taxonomy, publicUrl, language) } : {}),
      organizer: issuers.length > 0 ? issuers : publisher,
    };
  }
  const type = item.type === 'page' ? 'WebPage' : item.type === 'publication' ? 'Report' : 'NewsArticle';
  return {
    ...common,
    '@type': type,
    headline: item.title.length > 110 ? `${item.title.slice(0, 109)}…` : item.title,
    name: item.title,
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    ...(item.published_at ? { datePublished: item.published_at } : {}),
    // An item edited before its publication was public only from its publication instant.
    dateModified: latest(item.updated_at, item.published_at),
    ...(type === 'NewsArticle' && item.dateline_place ? { dateline: item.dateline_place } : {}),
    publisher,
    ...(issuers.length > 0 ? { author: issuers, sourceOrganization: issuers } : {}),
  };
}

/** The later of two ISO instants (either may be missing). */
export function latest(a: string | null, b: string | null): string {
  if (!a) return b ?? '';
  if (!b) return a;
  return a > b ? a : b;
}

/**
 * JSON for a `<script type="application/ld+json">` element. `<`, `>` and `&` become JSON escapes,
 * so no title can close the element or open a comment; U+2028/9 too, for old parsers.
 */
export function jsonLdText(data: JsonLd | readonly JsonLd[]): string {
  return JSON.stringify(data).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
