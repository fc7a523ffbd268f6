/**
 * /admin/taxonomy (taxonomy.manage: editors and admins): vocabularies, term trees, and one POST
 * route per change. Each change is a service call (one transaction, content version bumped,
 * audited); a refused change shows the page again with the reason and changes nothing.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DatelineError, isDatelineError } from '../../../errors.js';
import { Taxonomy, type Term } from '../../../modules/taxonomy/taxonomy.js';
import {
  CHAIRPERSONSHIP,
  closeTerm,
  createTerm,
  mergeTerms,
  moveTerm,
  relationVocabularies,
  renameTerm,
  reopenTerm,
  setChairpersonship,
  updateTermLabels,
} from '../../../modules/taxonomy/taxonomy.service.js';
import type { Site } from '../../../site.js';
import { actorOf, requirePermission } from '../auth.js';
import { adminContext } from '../context.js';
import { parseId, readForm } from '../forms.js';
import type { AdminMessageKey } from '../messages.js';
import { renderAdmin } from '../respond.js';
import { type TaxonomyView, TermPage, VocabulariesPage, VocabularyPage } from './pages.js';

/** Refusals shown on the form's page (400/409); anything else goes to the newsroom error page. */
const FORM_ERRORS = new Set([
  'DL_VALIDATION',
  'DL_CONFLICT',
  'DL_TERM_CYCLE',
  'DL_TERM_VOCABULARY',
  'DL_TERM_SELF_MERGE',
]);

const NOTICES: Readonly<Record<string, AdminMessageKey>> = {
  created: 'taxonomy.done.created',
  renamed: 'taxonomy.done.renamed',
  labels: 'taxonomy.done.labels',
  moved: 'taxonomy.done.moved',
  merged: 'taxonomy.done.merged',
  closed: 'taxonomy.done.closed',
  reopened: 'taxonomy.done.reopened',
  chair: 'taxonomy.done.chair',
};

/** One name per line (or comma-separated on one line, as people paste lists). */
function parseAliases(raw: string): string[] {
  return raw
    .split(/\r?\n|,/)
    .map((a) => a.trim())
    .filter((a) => a !== '');
}

/** An optional term id from a select: '' means none. */
function optionalId(raw: string): number | null {
  return raw === '' ? null : parseId(raw);
}

