/** Rules for writing items: validation, slugs, rendering, term resolution, all-or-nothing saves. */
import type { Kysely, Transaction } from 'kysely';
import {
  CONTENT_TYPES,
  type ContentType,
  type Database,
  ITEM_STATUSES,
  type NewItemRow,
  type TagOrigin,
} from '../../db/schema.js';
import { bumpContentVersion } from '../../db/site-state.js';
import { DatelineError } from '../../errors.js';
import { type AuditActor, recordAudit } from '../accounts/audit.js';
import { discardAutosave } from '../revisions/autosave.js';
import { changedFields } from '../revisions/diff.js';
import { findRevision, recordRevision } from '../revisions/revisions.repo.js';
import { readSnapshot } from '../revisions/snapshot.js';
import type { Taxonomy } from '../taxonomy/taxonomy.js';
import type { NewItemInput, TermRef } from './item.types.js';
import { findItemById, findItemByUrl } from './items.repo.js';
import { renderBody } from './markdown.js';
import { slugify } from './slug.js';
import { visibleFrom } from './visibility.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface WriteContext {
  readonly taxonomy: Taxonomy;
  readonly languages: readonly string[];
  readonly now: Date;
  /**
   * Who writes, when a person does (the newsroom): the item records its author (created_by) and
   * revision 1, and the audit log the creation. Imports, the demo and the API leave it out.
   */
  readonly actor?: AuditActor;
}

function toInstant(
  value: string | Date | null | undefined,
  field: string,
  problems: Record<string, string>,
): string | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    problems[field] = `${JSON.stringify(value)} is not a date and time`;
    return null;
  }
  return date.toISOString();
}

/** Checks an item and resolves its term references; throws DL_VALIDATION listing every field at fault. */
export function validateItem(input: NewItemInput, context: WriteContext) {
  const problems: Record<string, string> = {};
  if (!(CONTENT_TYPES as readonly string[]).includes(input.type))
    problems.type = `must be one of ${CONTENT_TYPES.join(', ')}`;
  if (!(ITEM_STATUSES as readonly string[]).includes(input.status))
    problems.status = `must be one of ${ITEM_STATUSES.join(', ')}`;
  if (!context.languages.includes(input.language))
    problems.language = `must be one of ${context.languages.join(', ')}`;
  const title = (input.title ?? '').trim();
  if (title === '') problems.title = 'is required';
  else if (title.length > 500) problems.title = 'must be at most 500 characters';
  if (input.slug !== undefined && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(input.slug))
    problems.slug = 'must be lower-case words joined by hyphens';
  if (input.translationKey && input.translationKey.length > 200)
    problems.translationKey = 'must be at most 200 characters';
  if (input.datelineDate && !/^\d{4}-\d{2}-\d{2}$/.test(input.datelineDate))
    problems.datelineDate = 'must be YYYY-MM-DD';
  const publishedAt = toInstant(input.publishedAt, 'publishedAt', problems);
  if ((input.status === 'published' || input.status === 'scheduled') && !publishedAt) {
    problems.publishedAt = 'is required for published and scheduled items';
  }
  const resolve = (refs: readonly TermRef[] | undefined, field: string, sourcesOnly: boolean) => {
    const ids: number[] = [];
    for (const ref of refs ?? []) {
      const term = context.taxonomy.termBySlug(ref.vocabulary, ref.slug);
      if (!term) problems[field] = `unknown term ${ref.vocabulary}/${ref.slug}`;
      else if (sourcesOnly && !context.taxonomy.vocabularyOf(term).isSource)
        problems[field] = `${ref.vocabulary}/${ref.slug} cannot be a source`;
      else if (!ids.includes(term.id)) ids.push(term.id);
    }
    return ids;
  };
  const sourceIds = resolve(input.sources, 'sources', true);
  const tagIds = resolve(input.tags, 'tags', false);
  for (const [i, ref] of (input.sources ?? []).entries())
    if ((ref.origin !== undefined && ref.origin !== 'editor') || ref.confidence !== undefined)
      problems[`sources.${i}`] = 'sources are chosen by editors: no origin or confidence';
  const tagMarks = tagMarksOf(input.tags ?? [], context, problems);
  let event: { startsAt: string | null; endsAt: string | null; seriesId: number | null } | null = null;
  if (input.event) {
    const startsAt = toInstant(input.event.startsAt, 'event.startsAt', problems);
    const endsAt = toInstant(input.event.endsAt, 'event.endsAt', problems);
    if (!startsAt) problems['event.startsAt'] = problems['event.startsAt'] ?? 'is required for an event';
    if (startsAt && endsAt && endsAt < startsAt) problems['event.endsAt'] = 'must not be before the start';
    const seriesIds = input.event.series ? resolve([input.event.series], 'event.series', false) : [];
    event = { startsAt, endsAt, seriesId: seriesIds[0] ?? null };
  }
  for (const [i, quote] of (input.quotes ?? []).entries()) {
    if (!quote.speaker?.trim()) problems[`quotes.${i}.speaker`] = 'is required';
    if (!quote.text?.trim()) problems[`quotes.${i}.text`] = 'is required';
  }
  if (Object.keys(problems).length > 0) {
    throw new DatelineError(
      'DL_VALIDATION',
      `Invalid item: ${Object.entries(problems)
        .map(([f, m]) => `${f} ${m}`)
        .join('; ')}`,
      problems,
    );
  }
  return { title, publishedAt, sourceIds, tagIds, tagMarks, event };
}

