/**
 * Sitemaps (sitemaps.org protocol 0.9) of what the public may read now:
 *   /sitemap.xml                 index: pages.xml, then one file per publication year (UTC) with
 *                                visible items; a year above the URL limit is split into
 *                                /sitemaps/{year}-{n}.xml parts of at most that many URLs
 *   /sitemaps/pages.xml          home, type listings, vocabulary and term pages in every language
 *   /sitemaps/{year}.xml         the year's visible items with lastmod and hreflang alternates
 *
 * Items are read with `visibleItems(now)` in keyset pages along the (visible_from, id) index, so a
 * million items never sit in memory at once and an embargoed item is absent until its instant.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { CONTENT_TYPES, type Database } from '../../db/schema.js';
import { visibleItems } from '../../modules/content/visibility.js';
import type { Profile } from '../../modules/taxonomy/profile.js';
import type { Taxonomy } from '../../modules/taxonomy/taxonomy.js';
import { itemPath, termPath } from '../format.js';
import { latest } from './structured-data.js';

/** The protocol's limit of URLs per sitemap file. */
export const PROTOCOL_MAX_URLS = 50_000;
const PAGE_SIZE = 1000;

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const URLSET_OPEN =
  '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n';

function xml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );
}

interface SitemapUrl {
  readonly loc: string;
  readonly lastmod?: string;
  readonly alternates?: readonly { language: string; href: string }[];
}

function urlEntry(u: SitemapUrl): string {
  let out = `<url><loc>${xml(u.loc)}</loc>`;
  if (u.lastmod) out += `<lastmod>${xml(u.lastmod)}</lastmod>`;
  for (const a of u.alternates ?? [])
    out += `<xhtml:link rel="alternate" hreflang="${xml(a.language)}" href="${xml(a.href)}"/>`;
  return `${out}</url>\n`;
}

/** A year's share of the visible items. */
export interface SitemapYear {
  readonly year: string;
  readonly count: number;
  readonly lastmod: string;
}

/** Years (UTC, of the publication instant) with visible items at `now`. */
export async function sitemapYears(db: Kysely<Database>, now: Date): Promise<SitemapYear[]> {
  const year = sql<string>`substr(items.visible_from, 1, 4)`;
  const rows = await db
    .selectFrom('items')
    .where(visibleItems(now))
    .select([
      year.as('year'),
      (eb) => eb.fn.countAll<number>().as('n'),
      (eb) => eb.fn.max('items.updated_at').as('updated'),
      (eb) => eb.fn.max('items.visible_from').as('visible'),
    ])
    .groupBy(year)
    .orderBy(year)
    .execute();
  return rows.map((r) => ({
    year: String(r.year),
    count: Number(r.n),
    lastmod: latest(r.updated as string | null, r.visible as string | null),
  }));
}

/** File names of the item sitemaps for `years`: `2010`, or `2010-1`, `2010-2` … when split. */
export function yearFiles(
  years: readonly SitemapYear[],
  maxUrls: number,
): { name: string; lastmod: string }[] {
  return years.flatMap((y) => {
    const parts = Math.ceil(y.count / maxUrls);
    if (parts <= 1) return [{ name: y.year, lastmod: y.lastmod }];
    return Array.from({ length: parts }, (_, i) => ({ name: `${y.year}-${i + 1}`, lastmod: y.lastmod }));
  });
}

/** The sitemap index. */
export function sitemapIndex(
  publicUrl: string,
  pagesLastmod: string | undefined,
  files: readonly { name: string; lastmod: string }[],
): string {
  const entry = (loc: string, lastmod: string | undefined) =>
    `<sitemap><loc>${xml(loc)}</loc>${lastmod ? `<lastmod>${xml(lastmod)}</lastmod>` : ''}</sitemap>\n`;
  return (
    XML_HEAD +
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' +
    entry(`${publicUrl}/sitemaps/pages.xml`, pagesLastmod) +
    files.map((f) => entry(`${publicUrl}/sitemaps/${f.name}.xml`, f.lastmod)).join('') +
    '</sitemapindex>\n'
  );
}

/** Latest publication instant per language and type, for listing and home lastmod (index seeks). */
async function latestPerListing(db: Kysely<Database>, now: Date, languages: readonly string[]) {
  const latestOf = new Map<string, string>();
  for (const language of languages) {
    for (const type of CONTENT_TYPES) {
      const row = await db
        .selectFrom('items')
        .where('items.language', '=', language)
        .where('items.type', '=', type)
        .where(visibleItems(now))
        .select((eb) => eb.fn.max('items.visible_from').as('latest'))
        .executeTakeFirst();
      if (row?.latest) latestOf.set(`${language}/${type}`, String(row.latest));
    }
  }
  return latestOf;
}

/** The newest publication instant of any visible item (lastmod of pages.xml), or undefined. */
export async function latestVisible(db: Kysely<Database>, now: Date): Promise<string | undefined> {
  const row = await db
    .selectFrom('items')
    .where(visibleItems(now))
    .select((eb) => eb.fn.max('items.visible_from').as('latest'))
    .executeTakeFirst();
  return row?.latest ? String(row.latest) : undefined;
}

