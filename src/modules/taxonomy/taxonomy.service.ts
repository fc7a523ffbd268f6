/**
 * Rules for changing the taxonomy over time: create, relabel, rename (old slugs keep answering),
 * move, merge, close and reopen terms, and set who holds a yearly relation such as the
 * Chairpersonship. Every change is one transaction that also bumps the content version (the site
 * reloads its taxonomy snapshot and clears its page caches) and writes an audit entry.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, TermRow } from '../../db/schema.js';
import { bumpContentVersion } from '../../db/site-state.js';
import { DatelineError } from '../../errors.js';
import { type AuditActor, CLI_ACTOR, recordAudit } from '../accounts/audit.js';
import { writeTermListing } from '../content/items.service.js';
import { slugify } from '../content/slug.js';

export interface TermRename {
  readonly termId: number;
  readonly language: string;
  readonly label: string;
  /** New slug; derived from the label when absent. Pass the current slug to keep it. */
  readonly slug?: string;
  /** Calendar date on which the old name stopped being used. */
  readonly effectiveOn: string;
}

/**
 * Renames a term. The old label is kept as a former name (so imports still match it) and the old
 * slug answers with a 301 to the new one.
 */
export async function renameTerm(
  db: Kysely<Database>,
  rename: TermRename,
  now: Date,
  actor: AuditActor = CLI_ACTOR,
): Promise<{ slug: string }> {
  const label = rename.label.trim();
  if (label === '')
    throw new DatelineError('DL_VALIDATION', 'A term needs a label', { label: 'is required' });
  const newSlug = rename.slug ?? slugify(label);
  checkSlug(newSlug);
  if (!isCalendarDate(rename.effectiveOn))
    throw new DatelineError('DL_VALIDATION', 'Invalid date', { effectiveOn: 'must be a date YYYY-MM-DD' });
  return db.transaction().execute(async (trx) => {
    const term = await trx.selectFrom('terms').selectAll().where('id', '=', rename.termId).executeTakeFirst();
    if (!term) throw new DatelineError('DL_NOT_FOUND', `No term ${rename.termId}`);
    if (newSlug !== term.slug) {
      const clash = await trx
        .selectFrom('terms')
        .select('id')
        .where('vocabulary_id', '=', term.vocabulary_id)
        .where('slug', '=', newSlug)
        .executeTakeFirst();
      if (clash)
        throw new DatelineError('DL_CONFLICT', `Slug ${newSlug} is taken`, {
          slug: 'is already used by another term',
        });
      // The new slug may be an old one of some term: it now belongs to this term's page.
      await trx
        .deleteFrom('term_slug_redirects')
        .where('vocabulary_id', '=', term.vocabulary_id)
        .where('old_slug', '=', newSlug)
        .execute();
      await trx
        .insertInto('term_slug_redirects')
        .values({
          vocabulary_id: term.vocabulary_id,
          old_slug: term.slug,
          term_id: term.id,
          created_at: now.toISOString(),
        })
        .onConflict((oc) => oc.columns(['vocabulary_id', 'old_slug']).doUpdateSet({ term_id: term.id }))
        .execute();
    }
    const labels = JSON.parse(term.labels) as Record<string, string>;
    const oldLabel = labels[rename.language] ?? labels.en;
    const aliases = JSON.parse(term.aliases) as string[];
    const attributes = JSON.parse(term.attributes) as Record<string, unknown>;
    const formerNames = Array.isArray(attributes.formerNames) ? (attributes.formerNames as unknown[]) : [];
    if (oldLabel && oldLabel !== label) {
      if (!aliases.includes(oldLabel)) aliases.push(oldLabel);
      formerNames.push({ label: oldLabel, until: rename.effectiveOn, language: rename.language });
    }
    await trx
      .updateTable('terms')
      .set({
        slug: newSlug,
        labels: JSON.stringify({ ...labels, [rename.language]: label }),
        aliases: JSON.stringify(aliases),
        attributes: JSON.stringify({ ...attributes, formerNames }),
      })
      .where('id', '=', term.id)
      .execute();
    await bumpContentVersion(trx);
    await recordAudit(trx, {
      actor,
      action: 'term.rename',
      subjectType: 'term',
      subjectId: term.id,
      detail: { from: { slug: term.slug, label: oldLabel }, to: { slug: newSlug, label }, ...rename },
      at: now,
    });
    return { slug: newSlug };
  });
}

