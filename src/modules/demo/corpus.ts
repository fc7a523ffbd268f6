/**
 * A deterministic corpus of realistic items for demo content, tests and search benchmarks: press
 * releases, news, statements, publications and events over 25 years, tagged with the profile's
 * terms (skewed, valid on the item's date), with datelines, quotes, translations and Markdown bodies
 * of 300–800 words. The same catalog and options give the same items, in the same order.
 *
 * Speed matters (benchmarks load a million items): everything that depends only on the catalog is
 * prepared once and cached, each item draws from its own small random stream, and text is built
 * from template functions, never from regex substitution.
 */
import type { ContentType, ItemStatus } from '../../db/schema.js';
import type {
  AttachmentInput,
  EventInput,
  NewItemInput,
  QuoteInput,
  TermRef,
} from '../content/item.types.js';
import { INTL_TOPIC_COUNT, type IntlParams, LANGUAGE_BANKS, type LanguageBank } from './intl.js';
import { familyName, personName } from './names.js';
import {
  AUDIENCES,
  EVENT_KINDS,
  GENERAL_TOPICS,
  LIST_INTROS,
  LIST_VERBS,
  LOCAL_ROLES,
  MONTHS,
  NATIONAL_INSTITUTIONS,
  OTHER_ROLES,
  PUBLICATION_KINDS,
  RARE_ISSUES,
  STAFF_ROLES,
  TOPIC_GROUPS,
  type TopicGroup,
  VULNERABLE_GROUPS,
} from './phrases.js';
import { hashString, mix32, Random, WeightedTable, zipfTable, zipfWeights } from './random.js';
import {
  ACTIVITY,
  CLOSING_GENERAL,
  CLOSING_INSTITUTION,
  CLOSING_OPERATION,
  type Ctx,
  cap,
  FUTURE,
  LEAD_FOLLOW,
  LEADS,
  LINKS,
  NEUTRAL,
  PUBLICATION,
  QUOTE_FOLLOW,
  QUOTES_ACTIVITY,
  QUOTES_GENERAL,
  STATEMENT,
  SUMMARIES,
  type Template,
  TITLES,
} from './sentences.js';

export interface CorpusTerm {
  readonly vocabulary: string;
  readonly slug: string;
  readonly label: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly status: 'active' | 'closed';
  readonly validFrom: string | null;
  readonly validTo: string | null;
  readonly parentSlug: string | null;
}

export interface CorpusCatalog {
  readonly terms: readonly CorpusTerm[];
  /** Vocabulary slugs whose terms may be item sources. */
  readonly sourceVocabularies: readonly string[];
  readonly languages: readonly string[];
}

export interface CorpusOptions {
  /** Items to yield, translations included. */
  readonly items: number;
  readonly seed: number;
  /** First year of the archive; default: 25 years before endDate's year. */
  readonly startYear?: number;
  /** Last publication instant (scheduled items go beyond it); default 2026-11-01. */
  readonly endDate?: Date;
}

/** The organization the texts speak of; the demo corpus imitates an OSCE-style archive. */
const ORG = 'OSCE';
const DAY = 86_400_000;
const DEFAULT_END = Date.UTC(2026, 10, 1);
/** Archive growth: the last year has about four times as many items as the first. */
const GROWTH = Math.log(4);

// Vocabularies the generator knows by slug; a profile without one simply gets no such tags.
const FIELDS = 'fields-of-work';
const COUNTRIES = 'countries';
const OPERATIONS = 'field-operations';
const MEETINGS = 'meetings';

type TextType = Exclude<ContentType, 'page'>;

const TYPE_TABLE = new WeightedTable<TextType>(
  ['press-release', 'news', 'statement', 'publication', 'event'],
  [0.55, 0.25, 0.1, 0.05, 0.05],
);

// 97 % published; the rest gives visibility code drafts, reviews, embargoes and withdrawals to hide.
const STATUS_TABLE = new WeightedTable<ItemStatus>(
  ['published', 'draft', 'in_review', 'scheduled', 'archived', 'withdrawn'],
  [0.97, 0.008, 0.006, 0.005, 0.006, 0.005],
);

const COUNT_1_3 = new WeightedTable([1, 2, 3], [0.55, 0.33, 0.12]);
const QUOTE_COUNT = new WeightedTable([0, 1, 2], [0.4, 0.42, 0.18]);
const TRANSLATION_SHARE = 0.1;
const TRANSLATION_COUNTS = [1, 2, 3, 4, 5];
const TRANSLATION_WEIGHTS = [0.55, 0.25, 0.12, 0.05, 0.03];
/** Languages an OSCE-like archive translates into most; others get weight 1. */
const LANGUAGE_WEIGHT: Readonly<Record<string, number>> = { ru: 3, fr: 2, de: 2, es: 1.2, it: 1 };
const ENGLISH_SHARE = 0.8;

/** Sources that issue most items, when the catalog has them; the rest follow in a seeded order. */
const PREFERRED_SOURCES = ['secretariat', 'odihr', 'hcnm', 'rfom', 'chairpersonship', 'secretary-general'];