/** How a tag was made, as stored in item_tags. */
interface TagMark {
  readonly origin: TagOrigin;
  readonly confidence: number | null;
}

/**
 * Origin and confidence per tagged term id, checked: a confidence belongs to a machine-made tag
 * and lies in 0..1. A term given twice keeps the editor's mark: an editor's choice outranks a guess.
 */
function tagMarksOf(
  refs: readonly TermRef[],
  context: WriteContext,
  problems: Record<string, string>,
): Map<number, TagMark> {
  const marks = new Map<number, TagMark>();
  for (const [i, ref] of refs.entries()) {
    const origin = ref.origin ?? 'editor';
    const { confidence } = ref;
    if (origin !== 'editor' && origin !== 'machine') {
      problems[`tags.${i}.origin`] = 'must be editor or machine';
      continue;
    }
    if (confidence !== undefined && origin !== 'machine') {
      problems[`tags.${i}.confidence`] = 'is only for machine-made tags';
      continue;
    }
    if (
      confidence !== undefined &&
      (typeof confidence !== 'number' || !Number.isFinite(confidence) || confidence < 0 || confidence > 1)
    ) {
      problems[`tags.${i}.confidence`] = 'must be a number from 0 to 1';
      continue;
    }
    const term = context.taxonomy.termBySlug(ref.vocabulary, ref.slug);
    if (!term || marks.get(term.id)?.origin === 'editor') continue;
    marks.set(term.id, { origin, confidence: confidence ?? null });
  }
  return marks;
}

/** Suffixes read in one query at most; a wider bracket is halved first. */
const SUFFIXES_PER_QUERY = 256;

async function uniqueSlug(
  db: Db,
  key: { language: string; type: string; year: number },
  wanted: string,
): Promise<string> {
  /** Which of `slugs` items of this language, type and year already have. */
  const takenOf = async (slugs: readonly string[]) =>
    new Set(
      (
        await db
          .selectFrom('items')
          .select('slug')
          .where('language', '=', key.language)
          .where('type', '=', key.type as ContentType)
          .where('url_year', '=', key.year)
          .where('slug', 'in', slugs)
          .execute()
      ).map((r) => r.slug),
    );
  if ((await takenOf([wanted])).size === 0) return wanted;
  const slugOf = (n: number) => `${wanted}-${n}`;
  // Suffixes are taken from -2 upwards, normally without gaps, and an archive repeats titles
  // ("Weekly update") thousands of times. So the first free one is found in a few queries, each a
  // round trip on PostgreSQL: which powers of two are taken (one query), then the bracket above
  // the last taken one, halved until one query can read it whole.
  const powers = Array.from({ length: 31 }, (_, i) => 2 ** (i + 1));
  const takenPowers = await takenOf(powers.map(slugOf));
  let low = 1;
  let high = 2;
  while (takenPowers.has(slugOf(high))) {
    low = high;
    high *= 2;
  }
  while (high - low > SUFFIXES_PER_QUERY) {
    const middle = Math.floor((low + high) / 2);
    if ((await takenOf([slugOf(middle)])).size > 0) low = middle;
    else high = middle;
  }
  const bracket = Array.from({ length: high - low - 1 }, (_, i) => low + 1 + i);
  const taken = bracket.length > 0 ? await takenOf(bracket.map(slugOf)) : new Set<string>();
  return slugOf(bracket.find((n) => !taken.has(slugOf(n))) ?? high);
}