/** Who makes a change and when: every taxonomy write is audited with both. */
export interface TaxonomyChange {
  readonly actor: AuditActor;
  readonly now: Date;
}

type Trx = Transaction<Database>;

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const MAX_LABEL = 200;
const MAX_ALIASES = 100;

function checkSlug(slug: string): void {
  if (!SLUG.test(slug) || slug.length > 120)
    throw new DatelineError('DL_VALIDATION', 'Invalid slug', {
      slug: 'must be lower-case words joined by hyphens (at most 120 characters)',
    });
}

/** A real calendar date `YYYY-MM-DD` (2025-02-30 is not). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Labels trimmed and checked: English is required (every other language falls back to it). */
function checkLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  const clean: Record<string, string> = {};
  const problems: Record<string, string> = {};
  for (const [language, raw] of Object.entries(labels)) {
    const label = raw.trim();
    if (!/^[a-z]{2,3}$/.test(language)) problems[`label-${language}`] = 'is not a language code';
    else if (label.length > MAX_LABEL)
      problems[`label-${language}`] = `is longer than ${MAX_LABEL} characters`;
    else if (label !== '') clean[language] = label;
  }
  if (!clean.en) problems['label-en'] = 'The English label is required';
  if (Object.keys(problems).length > 0) throw new DatelineError('DL_VALIDATION', 'Invalid labels', problems);
  return clean;
}

function checkAliases(aliases: readonly string[]): string[] {
  const clean = [...new Set(aliases.map((a) => a.trim()).filter((a) => a !== ''))];
  if (clean.length > MAX_ALIASES || clean.some((a) => a.length > MAX_LABEL))
    throw new DatelineError('DL_VALIDATION', 'Invalid aliases', {
      aliases: `at most ${MAX_ALIASES} names of at most ${MAX_LABEL} characters each`,
    });
  return clean;
}

async function termOrThrow(trx: Trx, id: number): Promise<TermRow> {
  const term = await trx.selectFrom('terms').selectAll().where('id', '=', id).executeTakeFirst();
  if (!term) throw new DatelineError('DL_NOT_FOUND', `No term ${id}.`);
  return term;
}

async function isHierarchical(trx: Trx, vocabularyId: number): Promise<boolean> {
  const row = await trx
    .selectFrom('vocabularies')
    .select('hierarchical')
    .where('id', '=', vocabularyId)
    .executeTakeFirstOrThrow();
  return Number(row.hierarchical) === 1;
}

/**
 * Checks that `parentId` may hold a term of `vocabularyId`: same vocabulary, a hierarchical one,
 * and (for an existing term) not the term itself nor one of its descendants, which would make a cycle.
 */
async function checkParent(
  trx: Trx,
  vocabularyId: number,
  parentId: number,
  termId: number | null,
): Promise<void> {
  const parent = await termOrThrow(trx, parentId);
  if (parent.vocabulary_id !== vocabularyId)
    throw new DatelineError('DL_TERM_VOCABULARY', 'The parent belongs to another vocabulary.', {
      parent: 'must be a term of the same vocabulary',
    });
  if (!(await isHierarchical(trx, vocabularyId)))
    throw new DatelineError('DL_VALIDATION', 'This vocabulary is a flat list', {
      parent: 'this vocabulary has no hierarchy',
    });
  if (termId !== null && (await ancestorIds(trx, parentId)).has(termId))
    throw new DatelineError('DL_TERM_CYCLE', undefined, {
      parent: 'cannot be the term itself or one of its sub-terms',
    });
}

