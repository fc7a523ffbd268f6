/**
 * Trains the topic classifier of a vocabulary (by default the fields of work) on the archive's
 * own public items and the tags editors gave them, scores it on a held-back fifth, and stores it.
 *
 * Only tags with origin 'editor' teach: a machine-made tag came from a model, and a model trained
 * on its own guesses only grows surer of its mistakes. The held-back fifth is chosen by a hash of
 * the translation set (or the item id), so an item and its translations are on the same side and
 * the score is not flattered by a translation of a training text.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { DatelineError } from '../../errors.js';
import { visibleItems } from '../content/visibility.js';
import type { Taxonomy } from '../taxonomy/taxonomy.js';
import { type ClassifierOptions, TopicClassifier, type TrainingExample } from './classifier.js';
import { loadModel, saveModel } from './model-store.js';

export const DEFAULT_VOCABULARY = 'fields-of-work';
/** One item in this many is held back to score the model. */
const HOLD_OUT_BUCKETS = 5;
/** Below this many tagged items a model would say more about chance than about the archive. */
export const MIN_TAGGED_ITEMS = 20;

/**
 * The name the classifier of `vocabulary` is stored under in enrich_models: the vocabulary's slug,
 * the convention the tag suggester (suggest.ts) reads models by.
 */
export function classifierModelName(vocabulary: string): string {
  return vocabulary;
}

/** The text an item is classified by: the same at training and at suggestion time. */
export function itemText(item: {
  readonly title: string;
  readonly summary: string;
  readonly body: string;
}): string {
  return `${item.title}\n${item.summary}\n${item.body}`;
}

/** A stable bucket 0..buckets-1 for a key (FNV-1a): no dependence on row order or database. */
export function bucketOf(key: string | number, buckets: number): number {
  let hash = 0x811c9dc5;
  for (const char of String(key)) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash % buckets;
}

export interface TaggedItem extends TrainingExample {
  readonly id: number;
  /** Items sharing a group are translations of each other and stay on one side of the split. */
  readonly group: string;
}

/** Public items carrying editors' tags from the vocabulary, with their term slugs as labels. */
export async function loadTaggedItems(
  db: Kysely<Database>,
  vocabularyId: number,
  now: Date,
): Promise<TaggedItem[]> {
  const tags = await db
    .selectFrom('item_tags')
    .innerJoin('terms', 'terms.id', 'item_tags.term_id')
    .select(['item_tags.item_id as itemId', 'terms.slug as slug'])
    .where('terms.vocabulary_id', '=', vocabularyId)
    .where('item_tags.origin', '=', 'editor')
    .execute();
  const labels = new Map<number, string[]>();
  for (const { itemId, slug } of tags) labels.set(itemId, [...(labels.get(itemId) ?? []), slug]);
  if (labels.size === 0) return [];
  const items = await db
    .selectFrom('items')
    .select(['id', 'title', 'summary', 'body_md', 'translation_key'])
    .where(visibleItems(now))
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('item_tags')
        .innerJoin('terms', 'terms.id', 'item_tags.term_id')
        .select('item_tags.item_id')
        .where('terms.vocabulary_id', '=', vocabularyId)
        .where('item_tags.origin', '=', 'editor'),
    )
    .orderBy('id')
    .execute();
  return items.map((item) => ({
    id: item.id,
    group: item.translation_key ?? `item:${item.id}`,
    text: itemText({ title: item.title, summary: item.summary, body: item.body_md }),
    labels: (labels.get(item.id) ?? []).sort(),
  }));
}

export interface LabelScore {
  readonly label: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Held-back items that carry the label. */
  readonly support: number;
}

export interface TrainResult {
  readonly vocabulary: string;
  readonly modelName: string;
  readonly version: number;
  readonly items: number;
  readonly heldBack: number;
  readonly micro: { readonly precision: number; readonly recall: number; readonly f1: number };
  readonly perLabel: readonly LabelScore[];
  readonly skipped: readonly { readonly label: string; readonly examples: number }[];
  readonly summary: string;
  readonly seconds: number;
}

