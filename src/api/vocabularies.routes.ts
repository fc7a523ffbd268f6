/**
 * Vocabularies and terms, from the in-memory taxonomy snapshot: hierarchy (parent, children),
 * validity dates, status and successor of closed terms, labels in every language, aliases.
 * A renamed term's old slug answers with a 301 to its current one, as on the site.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { DatelineError } from '../errors.js';
import { parseDateBound } from '../modules/search/dates.js';
import { isTermValidOn, type Taxonomy, type Term as TaxonomyTerm } from '../modules/taxonomy/taxonomy.js';
import type { Site } from '../site.js';
import {
  CalendarDate,
  Slug,
  Term,
  TermList,
  type TermView,
  VocabularyList,
  withProblems,
} from './schemas.js';

function termView(taxonomy: Taxonomy, term: TaxonomyTerm, withChildren: boolean): TermView {
  const slugOf = (id: number | null) => (id === null ? null : (taxonomy.term(id)?.slug ?? null));
  return {
    slug: term.slug,
    vocabulary: term.vocabularySlug,
    labels: { ...term.labels },
    aliases: [...term.aliases],
    parent: slugOf(term.parentId),
    ...(withChildren ? { children: taxonomy.children(term.id).map((c) => c.slug) } : {}),
    validFrom: term.validFrom,
    validTo: term.validTo,
    status: term.status,
    successor: slugOf(term.successorId),
    attributes: { ...term.attributes },
  };
}

function vocabularyOrFail(taxonomy: Taxonomy, slug: string) {
  const vocabulary = taxonomy.vocabulary(slug);
  if (!vocabulary) throw new DatelineError('DL_NOT_FOUND', `No vocabulary ${slug}.`);
  return vocabulary;
}

export function registerVocabularyRoutes(api: FastifyInstance, site: Site): void {
  const base = `${site.config.publicUrl}/api/v1`;
  api.get(
    '/vocabularies',
    {
      schema: {
        tags: ['vocabularies'],
        summary: 'Every vocabulary of the site',
        response: withProblems({ 200: VocabularyList }),
      },
    },
    async () => {
      const taxonomy = site.taxonomy();
      const data = taxonomy.vocabularies.map((v) => ({
        slug: v.slug,
        queryKey: v.queryKey,
        labels: { ...v.labels },
        hierarchical: v.hierarchical,
        isSource: v.isSource,
        termCount: taxonomy.termsOf(v.id).length,
        links: { terms: `${base}/vocabularies/${v.slug}/terms` },
      }));
      return { data, totalCount: data.length };
    },
  );

  api.get(
    '/vocabularies/:vocabulary/terms',
    {
      schema: {
        tags: ['vocabularies'],
        summary: 'Terms of a vocabulary, in profile order',
        params: Type.Object({ vocabulary: Slug }),
        querystring: Type.Object({
          validOn: Type.Optional({
            ...CalendarDate,
            description: 'Only terms valid on this date (YYYY-MM-DD).',
          }),
          status: Type.Optional(Type.String({ enum: ['active', 'closed'] })),
        }),
        response: withProblems({ 200: TermList }),
      },
    },
    async (request) => {
      const { vocabulary: slug } = request.params as { vocabulary: string };
      const { validOn, status } = request.query as { validOn?: string; status?: string };
      if (validOn !== undefined && parseDateBound(validOn, 'from').date !== validOn)
        throw new DatelineError('DL_VALIDATION', 'validOn is not a date.', {
          validOn: 'is not a calendar date',
        });
      const taxonomy = site.taxonomy();
      const vocabulary = vocabularyOrFail(taxonomy, slug);
      const data = taxonomy
        .termsOf(vocabulary.id)
        .filter(
          (t) =>
            (validOn === undefined || isTermValidOn(t, validOn)) &&
            (status === undefined || t.status === status),
        )
        .map((t) => termView(taxonomy, t, false));
      return { data, totalCount: data.length };
    },
  );

  api.get(
    '/vocabularies/:vocabulary/terms/:term',
    {
      schema: {
        tags: ['vocabularies'],
        summary: 'One term with its children; an old slug redirects (301) to the current one',
        params: Type.Object({ vocabulary: Slug, term: Slug }),
        response: withProblems({
          200: Term,
          301: Type.Null({ description: 'The term was renamed: see Location.' }),
        }),
      },
    },
    async (request, reply) => {
      const params = request.params as { vocabulary: string; term: string };
      const taxonomy = site.taxonomy();
      vocabularyOrFail(taxonomy, params.vocabulary);
      const term = taxonomy.termBySlug(params.vocabulary, params.term);
      if (term) return termView(taxonomy, term, true);
      const renamed = taxonomy.redirectedTerm(params.vocabulary, params.term);
      if (renamed)
        return reply.redirect(`${base}/vocabularies/${params.vocabulary}/terms/${renamed.slug}`, 301);
      throw new DatelineError('DL_NOT_FOUND', `No term ${params.term} in ${params.vocabulary}.`);
    },
  );
}