async function personId(db: Db, name: string): Promise<number> {
  const slug = slugify(name, 120);
  const found = await db.selectFrom('people').select('id').where('slug', '=', slug).executeTakeFirst();
  if (found) return found.id;
  const inserted = await db
    .insertInto('people')
    .values({ name: name.trim(), slug })
    .onConflict((oc) => oc.column('slug').doNothing())
    .returning('id')
    .executeTakeFirst();
  return (
    inserted?.id ??
    (await db.selectFrom('people').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id
  );
}

/** The path (and query) of a legacy URL, the part an old link brings to this site; null for non-web URLs. */
export function legacyPath(url: string | null): string | null {
  if (!url || !/^https?:\/\//i.test(url)) return null;
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return null;
  }
}

/**
 * Rewrites the derived term_listing rows of an item (its tags and sources). Called by every write
 * that changes an item's terms, language, status or publication instant; `reindex` rebuilds all.
 */
export async function writeTermListing(
  trx: Transaction<Database>,
  item: { id: number; language: string; visible_from: string | null },
  termIds: readonly number[],
): Promise<void> {
  await trx.deleteFrom('term_listing').where('item_id', '=', item.id).execute();
  const unique = [...new Set(termIds)];
  if (unique.length === 0) return;
  await trx
    .insertInto('term_listing')
    .values(
      unique.map((term_id) => ({
        term_id,
        item_id: item.id,
        language: item.language,
        visible_from: item.visible_from,
      })),
    )
    .execute();
}

/** Inserts one validated item with everything attached; runs inside the caller's transaction. */
async function insertItem(
  trx: Transaction<Database>,
  input: NewItemInput,
  context: WriteContext,
): Promise<number> {
  const valid = validateItem(input, context);
  const now = context.now.toISOString();
  const year = Number((valid.publishedAt ?? now).slice(0, 4));
  const key = { language: input.language, type: input.type, year };
  const slug = await uniqueSlug(trx, key, input.slug ?? slugify(valid.title));
  const row: NewItemRow = {
    type: input.type,
    language: input.language,
    url_year: year,
    slug,
    title: valid.title,
    summary: (input.summary ?? '').trim(),
    body_md: input.bodyMarkdown ?? '',
    body_html: renderBody(input.bodyMarkdown ?? ''),
    dateline_place: input.datelinePlace?.trim() || null,
    dateline_date: input.datelineDate ?? null,
    published_at: valid.publishedAt,
    visible_from: visibleFrom(input.status, valid.publishedAt),
    status: input.status,
    translation_key: input.translationKey ?? null,
    legacy_url: input.legacyUrl ?? null,
    legacy_path: legacyPath(input.legacyUrl ?? null),
    content_hash: input.contentHash ?? null,
    event_starts_at: valid.event?.startsAt ?? null,
    event_ends_at: valid.event?.endsAt ?? null,
    event_venue: input.event?.venue ?? null,
    event_series_id: valid.event?.seriesId ?? null,
    correction_note: input.correctionNote ?? null,
    created_at: now,
    updated_at: now,
    revision: 1,
    ...(context.actor ? { created_by: context.actor.userId } : {}),
  };
  const { id } = await trx.insertInto('items').values(row).returning('id').executeTakeFirstOrThrow();
  await adoptTranslationKey(trx, row.translation_key ?? null, now);
  if (valid.sourceIds.length > 0) {
    await trx
      .insertInto('item_sources')
      .values(valid.sourceIds.map((term_id, position) => ({ item_id: id, term_id, position })))
      .execute();
  }
  const tagIds = [...valid.tagIds];
  if (valid.event?.seriesId && !tagIds.includes(valid.event.seriesId)) tagIds.push(valid.event.seriesId);
  if (tagIds.length > 0) {
    await trx
      .insertInto('item_tags')
      .values(
        tagIds.map((term_id) => {
          const mark = valid.tagMarks.get(term_id);
          return {
            item_id: id,
            term_id,
            origin: mark?.origin ?? 'editor',
            confidence: mark?.confidence ?? null,
          };
        }),
      )
      .execute();
  }
  await writeTermListing(trx, { id, language: row.language, visible_from: row.visible_from ?? null }, [
    ...valid.sourceIds,
    ...tagIds,
  ]);
  for (const [position, quote] of (input.quotes ?? []).entries()) {
    await trx
      .insertInto('quotes')
      .values({
        item_id: id,
        position,
        person_id: await personId(trx, quote.speaker),
        role: quote.role?.trim() || null,
        text: quote.text.trim(),
      })
      .execute();
  }
  for (const [position, attachment] of (input.attachments ?? []).entries()) {
    await trx
      .insertInto('attachments')
      .values({
        item_id: id,
        position,
        title: attachment.title,
        file_name: attachment.fileName,
        media_type: attachment.mediaType,
        byte_size: attachment.byteSize,
        sha256: attachment.sha256,
        language: attachment.language ?? null,
        created_at: now,
      })
      .execute();
  }
  return id;
}

/** Creates an item, all or nothing, and returns its id. */
export async function createItem(
  db: Kysely<Database>,
  input: NewItemInput,
  context: WriteContext,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const id = await insertItem(trx, input, context);
    if (context.actor) {
      const item = await findItemById(trx, id);
      if (!item) throw new DatelineError('DL_INTERNAL');
      await recordRevision(trx, {
        itemId: id,
        revision: 1,
        savedAt: context.now,
        savedBy: context.actor.userId,
        savedByLabel: context.actor.label,
        snapshot: await readSnapshot(trx, item, context.taxonomy),
      });
      await recordAudit(trx, {
        actor: context.actor,
        action: 'item.create',
        subjectType: 'item',
        subjectId: id,
        detail: { type: item.type, language: item.language, title: item.title },
        at: context.now,
      });
    }
    await bumpContentVersion(trx);
    return id;
  });
}

