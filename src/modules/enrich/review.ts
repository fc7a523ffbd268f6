/**
 * Editors' review of machine-made tags (item_tags.origin = 'machine', applied by import from
 * suggestions above the threshold). Accepting makes a tag the editor's own; rejecting removes it
 * and remembers the rejection, so machine tagging never puts that term on that item again.
 *
 * Each decision is one transaction: the tag, the derived term listing, the item's updated_at (the
 * search index and the webhooks follow changes by it), the content version (page caches) and the
 * audit entry commit together or not at all. The item's revision is not bumped: its text did not
 * change, and a reviewed tag is not an edition readers need to be told about.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { bumpContentVersion } from '../../db/site-state.js';
import { DatelineError } from '../../errors.js';
import type { AuditActor } from '../accounts/audit.js';
import { recordAudit } from '../accounts/audit.js';
import { writeTermListing } from '../content/items.service.js';
import type { TagSuggestion } from './suggest.js';

export type ReviewOutcome = 'accepted' | 'rejected' | 'unchanged';

async function termName(trx: Transaction<Database>, termId: number): Promise<string> {
  const row = await trx
    .selectFrom('terms')
    .innerJoin('vocabularies', 'vocabularies.id', 'terms.vocabulary_id')
    .select(['vocabularies.slug as vocabulary', 'terms.slug'])
    .where('terms.id', '=', termId)
    .executeTakeFirst();
  return row ? `${row.vocabulary}/${row.slug}` : String(termId);
}

async function touchItem(trx: Transaction<Database>, itemId: number, now: Date): Promise<void> {
  await trx.updateTable('items').set({ updated_at: now.toISOString() }).where('id', '=', itemId).execute();
  await bumpContentVersion(trx);
}

async function machineTag(trx: Transaction<Database>, itemId: number, termId: number) {
  const tag = await trx
    .selectFrom('item_tags')
    .select(['origin', 'confidence'])
    .where('item_id', '=', itemId)
    .where('term_id', '=', termId)
    .executeTakeFirst();
  if (!tag) throw new DatelineError('DL_TAG_NOT_FOUND');
  return tag;
}

/**
 * Makes a machine-made tag the editor's own (origin → editor). The confidence is cleared, keeping
 * the rule that only machine-made tags carry one (the topic classifier trains on editors' tags and
 * the API reports origin and confidence together); the audit entry keeps the confidence it had.
 * Accepting a tag that is already the editor's changes nothing ('unchanged'), so a second click is
 * harmless; a tag the item does not have is DL_TAG_NOT_FOUND.
 */
export async function acceptMachineTag(
  db: Kysely<Database>,
  itemId: number,
  termId: number,
  actor: AuditActor,
  now: Date,
): Promise<ReviewOutcome> {
  return db.transaction().execute(async (trx) => {
    const tag = await machineTag(trx, itemId, termId);
    if (tag.origin !== 'machine') return 'unchanged' as const;
    await trx
      .updateTable('item_tags')
      .set({ origin: 'editor', confidence: null })
      .where('item_id', '=', itemId)
      .where('term_id', '=', termId)
      .execute();
    await touchItem(trx, itemId, now);
    await recordAudit(trx, {
      actor,
      action: 'tag.accept',
      subjectType: 'item',
      subjectId: itemId,
      detail: { term: await termName(trx, termId), confidence: tag.confidence },
      at: now,
    });
    return 'accepted' as const;
  });
}

/**
 * Removes a machine-made tag, rewrites the item's term listing (so the item leaves the term's page
 * at once) and remembers the rejection. An editor's own tag is refused (DL_TAG_NOT_MACHINE): those
 * are changed in the item editor, where the whole item is in view.
 */
export async function rejectMachineTag(
  db: Kysely<Database>,
  itemId: number,
  termId: number,
  actor: AuditActor,
  now: Date,
): Promise<ReviewOutcome> {
  return db.transaction().execute(async (trx) => {
    const tag = await machineTag(trx, itemId, termId);
    if (tag.origin !== 'machine') throw new DatelineError('DL_TAG_NOT_MACHINE');
    await trx.deleteFrom('item_tags').where('item_id', '=', itemId).where('term_id', '=', termId).execute();
    await trx
      .insertInto('item_tag_rejections')
      .values({ item_id: itemId, term_id: termId, rejected_by: actor.userId, rejected_at: now.toISOString() })
      .onConflict((oc) => oc.columns(['item_id', 'term_id']).doNothing())
      .execute();
    const item = await trx
      .selectFrom('items')
      .select(['id', 'language', 'visible_from'])
      .where('id', '=', itemId)
      .executeTakeFirstOrThrow();
    const remaining = await trx
      .selectFrom('item_tags')
      .select('term_id')
      .where('item_id', '=', itemId)
      .union(trx.selectFrom('item_sources').select('term_id').where('item_id', '=', itemId))
      .execute();
    await writeTermListing(
      trx,
      item,
      remaining.map((r) => r.term_id),
    );
    await touchItem(trx, itemId, now);
    await recordAudit(trx, {
      actor,
      action: 'tag.reject',
      subjectType: 'item',
      subjectId: itemId,
      detail: { term: await termName(trx, termId), confidence: tag.confidence },
      at: now,
    });
    return 'rejected' as const;
  });
}