/** Which institutions speak for which fields, matched on the field's slug/label and the source's label. */
const FIELD_SOURCE_AFFINITY: readonly (readonly [RegExp, RegExp])[] = [
  [/election|human-rights|democrat|toleran|roma/i, /Democratic Institutions/i],
  [/minorit/i, /National Minorities/i],
  [/media/i, /Freedom of the Media/i],
  [/traffick/i, /Trafficking/i],
  [/econom|environ/i, /Economic and Environmental/i],
  [/gender/i, /Gender/i],
  [/youth/i, /Youth/i],
  [/polic|terror|border|cyber/i, /Transnational Threats|Police/i],
  [/conflict|arms|security-sector/i, /Conflict Prevention|Forum for Security/i],
];

interface Dated {
  readonly ref: TermRef;
  /** Validity as instants; a closed term without an end date is never valid. */
  readonly from: number;
  readonly to: number;
}

interface Country extends Dated {
  readonly index: number;
  /** In running text: "Serbia", "the Netherlands". */
  readonly name: string;
  readonly capital: string | null;
  /** Region of the operation(s) it hosts, for picking neighbours. */
  region: string | null;
  readonly ops: Operation[];
}

interface Operation extends Dated {
  readonly seat: string | null;
  readonly country: Country | null;
  readonly region: string | null;
  readonly source: Source | null;
}

interface Source extends Dated {
  readonly label: string;
  readonly hash: number;
  readonly slug: string;
  readonly S: string;
  readonly s: string;
  readonly SFull: string;
  readonly sFull: string;
  readonly sTitle: string;
  readonly sPoss: string;
  readonly role: string;
  /** The source is a person ("OSCE High Commissioner …"): staff work "to" it, not "at" it. */
  readonly personLike: boolean;
  readonly isOperation: boolean;
}

interface Field extends Dated {
  readonly text: string;
  readonly topics: WeightedTable<string>;
  readonly group: TopicGroup | null;
  readonly affine: readonly Source[];
}

interface Plan {
  readonly fields: WeightedTable<Field>;
  readonly countries: WeightedTable<Country>;
  readonly regionCountries: ReadonlyMap<string, readonly Country[]>;
  readonly ops: WeightedTable<Operation>;
  readonly meetings: WeightedTable<Dated & { readonly label: string }>;
  readonly institutions: WeightedTable<Source>;
  readonly generalTopics: WeightedTable<string>;
  readonly anyTopic: WeightedTable<string>;
  readonly audiences: WeightedTable<string>;
  readonly primaryLanguage: string;
  readonly otherLanguages: WeightedTable<string>;
  readonly englishShare: number;
  readonly translationCounts: WeightedTable<number>;
}

// Catalogs are treated as immutable: a plan is built once per catalog object.
const plans = new WeakMap<CorpusCatalog, Plan>();

/** The aligned topic of other languages for each English topic, so a translation speaks of the same subject. */
const TOPIC_INTL = new Map(TOPIC_GROUPS.flatMap((g) => g.topics.map((t) => [t, g.intl] as const)));

