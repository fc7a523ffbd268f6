/**
 * One tag suggester for every vocabulary: countries (countries.ts), named bodies and meeting
 * series (mentions.ts), topics from an optional trained classifier, and the people a text quotes
 * or names (ingest/quotes.ts). Each source keeps its own evidence; the suggester merges them into
 * one list, one suggestion per term, most confident first, for an editor to review or for
 * `applySuggestions` to apply above a threshold.
 */
import type { Kysely } from 'kysely';
import { profileDir as profileDirOf } from '../../config.js';
import type { Database } from '../../db/schema.js';
import { DatelineError } from '../../errors.js';
import type { Site } from '../../site.js';
import { extractPeople, extractQuotes } from '../ingest/quotes.js';
import { isTermValidOn, labelIn, type Taxonomy } from '../taxonomy/taxonomy.js';
import { TopicClassifier } from './classifier.js';
import { CountryTagger, EMPTY_GAZETTEER, type Gazetteer, loadGazetteer } from './countries.js';
import { MentionFinder } from './mentions.js';
import { listModels, loadModel } from './model-store.js';

export type SuggestionKind = 'country' | 'mention' | 'topic';

/** A suggested tag: a term, how sure (0..1), the words behind it, and which suggester made it. */
export interface TagSuggestion {
  readonly vocabulary: string;
  readonly slug: string;
  readonly label: string;
  readonly confidence: number;
  readonly evidence: string[];
  readonly kind: SuggestionKind;
}

/** A person the text quotes or names with a role. */
export interface SuggestedPerson {
  readonly name: string;
  readonly role: string | null;
  readonly evidence: string[];
}

export interface SuggestInput {
  readonly title: string;
  readonly body: string;
  /** YYYY-MM-DD or an ISO instant: which terms were in force, and under which names. */
  readonly date?: string;
  /** Language of the labels returned (default English). */
  readonly language?: string;
}

export interface Suggestions {
  readonly tags: TagSuggestion[];
  readonly people: SuggestedPerson[];
}

/** What the suggester needs of a topic classifier (classifier.ts's TopicClassifier is one). */
export interface TopicPredictor {
  predict(text: string): { label: string; confidence: number; evidence: readonly string[] }[];
}

/** A predictor and the vocabulary whose term slugs it answers with. */
export interface TopicModel {
  readonly vocabulary: string;
  readonly predictor: TopicPredictor;
}

