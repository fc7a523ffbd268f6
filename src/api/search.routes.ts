/**
 * Search: the site's query language and filters (the same parameter names as the search page),
 * answered by the search service — hits with snippets and scores, exact facet counts, notices
 * about how the query was read. Offset paging: relevance order has no stable key to resume from,
 * and the engine answers up to MAX_OFFSET.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ContentType } from '../db/schema.js';
import type { Notice } from '../modules/search/query.js';
import {
  MAX_OFFSET,
  SOURCE_DIMENSION,
  type SearchService,
  serverTiming,
} from '../modules/search/search.service.js';
import { labelIn } from '../modules/taxonomy/taxonomy.js';
import type { Site } from '../site.js';
import { languageName } from '../web/format.js';
import { dateRange, type FilterQuery, filterMap, filterProperties } from './filters.js';
import { type PresentedRow, parseFields, presentedColumns, presentItem } from './item-view.js';
import { FieldsParam } from './items.routes.js';
import { pageLinks } from './links.js';
import { SearchResult, SUMMARY_FIELDS, withProblems } from './schemas.js';

interface FacetValue {
  value: string;
  label: string;
  count: number;
}

const byCount = (a: FacetValue, b: FacetValue) => b.count - a.count || a.label.localeCompare(b.label);

function noticeDetail(notice: Notice): string {
  switch (notice.code) {
    case 'unknown-term':
      return `${notice.key}: ${notice.value} names no term; left out.`;
    case 'invalid-date':
      return `${notice.key}: ${notice.value} is not a date; left out.`;
    case 'truncated':
      return `The query was too long (${notice.limit}); the rest was left out.`;
    case 'parsed-as-words':
      return 'Operators, quotes or parentheses did not form a query; its words were searched.';
    case 'ignored-words':
      return `Too common to search for: ${notice.words.join(', ')}.`;
    case 'short-prefix':
      return `${notice.value}: too short to expand; searched as a word.`;
  }
}

export function registerSearchRoutes(api: FastifyInstance, site: Site, search: SearchService): void {
  const languages = site.profile.languages;
  api.get(
    '/search',
    {
      schema: {
        tags: ['search'],
        summary: 'Full-text search with filters and facet counts',
        description:
          'The query language of the site search (words, exact "phrases" with their words in order, AND/OR/NOT, prefix*, field and ' +
          `vocabulary qualifiers, dates). Offset paging up to offset ${MAX_OFFSET}; narrow the search ` +
          'beyond it. Facets are disjunctive: a dimension is counted without its own filter. ' +
          "The response's Server-Timing header (`search;dur=…`) gives the search's own time in milliseconds.",
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 1000 })),
          ...filterProperties(site.taxonomy(), languages),
          sort: Type.Optional(Type.String({ enum: ['relevance', 'date'], default: 'relevance' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
          offset: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_OFFSET, default: 0 })),
          facets: Type.Optional(Type.Boolean({ default: true })),
          locale: Type.Optional(
            Type.String({
              enum: [...languages],
              description: 'Language of labels and of query analysis (default: the site’s).',
            }),
          ),
          fields: FieldsParam,
        }),
        response: withProblems({ 200: SearchResult }),
      },
    },
    async (request, reply) => {
      const query = request.query as FilterQuery;
      const locale = (query.locale as string | undefined) ?? site.profile.defaultLanguage;
      const limit = Number(query.limit ?? 20);
      const offset = Number(query.offset ?? 0);
      const fields = parseFields(query.fields as string | undefined, SUMMARY_FIELDS);
      // Validates the dates (DL_VALIDATION) the way item listings do; the service reads them itself.
      dateRange(query);
      const list = (name: string) => {
        const value = query[name];
        return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
      };
      const taxonomy = site.taxonomy();
      const searchRequest = {
        q: typeof query.q === 'string' ? query.q : '',
        language: locale,
        filters: filterMap(query, taxonomy),
        types: list('type'),
        languages: list('lang'),
        ...(typeof query.from === 'string' ? { from: query.from } : {}),
        ...(typeof query.to === 'string' ? { to: query.to } : {}),
      };
      const result = await search.search({
        ...searchRequest,
        sort: query.sort === 'date' ? 'date' : 'relevance',
        offset,
        limit,
        facets: query.facets !== false,
        // The presenter's columns, read with the hits (the service kept only items visible now).
        columns: presentedColumns(fields),
      });
      reply.header('server-timing', serverTiming(result));
      const now = site.clock.now();
      const data = [];
      for (const hit of result.hits)
        data.push({
          item: await presentItem(site, hit.item as PresentedRow, fields, now),
          score: hit.score,
          snippet: hit.snippet,
          highlightedTitle: hit.titleHtml,
        });
      const facets = [];
      if (result.facets) {
        const f = result.facets;
        facets.push({
          key: 'type',
          label: 'Content type',
          values: [...f.types]
            .map(([type, count]) => ({
              value: type,
              label: labelIn(site.profile.contentTypes[type as ContentType]?.labels ?? { en: type }, locale),
              count,
            }))
            .sort(byCount),
        });
        facets.push({
          key: 'lang',
          label: 'Language',
          values: [...f.languages]
            .map(([code, count]) => ({ value: code, label: languageName(code, locale), count }))
            .sort(byCount),
        });
        const termValues = (counts: ReadonlyMap<number, number> | undefined) =>
          [...(counts ?? [])]
            .flatMap(([termId, count]) => {
              const term = taxonomy.term(termId);
              return term ? [{ value: term.slug, label: labelIn(term.labels, locale), count }] : [];
            })
            .sort(byCount);
        for (const vocabulary of taxonomy.vocabularies)
          facets.push({
            key: vocabulary.queryKey,
            label: labelIn(vocabulary.labels, locale),
            values: termValues(f.terms.get(vocabulary.slug)),
          });
        facets.push({ key: 'source', label: 'Issued by', values: termValues(f.terms.get(SOURCE_DIMENSION)) });
        facets.push({
          key: 'year',
          label: 'Year',
          values: [...f.years]
            .sort((a, b) => b[0] - a[0])
            .map(([year, count]) => ({ value: String(year), label: String(year), count })),
        });
      }
      // Nothing found for words: the query spelled with words the archive holds, if that finds some.
      const suggestion =
        result.total === 0 && searchRequest.q ? await search.didYouMean(searchRequest) : null;
      const reachable = Math.min(result.total, MAX_OFFSET + limit);
      const nextOffset = offset + limit;
      return {
        data,
        totalCount: result.total,
        sort: result.sort,
        facets,
        notices: result.notices.map((n) => ({ code: n.code, detail: noticeDetail(n) })),
        didYouMean: suggestion ? { q: suggestion.q, totalCount: suggestion.total } : null,
        links: pageLinks(
          site,
          request,
          nextOffset < reachable && nextOffset <= MAX_OFFSET ? { offset: String(nextOffset) } : null,
        ),
      };
    },
  );
}