/** The term and every term above it. Bounded by the vocabulary's size, so a bad row cannot loop. */
async function ancestorIds(trx: Trx, termId: number): Promise<Set<number>> {
  const seen = new Set<number>();
  let id: number | null = termId;
  while (id !== null && !seen.has(id)) {
    seen.add(id);
    const row: { parent_id: number | null } | undefined = await trx
      .selectFrom('terms')
      .select('parent_id')
      .where('id', '=', id)
      .executeTakeFirst();
    id = row?.parent_id ?? null;
  }
  return seen;
}

async function slugIsFree(trx: Trx, vocabularyId: number, slug: string): Promise<void> {
  const taken = await trx
    .selectFrom('terms')
    .select('id')
    .where('vocabulary_id', '=', vocabularyId)
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (taken)
    throw new DatelineError('DL_CONFLICT', `Slug ${slug} is taken`, {
      slug: 'is already used by another term',
    });
  // An old slug still sends readers to the term it was renamed or merged into; reusing it would
  // silently break those links, so a new term must pick another.
  const redirect = await trx
    .selectFrom('term_slug_redirects')
    .select('term_id')
    .where('vocabulary_id', '=', vocabularyId)
    .where('old_slug', '=', slug)
    .executeTakeFirst();
  if (redirect)
    throw new DatelineError('DL_CONFLICT', `Slug ${slug} still redirects to another term`, {
      slug: 'is an old slug of another term and still redirects there',
    });
}

export interface NewTerm {
  /** Vocabulary slug. */
  readonly vocabulary: string;
  /** Derived from the English label when absent. */
  readonly slug?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly aliases?: readonly string[];
  readonly parentId?: number | null;
  readonly validFrom?: string | null;
}

/** Adds a term (at the end of its vocabulary's order). */
export async function createTerm(
  db: Kysely<Database>,
  input: NewTerm,
  change: TaxonomyChange,
): Promise<{ id: number; slug: string }> {
  const labels = checkLabels(input.labels);
  const aliases = checkAliases(input.aliases ?? []);
  const slug = input.slug?.trim() || slugify(labels.en!);
  checkSlug(slug);
  const validFrom = input.validFrom || null;
  if (validFrom !== null && !isCalendarDate(validFrom))
    throw new DatelineError('DL_VALIDATION', 'Invalid date', { validFrom: 'must be a date YYYY-MM-DD' });
  return db.transaction().execute(async (trx) => {
    const vocabulary = await trx
      .selectFrom('vocabularies')
      .select('id')
      .where('slug', '=', input.vocabulary)
      .executeTakeFirst();
    if (!vocabulary) throw new DatelineError('DL_NOT_FOUND', `No vocabulary ${input.vocabulary}.`);
    await slugIsFree(trx, vocabulary.id, slug);
    const parentId = input.parentId ?? null;
    if (parentId !== null) await checkParent(trx, vocabulary.id, parentId, null);
    const last = await trx
      .selectFrom('terms')
      .select((eb) => eb.fn.max('position').as('position'))
      .where('vocabulary_id', '=', vocabulary.id)
      .executeTakeFirst();
    const { id } = await trx
      .insertInto('terms')
      .values({
        vocabulary_id: vocabulary.id,
        slug,
        parent_id: parentId,
        labels: JSON.stringify(labels),
        aliases: JSON.stringify(aliases),
        valid_from: validFrom,
        valid_to: null,
        status: 'active',
        successor_id: null,
        attributes: '{}',
        position: Number(last?.position ?? -1) + 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await bumpContentVersion(trx);
    await recordAudit(trx, {
      actor: change.actor,
      action: 'term.create',
      subjectType: 'term',
      subjectId: id,
      detail: { vocabulary: input.vocabulary, slug, labels, aliases, parentId, validFrom },
      at: change.now,
    });
    return { id, slug };
  });
}

/**
 * Corrects a term's labels and other names without renaming it: the slug stays and no former name
 * is recorded (for a real change of name, use `renameTerm`).
 */
export async function updateTermLabels(
  db: Kysely<Database>,
  termId: number,
  input: { labels: Readonly<Record<string, string>>; aliases: readonly string[] },
  change: TaxonomyChange,
): Promise<void> {
  const labels = checkLabels(input.labels);
  const aliases = checkAliases(input.aliases);
  await db.transaction().execute(async (trx) => {
    const term = await termOrThrow(trx, termId);
    await trx
      .updateTable('terms')
      .set({ labels: JSON.stringify(labels), aliases: JSON.stringify(aliases) })
      .where('id', '=', termId)
      .execute();
    await bumpContentVersion(trx);
    await recordAudit(trx, {
      actor: change.actor,
      action: 'term.labels',
      subjectType: 'term',
      subjectId: termId,
      detail: {
        from: { labels: JSON.parse(term.labels), aliases: JSON.parse(term.aliases) },
        to: { labels, aliases },
      },
      at: change.now,
    });
  });
}

/**
 * Moves a term under another term of its vocabulary, or to the top (`parentId` null). Its items
 * then roll up under the new parent; the search index notices the changed parent and rebuilds.
 */
export async function moveTerm(
  db: Kysely<Database>,
  termId: number,
  parentId: number | null,
  change: TaxonomyChange,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const term = await termOrThrow(trx, termId);
    if (parentId !== null) await checkParent(trx, term.vocabulary_id, parentId, termId);
    await trx.updateTable('terms').set({ parent_id: parentId }).where('id', '=', termId).execute();
    await bumpContentVersion(trx);
    await recordAudit(trx, {
      actor: change.actor,
      action: 'term.move',
      subjectType: 'term',
      subjectId: termId,
      detail: { slug: term.slug, fromParentId: term.parent_id, toParentId: parentId },
      at: change.now,
    });
  });
}

