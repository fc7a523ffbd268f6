/** Rules for changing the taxonomy over time: renames keep old URLs alive. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { bumpContentVersion } from '../../db/site-state.js';
import { DatelineError } from '../../errors.js';
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
): Promise<{ slug: string }> {
  const label = rename.label.trim();
  if (label === '')
    throw new DatelineError('DL_VALIDATION', 'A term needs a label', { label: 'is required' });
  const newSlug = rename.slug ?? slugify(label);
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(newSlug)) {
    throw new DatelineError('DL_VALIDATION', 'Invalid slug', {
      slug: 'must be lower-case words joined by hyphens',
    });
  }
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
    return { slug: newSlug };
  });
}