/** Registers the taxonomy admin routes. */
export function registerTaxonomyRoutes(admin: FastifyInstance, site: Site): void {
  const guard = { preHandler: requirePermission('taxonomy.manage') };
  const db = site.database.db;
  const languages = site.profile.languages;
  /** The `label-{language}` fields of a form, one per site language, as language → label. */
  const readLabels = (body: unknown): Record<string, string> => {
    const values = readForm(
      body,
      languages.map((l) => `label-${l}`),
    );
    return Object.fromEntries(languages.map((l) => [l, values[`label-${l}`] ?? '']));
  };
  const labelFieldsOf = (labels: Record<string, string>) =>
    Object.fromEntries(Object.entries(labels).map(([l, label]) => [`label-${l}`, label]));

  /** The newsroom reads the taxonomy from the database, never a snapshot another server may not have refreshed. */
  const view = async (
    request: FastifyRequest,
    extra: Pick<TaxonomyView, 'errors' | 'form'> = {},
  ): Promise<TaxonomyView> => {
    const ctx = adminContext(site, request);
    const done = (request.query as Record<string, unknown>).done;
    const count = (request.query as Record<string, unknown>).count;
    const key = typeof done === 'string' ? NOTICES[done] : undefined;
    const counts = await db
      .selectFrom('term_listing')
      .select(['term_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('term_id')
      .execute();
    return {
      ctx,
      taxonomy: await Taxonomy.load(db),
      languages,
      defaultLanguage: site.profile.defaultLanguage,
      counts: new Map(counts.map((r) => [r.term_id, Number(r.n)])),
      chairVocabularies: await chairVocabularies(),
      notice: key ? ctx.t(key, { count: typeof count === 'string' ? count : '' }) : undefined,
      ...extra,
    };
  };

  /**
   * Vocabularies that may hold the Chairpersonship: those of its holders so far, else those the
   * profile's relations name (a profile decides, not the code).
   */
  const chairVocabularies = async (): Promise<number[]> => {
    const held = await relationVocabularies(db, CHAIRPERSONSHIP);
    if (held.length > 0) return held;
    const slugs = site.profile.relations
      .filter((r) => r.kind === CHAIRPERSONSHIP)
      .map((r) => r.term.split('/')[0] ?? '');
    const rows = await db
      .selectFrom('vocabularies')
      .select('id')
      .where('slug', 'in', ['', ...slugs])
      .execute();
    return rows.map((r) => r.id);
  };

  const termOf = (taxonomy: Taxonomy, request: FastifyRequest): Term => {
    const id = parseId((request.params as Record<string, unknown>).id);
    const term = taxonomy.term(id);
    if (!term) throw new DatelineError('DL_NOT_FOUND', 'There is no such term (it may have been merged).');
    return term;
  };

  const showTerm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Pick<TaxonomyView, 'errors' | 'form'> = {},
    status = 200,
  ) => {
    const v = await view(request, extra);
    return renderAdmin(reply, <TermPage view={v} term={termOf(v.taxonomy, request)} />, status);
  };

  const change = (request: FastifyRequest) => ({ actor: actorOf(request), now: site.clock.now() });

  /**
   * Runs a change for a term page's form: on success the site reloads its taxonomy and the browser
   * is sent to `next` (303); a refusal shows the term page again with the reason.
   */
  const termChange = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, string>,
    run: (termId: number) => Promise<string>,
  ) => {
    const termId = parseId((request.params as Record<string, unknown>).id);
    try {
      const next = await run(termId);
      site.contentChanged();
      return reply.redirect(next, 303);
    } catch (error) {
      if (!isDatelineError(error) || !FORM_ERRORS.has(error.code)) throw error;
      return showTerm(
        request,
        reply,
        { errors: error.fields ?? { form: error.message }, form },
        error.status,
      );
    }
  };

  admin.get('/admin/taxonomy', guard, async (request, reply) =>
    renderAdmin(reply, <VocabulariesPage view={await view(request)} />),
  );

  const vocabularyOf = (v: TaxonomyView, request: FastifyRequest) => {
    const vocabulary = v.taxonomy.vocabulary(String((request.params as Record<string, unknown>).slug));
    if (!vocabulary) throw new DatelineError('DL_NOT_FOUND', 'There is no such vocabulary.');
    return vocabulary;
  };

  admin.get('/admin/taxonomy/vocabularies/:slug', guard, async (request, reply) => {
    const v = await view(request);
    return renderAdmin(reply, <VocabularyPage view={v} vocabulary={vocabularyOf(v, request)} />);
  });

  admin.post('/admin/taxonomy/vocabularies/:slug/terms', guard, async (request, reply) => {
    const fields = readForm(request.body, ['slug', 'aliases', 'parent', 'validFrom']);
    const labels = readLabels(request.body);
    const form = { ...fields, ...labelFieldsOf(labels) };
    const slug = String((request.params as Record<string, unknown>).slug);
    try {
      const { id } = await createTerm(
        db,
        {
          vocabulary: slug,
          slug: fields.slug.trim() || undefined,
          labels,
          aliases: parseAliases(fields.aliases),
          parentId: optionalId(fields.parent),
          validFrom: fields.validFrom || null,
        },
        change(request),
      );
      site.contentChanged();
      return reply.redirect(`/admin/taxonomy/terms/${id}?done=created`, 303);
    } catch (error) {
      if (!isDatelineError(error) || !FORM_ERRORS.has(error.code)) throw error;
      const v = await view(request, { errors: error.fields ?? { form: error.message }, form });
      return renderAdmin(
        reply,
        <VocabularyPage view={v} vocabulary={vocabularyOf(v, request)} />,
        error.status,
      );
    }
  });

  admin.get('/admin/taxonomy/terms/:id', guard, async (request, reply) => showTerm(request, reply));

  const page = (id: number, done: string) => `/admin/taxonomy/terms/${id}?done=${done}`;

  admin.post('/admin/taxonomy/terms/:id/rename', guard, async (request, reply) => {
    const form = readForm(request.body, ['language', 'label', 'slug', 'effectiveOn']);
    return termChange(request, reply, form, async (termId) => {
      if (!languages.includes(form.language))
        throw new DatelineError('DL_VALIDATION', 'Unknown language', {
          language: 'is not a language of the site',
        });
      await renameTerm(
        db,
        {
          termId,
          language: form.language,
          label: form.label,
          slug: form.slug.trim() || undefined,
          effectiveOn: form.effectiveOn,
        },
        site.clock.now(),
        actorOf(request),
      );
      return page(termId, 'renamed');
    });
  });

  admin.post('/admin/taxonomy/terms/:id/labels', guard, async (request, reply) => {
    const { aliases } = readForm(request.body, ['aliases']);
    const labels = readLabels(request.body);
    return termChange(request, reply, { aliases, ...labelFieldsOf(labels) }, async (termId) => {
      await updateTermLabels(db, termId, { labels, aliases: parseAliases(aliases) }, change(request));
      return page(termId, 'labels');
    });
  });

  admin.post('/admin/taxonomy/terms/:id/move', guard, async (request, reply) => {
    const form = readForm(request.body, ['parent']);
    return termChange(request, reply, form, async (termId) => {
      await moveTerm(db, termId, optionalId(form.parent), change(request));
      return page(termId, 'moved');
    });
  });

  admin.post('/admin/taxonomy/terms/:id/merge', guard, async (request, reply) => {
    const form = readForm(request.body, ['target']);
    return termChange(request, reply, form, async (termId) => {
      const targetId = parseId(form.target);
      const { items } = await mergeTerms(db, termId, targetId, change(request));
      // The source is gone: the target's page reports the merge.
      return `${page(targetId, 'merged')}&count=${items}`;
    });
  });

  admin.post('/admin/taxonomy/terms/:id/close', guard, async (request, reply) => {
    const form = readForm(request.body, ['validTo', 'successor']);
    return termChange(request, reply, form, async (termId) => {
      await closeTerm(
        db,
        termId,
        { validTo: form.validTo, successorId: optionalId(form.successor) },
        change(request),
      );
      return page(termId, 'closed');
    });
  });

  admin.post('/admin/taxonomy/terms/:id/reopen', guard, async (request, reply) =>
    termChange(request, reply, {}, async (termId) => {
      await reopenTerm(db, termId, change(request));
      return page(termId, 'reopened');
    }),
  );

  admin.post('/admin/taxonomy/terms/:id/chairpersonship', guard, async (request, reply) => {
    const form = readForm(request.body, ['year']);
    return termChange(request, reply, form, async (termId) => {
      const year = /^\d{4}$/.test(form.year.trim()) ? Number(form.year.trim()) : Number.NaN;
      await setChairpersonship(db, year, termId, change(request));
      return page(termId, 'chair');
    });
  });
}
