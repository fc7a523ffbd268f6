/**
 * A deterministic corpus of realistic items for demo content, tests and benchmarks: press
 * releases with datelines from field-operation seats and capitals, varied titles, bodies of
 * 300–800 words, several tags per vocabulary with a realistic skew, dates over 25 years.
 * Same catalog + options → the same items, in the same order, on every machine.
 */
import type { ContentType, ItemStatus } from '../../db/schema.js';
import type { NewItemInput, QuoteInput, TermRef } from '../content/item.types.js';
import {
  BODY_SENTENCES,
  BULLET_ITEMS,
  EVENT_TITLES,
  FAMILY_NAMES,
  GIVEN_NAMES,
  LEAD_SENTENCES,
  MONTHS,
  PUBLICATION_TITLES,
  QUOTE_TEXTS,
  REGIONS,
  ROLE_TEMPLATES,
  STATEMENT_TITLES,
  TITLE_TEMPLATES,
  TOPICS,
  TRANSLATED,
} from './phrases.js';
import { Random, SkewedPicker } from './random.js';

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
  readonly items: number;
  readonly seed: number;
  /** Last publication date (default 2026-11-01); items spread over the 25 years before it. */
  readonly endDate?: Date;
  readonly years?: number;
}

const TYPE_WEIGHTS: readonly [ContentType, number][] = [
  ['press-release', 0.55],
  ['news', 0.25],
  ['statement', 0.1],
  ['publication', 0.05],
  ['event', 0.05],
];

const STATUS_WEIGHTS: readonly [ItemStatus, number][] = [
  ['published', 0.97],
  ['draft', 0.008],
  ['in_review', 0.005],
  ['scheduled', 0.007],
  ['archived', 0.005],
  ['withdrawn', 0.005],
];

function weighted<T>(random: Random, table: readonly [T, number][]): T {
  let r = random.next();
  for (const [value, weight] of table) {
    r -= weight;
    if (r < 0) return value;
  }
  return table[table.length - 1]![0];
}

function fill(template: string, slots: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => slots[name] ?? name);
}

const DAY = 86_400_000;

/** The generator's precomputed view of a catalog. */
class CorpusPlan {
  readonly fields: SkewedPicker<CorpusTerm>;
  readonly countries: SkewedPicker<CorpusTerm>;
  readonly meetings: SkewedPicker<CorpusTerm>;
  readonly sources: SkewedPicker<CorpusTerm>;
  readonly topics: SkewedPicker<string>;
  readonly operationsByCountry = new Map<string, CorpusTerm[]>();
  readonly otherLanguages: readonly string[];

  constructor(catalog: CorpusCatalog, random: Random) {
    const leaves = (vocabulary: string) => {
      const inVocabulary = catalog.terms.filter((t) => t.vocabulary === vocabulary);
      const parents = new Set(inVocabulary.map((t) => t.parentSlug).filter((p) => p !== null));
      return inVocabulary.filter((t) => !parents.has(t.slug));
    };
    this.fields = new SkewedPicker(leaves('fields-of-work'), random, 0.8);
    this.countries = new SkewedPicker(
      leaves('countries').filter((t) => t.parentSlug !== null),
      random,
      0.9,
    );
    this.meetings = new SkewedPicker(leaves('meetings'), random, 1);
    const operations = leaves('field-operations');
    for (const op of operations) {
      const country = String(op.attributes.country ?? op.attributes.host ?? '');
      const list = this.operationsByCountry.get(country) ?? [];
      list.push(op);
      this.operationsByCountry.set(country, list);
    }
    // Issuing sources: institutions with a seat or an acronym issue most releases, then their units;
    // grouping terms without a seat of their own ("Institutions") never do.
    const parentSlugs = new Set(catalog.terms.map((t) => t.parentSlug));
    const prominence = (t: CorpusTerm) => (t.attributes.acronym ? 2 : 0) + (t.attributes.seat ? 1 : 0);
    const sourceTerms = catalog.terms
      .filter((t) => catalog.sourceVocabularies.includes(t.vocabulary) && !operations.includes(t))
      .filter((t) => !parentSlugs.has(t.slug) || t.attributes.seat)
      .sort((a, b) => prominence(b) - prominence(a));
    this.sources = new SkewedPicker(sourceTerms.length > 0 ? sourceTerms : operations, random, 1.2, false);
    this.topics = new SkewedPicker(TOPICS, random, 1.05);
    this.otherLanguages = catalog.languages.filter((l) => l !== 'en');
  }
}

function validOn(term: CorpusTerm, date: string): boolean {
  return (
    (term.validFrom === null || term.validFrom <= date) && (term.validTo === null || date <= term.validTo)
  );
}