/** How many ids go into one `IN (...)` list: far below either database's parameter limit. */
const CHUNK = 500;

function chunks<T>(values: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += CHUNK) out.push(values.slice(i, i + CHUNK));
  return out;
}

/**
 * Merges `sourceId` into `targetId` (same vocabulary): the two were one thing under two names.
 *
 * - Items tagged with or issued by the source are retagged with the target, never twice; when an
 *   item had both, the stronger tag survives (an editor's tag beats a machine's; between machine
 *   tags, the higher confidence). Their `updated_at` moves to now and their term_listing rows are
 *   rewritten, so the search index and webhooks pick them up.
 * - The source's children, relations (e.g. Chairpersonships), the terms it succeeded and the
 *   events of its meeting series move to the target.
 * - The source's slug and its own old slugs redirect to the target; its labels and aliases
 *   become the target's aliases, so imports that name it still find the target.
 * - The source term is then deleted, not kept closed: its slug must answer with a 301, which a
 *   still-existing term of that slug would shadow, and nothing refers to it any more. The audit
 *   entry keeps its whole row.
 */
export async function mergeTerms(
  db: Kysely<Database>,
  sourceId: number,
  targetId: number,
  change: TaxonomyChange,
): Promise<{ items: number }> {
  if (sourceId === targetId) throw new DatelineError('DL_TERM_SELF_MERGE');
  return db.transaction().execute(async (trx) => {
    const source = await termOrThrow(trx, sourceId);
    const target = await termOrThrow(trx, targetId);
    if (source.vocabulary_id !== target.vocabulary_id)
      throw new DatelineError('DL_TERM_VOCABULARY', 'Only terms of the same vocabulary can be merged.', {
        target: 'must be a term of the same vocabulary',
      });
    const itemIds = await itemsOf(trx, sourceId);
    await retagItems(trx, sourceId, targetId);
    await trx
      .updateTable('items')
      .set({ event_series_id: targetId })
      .where('event_series_id', '=', sourceId)
      .execute();

    // Merging a group into one of its own members: the member first takes the group's place,
    // so handing it the group's children cannot make it its own ancestor.
    if ((await ancestorIds(trx, targetId)).has(sourceId))
      await trx
        .updateTable('terms')
        .set({ parent_id: source.parent_id })
        .where('id', '=', targetId)
        .execute();
    await trx
      .updateTable('terms')
      .set({ parent_id: targetId })
      .where('parent_id', '=', sourceId)
      .where('id', '!=', targetId)
      .execute();
    await trx
      .updateTable('terms')
      .set({ successor_id: targetId })
      .where('successor_id', '=', sourceId)
      .where('id', '!=', targetId)
      .execute();
    await trx
      .updateTable('term_relations')
      .set({ term_id: targetId })
      .where('term_id', '=', sourceId)
      .execute();
    await trx
      .updateTable('term_slug_redirects')
      .set({ term_id: targetId })
      .where('term_id', '=', sourceId)
      .execute();

    const sourceLabels = Object.values(JSON.parse(source.labels) as Record<string, string>);
    const targetLabels = Object.values(JSON.parse(target.labels) as Record<string, string>);
    const aliases = [
      ...new Set([
        ...(JSON.parse(target.aliases) as string[]),
        ...sourceLabels,
        ...(JSON.parse(source.aliases) as string[]),
      ]),
    ].filter((name) => !targetLabels.includes(name));
    await trx
      .updateTable('terms')
      .set({
        aliases: JSON.stringify(aliases),
        successor_id: target.successor_id === sourceId ? null : target.successor_id,
      })
      .where('id', '=', targetId)
      .execute();

    await trx.deleteFrom('terms').where('id', '=', sourceId).execute();
    // The slug is free only now that the source row is gone.
    await trx
      .insertInto('term_slug_redirects')
      .values({
        vocabulary_id: source.vocabulary_id,
        old_slug: source.slug,
        term_id: targetId,
        created_at: change.now.toISOString(),
      })
      .onConflict((oc) => oc.columns(['vocabulary_id', 'old_slug']).doUpdateSet({ term_id: targetId }))
      .execute();

    await touchItems(trx, itemIds, change.now);
    await bumpContentVersion(trx);
    await recordAudit(trx, {
      actor: change.actor,
      action: 'term.merge',
      subjectType: 'term',
      subjectId: targetId,
      detail: { source, target: { id: targetId, slug: target.slug }, items: itemIds.length },
      at: change.now,
    });
    return { items: itemIds.length };
  });
}