/**
 * Creates many items in one transaction (bulk loads: demo, corpus, imports). Either all of the
 * batch is written or none of it, so a crash mid-load never leaves half an item behind.
 */
export async function createItems(
  db: Kysely<Database>,
  inputs: readonly NewItemInput[],
  context: WriteContext,
): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    const ids: number[] = [];
    for (const input of inputs) ids.push(await insertItem(trx, input, context));
    await bumpContentVersion(trx);
    return ids;
  });
}

/**
 * What an editor may change on an existing item. Type and language are fixed once created (they
 * make the URL); status and publication instant belong to the workflow; files are added and
 * removed on their own.
 */
export type ItemEdit = Omit<
  NewItemInput,
  | 'type'
  | 'language'
  | 'status'
  | 'publishedAt'
  | 'legacyUrl'
  | 'contentHash'
  | 'attachments'
  | 'correctionNote'
>;

export interface UpdateContext extends WriteContext {
  /** The revision the editor's form was opened at; another revision now is a DL_CONFLICT. */
  readonly expectedRevision: number;
  readonly actor: AuditActor;
  /** The public correction note: text sets it, '' or null clears it, undefined keeps the stored one. */
  readonly correctionNote?: string | null;
}

/** Statuses in which an item has never been out: its URL (slug) may still change. */
const UNRELEASED_STATUSES = new Set(['draft', 'in_review']);

/**
 * Saves an editor's changes to item `itemId`, all or nothing: fields, rendered body, sources, tags
 * (machine-made tags the editor kept keep their origin and confidence), quotes, event fields,
 * translation set, derived term listing, revision + 1, updated_at, the content version, a revision
 * row with a snapshot, the audit entry; the editor's autosave is dropped. Never touches status or
 * publication. Throws DL_NOT_FOUND, DL_VALIDATION (every field at fault) or DL_CONFLICT (someone
 * saved since `expectedRevision`; `fields.revision` is the current one).
 */
