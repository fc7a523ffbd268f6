/**
 * Tag review: accept or reject one machine-made tag (the item editor's small forms and the review
 * queue post here), accept a whole page of the queue, and the queue itself at /admin/suggestions.
 *
 * Permission: items.write_any (admins and editors). Accepting or rejecting changes an item's tags,
 * published or not, which is editing anyone's item; reviewers approve items in review but do not
 * edit them, so they are not given these routes.
 */
import type { FastifyInstance } from 'fastify';
import { DatelineError, isDatelineError } from '../../../errors.js';
import {
  acceptMachineTag,
  listMachineTags,
  type MachineTagFilter,
  rejectMachineTag,
} from '../../../modules/enrich/review.js';
import type { Site } from '../../../site.js';
import { parsePage } from '../../page-result.js';
import { actorOf, requirePermission, safeNext } from '../auth.js';
import { adminContext } from '../context.js';
import { parseId, readForm } from '../forms.js';
import { renderAdmin } from '../respond.js';
import { QUEUE_FIELDS, type QueueQuery, QueuePage } from './queue-page.js';

export const REVIEW_PAGE_SIZE = 50;

export const TAG_REVIEW_PERMISSION = 'items.write_any' as const;

/**
 * Where to go after a decision: the form's `back` field when it is a local path (never another
 * site: the field is user-controlled), else the item's editor.
 */
export function safeBack(raw: string, fallback: string): string {
  return raw !== '' && safeNext(raw) === raw ? raw : fallback;
}

/** Adds the outcome to the review queue's URL so it can say what was done (other pages get it unchanged). */
export function withNotice(back: string, notice: string): string {
  if (!back.startsWith('/admin/suggestions')) return back;
  const url = new URL(back, 'http://local');
  url.searchParams.set('done', notice);
  return `${url.pathname}${url.search}`;
}

/** Registers the accept/reject routes and the review queue. */
export function registerTagReviewRoutes(admin: FastifyInstance, site: Site): void {
  const decide = (verb: 'accept' | 'reject') =>
    admin.post(
      `/admin/items/:id/tags/:termId/${verb}`,
      { preHandler: requirePermission(TAG_REVIEW_PERMISSION) },
      async (request, reply) => {
        const params = request.params as Record<string, string>;
        const itemId = parseId(params.id);
        const termId = parseId(params.termId);
        const { back } = readForm(request.body, ['back']);
        const review = verb === 'accept' ? acceptMachineTag : rejectMachineTag;
        const outcome = await review(site.database.db, itemId, termId, actorOf(request), site.clock.now());
        if (outcome !== 'unchanged') site.contentChanged();
        const target = safeBack(back, `/admin/items/${itemId}/edit`);
        return reply.redirect(withNotice(target, outcome), 303);
      },
    );
  decide('accept');
  decide('reject');

  admin.post(
    '/admin/suggestions/accept',
    { preHandler: requirePermission(TAG_REVIEW_PERMISSION) },
    async (request, reply) => {
      const tags = bulkTags(request.body, REVIEW_PAGE_SIZE);
      const { back } = readForm(request.body, ['back']);
      let accepted = 0;
      // One transaction per tag, like single decisions: a tag reviewed meanwhile by someone else
      // (gone, or rejected) is passed over instead of undoing the rest of the page.
      for (const { itemId, termId } of tags) {
        try {
          const outcome = await acceptMachineTag(
            site.database.db,
            itemId,
            termId,
            actorOf(request),
            site.clock.now(),
          );
          if (outcome === 'accepted') accepted += 1;
        } catch (error) {
          if (!isDatelineError(error) || error.code !== 'DL_TAG_NOT_FOUND') throw error;
        }
      }
      if (accepted > 0) site.contentChanged();
      return reply.redirect(withNotice(safeBack(back, '/admin/suggestions'), `accepted-${accepted}`), 303);
    },
  );

  admin.get(
    '/admin/suggestions',
    { preHandler: requirePermission(TAG_REVIEW_PERMISSION) },
    async (request, reply) => {
      const raw = request.query as Record<string, unknown>;
      const text = (name: string) =>
        typeof raw[name] === 'string' ? (raw[name] as string).trim().slice(0, 100) : '';
      const query = Object.fromEntries(QUEUE_FIELDS.map((name) => [name, text(name)])) as QueueQuery;
      const vocabularies = (
        await site.database.db
          .selectFrom('vocabularies')
          .select(['slug', 'labels'])
          .orderBy('position')
          .execute()
      ).map((v) => ({ slug: v.slug, label: labelOf(v.labels, v.slug) }));
      const { filter, errors } = parseQueueQuery(query, new Set(vocabularies.map((v) => v.slug)));
      const page = parsePage(raw.page);
      if (page === null) errors.page = 'The page number must be a whole number from 1.';
      const valid = Object.keys(errors).length === 0;
      const result = valid
        ? await listMachineTags(site.database.db, filter, page ?? 1, REVIEW_PAGE_SIZE)
        : { rows: [], hasMore: false };
      const vocabularyLabels = new Map(vocabularies.map((v) => [v.slug, v.label]));
      const rows = result.rows.map((row) => ({
        ...row,
        termLabel: labelOf(row.termLabels, row.termSlug),
        vocabularyLabel: vocabularyLabels.get(row.vocabulary) ?? row.vocabulary,
      }));
      return renderAdmin(
        reply,
        <QueuePage
          ctx={adminContext(site, request)}
          query={query}
          vocabularies={vocabularies}
          rows={rows}
          page={page ?? 1}
          hasMore={result.hasMore}
          errors={errors}
          done={text('done')}
        />,
        valid ? 200 : 400,
      );
    },
  );
}