function ref(term: CorpusTerm): TermRef {
  return { vocabulary: term.vocabulary, slug: term.slug };
}

function cityOf(term: CorpusTerm | undefined): string | null {
  const seat = term?.attributes.seat ?? term?.attributes.capital;
  return typeof seat === 'string' && seat !== 'rotating' ? (seat.split('/').pop()?.trim() ?? null) : null;
}

function formatDay(instant: Date): string {
  return `${instant.getUTCDate()} ${MONTHS[instant.getUTCMonth()]} ${instant.getUTCFullYear()}`;
}

/** Generates `options.items` items lazily (translations count as items). */
export function* generateCorpus(catalog: CorpusCatalog, options: CorpusOptions): Generator<NewItemInput> {
  const random = new Random(options.seed);
  const plan = new CorpusPlan(catalog, random);
  const end = (options.endDate ?? new Date('2026-11-01T00:00:00Z')).getTime();
  const years = options.years ?? 25;
  // More items in recent years, as archives grow: weight of year i grows linearly.
  const yearWeights = Array.from({ length: years }, (_, i) => 1 + i * 0.15);
  const yearTotal = yearWeights.reduce((a, b) => a + b, 0);
  const yearTable = yearWeights.map((w, i) => [i, w / yearTotal] as [number, number]);
  let produced = 0;
  let serial = 0;

  while (produced < options.items) {
    serial += 1;
    const type = weighted(random, TYPE_WEIGHTS);
    const status = weighted(random, STATUS_WEIGHTS);
    const yearOffset = years - 1 - weighted(random, yearTable);
    const dayStart = end - (yearOffset + 1) * 365 * DAY;
    let instant = new Date(dayStart + random.int(0, 364) * DAY + random.int(6 * 60, 16 * 60) * 60_000);
    if (instant.getTime() > end) instant = new Date(end - random.int(1, 30) * DAY);
    if (status === 'scheduled')
      instant = new Date(end + random.int(1, 60) * DAY + random.int(6 * 60, 16 * 60) * 60_000);
    const day = instant.toISOString().slice(0, 10);

    const fields = plan.fields.pickDistinct(random, random.int(1, 3), (t) => validOn(t, day));
    const countries = plan.countries.pickDistinct(random, random.int(1, 3), (t) => validOn(t, day));
    const mainCountry = countries[0];
    const operations = (
      plan.operationsByCountry.get(String(mainCountry?.attributes.iso2 ?? '')) ?? []
    ).filter((t) => validOn(t, day));
    const operation = operations.length > 0 && random.chance(0.6) ? random.pick(operations) : undefined;
    const meeting = random.chance(type === 'event' ? 1 : 0.15) ? plan.meetings.pick(random) : undefined;
    const sources = operation && random.chance(0.7) ? [operation] : [];
    for (const s of plan.sources.pickDistinct(
      random,
      sources.length > 0 ? random.int(0, 1) : random.int(1, 2),
      (t) => validOn(t, day),
    )) {
      sources.push(s);
    }
    const topic = plan.topics.pick(random);
    const city = cityOf(operation) ?? cityOf(mainCountry) ?? 'Vienna';
    const slots: Record<string, string> = {
      country: mainCountry?.label ?? 'the region',
      city,
      field: (fields[0]?.label ?? 'security').toLowerCase(),
      topic,
      source: sources[0]?.label ?? 'The OSCE',
      operation: operation?.label ?? 'Mission',
      number: String(random.int(3, 120)),
      month: MONTHS[random.int(0, 11)]!,
      year: String(instant.getUTCFullYear()),
      region: random.pick(REGIONS),
      meeting: meeting?.label ?? 'Expert meeting',
    };
    const titleTemplates =
      type === 'statement'
        ? STATEMENT_TITLES
        : type === 'publication'
          ? PUBLICATION_TITLES
          : type === 'event'
            ? EVENT_TITLES
            : TITLE_TEMPLATES;
    const rawTitle = fill(random.pick(titleTemplates), slots);
    const title = rawTitle.charAt(0).toUpperCase() + rawTitle.slice(1);
    const quotes: QuoteInput[] = [];
    for (let q = random.int(0, 2); q > 0; q--) {
      quotes.push({
        speaker: `${random.pick(GIVEN_NAMES)} ${random.pick(FAMILY_NAMES)}`,
        role: fill(random.pick(ROLE_TEMPLATES), slots),
        text: fill(random.pick(QUOTE_TEXTS), slots),
      });
    }
    const place = city.toUpperCase();
    const body = englishBody(random, slots, `${place}, ${formatDay(instant)} – `, quotes);
    const tags = [
      ...fields,
      ...countries,
      ...(operation ? [operation] : []),
      ...(meeting ? [meeting] : []),
    ].map(ref);
    const translate = random.chance(0.1) && plan.otherLanguages.length > 0;
    const translationKey = translate ? `demo-${options.seed}-${serial}` : null;
    const base: NewItemInput = {
      type,
      language: 'en',
      title,
      summary: fill(random.pick(LEAD_SENTENCES), slots),
      bodyMarkdown: body,
      datelinePlace: place,
      publishedAt: status === 'draft' || status === 'in_review' ? null : instant.toISOString(),
      status,
      translationKey,
      sources: sources.map(ref),
      tags,
      quotes,
      attachments:
        type === 'publication'
          ? Array.from({ length: random.int(1, 2) }, (_, i) => ({
              title: i === 0 ? title : `${title} (annex)`,
              fileName: `publication-${instant.getUTCFullYear()}-${serial}-${i + 1}.pdf`,
              mediaType: 'application/pdf',
              byteSize: random.int(80_000, 4_000_000),
              sha256: fakeSha256(random),
            }))
          : [],
      event:
        type === 'event'
          ? {
              startsAt: instant.toISOString(),
              endsAt: new Date(instant.getTime() + random.int(1, 3) * DAY).toISOString(),
              venue: city,
              series: meeting ? ref(meeting) : null,
            }
          : null,
    };
    yield base;
    produced += 1;
    if (translationKey) {
      for (const language of plan.otherLanguages.filter(() => random.chance(0.4)).slice(0, 2)) {
        if (produced >= options.items) break;
        const bank = TRANSLATED[language];
        if (!bank) continue;
        const sentences = Array.from({ length: random.int(8, 14) }, () =>
          fill(random.pick(bank.sentences), slots),
        );
        yield {
          ...base,
          language,
          title: fill(random.pick(bank.titles), slots),
          summary: sentences[0]!,
          bodyMarkdown: `${place}, ${localDay(instant, language)} – ${sentences.slice(0, 4).join(' ')}\n\n${sentences.slice(4).join(' ')}`,
          quotes: [],
        };
        produced += 1;
      }
    }
  }
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** "13 ottobre 2008" — the dateline date in the item's language. */
function localDay(instant: Date, language: string): string {
  let format = dayFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    dayFormats.set(language, format);
  }
  return format.format(instant);
}