export async function updateItem(
  db: Kysely<Database>,
  itemId: number,
  edit: ItemEdit,
  context: UpdateContext,
): Promise<{ revision: number; changed: string[] }> {
  return db.transaction().execute(async (trx) => {
    const item = await findItemById(trx, itemId);
    if (!item) throw new DatelineError('DL_NOT_FOUND', `There is no item ${itemId}.`);
    const conflict = (current: number) =>
      new DatelineError(
        'DL_CONFLICT',
        `Someone saved this item since you opened it (revision ${context.expectedRevision}; it is now at ${current}).`,
        { revision: String(current) },
      );
    if (item.revision !== context.expectedRevision) throw conflict(item.revision);
    const valid = validateItem(
      {
        ...edit,
        type: item.type,
        language: item.language,
        status: item.status,
        publishedAt: item.published_at,
      },
      context,
    );
    const slug = await checkedSlug(trx, item, edit.slug);
    const now = context.now.toISOString();
    const before = await readSnapshot(trx, item, context.taxonomy);
    // The state being replaced may have no revision row (imported, created by the API, or moved by
    // a workflow step): record it first, so the history and every diff start from what was there.
    if (!(await findRevision(trx, itemId, item.revision))) {
      await recordRevision(trx, {
        itemId,
        revision: item.revision,
        savedAt: item.updated_at,
        savedBy: null,
        savedByLabel: 'recorded before an edit',
        snapshot: before,
      });
    }
    const revision = item.revision + 1;
    const correctionNote =
      context.correctionNote === undefined ? item.correction_note : context.correctionNote?.trim() || null;
    const visible = visibleFrom(item.status, item.published_at);
    // The revision in the WHERE makes the check and the write one step: a save that committed
    // after our read leaves zero rows here, never a silent overwrite.
    const written = await trx
      .updateTable('items')
      .set({
        title: valid.title,
        slug,
        summary: (edit.summary ?? '').trim(),
        body_md: edit.bodyMarkdown ?? '',
        body_html: renderBody(edit.bodyMarkdown ?? ''),
        dateline_place: edit.datelinePlace?.trim() || null,
        dateline_date: edit.datelineDate || null,
        translation_key: edit.translationKey?.trim() || null,
        event_starts_at: valid.event?.startsAt ?? null,
        event_ends_at: valid.event?.endsAt ?? null,
        event_venue: edit.event?.venue?.trim() || null,
        event_series_id: valid.event?.seriesId ?? null,
        correction_note: correctionNote,
        visible_from: visible,
        revision,
        updated_at: now,
      })
      .where('id', '=', itemId)
      .where('revision', '=', context.expectedRevision)
      .executeTakeFirst();
    if (Number(written.numUpdatedRows) === 0) {
      const current = await findItemById(trx, itemId);
      throw conflict(current?.revision ?? context.expectedRevision);
    }
    await replaceTerms(trx, item, valid, visible);
    await adoptTranslationKey(trx, edit.translationKey?.trim() || null, now);
    await trx.deleteFrom('quotes').where('item_id', '=', itemId).execute();
    for (const [position, quote] of (edit.quotes ?? []).entries()) {
      await trx
        .insertInto('quotes')
        .values({
          item_id: itemId,
          position,
          person_id: await personId(trx, quote.speaker),
          role: quote.role?.trim() || null,
          text: quote.text.trim(),
        })
        .execute();
    }
    const saved = await findItemById(trx, itemId);
    if (!saved) throw new DatelineError('DL_INTERNAL');
    const after = await readSnapshot(trx, saved, context.taxonomy);
    const changed = changedFields(before, after);
    await recordRevision(trx, {
      itemId,
      revision,
      savedAt: context.now,
      savedBy: context.actor.userId,
      savedByLabel: context.actor.label,
      snapshot: after,
      summary: changed.join(', '),
    });
    await recordAudit(trx, {
      actor: context.actor,
      action: 'item.update',
      subjectType: 'item',
      subjectId: itemId,
      detail: { revision, changed, ...(correctionNote !== item.correction_note ? { correctionNote } : {}) },
      at: context.now,
    });
    if (context.actor.userId !== null) await discardAutosave(trx, itemId, context.actor.userId);
    await bumpContentVersion(trx);
    return { revision, changed };
  });
}