/** Items tagged with, issued by, or in the meeting series of a term. */
async function itemsOf(trx: Trx, termId: number): Promise<number[]> {
  const rows = await trx
    .selectFrom('item_tags')
    .select('item_id')
    .where('term_id', '=', termId)
    .union(trx.selectFrom('item_sources').select('item_id').where('term_id', '=', termId))
    .union(trx.selectFrom('items').select('id as item_id').where('event_series_id', '=', termId))
    .execute();
  return rows.map((r) => r.item_id).sort((a, b) => a - b);
}

/** Moves tags and sources from one term to another without duplicates, keeping the stronger tag. */
async function retagItems(trx: Trx, sourceId: number, targetId: number): Promise<void> {
  const sourceTag = (origin: 'editor' | 'machine') =>
    trx
      .selectFrom('item_tags as s')
      .select('s.item_id')
      .where('s.term_id', '=', sourceId)
      .where('s.origin', '=', origin);
  // An editor's tag on the source outranks the machine's tag on the target.
  await trx
    .updateTable('item_tags')
    .set({ origin: 'editor', confidence: null })
    .where('term_id', '=', targetId)
    .where('origin', '=', 'machine')
    .where('item_id', 'in', sourceTag('editor'))
    .execute();
  // Between two machine tags, the surer one's confidence is kept.
  await trx
    .updateTable('item_tags')
    .set((eb) => ({
      confidence: eb
        .selectFrom('item_tags as s')
        .select('s.confidence')
        .where('s.term_id', '=', sourceId)
        .whereRef('s.item_id', '=', 'item_tags.item_id'),
    }))
    .where('term_id', '=', targetId)
    .where('origin', '=', 'machine')
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('item_tags as s')
          .select('s.item_id')
          .where('s.term_id', '=', sourceId)
          .where('s.origin', '=', 'machine')
          .whereRef('s.item_id', '=', 'item_tags.item_id')
          .whereRef('s.confidence', '>', 'item_tags.confidence'),
      ),
    )
    .execute();
  await trx
    .deleteFrom('item_tags')
    .where('term_id', '=', sourceId)
    .where(
      'item_id',
      'in',
      trx.selectFrom('item_tags as t').select('t.item_id').where('t.term_id', '=', targetId),
    )
    .execute();
  await trx.updateTable('item_tags').set({ term_id: targetId }).where('term_id', '=', sourceId).execute();
  await trx
    .deleteFrom('item_sources')
    .where('term_id', '=', sourceId)
    .where(
      'item_id',
      'in',
      trx.selectFrom('item_sources as t').select('t.item_id').where('t.term_id', '=', targetId),
    )
    .execute();
  await trx.updateTable('item_sources').set({ term_id: targetId }).where('term_id', '=', sourceId).execute();
}