/** Home, type listings, vocabulary pages and term pages, each with its other languages. */
export async function pagesSitemap(
  db: Kysely<Database>,
  now: Date,
  site: { publicUrl: string; profile: Profile; taxonomy: Taxonomy },
): Promise<string> {
  const { publicUrl, profile, taxonomy } = site;
  const languages = profile.languages;
  const latestOf = await latestPerListing(db, now, languages);
  const everyLanguage = (path: (language: string) => string) =>
    languages.map((language) => ({ language, href: `${publicUrl}${path(language)}` }));
  let out = XML_HEAD + URLSET_OPEN;
  const add = (path: (language: string) => string, lastmod?: (language: string) => string | undefined) => {
    const alternates = everyLanguage(path);
    for (const language of languages)
      out += urlEntry({ loc: `${publicUrl}${path(language)}`, lastmod: lastmod?.(language), alternates });
  };
  const types = CONTENT_TYPES.filter((t) => t !== 'page');
  add(
    (l) => `/${l}/`,
    (l) =>
      types
        .map((t) => latestOf.get(`${l}/${t}`))
        .reduce<string | undefined>((a, b) => (b && (!a || b > a) ? b : a), undefined),
  );
  for (const type of types)
    add(
      (l) => `/${l}/${type}`,
      (l) => latestOf.get(`${l}/${type}`),
    );
  for (const vocabulary of taxonomy.vocabularies) {
    add((l) => `/${l}/${vocabulary.slug}`);
    for (const term of taxonomy.termsOf(vocabulary.id)) add((l) => termPath(l, vocabulary.slug, term.slug));
  }
  return `${out}</urlset>\n`;
}

/** Parses a sitemap file name into a year and part (1 when unsplit), or null. */
export function parseYearFile(name: string): { year: string; part: number | null } | null {
  const match = /^(\d{4})(?:-([1-9]\d{0,4}))?$/.exec(name);
  if (!match) return null;
  return { year: match[1]!, part: match[2] ? Number(match[2]) : null };
}

/**
 * The item sitemap of one year (or one part of it), or null when that file does not exist at
 * `now` (no visible item that year, a part beyond the last, or a part of an unsplit year).
 */
export async function yearSitemap(
  db: Kysely<Database>,
  now: Date,
  publicUrl: string,
  file: { year: string; part: number | null },
  maxUrls: number,
): Promise<string | null> {
  const from = `${file.year}-01-01T00:00:00.000Z`;
  const to = `${String(Number(file.year) + 1).padStart(4, '0')}-01-01T00:00:00.000Z`;
  const inYear = () =>
    db
      .selectFrom('items')
      .where(visibleItems(now))
      .where('items.visible_from', '>=', from)
      .where('items.visible_from', '<', to);
  const { n } = await inYear()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const count = Number(n);
  const parts = Math.ceil(count / maxUrls);
  if (count === 0) return null;
  if (file.part === null ? parts > 1 : parts <= 1 || file.part > parts) return null;
  const part = file.part ?? 1;
  // Keyset position (visible_from, id) just before the part's first item.
  let after: { visible: string; id: number } | null = null;
  if (part > 1) {
    const start = await inYear()
      .select(['items.visible_from', 'items.id'])
      .orderBy('items.visible_from')
      .orderBy('items.id')
      .offset((part - 1) * maxUrls - 1)
      .limit(1)
      .executeTakeFirst();
    if (!start?.visible_from) return null;
    after = { visible: start.visible_from, id: start.id };
  }
  let out = XML_HEAD + URLSET_OPEN;
  let left = maxUrls;
  while (left > 0) {
    const position = after;
    const rows = await inYear()
      .$if(position !== null, (q) =>
        q.where((eb) =>
          eb.or([
            eb('items.visible_from', '>', position!.visible),
            eb.and([eb('items.visible_from', '=', position!.visible), eb('items.id', '>', position!.id)]),
          ]),
        ),
      )
      .select([
        'items.id',
        'items.language',
        'items.type',
        'items.url_year',
        'items.slug',
        'items.translation_key',
        'items.updated_at',
        'items.visible_from',
      ])
      .orderBy('items.visible_from')
      .orderBy('items.id')
      .limit(Math.min(PAGE_SIZE, left))
      .execute();
    if (rows.length === 0) break;
    const sets = await translationSets(
      db,
      now,
      rows.map((r) => r.translation_key).filter((k): k is string => k !== null),
    );
    for (const row of rows) {
      const set = row.translation_key ? (sets.get(row.translation_key) ?? []) : [];
      out += urlEntry({
        loc: `${publicUrl}${itemPath(row)}`,
        lastmod: latest(row.updated_at, row.visible_from),
        alternates:
          set.length > 1
            ? set.map((t) => ({ language: t.language, href: `${publicUrl}${itemPath(t)}` }))
            : [],
      });
    }
    const last = rows[rows.length - 1]!;
    after = { visible: last.visible_from!, id: last.id };
    left -= rows.length;
  }
  return `${out}</urlset>\n`;
}

/** Visible members of the given translation sets, by key (one query per page of items). */
async function translationSets(db: Kysely<Database>, now: Date, keys: readonly string[]) {
  const sets = new Map<string, { language: string; type: string; url_year: number; slug: string }[]>();
  const unique = [...new Set(keys)];
  if (unique.length === 0) return sets;
  const rows = await db
    .selectFrom('items')
    .where(visibleItems(now))
    .where('items.translation_key', 'in', unique)
    .select(['items.translation_key', 'items.language', 'items.type', 'items.url_year', 'items.slug'])
    .orderBy('items.language')
    .execute();
  for (const row of rows) {
    const key = row.translation_key!;
    const list = sets.get(key) ?? [];
    list.push(row);
    sets.set(key, list);
  }
  return sets;
}

/** robots.txt: everything may be crawled but the newsroom and filtered searches; where the sitemap is. */
export function robotsTxt(publicUrl: string): string {
  return [
    'User-agent: *',
    'Allow: /',
    'Disallow: /admin',
    // Search results are endless combinations of queries; crawlers find every item through sitemaps.
    'Disallow: /*/search?',
    '',
    `Sitemap: ${publicUrl}/sitemap.xml`,
    '',
  ].join('\n');
}
