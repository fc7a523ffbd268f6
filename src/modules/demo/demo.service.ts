/** Loads generated items into a site's database: demo content, test corpora, benchmark archives. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { NewItemInput } from '../content/item.types.js';
import { createItems } from '../content/items.service.js';
import type { Profile } from '../taxonomy/profile.js';
import type { Taxonomy } from '../taxonomy/taxonomy.js';
import { labelIn } from '../taxonomy/taxonomy.js';
import { type CorpusCatalog, generateCorpus } from './corpus.js';
import { noteItemsWritten } from '../../db/planner-statistics.js';

/** The generator's view of a taxonomy: every term with its facts. */
export function corpusCatalog(taxonomy: Taxonomy, profile: Profile): CorpusCatalog {
  const terms = taxonomy.vocabularies.flatMap((v) =>
    taxonomy.termsOf(v.id).map((t) => ({
      vocabulary: v.slug,
      slug: t.slug,
      label: labelIn(t.labels, 'en'),
      attributes: t.attributes as Record<string, unknown>,
      status: t.status,
      validFrom: t.validFrom,
      validTo: t.validTo,
      parentSlug: t.parentId !== null ? (taxonomy.term(t.parentId)?.slug ?? null) : null,
    })),
  );
  return {
    terms,
    sourceVocabularies: taxonomy.vocabularies.filter((v) => v.isSource).map((v) => v.slug),
    languages: profile.languages,
  };
}

/** The stable identity of the n-th generated item of a seed, kept in legacy_url. */
export function demoKey(seed: number, index: number): string {
  return `urn:dateline:demo:${seed}:${index}`;
}

export interface DemoOptions {
  readonly items: number;
  readonly seed: number;
  readonly batchSize?: number;
  readonly now: Date;
  /** Last publication day of the generated archive (default: the generator's fixed date). */
  readonly endDate?: Date;
  readonly onProgress?: (created: number) => void;
}

/**
 * Generates `items` items and writes them in batches, one transaction each, so a crash loses at
 * most the batch in flight and never leaves half an item behind. Returns how many were new.
 */
export async function loadDemoItems(
  db: Kysely<Database>,
  taxonomy: Taxonomy,
  profile: Profile,
  options: DemoOptions,
): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  let batch: NewItemInput[] = [];
  let created = 0;
  const context = { taxonomy, languages: profile.languages, now: options.now };
  const flush = async () => {
    if (batch.length === 0) return;
    // A rerun (or a run resumed after a crash) skips the items already written: each generated item
    // has a stable key in legacy_url, so nothing is ever loaded twice.
    const keys = batch.map((b) => b.legacyUrl as string);
    const existing = new Set(
      (await db.selectFrom('items').select('legacy_url').where('legacy_url', 'in', keys).execute()).map(
        (r) => r.legacy_url,
      ),
    );
    const fresh = batch.filter((b) => !existing.has(b.legacyUrl as string));
    if (fresh.length > 0) {
      await createItems(db, fresh, context);
      await noteItemsWritten(db, fresh.length);
    }
    created += fresh.length;
    options.onProgress?.(batch.length);
    batch = [];
  };
  let index = 0;
  for (const item of generateCorpus(corpusCatalog(taxonomy, profile), {
    items: options.items,
    seed: options.seed,
    ...(options.endDate ? { endDate: options.endDate } : {}),
  })) {
    batch.push({ ...item, legacyUrl: demoKey(options.seed, index++) });
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return created;
}

/** Number of items in the database (any status). */
export async function countItems(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
