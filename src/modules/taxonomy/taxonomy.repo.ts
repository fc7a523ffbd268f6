/** Storage of vocabularies, terms, slug redirects and time-bound relations. */
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database, TermRow, VocabularyRow } from '../../db/schema.js';
import { flattenTerms, type Profile } from './profile.js';

type Db = Kysely<Database> | Transaction<Database>;

/** All vocabularies in profile order. */
export function listVocabularyRows(db: Db): Promise<VocabularyRow[]> {
  return db.selectFrom('vocabularies').selectAll().orderBy('position').execute();
}

/** All terms, in profile order within each vocabulary. */
export function listTermRows(db: Db): Promise<TermRow[]> {
  return db.selectFrom('terms').selectAll().orderBy('vocabulary_id').orderBy('position').execute();
}

/** Old slug → term id, for 301s after renames. */
export function listSlugRedirects(db: Db) {
  return db.selectFrom('term_slug_redirects').selectAll().execute();
}

/** Time-bound relations of one kind, oldest first. */
export function listRelations(db: Db, kind?: string) {
  let query = db.selectFrom('term_relations').selectAll().orderBy('valid_from');
  if (kind) query = query.where('kind', '=', kind);
  return query.execute();
}

/** site_state key of the fingerprint of the profile last written into the database. */
const PROFILE_SYNC_KEY = 'profile_fingerprint';

/** What a profile says about the taxonomy, as one hash: equal hashes, nothing to write. */
export function profileFingerprint(profile: Profile): string {
  return createHash('sha256')
    .update(JSON.stringify({ vocabularies: profile.vocabularies, relations: profile.relations }))
    .digest('hex');
}

/**
 * Syncs the profile at start only when it changed since the last sync. The profile seeds the
 * taxonomy; once a site runs, editors change it in the newsroom (move, close, merge, relabel,
 * chairpersonships), and a restart must not put the profile's values back. A changed profile
 * (a new version deployed) is written again: its terms take the profile's values. Returns
 * whether it wrote.
 */
export async function syncProfileIfChanged(
  db: Kysely<Database>,
  profile: Profile,
  now: Date,
): Promise<boolean> {
  const fingerprint = profileFingerprint(profile);
  const last = await db
    .selectFrom('site_state')
    .select('value')
    .where('key', '=', PROFILE_SYNC_KEY)
    .executeTakeFirst();
  if (last?.value === fingerprint) return false;
  await syncProfile(db, profile, now);
  await db
    .insertInto('site_state')
    .values({ key: PROFILE_SYNC_KEY, value: fingerprint })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: fingerprint }))
    .execute();
  return true;
}

/**
 * Writes the profile's vocabularies, terms, redirects and relations into the database.
 * Idempotent: matched by slug, so a rerun updates labels and validity and adds new terms, but
 * never deletes a term (items may be tagged with it) nor undoes a rename made in the admin.
 */