/** The slug to store: unchanged, or a new one while the item has never been out and the URL is free. */
async function checkedSlug(db: Db, item: ItemRowLike, wanted: string | undefined): Promise<string> {
  if (wanted === undefined || wanted === item.slug) return item.slug;
  if (!UNRELEASED_STATUSES.has(item.status))
    throw new DatelineError('DL_VALIDATION', 'The URL of a scheduled or published item cannot change.', {
      slug: 'cannot change once the item is scheduled or published (its URL is permanent)',
    });
  const taken = await findItemByUrl(db, {
    language: item.language,
    type: item.type,
    year: item.url_year,
    slug: wanted,
  });
  if (taken && taken.id !== item.id)
    throw new DatelineError('DL_VALIDATION', 'Another item already has this URL.', {
      slug: 'is already used by another item of this type, language and year',
    });
  return wanted;
}

type ItemRowLike = Pick<
  NonNullable<Awaited<ReturnType<typeof findItemById>>>,
  'id' | 'slug' | 'status' | 'language' | 'type' | 'url_year'
>;

/**
 * Rewrites sources, tags and the term listing of an item. A tag the item already had keeps its
 * origin and confidence (an editor keeping a machine-made tag has not thereby reviewed it: that is
 * the tag review's accept); a new one gets the input's mark, by default the editor's.
 */
async function replaceTerms(
  trx: Transaction<Database>,
  item: { id: number; language: string },
  valid: ReturnType<typeof validateItem>,
  visible: string | null,
): Promise<void> {
  const existing = new Map(
    (
      await trx
        .selectFrom('item_tags')
        .select(['term_id', 'origin', 'confidence'])
        .where('item_id', '=', item.id)
        .execute()
    ).map((t) => [t.term_id, { origin: t.origin, confidence: t.confidence }]),
  );
  await trx.deleteFrom('item_sources').where('item_id', '=', item.id).execute();
  await trx.deleteFrom('item_tags').where('item_id', '=', item.id).execute();
  if (valid.sourceIds.length > 0) {
    await trx
      .insertInto('item_sources')
      .values(valid.sourceIds.map((term_id, position) => ({ item_id: item.id, term_id, position })))
      .execute();
  }
  const tagIds = [...valid.tagIds];
  if (valid.event?.seriesId && !tagIds.includes(valid.event.seriesId)) tagIds.push(valid.event.seriesId);
  if (tagIds.length > 0) {
    await trx
      .insertInto('item_tags')
      .values(
        tagIds.map((term_id) => {
          const mark = existing.get(term_id) ?? valid.tagMarks.get(term_id);
          return {
            item_id: item.id,
            term_id,
            origin: mark?.origin ?? 'editor',
            confidence: mark?.confidence ?? null,
          };
        }),
      )
      .execute();
  }
  await writeTermListing(trx, { id: item.id, language: item.language, visible_from: visible }, [
    ...valid.sourceIds,
    ...tagIds,
  ]);
}

/** Translation set keys the newsroom makes: `item-{id}`, the set started by item id. */
export function translationKeyOf(itemId: number): string {
  return `item-${itemId}`;
}

/**
 * Joining the translation set `item-{id}` of an item that has no key yet gives that item the key
 * too (in the same transaction), so linking a translation to any item needs no second step.
 */
async function adoptTranslationKey(
  trx: Transaction<Database>,
  key: string | null,
  now: string,
): Promise<void> {
  const match = key ? /^item-([1-9]\d{0,8})$/.exec(key) : null;
  if (!match || !key) return;
  await trx
    .updateTable('items')
    .set({ translation_key: key, updated_at: now })
    .where('id', '=', Number(match[1]))
    .where('translation_key', 'is', null)
    .execute();
}