export interface TrainOptions {
  readonly vocabulary?: string;
  readonly now: Date;
  readonly classifier?: Omit<ClassifierOptions, 'onProgress'>;
  /** Overall progress over both trainings (scored model, then the stored one). */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Scores `classifier` on `items`: micro-averaged over all gold labels, and per label, for every
 * label it can predict or the items carry (a term it never learned shows as recall 0).
 */
export function scoreOn(classifier: TopicClassifier, items: readonly TrainingExample[]) {
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const of = (label: string) => {
    const c = counts.get(label) ?? { tp: 0, fp: 0, fn: 0 };
    counts.set(label, c);
    return c;
  };
  for (const label of classifier.labels) of(label);
  for (const item of items) {
    const predicted = new Set(classifier.predict(item.text).map((p) => p.label));
    const gold = new Set(item.labels);
    for (const label of predicted) gold.has(label) ? of(label).tp++ : of(label).fp++;
    for (const label of gold) if (!predicted.has(label)) of(label).fn++;
  }
  const total = { tp: 0, fp: 0, fn: 0 };
  const perLabel: LabelScore[] = [...counts]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([label, c]) => {
      total.tp += c.tp;
      total.fp += c.fp;
      total.fn += c.fn;
      return { label, ...rates(c), support: c.tp + c.fn };
    });
  return { micro: rates(total), perLabel };
}

function rates(c: { tp: number; fp: number; fn: number }) {
  return {
    precision: c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp),
    recall: c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn),
    f1: c.tp === 0 ? 0 : (2 * c.tp) / (2 * c.tp + c.fp + c.fn),
  };
}

/**
 * Trains on four fifths and scores on the held-back fifth, then trains again on every item and
 * stores that model (the score is of the same recipe on less data: slightly pessimistic).
 */
export async function trainTopicClassifier(
  db: Kysely<Database>,
  taxonomy: Taxonomy,
  options: TrainOptions,
): Promise<TrainResult> {
  const started = performance.now();
  const slug = options.vocabulary ?? DEFAULT_VOCABULARY;
  const vocabulary = taxonomy.vocabulary(slug);
  if (!vocabulary)
    throw new DatelineError(
      'DL_VALIDATION',
      `There is no vocabulary "${slug}"; the site has: ${taxonomy.vocabularies.map((v) => v.slug).join(', ')}.`,
    );
  const items = await loadTaggedItems(db, vocabulary.id, options.now);
  if (items.length < MIN_TAGGED_ITEMS)
    throw new DatelineError(
      'DL_VALIDATION',
      `Only ${items.length} public items carry editors' tags from "${slug}"; at least ${MIN_TAGGED_ITEMS} are ` +
        'needed to train a classifier. Tag more items, then train again.',
    );
  const heldBack = items.filter((i) => bucketOf(i.group, HOLD_OUT_BUCKETS) === 0);
  const training = items.filter((i) => bucketOf(i.group, HOLD_OUT_BUCKETS) !== 0);

  let offset = 0;
  const progress = (done: number, total: number) => {
    options.onProgress?.(offset + done, 2 * total);
    if (done === total) offset += total;
  };
  const scored = TopicClassifier.train(training, { ...options.classifier, onProgress: progress });
  const { micro, perLabel } = scoreOn(scored, heldBack);
  const classifier = TopicClassifier.train(items, { ...options.classifier, onProgress: progress });

  const skipped = classifier.training.skipped;
  const summary =
    `${slug}: ${items.length} items, ${classifier.labels.length} labels` +
    (skipped.length > 0 ? ` (${skipped.length} skipped, too few examples)` : '') +
    `; held-back micro-F1 ${micro.f1.toFixed(3)} on ${heldBack.length} items`;
  const modelName = classifierModelName(slug);
  const version = await saveModel(db, {
    name: modelName,
    trainedAt: options.now,
    summary,
    model: classifier,
  });
  return {
    vocabulary: slug,
    modelName,
    version,
    items: items.length,
    heldBack: heldBack.length,
    micro,
    perLabel,
    skipped,
    summary,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The stored classifier of `vocabulary`, or null when none was trained yet. */
export async function loadTopicClassifier(
  db: Kysely<Database>,
  vocabulary = DEFAULT_VOCABULARY,
): Promise<{ classifier: TopicClassifier; version: number; summary: string } | null> {
  const stored = await loadModel(db, classifierModelName(vocabulary));
  if (!stored) return null;
  return {
    classifier: TopicClassifier.fromJSON(stored.model),
    version: stored.version,
    summary: stored.summary,
  };
}