function dated(term: CorpusTerm): Dated {
  const from = term.validFrom ? Date.parse(term.validFrom) : Number.NEGATIVE_INFINITY;
  let to = term.validTo ? Date.parse(term.validTo) + DAY - 1 : Number.POSITIVE_INFINITY;
  if (term.status === 'closed' && !term.validTo) to = Number.NEGATIVE_INFINITY;
  return { ref: Object.freeze({ vocabulary: term.vocabulary, slug: term.slug }), from, to };
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** "Gender equality" → "gender equality", but "Roma and Sinti" and "Cyber/ICT Security" stay as they are. */
function runningText(label: string): string {
  return /[A-Z]/.test(label.slice(1)) ? label : label.charAt(0).toLowerCase() + label.slice(1);
}

function countryName(label: string): string {
  return /^(United |Russian Federation|Republic of|Netherlands|Holy See|Czech Republic|Slovak Republic|Kyrgyz Republic)/.test(
    label,
  )
    ? `the ${label}`
    : label;
}

function headRole(label: string, acronym: string | null, isOperation: boolean): string {
  const core = label.startsWith(`${ORG} `) ? label.slice(ORG.length + 1) : label;
  if (isOperation)
    return /^Project Co-ordinator/.test(core) ? `${ORG} ${core}` : `Head of the ${ORG} ${core}`;
  if (/ship$/.test(core)) return `${ORG} Chairperson-in-Office`;
  if (core === 'Secretariat') return `${ORG} Secretary General`;
  const office = /^Office of the (.+)$/.exec(core);
  if (office?.[1]) return office[1].includes(ORG) ? office[1] : `${ORG} ${office[1]}`;
  if (/^(Secretary General|High Commissioner|Special Representative|Representative|Co-ordinator)/.test(core))
    return `${ORG} ${core}`;
  if (/Assembly$|^Court/.test(core)) return `President of the ${ORG} ${core}`;
  if (/Council$|^Forum/.test(core)) return `Chairperson of the ${ORG} ${core}`;
  if (acronym && label.length > 30) return `Director of ${acronym}`;
  if (/^(Office|Department)|(Centre|Unit)$/.test(core)) return `Director of the ${ORG} ${core}`;
  return `Head of the ${ORG} ${core}`;
}

function source(term: CorpusTerm, isOperation: boolean): Source {
  const acronym = str(term.attributes.acronym);
  const base = term.label.startsWith(`${ORG} `) ? term.label : `${ORG} ${term.label}`;
  // Long institution names go by their acronym ("ODIHR"), as in real press copy.
  const short = !isOperation && acronym !== null && term.label.length > 30;
  const s = short ? (acronym as string) : `the ${base}`;
  const sFull = short ? `the ${base} (${acronym})` : s;
  const role = headRole(term.label, acronym, isOperation);
  return {
    ...dated(term),
    label: term.label,
    hash: hashString(`${term.vocabulary}/${term.slug}`),
    slug: term.slug,
    S: cap(s),
    s,
    SFull: cap(sFull),
    sFull,
    sTitle: short ? (acronym as string) : base,
    sPoss: `${s}'s`,
    role,
    personLike: role.startsWith(`${ORG} `),
    isOperation,
  };
}

const FALLBACK_SOURCE: Source = {
  ref: { vocabulary: '', slug: '' },
  label: ORG,
  from: Number.NEGATIVE_INFINITY,
  to: Number.POSITIVE_INFINITY,
  hash: 1,
  slug: 'osce',
  S: `The ${ORG}`,
  s: `the ${ORG}`,
  SFull: `The ${ORG}`,
  sFull: `the ${ORG}`,
  sTitle: ORG,
  sPoss: `the ${ORG}'s`,
  role: `${ORG} Secretary General`,
  personLike: true,
  isOperation: false,
};

/** Builds the catalog's tables once: skewed pickers, term facts, names, topic lists. */
function plan(catalog: CorpusCatalog): Plan {
  const cached = plans.get(catalog);
  if (cached) return cached;
  // Popularity depends on the catalog only, so every seed shares the same "famous" terms.
  const r = new Random(hashString(catalog.terms.map((t) => `${t.vocabulary}/${t.slug}`).join('|')), 7);
  const parents = new Set(catalog.terms.map((t) => `${t.vocabulary}/${t.parentSlug}`));
  const hasChildren = (t: CorpusTerm) => parents.has(`${t.vocabulary}/${t.slug}`);
  const leaves = (vocabulary: string) =>
    catalog.terms.filter((t) => t.vocabulary === vocabulary && !hasChildren(t));

  // Countries: leaves under a group; states hosting an operation and the largest group are in the news more.
  const countryTerms = leaves(COUNTRIES).filter((t) => t.parentSlug !== null);
  const groupSize = new Map<string, number>();
  for (const t of countryTerms)
    groupSize.set(t.parentSlug as string, (groupSize.get(t.parentSlug as string) ?? 0) + 1);
  const largestGroup = [...groupSize.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const countries: Country[] = countryTerms.map((t, index) => ({
    ...dated(t),
    index,
    name: countryName(t.label),
    capital: str(t.attributes.capital),
    region: null,
    ops: [],
  }));
  const byIso = new Map(countries.map((c, i) => [str(countryTerms[i]?.attributes.iso2), c] as const));

  const sourceVocabularies = new Set(catalog.sourceVocabularies);
  const ops: Operation[] = leaves(OPERATIONS).map((t) => {
    const country = byIso.get(str(t.attributes.country)) ?? null;
    return {
      ...dated(t),
      seat: str(t.attributes.seat),
      country,
      region: str(t.attributes.region),
      source: sourceVocabularies.has(OPERATIONS) ? source(t, true) : null,
    };
  });
  const regionCountries = new Map<string, Country[]>();
  for (const op of ops) {
    if (!op.country) continue;
    op.country.ops.push(op);
    if (op.region) {
      op.country.region = op.region;
      const mates = regionCountries.get(op.region) ?? [];
      if (!mates.includes(op.country)) mates.push(op.country);
      regionCountries.set(op.region, mates);
    }
  }
  const countryOrder = r.shuffle([...countries]);
  const countryWeights = zipfWeights(countryOrder.length, 0.5).map((w, i) => {
    const c = countryOrder[i] as Country;
    const parent = countryTerms[c.index]?.parentSlug;
    return w * (c.ops.length > 0 ? 2 : 1) * (parent === largestGroup ? 1 : 0.25);
  });

  // Institutions: source-vocabulary terms other than operations, without pure grouping terms.
  const institutionTerms = catalog.terms.filter(
    (t) =>
      sourceVocabularies.has(t.vocabulary) &&
      t.vocabulary !== OPERATIONS &&
      !(hasChildren(t) && Object.keys(t.attributes).length === 0),
  );
  const preferred = PREFERRED_SOURCES.flatMap((slug) => institutionTerms.filter((t) => t.slug === slug));
  const institutionOrder = [
    ...preferred,
    ...r.shuffle(institutionTerms.filter((t) => !preferred.includes(t))),
  ].map((t) => source(t, false));

  const groupTables = new Map<TopicGroup, WeightedTable<string>>();
  const generalTopics = zipfTable(GENERAL_TOPICS, 0.8);
  const fieldTerms = leaves(FIELDS);
  const fields: Field[] = r.shuffle([...fieldTerms]).map((t) => {
    const key = `${t.slug} ${t.label}`;
    const group = TOPIC_GROUPS.find((g) => g.match.test(key)) ?? null;
    let topics = generalTopics;
    if (group) {
      topics = groupTables.get(group) ?? zipfTable(group.topics, 1.1);
      groupTables.set(group, topics);
    }
    const affine = FIELD_SOURCE_AFFINITY.filter(([f]) => f.test(key)).flatMap(([, s]) =>
      institutionOrder.filter((src) => s.test(src.label)),
    );
    return { ...dated(t), text: runningText(t.label), topics, group, affine };
  });

  const meetingTerms = r.shuffle(leaves(MEETINGS));
  const allTopics = [...TOPIC_GROUPS.flatMap((g) => g.topics), ...GENERAL_TOPICS];
  const primaryLanguage = catalog.languages.includes('en') ? 'en' : (catalog.languages[0] ?? 'en');
  const others = catalog.languages.filter((l) => l !== primaryLanguage);
  // Translations add non-English items, so English originals must be more than 80 % for the whole
  // corpus to end up near 80 % English.
  const maxTranslations = Math.min(others.length, TRANSLATION_COUNTS.length);
  const counts = TRANSLATION_COUNTS.map((n) => Math.min(n, maxTranslations));
  const expected = counts.reduce((sum, n, i) => sum + n * (TRANSLATION_WEIGHTS[i] ?? 0), 0);
  const englishShare =
    others.length === 0 ? 1 : Math.min(1, ENGLISH_SHARE / (1 - ENGLISH_SHARE * TRANSLATION_SHARE * expected));

  const result: Plan = {
    fields: zipfTable(fields, 0.75),
    countries: new WeightedTable(countryOrder, countryWeights),
    regionCountries,
    ops: zipfTable(r.shuffle(ops), 0.5),
    meetings: zipfTable(
      meetingTerms.map((t) => ({ ...dated(t), label: t.label })),
      1,
    ),
    institutions: zipfTable(institutionOrder, 1.1),
    generalTopics,
    anyTopic: new WeightedTable(
      allTopics,
      allTopics.map(() => 1),
    ),
    audiences: zipfTable(AUDIENCES, 0.9),
    primaryLanguage,
    otherLanguages: new WeightedTable(
      others,
      others.map((l) => LANGUAGE_WEIGHT[l] ?? 1),
    ),
    englishShare,
    translationCounts: new WeightedTable(counts, TRANSLATION_WEIGHTS),
  };
  plans.set(catalog, result);
  return result;
}

function validAt(term: Dated, instant: number): boolean {
  return term.from <= instant && instant <= term.to;
}

/** A skewed pick that is valid at the instant and not already chosen; undefined when none is found. */
function pickValid<T extends Dated>(
  table: WeightedTable<T>,
  r: Random,
  instant: number,
  exclude: readonly T[] = [],
): T | undefined {
  if (table.size === 0) return undefined;
  for (let tries = 0; tries < 12; tries++) {
    const item = table.at(r.next()) as T;
    if (validAt(item, instant) && !exclude.includes(item)) return item;
  }
  // Rejection failed (e.g. most terms closed at that date): scan from a random start.
  const start = r.int(0, table.size - 1);
  for (let i = 0; i < table.size; i++) {
    const item = table.items[(start + i) % table.size] as T;
    if (validAt(item, instant) && !exclude.includes(item)) return item;
  }
  return undefined;
}

/** Words of one generated sentence: single spaces only, so spaces + 1, found by the native indexOf. */
function sentenceWords(text: string): number {
  let words = 1;
  for (let i = text.indexOf(' '); i !== -1; i = text.indexOf(' ', i + 1)) words++;
  return words;
}

/** Whitespace-separated tokens, as `text.split(/\s+/)` would count them; counted without allocating. */
function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    const space = ch === 32 || ch === 10 || ch === 9 || ch === 13;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

const STRIDE_PRIMES = [3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41];
const strideCache = new Map<number, readonly number[]>();

/** Strides coprime with the pool size, so start + k·stride visits every element once. */
function stridesFor(size: number): readonly number[] {
  let strides = strideCache.get(size);
  if (!strides) {
    strides = STRIDE_PRIMES.filter((p) => size % p !== 0);
    strideCache.set(size, strides);
  }
  return strides;
}

/** Draws from a pool without repeating, in a seeded order (start + stride), with no shuffle allocation. */
class Deck {
  private position: number;
  private readonly step: number;
  private left: number;

  constructor(
    private readonly pool: readonly Template[],
    r: Random,
  ) {
    this.position = r.int(0, pool.length - 1);
    const strides = stridesFor(pool.length);
    this.step = strides[r.int(0, strides.length - 1)] ?? 1;
    this.left = pool.length;
  }

  get empty(): boolean {
    return this.left === 0;
  }

  draw(): Template | undefined {
    if (this.left === 0) return undefined;
    this.left--;
    const t = this.pool[this.position];
    this.position = (this.position + this.step) % this.pool.length;
    return t;
  }
}

const TYPE_POOL: Readonly<Record<TextType, readonly Template[]>> = {
  'press-release': ACTIVITY,
  news: ACTIVITY,
  statement: STATEMENT,
  publication: PUBLICATION,
  event: FUTURE,
};

const slugCache = new Map<string, string>();
function slugOf(text: string): string {
  let slug = slugCache.get(text);
  if (slug === undefined) {
    slug = text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
    slugCache.set(text, slug);
  }
  return slug;
}

function dayText(instant: number): string {
  const d = new Date(instant);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** A country for the text only (observers, donors), different from those already named. */
function otherCountry(p: Plan, r: Random, named: readonly Country[]): Country | undefined {
  for (let tries = 0; tries < 6; tries++) {
    const c = r.weightedPick(p.countries);
    if (c && !named.includes(c)) return c;
  }
  return undefined;
}

/** Holder of a role at a date: a fictional person who keeps the post for three to five years. */
function holder(seed: number, key: number, instant: number): string {
  const tenure = (1100 + (key % 700)) * DAY;
  const term = Math.floor((instant + (key % 997) * DAY) / tenure);
  return personName(mix32(mix32(seed, key), term));
}

interface Body {
  readonly blocks: string[];
  readonly leadWords: number;
  readonly words: number;
}

/**
 * Highest word count while building: a translated lead may run up to one sentence (about 20 words)
 * longer than the English one it replaces, and every body must stay within 800 words.
 */
const WORD_CEILING = 765;
/** A paragraph's first sentence may go a little further, so that no paragraph stays empty. */
const FIRST_SENTENCE_CEILING = 780;

function buildBody(
  c: Ctx,
  type: TextType,
  dateline: string,
  quoteBlocks: readonly string[],
  closing: string | null,
) {
  const r = c.r;
  const target = 330 + Math.floor(410 * r.next() ** 1.3);
  // As many paragraphs as the length allows (at most nine), so they stay press-release short.
  const wanted = Math.min(9, Math.max(4, Math.round(target / 75) + r.int(0, 1)));
  const follow = new Deck(LEAD_FOLLOW[type], r);
  const leadParts = [(r.pick(LEADS[type]) as Template)(c)];
  for (let n = r.int(1, 2); n > 0; n--) leadParts.push((follow.draw() as Template)(c));
  const lead = dateline + leadParts.join(' ');
  const leadWords = countWords(lead);
  let used = leadWords;
  for (const q of quoteBlocks) used += countWords(q);
  let list: string | null = null;
  if (type !== 'statement' && r.chance(0.18)) {
    const lines = [r.pick(LIST_INTROS)];
    for (let n = r.int(3, 5); n > 0; n--)
      lines.push(`- ${r.pick(LIST_VERBS)} ${r.chance(0.5) ? c.T2 : (r.weightedPick(c.topics) as string)}`);
    list = lines.join('\n');
    used += countWords(list);
  }
  if (closing) used += countWords(closing);
  const fixed = 1 + quoteBlocks.length + (list ? 1 : 0) + (closing ? 1 : 0);
  const middleCount = Math.max(1, wanted - fixed);
  const typeDeck = new Deck(TYPE_POOL[type], r);
  const neutralDeck = new Deck(NEUTRAL, r);
  const linkIn = r.chance(type === 'publication' ? 0.5 : 0.12) ? r.int(0, middleCount - 1) : -1;
  const middles: string[][] = [];
  let total = used;
  const nextSentence = (): string | null => {
    const deck = (r.chance(0.6) && !typeDeck.empty) || neutralDeck.empty ? typeDeck : neutralDeck;
    const t = deck.draw();
    return t ? t(c) : null;
  };
  for (let m = 0; m < middleCount; m++) {
    const budget = (target - total) / (middleCount - m);
    const sentences: string[] = [];
    let blockWords = 0;
    while (sentences.length < 2 || blockWords < budget) {
      const s = m === linkIn && sentences.length === 1 ? (r.pick(LINKS) as Template)(c) : nextSentence();
      if (s === null) break;
      const w = sentenceWords(s);
      if (total + w > (sentences.length === 0 ? FIRST_SENTENCE_CEILING : WORD_CEILING)) break;
      sentences.push(s);
      blockWords += w;
      total += w;
    }
    middles.push(sentences);
  }
  // Short pools or a small budget can leave the body under 300 words: top up the last paragraph.
  const last = middles[middles.length - 1] as string[];
  while (total < 300) {
    const s = nextSentence();
    if (s === null) break;
    last.push(s);
    total += sentenceWords(s);
  }
  const blocks = [lead];
  const extras: string[] = [];
  if (quoteBlocks[0]) extras.push(quoteBlocks[0]);
  if (list) extras.push(list);
  if (quoteBlocks[1]) extras.push(quoteBlocks[1]);
  for (let m = 0; m < middles.length; m++) {
    const sentences = middles[m] as string[];
    if (sentences.length > 0) blocks.push(sentences.join(' '));
    const extra = extras.shift();
    if (extra) blocks.push(extra);
  }
  for (const extra of extras) blocks.push(extra);
  if (closing) blocks.push(closing);
  return { blocks, leadWords, words: total } satisfies Body;
}

/** Generates items lazily, in a fixed order, identical for the same catalog+options. */
export function* generateCorpus(catalog: CorpusCatalog, options: CorpusOptions): Generator<NewItemInput> {
  const p = plan(catalog);
  const seed =
    Number.isInteger(options.seed) && options.seed >= 0
      ? options.seed >>> 0
      : hashString(String(options.seed));
  const end = options.endDate ? options.endDate.getTime() : DEFAULT_END;
  const startYear = options.startYear ?? new Date(end).getUTCFullYear() - 25;
  const start = Date.UTC(startYear, 0, 1);
  const span = Math.max(DAY, end - start);
  const expGrowth = Math.expm1(GROWTH);
  const total = Math.max(0, Math.floor(options.items));
  let emitted = 0;
  for (let slot = 0; emitted < total; slot++) {
    const r = new Random(seed, slot);
    // Stratified by position, so the corpus comes out in date order with exactly the growth curve asked for.
    const u = (emitted + r.next()) / total;
    let day = Math.floor((start + (Math.log1p(u * expGrowth) / GROWTH) * span) / DAY);
    const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday.
    if ((weekday === 0 || weekday === 6) && r.chance(0.85)) day -= weekday === 6 ? 1 : 2;
    const type = r.weightedPick(TYPE_TABLE) as TextType;
    const status = r.weightedPick(STATUS_TABLE) as ItemStatus;
    // An embargoed item waits beyond the end of the archive.
    if (status === 'scheduled') day = Math.floor(end / DAY) + r.int(14, 365);
    const instant = day * DAY + (6 * 60 + r.int(0, 11 * 60 - 1)) * 60_000;
    const date = new Date(instant);
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth();

    // Countries and field operation, correlated: an operation's host country, or a country's operation.
    let op: Operation | undefined;
    const countries: Country[] = [];
    if (p.ops.size > 0 && r.chance(0.35)) op = pickValid(p.ops, r, instant);
    if (op?.country && validAt(op.country, instant)) countries.push(op.country);
    else if (op?.region) {
      const mates = (p.regionCountries.get(op.region) ?? []).filter((c) => validAt(c, instant));
      if (mates.length > 0) countries.push(r.pick(mates));
    }
    if (countries.length === 0) {
      const c = pickValid(p.countries, r, instant);
      if (c) countries.push(c);
    }
    const main = countries[0];
    if (!op && main && main.ops.length > 0 && r.chance(0.5)) {
      const candidates = main.ops.filter((o) => validAt(o, instant));
      if (candidates.length > 0) op = r.pick(candidates);
    }
    for (let n = r.weightedPick(COUNT_1_3) as number; countries.length < n; ) {
      const mates = main?.region ? p.regionCountries.get(main.region) : undefined;
      let c: Country | undefined;
      if (mates && r.chance(0.5)) {
        const m = r.pick(mates);
        if (validAt(m, instant) && !countries.includes(m)) c = m;
      }
      c ??= pickValid(p.countries, r, instant, countries);
      if (!c) break;
      countries.push(c);
    }
    const fields: Field[] = [];
    for (let n = r.weightedPick(COUNT_1_3) as number; fields.length < n; ) {
      const f = pickValid(p.fields, r, instant, fields);
      if (!f) break;
      fields.push(f);
    }
    const meetingChance = type === 'event' ? 1 : type === 'statement' ? 0.3 : 0.08;
    const meeting = r.chance(meetingChance) ? pickValid(p.meetings, r, instant) : undefined;

    // Sources: the tagged operation, usually; otherwise an institution close to the field, or a prominent one.
    const sources: Source[] = [];
    if (op?.source && r.chance(0.75)) sources.push(op.source);
    if (sources.length === 0 || r.chance(0.2)) {
      let inst: Source | undefined;
      const affine = fields[0]?.affine ?? [];
      if (affine.length > 0 && r.chance(0.45)) {
        const candidate = r.pick(affine);
        if (validAt(candidate, instant) && !sources.includes(candidate)) inst = candidate;
      }
      inst ??= pickValid(p.institutions, r, instant, sources);
      if (inst) sources.push(inst);
    }
    if (sources.length === 0 && op?.source) sources.push(op.source);
    const src = sources[0] ?? FALLBACK_SOURCE;

    const field0 = fields[0];
    const group = field0?.group ?? null;
    const topics = field0?.topics ?? p.generalTopics;
    const T = r.chance(0.9) ? (r.weightedPick(topics) as string) : (r.weightedPick(p.anyTopic) as string);
    let T2 = r.weightedPick(fields[1]?.topics ?? p.anyTopic) as string;
    if (T2 === T) T2 = r.weightedPick(p.anyTopic) as string;
    const T3 = r.weightedPick(p.anyTopic) as string;
    const other = () => r.weightedPick(p.countries);
    const c2 = countries[1] ?? otherCountry(p, r, countries);
    const c3 = countries[2] ?? otherCountry(p, r, c2 ? [...countries, c2] : countries);
    const place = op?.seat ?? main?.capital ?? 'Vienna';
    const city2 = other()?.capital ?? 'Vienna';
    const pub = r.pick(PUBLICATION_KINDS);
    const K = r.pick(EVENT_KINDS);
    const N = r.int(8, 30) + (r.chance(0.3) ? r.int(0, 90) : 0);
    const startDay = day + r.int(2, 30);
    const eventStart = startDay * DAY + r.int(6, 8) * 3_600_000;
    const eventEnd = (startDay + r.int(1, 3)) * DAY + r.int(13, 15) * 3_600_000;
    const rare = r.int(0, RARE_ISSUES.length - 1);
    const c: Ctx = {
      r,
      S: src.S,
      s: src.s,
      sFull: src.sFull,
      SFull: src.SFull,
      sTitle: src.sTitle,
      sPoss: src.sPoss,
      role: src.role,
      isOperation: src.isOperation,
      C: main?.name ?? 'the region',
      C2: c2?.name ?? 'neighbouring countries',
      C3: c3?.name ?? 'other participating States',
      city: place,
      city2,
      city3: other()?.capital ?? 'Vienna',
      T,
      T2,
      T3,
      F: field0?.text ?? 'security co-operation',
      F2: fields[1]?.text ?? r.weightedPick(p.fields)?.text ?? 'regional co-operation',
      A: group && r.chance(0.55) ? r.pick(group.audiences) : (r.weightedPick(p.audiences) as string),
      A2: r.weightedPick(p.audiences) as string,
      inst: group && r.chance(0.6) ? r.pick(group.institutions) : r.pick(NATIONAL_INSTITUTIONS),
      K,
      K2: r.pick(EVENT_KINDS),
      pub,
      N,
      N2: r.int(3, 15),
      Y: year,
      startY: Math.max(startYear - 5, year - r.int(2, 12)),
      dateText: dayText(instant),
      dayMonth: `${date.getUTCDate()} ${MONTHS[month]}`,
      nextMonth: MONTHS[(month + r.int(1, 3)) % 12] as string,
      donor: other()?.name ?? 'participating States',
      donor2: other()?.name ?? 'the European Union',
      vul: r.pick(VULNERABLE_GROUPS),
      rare: RARE_ISSUES[rare] as string,
      // Another issue than `rare`, so "Related concerns include X and Y" never names one twice.
      rare2: RARE_ISSUES[(rare + r.int(1, RARE_ISSUES.length - 1)) % RARE_ISSUES.length] as string,
      meeting: meeting?.label ?? null,
      link: `https://example.org/${src.slug}/${year}/${slugOf(T)}`,
      startText: dayText(eventStart),
      endText: dayText(eventEnd),
      regText: dayText(eventStart - 7 * DAY),
      topics,
    };

    // Quotes: the source's head or staff, officials of the main country, experts and participants.
    const quotes: QuoteInput[] = [];
    const quoteBlocks: string[] = [];
    let quoteCount = r.weightedPick(QUOTE_COUNT) as number;
    if (type === 'statement' && quoteCount === 0) quoteCount = 1;
    const quoteDeck = new Deck(
      type === 'press-release' || type === 'news' ? QUOTES_ACTIVITY : QUOTES_GENERAL,
      r,
    );
    for (let q = 0; q < quoteCount; q++) {
      const roll = r.next();
      let speaker: string;
      let role: string;
      const second = sources[1];
      if ((q === 0 && (roll < 0.6 || type === 'statement')) || (q === 1 && second && roll < 0.3)) {
        const who = q === 0 ? src : (second as Source);
        speaker = holder(seed, who.hash, instant);
        role = who.role;
      } else if (q === 0 && roll < 0.85) {
        const staff = r.int(0, STAFF_ROLES.length - 1);
        speaker = holder(seed, mix32(src.hash, staff + 1), instant);
        const title = STAFF_ROLES[staff] as string;
        role = src.personLike
          ? `${title === 'Deputy Head' ? 'Senior Adviser' : title} to the ${src.role}`
          : `${title} ${title === 'Deputy Head' ? 'of' : 'at'} ${src.s}`;
      } else if (main && (q === 0 || roll < 0.75)) {
        const k = r.int(0, LOCAL_ROLES.length - 1);
        speaker = holder(seed, mix32(main.index + 1000, k), instant);
        role = (LOCAL_ROLES[k] as string).replace('{C}', main.name).replace('{city}', main.capital ?? place);
      } else {
        // A bounded pool of experts and participants keeps the people table realistic in size.
        speaker = personName(mix32(seed ^ 0x5bd1e995, r.int(0, 4999)));
        role = r.pick(OTHER_ROLES).replace('{T}', T).replace('{city}', place);
      }
      const text = (quoteDeck.draw() as Template)(c);
      quotes.push({ speaker, role, text });
      const follow =
        type !== 'statement' && r.chance(0.4) ? ` ${r.pick(QUOTE_FOLLOW)(c, familyName(speaker))}` : '';
      quoteBlocks.push(`"${text.slice(0, -1)}," said ${speaker}, ${role}.${follow}`);
    }
    let closing: string | null = null;
    if (r.chance(0.7)) {
      const pool = src.isOperation
        ? CLOSING_OPERATION
        : src === FALLBACK_SOURCE
          ? CLOSING_GENERAL
          : CLOSING_INSTITUTION;
      closing = (r.pick(pool) as Template)(c);
      if (r.chance(0.3)) closing += ` ${(r.pick(CLOSING_GENERAL) as Template)(c)}`;
    }

    const datelinePlace = place.toUpperCase();
    const body = buildBody(c, type, `${datelinePlace}, ${c.dateText} – `, quoteBlocks, closing);
    const title = cap(r.pick(TITLES[type])(c));
    const summary = cap(r.pick(SUMMARIES[type])(c));

    const tags: TermRef[] = [];
    for (const f of fields) tags.push(f.ref);
    for (const country of countries) tags.push(country.ref);
    if (op) tags.push(op.ref);
    if (meeting) tags.push(meeting.ref);

    let attachments: AttachmentInput[] = [];
    if (type === 'publication') {
      const kind = slugOf(pub.n);
      const number = r.int(1000, 9999);
      attachments = [
        {
          title,
          fileName: `${ORG.toLowerCase()}-${kind}-${year}-${number}.pdf`,
          mediaType: 'application/pdf',
          byteSize: Math.round(150_000 + 12_000_000 * r.next() ** 3),
          sha256: r.hex64(),
        },
      ];
      if (r.chance(0.4))
        attachments.push({
          title: `${cap(pub.n)} on ${T}: ${r.pick(['executive summary', 'annexes', 'key findings'])}`,
          fileName: `${ORG.toLowerCase()}-${kind}-${year}-${number}-summary.pdf`,
          mediaType: 'application/pdf',
          byteSize: r.int(60_000, 900_000),
          sha256: r.hex64(),
        });
    }
    const event: EventInput | null =
      type === 'event'
        ? {
            startsAt: new Date(eventStart).toISOString(),
            endsAt: new Date(eventEnd).toISOString(),
            venue: place,
            series: meeting?.ref ?? null,
          }
        : null;

    const language = r.chance(p.englishShare)
      ? p.primaryLanguage
      : (p.otherLanguages.at(r.next()) ?? p.primaryLanguage);
    const translated: string[] = [];
    if (language === p.primaryLanguage && p.otherLanguages.size > 0 && r.chance(TRANSLATION_SHARE)) {
      for (
        let n = r.weightedPick(p.translationCounts) as number, tries = 0;
        translated.length < n && tries < 20;
        tries++
      ) {
        const l = r.weightedPick(p.otherLanguages) as string;
        if (!translated.includes(l)) translated.push(l);
      }
    }
    const publishedAt = status === 'draft' || status === 'in_review' ? null : date.toISOString();
    let correctionNote: string | null = null;
    if (status === 'withdrawn')
      correctionNote = 'This item was withdrawn at the request of the issuing office.';
    else if (status === 'published' && r.chance(0.004))
      correctionNote = `Corrected on ${dayText(instant + r.int(1, 10) * DAY)}: ${r.pick([
        'the spelling of a name was corrected.',
        'a figure in the fourth paragraph was corrected.',
        "a speaker's title was updated.",
        'a broken link was fixed.',
      ])}`;
    const shared = {
      type,
      datelinePlace,
      datelineDate: null,
      publishedAt,
      status,
      translationKey: translated.length > 0 ? `corpus-${seed}-${slot}` : null,
      legacyUrl: null,
      sources: sources.map((s) => s.ref),
      tags,
      quotes,
      attachments,
      event,
      correctionNote,
    } as const;
    const intlTopic = TOPIC_INTL.get(T) ?? r.int(0, INTL_TOPIC_COUNT - 1);

    const localized = (lang: string): NewItemInput => {
      const bank = LANGUAGE_BANKS[lang];
      if (lang === p.primaryLanguage || !bank)
        return { ...shared, language: lang, title, summary, bodyMarkdown: body.blocks.join('\n\n') };
      return { ...shared, language: lang, ...localText(bank, r, c, body, datelinePlace, date, N, intlTopic) };
    };
    yield localized(language);
    emitted++;
    for (const l of translated) {
      if (emitted >= total) break;
      yield localized(l);
      emitted++;
    }
  }
}

/** Title, summary and body in another language: a native lead paragraph, then the English paragraphs. */
function localText(
  bank: LanguageBank,
  r: Random,
  c: Ctx,
  body: Body,
  place: string,
  date: Date,
  count: number,
  topic: number,
): { title: string; summary: string; bodyMarkdown: string } {
  const params: IntlParams = {
    topic: bank.topics[topic] ?? (bank.topics[0] as string),
    aud: r.pick(bank.audiences),
    n: bank.count(count),
    city: c.city,
    year: date.getUTCFullYear(),
    date: bank.formatDate(
      date.getUTCDate(),
      bank.months[date.getUTCMonth()] as string,
      date.getUTCFullYear(),
    ),
    kind: r.pick(bank.kinds),
  };
  const sentences = [(bank.leads[0] as (p: IntlParams) => string)(params)];
  let words = countWords(sentences[0] as string) + 4;
  // The native lead replaces the English one; matching its length keeps the body within 300–800 words.
  const offset = r.int(1, bank.leads.length - 1);
  for (let i = 0; i < bank.leads.length - 1 && words < body.leadWords; i++) {
    const s = (bank.leads[1 + ((offset + i) % (bank.leads.length - 1))] as (p: IntlParams) => string)(params);
    sentences.push(s);
    words += countWords(s);
  }
  const blocks = [`${place}, ${params.date} – ${sentences.join(' ')}`];
  for (let i = 1; i < body.blocks.length; i++) blocks.push(body.blocks[i] as string);
  return {
    title: cap(r.pick(bank.titles)(params)),
    summary: r.pick(bank.summaries)(params),
    bodyMarkdown: blocks.join('\n\n'),
  };
}
