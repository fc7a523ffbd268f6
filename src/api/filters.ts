/**
 * The filter parameters shared by items, events and search — the same names as the search page's
 * URL (`{vocabulary queryKey}=slug`, `source=`, `type=`, `lang=`, `from=`, `to=`) — as JSON
 * Schema for the OpenAPI document (built from the profile's vocabularies) and as values for the
 * listing queries.
 */
import { type TSchema, Type } from '@sinclair/typebox';
import type { ContentType } from '../db/schema.js';
import { DatelineError } from '../errors.js';
import { parseDateBound } from '../modules/search/dates.js';
import type { Taxonomy } from '../modules/taxonomy/taxonomy.js';
import { ContentTypeName } from './schemas.js';

const MAX_VALUES = 20;
const TermSlugList = (description: string) =>
  Type.Optional(
    Type.Array(Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 100 }), {
      maxItems: MAX_VALUES,
      description,
    }),
  );
const DateBound = (description: string) =>
  Type.Optional(Type.String({ pattern: '^\\d{4}(-\\d{1,2}(-\\d{1,2})?)?$', description }));

/** The filter parameters as querystring properties; one per vocabulary of the profile. */
export function filterProperties(taxonomy: Taxonomy, languages: readonly string[]): Record<string, TSchema> {
  const properties: Record<string, TSchema> = {};
  for (const vocabulary of taxonomy.vocabularies)
    properties[vocabulary.queryKey] = TermSlugList(
      `Term slugs of the ${vocabulary.slug} vocabulary (narrower terms included); several: any of them.`,
    );
  properties.source = TermSlugList('Issuing institution (term slug of a source vocabulary); several: any.');
  properties.type = Type.Optional(
    Type.Array(ContentTypeName, { maxItems: MAX_VALUES, description: 'Content types.' }),
  );
  properties.lang = Type.Optional(
    Type.Array(Type.String({ enum: [...languages] }), {
      maxItems: MAX_VALUES,
      description: 'Item languages; absent: every language.',
    }),
  );
  properties.from = DateBound(
    'Earliest date (UTC), YYYY, YYYY-MM or YYYY-MM-DD: a year or month from its first day.',
  );
  properties.to = DateBound(
    'Latest date (UTC), YYYY, YYYY-MM or YYYY-MM-DD: a year or month to its last day.',
  );
  return properties;
}

export type FilterQuery = Record<string, string[] | string | number | boolean | undefined>;

function list(value: FilterQuery[string]): string[] {
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
}

/** Vocabulary slug → term slugs, plus `source`, as the search service takes them. */
export function filterMap(query: FilterQuery, taxonomy: Taxonomy): Map<string, string[]> {
  const filters = new Map<string, string[]>();
  for (const vocabulary of taxonomy.vocabularies) {
    const slugs = list(query[vocabulary.queryKey]);
    if (slugs.length > 0) filters.set(vocabulary.slug, slugs);
  }
  const sources = list(query.source);
  if (sources.length > 0) filters.set('source', sources);
  return filters;
}

/** Inclusive UTC instants of the `from`/`to` parameters; DL_VALIDATION for a date that does not exist. */
export function dateRange(query: FilterQuery): { from?: string; to?: string } {
  const range: { from?: string; to?: string } = {};
  for (const bound of ['from', 'to'] as const) {
    const raw = query[bound];
    if (typeof raw !== 'string' || raw === '') continue;
    const parsed = parseDateBound(raw, bound);
    if (parsed.date === null)
      throw new DatelineError('DL_VALIDATION', `${bound} is not a date.`, {
        [bound]: 'is not a calendar date',
      });
    range[bound] = bound === 'from' ? `${parsed.date}T00:00:00.000Z` : `${parsed.date}T23:59:59.999Z`;
  }
  return range;
}

/**
 * Term ids per filter for SQL listings: each vocabulary filter is a set of terms with everything
 * below them (a region finds its countries); unknown slugs are a DL_VALIDATION naming them.
 */
export function termFilters(
  query: FilterQuery,
  taxonomy: Taxonomy,
): { termSets: number[][]; sourceIds: number[]; types: ContentType[]; languages: string[] } {
  const problems: Record<string, string> = {};
  const termSets: number[][] = [];
  let sourceIds: number[] = [];
  for (const [dimension, slugs] of filterMap(query, taxonomy)) {
    const ids: number[] = [];
    const key = dimension === 'source' ? 'source' : (taxonomy.vocabulary(dimension)?.queryKey ?? dimension);
    for (const slug of slugs) {
      const term =
        dimension === 'source'
          ? taxonomy.vocabularies
              .filter((v) => v.isSource)
              .map((v) => taxonomy.termBySlug(v.slug, slug))
              .find((t) => t !== undefined)
          : taxonomy.termBySlug(dimension, slug);
      if (!term) problems[key] = `unknown term ${slug}`;
      else ids.push(...taxonomy.descendantsAndSelf(term.id).map((t) => t.id));
    }
    if (dimension === 'source') sourceIds = ids;
    else termSets.push(ids);
  }
  if (Object.keys(problems).length > 0)
    throw new DatelineError('DL_VALIDATION', 'Some filters name no term.', problems);
  return {
    termSets,
    sourceIds,
    types: list(query.type) as ContentType[],
    languages: list(query.lang),
  };
}