export async function syncProfile(db: Kysely<Database>, profile: Profile, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const [position, vocabulary] of profile.vocabularies.entries()) {
      const values = {
        slug: vocabulary.slug,
        query_key: vocabulary.queryKey,
        labels: JSON.stringify(vocabulary.labels),
        hierarchical: vocabulary.hierarchical ? 1 : 0,
        is_source: vocabulary.isSource ? 1 : 0,
        position,
      };
      const existing = await trx
        .selectFrom('vocabularies')
        .select('id')
        .where('slug', '=', vocabulary.slug)
        .executeTakeFirst();
      let vocabularyId: number;
      if (existing) {
        await trx.updateTable('vocabularies').set(values).where('id', '=', existing.id).execute();
        vocabularyId = existing.id;
      } else {
        vocabularyId = (
          await trx.insertInto('vocabularies').values(values).returning('id').executeTakeFirstOrThrow()
        ).id;
      }

      const ids = new Map<string, number>();
      const redirected = new Map(
        (
          await trx
            .selectFrom('term_slug_redirects')
            .select(['old_slug', 'term_id'])
            .where('vocabulary_id', '=', vocabularyId)
            .execute()
        ).map((r) => [r.old_slug, r.term_id]),
      );
      for (const [termPosition, { term, parent }] of flattenTerms(vocabulary.terms).entries()) {
        const names = [...term.aliases, ...term.formerNames.map((f) => f.label)];
        const row = {
          vocabulary_id: vocabularyId,
          parent_id: parent ? (ids.get(parent) ?? null) : null,
          labels: JSON.stringify(term.labels),
          aliases: JSON.stringify([...new Set(names)]),
          valid_from: term.validFrom,
          valid_to: term.validTo,
          status: term.status,
          attributes: JSON.stringify({
            ...term.attributes,
            ...(term.formerNames.length ? { formerNames: term.formerNames } : {}),
          }),
          position: termPosition,
        };
        // A term renamed in the admin keeps answering to its profile slug through the redirect table.
        const renamedId = redirected.get(term.slug);
        const found = renamedId
          ? { id: renamedId }
          : await trx
              .selectFrom('terms')
              .select('id')
              .where('vocabulary_id', '=', vocabularyId)
              .where('slug', '=', term.slug)
              .executeTakeFirst();
        let id: number;
        if (found && renamedId) {
          // Renamed in the admin: its labels win, and the names it had are kept beside the profile's.
          const current = await trx
            .selectFrom('terms')
            .select(['aliases', 'attributes'])
            .where('id', '=', found.id)
            .executeTakeFirstOrThrow();
          const keptNames = (JSON.parse(current.attributes) as { formerNames?: unknown[] }).formerNames ?? [];
          const { labels: _adminLabels, ...rest } = row;
          await trx
            .updateTable('terms')
            .set({
              ...rest,
              aliases: JSON.stringify([...new Set([...(JSON.parse(current.aliases) as string[]), ...names])]),
              attributes: JSON.stringify({ ...term.attributes, formerNames: keptNames }),
            })
            .where('id', '=', found.id)
            .execute();
          id = found.id;
        } else if (found) {
          await trx.updateTable('terms').set(row).where('id', '=', found.id).execute();
          id = found.id;
        } else {
          id = (
            await trx
              .insertInto('terms')
              .values({ ...row, slug: term.slug })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id;
        }
        ids.set(term.slug, id);
        for (const oldSlug of term.formerSlugs) {
          await trx
            .insertInto('term_slug_redirects')
            .values({
              vocabulary_id: vocabularyId,
              old_slug: oldSlug,
              term_id: id,
              created_at: now.toISOString(),
            })
            .onConflict((oc) => oc.columns(['vocabulary_id', 'old_slug']).doUpdateSet({ term_id: id }))
            .execute();
        }
      }
    }
    // Successors and relations refer across vocabularies, so they are resolved once all terms exist.
    const termId = async (ref: string, defaultVocabulary: string) => {
      const [vocabulary, slug] = ref.includes('/')
        ? (ref.split('/', 2) as [string, string])
        : [defaultVocabulary, ref];
      const row = await trx
        .selectFrom('terms')
        .innerJoin('vocabularies', 'vocabularies.id', 'terms.vocabulary_id')
        .select('terms.id')
        .where('vocabularies.slug', '=', vocabulary)
        .where('terms.slug', '=', slug)
        .executeTakeFirst();
      return row?.id ?? null;
    };
    for (const vocabulary of profile.vocabularies) {
      for (const { term } of flattenTerms(vocabulary.terms)) {
        if (!term.successor) continue;
        const successorId = await termId(term.successor, vocabulary.slug);
        const selfId = await termId(term.slug, vocabulary.slug);
        if (selfId && successorId)
          await trx
            .updateTable('terms')
            .set({ successor_id: successorId })
            .where('id', '=', selfId)
            .execute();
      }
    }
    for (const relation of profile.relations) {
      const id = await termId(relation.term, '');
      if (!id) continue;
      await trx
        .insertInto('term_relations')
        .values({
          kind: relation.kind,
          term_id: id,
          valid_from: relation.from,
          valid_to: relation.to,
          note: relation.note,
        })
        .onConflict((oc) =>
          oc
            .columns(['kind', 'valid_from'])
            .doUpdateSet({ term_id: id, valid_to: relation.to, note: relation.note }),
        )
        .execute();
    }
  });
}