/** The English label of a stored per-language labels object, else the slug. */
function labelOf(json: string, fallback: string): string {
  try {
    const labels = JSON.parse(json) as Record<string, unknown>;
    return typeof labels.en === 'string' && labels.en !== '' ? labels.en : fallback;
  } catch {
    return fallback;
  }
}

/** Checks the queue's filters; returns the filter, or why the query is unusable (a 400 page). */
export function parseQueueQuery(
  query: QueueQuery,
  vocabularies: ReadonlySet<string>,
): { filter: MachineTagFilter; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const bound = (name: 'min' | 'max', label: string) => {
    if (query[name] === '') return undefined;
    const value = Number(query[name]);
    if (!/^\d*\.?\d+$/.test(query[name]) || !(value >= 0 && value <= 1)) {
      errors[name] = `The ${label} confidence must be a number from 0 to 1.`;
      return undefined;
    }
    return value;
  };
  const minConfidence = bound('min', 'minimum');
  const maxConfidence = bound('max', 'maximum');
  if (query.vocabulary !== '' && !vocabularies.has(query.vocabulary))
    errors.vocabulary = 'There is no such vocabulary.';
  if (minConfidence !== undefined && maxConfidence !== undefined && minConfidence > maxConfidence)
    errors.max = 'The maximum confidence is below the minimum.';
  return {
    filter: {
      ...(query.vocabulary ? { vocabulary: query.vocabulary } : {}),
      ...(minConfidence === undefined ? {} : { minConfidence }),
      ...(maxConfidence === undefined ? {} : { maxConfidence }),
    },
    errors,
  };
}

/** The `tag` fields of the bulk form ("itemId:termId", one per row of the page), at most `limit`. */
export function bulkTags(body: unknown, limit: number): { itemId: number; termId: number }[] {
  const raw = body && typeof body === 'object' ? (body as Record<string, unknown>).tag : undefined;
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  if (values.length > limit) throw new DatelineError('DL_BAD_REQUEST', `At most ${limit} tags at once.`);
  return values.map((value) => {
    const match = typeof value === 'string' ? /^(\d{1,9}):(\d{1,9})$/.exec(value) : null;
    if (!match) throw new DatelineError('DL_BAD_REQUEST', 'A tag must be given as item:term.');
    return { itemId: parseId(match[1]), termId: parseId(match[2]) };
  });
}