/** Marks retagged items as written now and rewrites their derived term_listing rows. */
async function touchItems(trx: Trx, itemIds: readonly number[], now: Date): Promise<void> {
  for (const ids of chunks(itemIds)) {
    await trx.updateTable('items').set({ updated_at: now.toISOString() }).where('id', 'in', ids).execute();
    const items = await trx
      .selectFrom('items')
      .select(['id', 'language', 'visible_from'])
      .where('id', 'in', ids)
      .execute();
    const terms = await trx
      .selectFrom('item_tags')
      .select(['item_id', 'term_id'])
      .where('item_id', 'in', ids)
      .unionAll(trx.selectFrom('item_sources').select(['item_id', 'term_id']).where('item_id', 'in', ids))
      .execute();
    const termsOf = new Map<number, number[]>();
    for (const row of terms) termsOf.set(row.item_id, [...(termsOf.get(row.item_id) ?? []), row.term_id]);
    for (const item of items) await writeTermListing(trx, item, termsOf.get(item.id) ?? []);
  }
}

/**
 * Closes a term on `validTo` (a field operation that ended, a state that dissolved), optionally
 * naming the term that took over. Items keep their tags: the archive stays as it was written.
 */
export async function closeTerm(
  db: Kysely<Database>,
  termId: number,
  input: { validTo: string; successorId?: number | null },
  change: TaxonomyChange,
): Promise<void> {
  if (!isCalendarDate(input.validTo))
    throw new DatelineError('DL_VALIDATION', 'Invalid date', { validTo: 'must be a date YYYY-MM-DD' });
  const successorId = input.successorId ?? null;
  if (successorId === termId)
    throw new DatelineError('DL_VALIDATION', 'A term cannot succeed itself', {
      successor: 'must be another term',
    });
  await db.transaction().execute(async (trx) => {
    const term = await termOrThrow(trx, termId);
    if (term.valid_from !== null && input.validTo < term.valid_from)
      throw new DatelineError('DL_VALIDATION', 'A term cannot end before it starts', {
        validTo: `must be on or after ${term.valid_from}`,
      });
    // A successor may live in another vocabulary (profiles allow `vocabulary/slug`).
    if (successorId !== null) await termOrThrow(trx, successorId);
    await trx
      .updateTable('terms')
      .set({ status: 'closed', valid_to: input.validTo, successor_id: successorId })
      .where('id', '=', termId)
      .execute();
    await bumpContentVersion(trx);
    await recordAudit(trx, {
      actor: change.actor,
      action: 'term.close',
      subjectType: 'term',
      subjectId: termId,
      detail: {
        slug: term.slug,
        from: { status: term.status, validTo: term.valid_to, successorId: term.successor_id },
        to: { status: 'closed', validTo: input.validTo, successorId },
      },
      at: change.now,
    });
  });
}

