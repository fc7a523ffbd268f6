/**
 * Trained models in the database (enrich_models): one row per model name, replaced on every save
 * with its version bumped, so every app server reads the same model and can tell when it changed.
 * The model itself is opaque JSON here; its owner (e.g. TopicClassifier.fromJSON) checks its format.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { DatelineError } from '../../errors.js';

export interface StoredModel {
  readonly name: string;
  readonly version: number;
  readonly trainedAt: string;
  readonly summary: string;
  /** The parsed model JSON. */
  readonly model: unknown;
}

export interface ModelToSave {
  readonly name: string;
  readonly trainedAt: Date;
  readonly summary: string;
  /** Anything JSON.stringify accepts (a class with toJSON, a plain object). */
  readonly model: unknown;
}

/** Saves `model` under its name and returns its new version (1 for the first save). */
export async function saveModel(db: Kysely<Database>, entry: ModelToSave): Promise<number> {
  if (typeof entry.name !== 'string' || entry.name.trim() === '')
    throw new DatelineError('DL_VALIDATION', 'A model needs a name.');
  const modelJson = JSON.stringify(entry.model);
  if (modelJson === undefined) throw new DatelineError('DL_VALIDATION', `Model "${entry.name}" is not JSON.`);
  const row = {
    name: entry.name,
    version: 1,
    trained_at: entry.trainedAt.toISOString(),
    summary: entry.summary,
    model_json: modelJson,
  };
  // One statement, so two trainers saving at once still get distinct versions on both dialects.
  const saved = await db
    .insertInto('enrich_models')
    .values(row)
    .onConflict((oc) =>
      oc.column('name').doUpdateSet((eb) => ({
        version: eb('enrich_models.version', '+', 1),
        trained_at: eb.ref('excluded.trained_at'),
        summary: eb.ref('excluded.summary'),
        model_json: eb.ref('excluded.model_json'),
      })),
    )
    .returning('version')
    .executeTakeFirstOrThrow();
  return Number(saved.version);
}

/** The stored model of that name, or null when none was trained yet. */
export async function loadModel(db: Kysely<Database>, name: string): Promise<StoredModel | null> {
  const row = await db.selectFrom('enrich_models').selectAll().where('name', '=', name).executeTakeFirst();
  if (!row) return null;
  let model: unknown;
  try {
    model = JSON.parse(row.model_json);
  } catch {
    throw new DatelineError(
      'DL_VALIDATION',
      `The stored model "${name}" is damaged (not JSON); train it again.`,
    );
  }
  return {
    name: row.name,
    version: Number(row.version),
    trainedAt: row.trained_at,
    summary: row.summary,
    model,
  };
}

/** Name, version, date and summary of every stored model (without the models themselves). */
export async function listModels(db: Kysely<Database>): Promise<Omit<StoredModel, 'model'>[]> {
  const rows = await db
    .selectFrom('enrich_models')
    .select(['name', 'version', 'trained_at', 'summary'])
    .orderBy('name')
    .execute();
  return rows.map((r) => ({
    name: r.name,
    version: Number(r.version),
    trainedAt: r.trained_at,
    summary: r.summary,
  }));
}