/** The terms editors have rejected as machine-made tags of this item. */
export async function rejectedTermIds(db: Kysely<Database>, itemId: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom('item_tag_rejections')
    .select('term_id')
    .where('item_id', '=', itemId)
    .execute();
  return new Set(rows.map((r) => r.term_id));
}

/**
 * The suggestions for an existing item without those an editor has rejected: call before
 * `applySuggestions` whenever machine tagging runs again on an item that is already stored.
 * Suggestions name terms by vocabulary and slug, so the rejected ids are resolved to those.
 */
export async function withoutRejectedSuggestions(
  db: Kysely<Database>,
  itemId: number,
  suggestions: readonly TagSuggestion[],
): Promise<TagSuggestion[]> {
  const rows = await db
    .selectFrom('item_tag_rejections')
    .innerJoin('terms', 'terms.id', 'item_tag_rejections.term_id')
    .innerJoin('vocabularies', 'vocabularies.id', 'terms.vocabulary_id')
    .select(['vocabularies.slug as vocabulary', 'terms.slug'])
    .where('item_tag_rejections.item_id', '=', itemId)
    .execute();
  const rejected = new Set(rows.map((r) => `${r.vocabulary}/${r.slug}`));
  return suggestions.filter((s) => !rejected.has(`${s.vocabulary}/${s.slug}`));
}

const CONFIDENCE_SLACK = 1e-6;

/** Filters of the review queue; confidences are 0..1, both bounds inclusive. */
export interface MachineTagFilter {
  readonly vocabulary?: string;
  readonly minConfidence?: number;
  readonly maxConfidence?: number;
}

/** One machine-made tag awaiting review, with what the queue shows of its item and term. */
export interface MachineTagRow {
  readonly itemId: number;
  readonly termId: number;
  readonly confidence: number | null;
  readonly title: string;
  readonly language: string;
  readonly type: string;
  readonly urlYear: number;
  readonly slug: string;
  readonly status: string;
  readonly vocabulary: string;
  readonly termSlug: string;
  /** JSON per-language labels of the term. */
  readonly termLabels: string;
}

/**
 * Machine-made tags awaiting review, lowest confidence first (the likeliest mistakes), then by
 * item and term so pages are stable; `pageSize + 1` rows are read to tell whether more follow.
 */
export async function listMachineTags(
  db: Kysely<Database>,
  filter: MachineTagFilter,
  page: number,
  pageSize: number,
): Promise<{ rows: MachineTagRow[]; hasMore: boolean }> {
  let query = db
    .selectFrom('item_tags')
    .innerJoin('items', 'items.id', 'item_tags.item_id')
    .innerJoin('terms', 'terms.id', 'item_tags.term_id')
    .innerJoin('vocabularies', 'vocabularies.id', 'terms.vocabulary_id')
    .select([
      'item_tags.item_id as itemId',
      'item_tags.term_id as termId',
      'item_tags.confidence',
      'items.title',
      'items.language',
      'items.type',
      'items.url_year as urlYear',
      'items.slug',
      'items.status',
      'vocabularies.slug as vocabulary',
      'terms.slug as termSlug',
      'terms.labels as termLabels',
    ])
    .where('item_tags.origin', '=', 'machine');
  if (filter.vocabulary) query = query.where('vocabularies.slug', '=', filter.vocabulary);
  // Confidences are stored as single-precision reals on PostgreSQL: 0.85 comes back as
  // 0.8500000238, so the bounds are widened by far less than the two decimals editors type.
  if (filter.minConfidence !== undefined)
    query = query.where('item_tags.confidence', '>=', filter.minConfidence - CONFIDENCE_SLACK);
  if (filter.maxConfidence !== undefined)
    query = query.where('item_tags.confidence', '<=', filter.maxConfidence + CONFIDENCE_SLACK);
  const rows = await query
    .orderBy('item_tags.confidence', 'asc')
    .orderBy('item_tags.item_id', 'asc')
    .orderBy('item_tags.term_id', 'asc')
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize)
    .execute();
  return {
    rows: rows
      .slice(0, pageSize)
      .map((r) => ({ ...r, confidence: r.confidence === null ? null : Number(r.confidence) })),
    hasMore: rows.length > pageSize,
  };
}