export interface TagSuggesterOptions {
  readonly gazetteer?: Gazetteer;
  /** When given, its vocabulary is left to it: names in text do not also suggest topics. */
  readonly topics?: TopicModel | null;
  /** The organization's names ("OSCE"), joined to mentions: "OSCE Mission to Skopje". */
  readonly organizationNames?: readonly string[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PARAGRAPH = /\n\s*\n/;
const MAX_EVIDENCE = 8;
const QUOTE_EXCERPT = 100;
const QUOTES_PER_PERSON = 2;

export class TagSuggester {
  private readonly countries: CountryTagger;
  private readonly mentions: MentionFinder;
  private readonly topics: TopicModel | null;

  constructor(
    private readonly taxonomy: Taxonomy,
    options: TagSuggesterOptions = {},
  ) {
    this.topics = options.topics ?? null;
    this.countries = new CountryTagger(taxonomy, options.gazetteer ?? EMPTY_GAZETTEER);
    this.mentions = new MentionFinder(taxonomy, {
      exclude: this.topics ? [this.topics.vocabulary] : [],
      organizationNames: options.organizationNames ?? [],
    });
  }

  /** Tags and people for one text. Throws DL_VALIDATION on a malformed input. */
  suggest(input: SuggestInput): Suggestions {
    const { title, body, language = 'en' } = input;
    if (typeof title !== 'string' || typeof body !== 'string')
      throw new DatelineError('DL_VALIDATION', 'title and body must be strings');
    const date = input.date?.slice(0, 10);
    if (date !== undefined && !DATE.test(date))
      throw new DatelineError('DL_VALIDATION', `date ${JSON.stringify(input.date)} is not YYYY-MM-DD`);

    const merged = new Map<string, TagSuggestion>();
    const add = (suggestion: TagSuggestion) => {
      const key = `${suggestion.vocabulary}/${suggestion.slug}`;
      const before = merged.get(key);
      merged.set(key, before ? combine(before, suggestion) : suggestion);
    };
    for (const s of this.countries.suggest(body, { title, date }))
      add({ ...s, label: this.labelOf(s.vocabulary, s.slug, language) ?? s.label, kind: 'country' });
    for (const s of this.mentions.suggest(body, { title, date, language })) add({ ...s, kind: 'mention' });
    for (const s of this.topicSuggestions(`${title}\n\n${body}`, date, language)) add(s);

    const tags = [...merged.values()].sort((a, b) => b.confidence - a.confidence);
    return { tags, people: peopleOf(body) };
  }

  private labelOf(vocabulary: string, slug: string, language: string): string | undefined {
    const term = this.taxonomy.termBySlug(vocabulary, slug);
    return term && labelIn(term.labels, language);
  }

  private topicSuggestions(text: string, date: string | undefined, language: string): TagSuggestion[] {
    if (!this.topics) return [];
    const { vocabulary, predictor } = this.topics;
    const out: TagSuggestion[] = [];
    for (const p of predictor.predict(text)) {
      // A model trained on an older taxonomy may answer with a term since removed or closed.
      const term = this.taxonomy.termBySlug(vocabulary, p.label);
      if (!term || (date && !isTermValidOn(term, date)) || !Number.isFinite(p.confidence)) continue;
      out.push({
        vocabulary,
        slug: term.slug,
        label: labelIn(term.labels, language),
        confidence: round(Math.min(1, Math.max(0, p.confidence))),
        evidence: [...p.evidence],
        kind: 'topic',
      });
    }
    return out;
  }
}

/**
 * Two suggestions of one term from different suggesters agree: the chance both are wrong is the
 * product of their doubts (noisy-or); the stronger one names the kind.
 */
function combine(a: TagSuggestion, b: TagSuggestion): TagSuggestion {
  const [strong, weak] = a.confidence >= b.confidence ? [a, b] : [b, a];
  const evidence = [...strong.evidence];
  for (const e of weak.evidence)
    if (!evidence.includes(e) && evidence.length < MAX_EVIDENCE) evidence.push(e);
  return { ...strong, confidence: round(1 - (1 - a.confidence) * (1 - b.confidence)), evidence };
}

function round(confidence: number): number {
  return Math.round(confidence * 1000) / 1000;
}

/** People quoted or named with a role; the evidence is what they said, or how the text names them. */
function peopleOf(body: string): SuggestedPerson[] {
  const paragraphs = body
    .split(PARAGRAPH)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const quotes = extractQuotes(paragraphs);
  return extractPeople(paragraphs, quotes).map(({ name, role }) => {
    const said = quotes
      .filter((q) => q.speaker === name)
      .slice(0, QUOTES_PER_PERSON)
      .map((q) => `“${q.text.length > QUOTE_EXCERPT ? `${q.text.slice(0, QUOTE_EXCERPT - 1)}…` : q.text}”`);
    return { name, role, evidence: said.length > 0 ? said : [role ? `${name}, ${role}` : name] };
  });
}

/** Reads the stored topic model of a site, or null when none was trained. */
export type TopicModelLoader = (db: Kysely<Database>, taxonomy: Taxonomy) => Promise<TopicModel | null>;

/**
 * The stored topic classifier (model-store.ts, enrich_models). By convention a model is stored
 * under the slug of the vocabulary whose term slugs it predicts (e.g. `fields-of-work`); the first
 * vocabulary, in profile order, with a stored model is the topic vocabulary. Countries have their
 * own tagger and never a model. A damaged or foreign model is a DL_VALIDATION error, not a guess.
 */
export const loadStoredTopicModel: TopicModelLoader = async (db, taxonomy) => {
  const stored = new Set((await listModels(db)).map((m) => m.name));
  const vocabulary = taxonomy.vocabularies.find((v) => v.slug !== 'countries' && stored.has(v.slug));
  if (!vocabulary) return null;
  const model = await loadModel(db, vocabulary.slug);
  return model && { vocabulary: vocabulary.slug, predictor: TopicClassifier.fromJSON(model.model) };
};

/** Where a suggester gets its taxonomy, gazetteer and stored model. */
export type SuggesterSource =
  | { readonly site: Site }
  | {
      readonly taxonomy: Taxonomy;
      readonly profileDir: string;
      readonly db: Kysely<Database>;
      readonly organizationNames?: readonly string[];
    };

/** A suggester for a site (or a taxonomy, profile folder and database): gazetteer and stored model loaded. */
export async function openTagSuggester(
  source: SuggesterSource,
  options: { loadTopicModel?: TopicModelLoader } = {},
): Promise<TagSuggester> {
  const { taxonomy, dir, db, organizationNames } =
    'site' in source
      ? {
          taxonomy: source.site.taxonomy(),
          dir: profileDirOf(source.site.config),
          db: source.site.database.db,
          organizationNames: [...Object.values(source.site.profile.shortName)],
        }
      : { ...source, dir: source.profileDir };
  const topics = await (options.loadTopicModel ?? loadStoredTopicModel)(db, taxonomy);
  return new TagSuggester(taxonomy, {
    gazetteer: loadGazetteer(dir),
    topics,
    organizationNames: organizationNames ?? [],
  });
}