/** Reopens a closed term: active again, open-ended, without a successor. */
export async function reopenTerm(
  db: Kysely<Database>,
  termId: number,
  change: TaxonomyChange,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const term = await termOrThrow(trx, termId);
    await trx
      .updateTable('terms')
      .set({ status: 'active', valid_to: null, successor_id: null })
      .where('id', '=', termId)
      .execute();
    await bumpContentVersion(trx);
    await recordAudit(trx, {
      actor: change.actor,
      action: 'term.reopen',
      subjectType: 'term',
      subjectId: termId,
      detail: {
        slug: term.slug,
        from: { status: term.status, validTo: term.valid_to, successorId: term.successor_id },
      },
      at: change.now,
    });
  });
}

export const CHAIRPERSONSHIP = 'chairpersonship';

/** The vocabularies whose terms hold a relation kind so far (e.g. countries for the Chairpersonship). */
export async function relationVocabularies(db: Kysely<Database>, kind: string): Promise<number[]> {
  const rows = await db
    .selectFrom('term_relations')
    .innerJoin('terms', 'terms.id', 'term_relations.term_id')
    .select('terms.vocabulary_id')
    .distinct()
    .where('term_relations.kind', '=', kind)
    .execute();
  return rows.map((r) => r.vocabulary_id);
}

/**
 * Makes `termId` the holder of a yearly relation for `year` (1 January to 31 December), replacing
 * whoever held it then; `termId` null leaves the year without a holder. A period of another length
 * that overlaps the year is cut back to the days outside it.
 */
export async function setYearlyRelation(
  db: Kysely<Database>,
  kind: string,
  year: number,
  termId: number | null,
  change: TaxonomyChange,
): Promise<void> {
  if (!Number.isInteger(year) || year < 1000 || year > 9999)
    throw new DatelineError('DL_VALIDATION', 'Invalid year', { year: 'must be a year such as 2025' });
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  await db.transaction().execute(async (trx) => {
    if (termId !== null) {
      const term = await termOrThrow(trx, termId);
      const vocabularies = await relationVocabularies(trx, kind);
      if (vocabularies.length > 0 && !vocabularies.includes(term.vocabulary_id))
        throw new DatelineError('DL_TERM_VOCABULARY', `Terms of this vocabulary do not hold the ${kind}.`, {
          term: `must be a term of the vocabulary that holds the ${kind}`,
        });
    }
    const overlapping = await trx
      .selectFrom('term_relations')
      .selectAll()
      .where('kind', '=', kind)
      .where('valid_from', '<=', to)
      .where('valid_to', '>=', from)
      .execute();
    for (const relation of overlapping) {
      await trx.deleteFrom('term_relations').where('id', '=', relation.id).execute();
      const keep = [
        relation.valid_from < from
          ? { valid_from: relation.valid_from, valid_to: `${year - 1}-12-31` }
          : null,
        relation.valid_to > to ? { valid_from: `${year + 1}-01-01`, valid_to: relation.valid_to } : null,
      ];
      for (const period of keep)
        if (period)
          await trx
            .insertInto('term_relations')
            .values({ kind, term_id: relation.term_id, note: relation.note, ...period })
            .execute();
    }
    if (termId !== null)
      await trx
        .insertInto('term_relations')
        .values({ kind, term_id: termId, valid_from: from, valid_to: to, note: null })
        .execute();
    await bumpContentVersion(trx);
    await recordAudit(trx, {
      actor: change.actor,
      action: `relation.${kind}`,
      subjectType: 'term',
      subjectId: termId ?? undefined,
      detail: {
        year,
        termId,
        replaced: overlapping.map((r) => ({ termId: r.term_id, from: r.valid_from, to: r.valid_to })),
      },
      at: change.now,
    });
  });
}

/** Sets which term (a participating State) holds the Chairpersonship in `year`. */
export function setChairpersonship(
  db: Kysely<Database>,
  year: number,
  termId: number | null,
  change: TaxonomyChange,
): Promise<void> {
  return setYearlyRelation(db, CHAIRPERSONSHIP, year, termId, change);
}