function fakeSha256(random: Random): string {
  let hex = '';
  while (hex.length < 64)
    hex += Math.floor(random.next() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return hex.slice(0, 64);
}

/** An English Markdown body of 300–800 words that starts with the dateline. */
function englishBody(
  random: Random,
  slots: Record<string, string>,
  dateline: string,
  quotes: readonly QuoteInput[],
): string {
  // Sentences are counted as they are added; headings, list markers and links add a little on top,
  // so the target stays below 800 to keep every body within 300–800 words.
  const target = random.int(300, 740);
  const paragraphs: string[] = [];
  let words = 0;
  const sentence = (bank: readonly string[]) => {
    const s = fill(random.pick(bank), slots);
    words += s.split(' ').length;
    return s;
  };
  paragraphs.push(
    dateline + [sentence(LEAD_SENTENCES), sentence(BODY_SENTENCES), sentence(BODY_SENTENCES)].join(' '),
  );
  let quoteIndex = 0;
  while (words < target) {
    const roll = random.next();
    if (roll < 0.12 && quoteIndex < quotes.length) {
      const q = quotes[quoteIndex++]!;
      const text = `"${q.text.replace(/\.$/, ',')}" said ${q.speaker}, ${q.role}.`;
      words += text.split(' ').length;
      paragraphs.push(text);
    } else if (roll < 0.18 && target - words > 60) {
      const items = Array.from({ length: random.int(3, 5) }, () => `- ${sentence(BULLET_ITEMS)}`);
      paragraphs.push(`The programme includes:\n\n${items.join('\n')}`);
    } else if (roll < 0.22) {
      paragraphs.push(
        `${sentence(BODY_SENTENCES)} More information is available in the [project overview](https://example.org/projects/${slots.number}).`,
      );
    } else {
      const sentences: string[] = [];
      for (let n = random.int(3, 5); n > 0 && words < target; n--) sentences.push(sentence(BODY_SENTENCES));
      paragraphs.push(sentences.join(' '));
    }
  }
  // The exact bound: drop closing paragraphs while the whole body (markers and links included) is over 800 words.
  const wordCount = (text: string) => text.split(/\s+/).length;
  let body = paragraphs.join('\n\n');
  while (
    wordCount(body) > 800 &&
    paragraphs.length > 2 &&
    wordCount(body) - wordCount(paragraphs.at(-1)!) >= 300
  ) {
    paragraphs.pop();
    body = paragraphs.join('\n\n');
  }
  return body;
}
