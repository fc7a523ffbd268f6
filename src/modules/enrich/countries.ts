/**
 * Country tag suggestions from free text. Every country term of the taxonomy is found through its
 * labels in every language, its aliases and former names, and the profile's gazetteer
 * (`gazetteer/places.json`: demonyms, cities, regions, names with rules). One index of token
 * n-grams is compiled up front and each text is scanned once; ambiguity ("Georgia" the state or
 * the US state, "Macedonia" the country or the Greek region, "Jordan Peterson") is settled from
 * the words around a mention, never from an external service, so suggestions are fast and
 * explainable: each carries the words that triggered it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DatelineError } from '../../errors.js';
import { labelIn, type Taxonomy, type Term } from '../taxonomy/taxonomy.js';

/** One name in the gazetteer with the rules that qualify it. */
export interface GazetteerName {
  readonly name: string;
  /** After this date (YYYY-MM-DD) the name alone no longer denotes the country: it needs corroboration. */
  readonly until?: string;
  /** Also a common word elsewhere (German "Island" is Iceland): counts only beside other evidence. */
  readonly weak?: boolean;
  /** Also a given name: a mention next to another capitalized word ("Jordan Peterson") barely counts. */
  readonly person?: boolean;
  /** Counts for this country only when the words around point to it ("Georgia" next to "Atlanta"). */
  readonly contextOnly?: boolean;
  /** Multiplies the weight of a mention, e.g. for cities that host the organization's own offices. */
  readonly weight?: number;
}

/** What the gazetteer knows about one country, keyed by ISO alpha-2 in `Gazetteer.countries`. */
export interface GazetteerCountry {
  readonly names: readonly GazetteerName[];
  /** Demonyms and adjectives per language, every inflected form listed. */
  readonly demonyms: Readonly<Record<string, readonly GazetteerName[]>>;
  readonly cities: readonly GazetteerName[];
  /** Sub-national regions that qualify other place names ("Paris, Texas"). */
  readonly regions: readonly GazetteerName[];
}

/** The profile's gazetteer: facts about places, and phrases to ignore ("North Korea", "Spanish flu"). */
export interface Gazetteer {
  readonly countries: Readonly<Record<string, GazetteerCountry>>;
  readonly ignore: readonly string[];
}

/** A suggested country tag with its confidence (0..1) and the words that triggered it. */
export interface CountrySuggestion {
  readonly vocabulary: 'countries';
  readonly slug: string;
  readonly label: string;
  readonly confidence: number;
  readonly evidence: string[];
}

/** Options of `CountryTagger.suggest`. */
export interface SuggestOptions {
  /** The text's date (YYYY-MM-DD or an ISO instant): decides what time-bound names mean. */
  readonly date?: string;
  /** The title: mentions there weigh more. */
  readonly title?: string;
}

/** Options of the `CountryTagger` constructor. */
export interface TaggerOptions {
  /** Suggestions under this confidence are dropped (weak single mentions). */
  readonly floor?: number;
  /** A country under this share of the leading country's score is a passing mention. */
  readonly relativeFloor?: number;
  /** A listed country is kept down to this share of the leading country's score. */
  readonly listedFloor?: number;
  /**
   * Headings of sections that advise or assess rather than report ("WHO advice", "Risk
   * assessment"): a heading line containing one of these phrases opens such a section, the next other
   * heading closes it. Defaults to `ASIDE_HEADINGS`.
   */
  readonly asideHeadings?: readonly string[];
  /**
   * Names of the authorities that notify or report what a text is about ("National IHR Focal Point",
   * "Ministry of Health"): a country they belong to in the lead ("the Ministry of Health of Chad
   * reported …", "the Ugandan Ministry of Health") is the text's subject. Defaults to `SUBJECT_CUES`.
   */
  readonly subjectCues?: readonly string[];
  /**
   * Phrases with which a running update says what is new in it ("the countries that have newly
   * reported their first cases: Niger", "Mongolia has reported cases for the first time"): the
   * countries named in such a sentence are the text's news, the others its background. Defaults to
   * `NEWS_CUES`.
   */
  readonly newsCues?: readonly string[];
  /**
   * Phrases with which a text says that a place has its first case ("Poland reported its first case
   * today"): a country named in such a sentence is a subject, however briefly. Defaults to
   * `FIRST_REPORT_CUES`.
   */
  readonly firstReportCues?: readonly string[];
}

/**
 * Generic headings of the parts of a report that come after its news: advice, assessments,
 * recommendations, background and further reading. Countries named there are examples, precedents
 * or places to watch ("travellers returning from Saudi Arabia", "as in the 2014 outbreak in
 * Guinea"), seldom what the text reports on, so they weigh little.
 */
export const ASIDE_HEADINGS: readonly string[] = [
  'advice',
  'risk assessment',
  'recommendation',
  'recommendations',
  'background',
  'for more information',
  'further information',
  'further reading',
  'references',
  'see also',
];

/**
 * Generic names of the national authorities that report an event: under the International Health
 * Regulations every member state has a "National IHR Focal Point" that notifies WHO, and ministries,
 * governments and health authorities announce what happens in their own country. A country named as
 * such an authority's in the lead ("the National IHR Focal Point of Oman notified WHO", "the Turkish
 * Ministry of Health") is the one the text reports on; the places its cases travelled to or came from
 * are not.
 */
export const SUBJECT_CUES: readonly string[] = [
  'focal point',
  'focal points',
  'ministry of health',
  'ministry of public health',
  'ministries of health',
  'ministry',
  'department of health',
  'government',
  'health authorities',
  'authorities',
];

/**
 * Generic phrases that mark the news of a running update. A weekly situation report surveys many
 * countries ("activity continues to decline in Canada, Chile and Japan") and then says what changed
 * since the last one ("countries that have newly reported their first cases: Mali"): the survey is
 * the background, the countries new to the event are the news.
 */
export const NEWS_CUES: readonly string[] = ['newly reported', 'for the first time'];

/**
 * Generic phrases that say a place has its first case or outbreak ("Romania is reporting its first 3
 * probable cases", "Guinea has now reported their first cases"). That is news about the place
 * however short the sentence, in a text that dwells on another country: a subject, as a country whose
 * authorities report the news is.
 */
export const FIRST_REPORT_CUES: readonly string[] = ['its first', 'their first'];

/** A gazetteer with no entries: the tagger then works from the taxonomy's labels and aliases alone. */
export const EMPTY_GAZETTEER: Gazetteer = { countries: {}, ignore: [] };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Validates a parsed places.json; throws DL_PROFILE_INVALID listing every problem. */
export function parseGazetteer(raw: unknown, where = 'gazetteer/places.json'): Gazetteer {
  const problems: string[] = [];
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  const names = (value: unknown, at: string): GazetteerName[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      problems.push(`${at}: must be a list`);
      return [];
    }
    const out: GazetteerName[] = [];
    for (const [i, entry] of value.entries()) {
      if (typeof entry === 'string' && entry.trim() !== '') out.push({ name: entry });
      else if (isObject(entry) && typeof entry.name === 'string' && entry.name.trim() !== '') {
        const { name, until, weak, person, contextOnly, weight } = entry;
        if (until !== undefined && (typeof until !== 'string' || !DATE.test(until)))
          problems.push(`${at}[${i}]: until must be a YYYY-MM-DD date`);
        if (weight !== undefined && (typeof weight !== 'number' || !(weight > 0 && weight <= 1)))
          problems.push(`${at}[${i}]: weight must be a number in (0, 1]`);
        out.push({
          name,
          ...(typeof until === 'string' ? { until } : {}),
          ...(weak === true ? { weak: true } : {}),
          ...(person === true ? { person: true } : {}),
          ...(contextOnly === true ? { contextOnly: true } : {}),
          ...(typeof weight === 'number' ? { weight } : {}),
        });
      } else problems.push(`${at}[${i}]: must be a name or { "name": … }`);
    }
    return out;
  };
  const countries: Record<string, GazetteerCountry> = {};
  if (!isObject(raw)) problems.push(`${where}: must be an object`);
  else {
    const rawCountries = raw.countries ?? {};
    if (!isObject(rawCountries)) problems.push(`${where}: countries must be an object`);
    else {
      for (const [code, value] of Object.entries(rawCountries)) {
        const at = `${where} countries.${code}`;
        if (!/^[A-Z]{2}$/.test(code)) problems.push(`${at}: keys are ISO 3166 alpha-2 codes`);
        if (!isObject(value)) {
          problems.push(`${at}: must be an object`);
          continue;
        }
        const demonyms: Record<string, GazetteerName[]> = {};
        if (value.demonyms !== undefined && !isObject(value.demonyms))
          problems.push(`${at}.demonyms: must be an object of language → list`);
        else
          for (const [language, list] of Object.entries(value.demonyms ?? {}))
            demonyms[language] = names(list, `${at}.demonyms.${language}`);
        countries[code] = {
          names: names(value.names, `${at}.names`),
          demonyms,
          cities: names(value.cities, `${at}.cities`),
          regions: names(value.regions, `${at}.regions`),
        };
      }
    }
  }
  const ignore = isObject(raw) ? names(raw.ignore, `${where} ignore`).map((n) => n.name) : [];
  if (problems.length > 0)
    throw new DatelineError('DL_PROFILE_INVALID', `Gazetteer is invalid:\n  - ${problems.join('\n  - ')}`);
  return { countries, ignore };
}

/** The gazetteer files of a profile, in the order they are merged. */
const GAZETTEER_FILES = ['places.json', 'world.json'] as const;

/**
 * Reads `<profileDir>/gazetteer/places.json` (the profile's own countries) and `world.json`
 * (places of every other country, for texts about the whole world), merged per country; a profile
 * with neither gets the empty gazetteer. Facts about countries the vocabulary lacks are ignored by
 * the tagger, so the world file costs a members-only site nothing.
 */
export function loadGazetteer(profileDir: string): Gazetteer {
  const parts: Gazetteer[] = [];
  for (const name of GAZETTEER_FILES) {
    const file = path.join(profileDir, 'gazetteer', name);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new DatelineError('DL_PROFILE_INVALID', `${file}: ${(error as Error).message}`);
    }
    parts.push(parseGazetteer(raw, file));
  }
  if (parts.length === 0) return EMPTY_GAZETTEER;
  return parts.length === 1 ? parts[0]! : mergeGazetteers(parts);
}

/** One gazetteer with every entry of `parts`; a country's lists are concatenated. */
export function mergeGazetteers(parts: readonly Gazetteer[]): Gazetteer {
  const countries: Record<string, GazetteerCountry> = {};
  for (const part of parts)
    for (const [code, entry] of Object.entries(part.countries)) {
      const before = countries[code];
      if (!before) {
        countries[code] = entry;
        continue;
      }
      const demonyms: Record<string, GazetteerName[]> = {};
      for (const [language, list] of [...Object.entries(before.demonyms), ...Object.entries(entry.demonyms)])
        demonyms[language] = [...(demonyms[language] ?? []), ...list];
      countries[code] = {
        names: [...before.names, ...entry.names],
        demonyms,
        cities: [...before.cities, ...entry.cities],
        regions: [...before.regions, ...entry.regions],
      };
    }
  return { countries, ignore: parts.flatMap((p) => p.ignore) };
}

// ---------------------------------------------------------------------------------------------
// Text folding and tokens

// Letters that Unicode does not decompose into a base letter plus a mark.
const SPECIAL_LETTERS: Readonly<Record<string, string>> = {
  ł: 'l',
  Ł: 'L',
  ø: 'o',
  Ø: 'O',
  đ: 'd',
  Đ: 'D',
  ß: 'ss',
  æ: 'ae',
  Æ: 'Ae',
  œ: 'oe',
  Œ: 'Oe',
  ı: 'i',
};
const SPECIAL = /[łŁøØđĐßæÆœŒı]/g;
const MARKS = /\p{M}/gu;
const NON_ASCII = /\P{ASCII}/u;
const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu;
const CYRILLIC = /^[\u0400-\u04ff]/;

/** The token without accents, case kept ("Niš" → "Nis", "Łódź" → "Lodz"). */
function fold(token: string): string {
  if (!NON_ASCII.test(token)) return token;
  return token
    .replace(SPECIAL, (ch) => SPECIAL_LETTERS[ch] ?? ch)
    .normalize('NFKD')
    .replace(MARKS, '');
}

// Russian inflects names ("Сербия", "в Сербии", "сербского"): names are indexed by a stem and a
// text's Cyrillic word matches when it is that stem plus one of these case endings. Folded (й → и).
// Longest first (indexing strips the first that fits).
const STEM_ENDINGS = 'ия ья ая яя ое ее ые ие ыи ии ои а я о е ы и ь'.split(' ');
const CASE_ENDINGS = (
  'ами ями ого его ому ему ыми ими иям иях иеи ' +
  'ия ии ию ие ья ье ью ая яя ое ее ую юю ые ых их ым им ом ем ои еи ыи ам ям ах ях ов ев ' +
  'а я ы и у ю е о ь'
).split(' ');
const CASE_ENDING_SET = new Set(CASE_ENDINGS);
const CASE_ENDING_MAX = Math.max(...CASE_ENDINGS.map((e) => e.length));
const MIN_STEM = 3;
const WORD_CACHE_SIZE = 50_000;

function indexStem(key: string): string {
  if (!CYRILLIC.test(key)) return key;
  for (const ending of STEM_ENDINGS)
    if (key.endsWith(ending) && key.length - ending.length >= MIN_STEM) return key.slice(0, -ending.length);
  return key;
}

// Gap classes between two tokens.
const GAP_SPACE = 0; // whitespace only
const GAP_JOIN = 1; // hyphen, apostrophe, the period of an abbreviation ("U.S.", "St.")
const GAP_COMMA = 2; // comma, semicolon, colon, brackets, dashes, quotes
const GAP_BREAK = 3; // end of sentence or line

const ABBREVIATIONS = new Set('st mt ft dr mr mrs ms prof gen col lt jr sr'.split(' '));
// "No." is an abbreviation before a number ("update (No. 88): Niger"), a word before anything else.
const NUMBER_ABBREVIATION = 'no';
const DIGIT_AFTER = /^[.\s]*\d/;

interface Tokens {
  readonly text: string;
  readonly keys: string[];
  readonly plains: string[];
  readonly starts: number[];
  readonly ends: number[];
  readonly gaps: number[];
  readonly sentences: number[];
}

function gapClass(text: string, from: number, to: number, previousKey: string | undefined): number {
  if (to - from === 1 && text.charCodeAt(from) === 32) return GAP_SPACE;
  let result = GAP_SPACE;
  for (let i = from; i < to; i++) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\u00a0') continue;
    if (c === '\n' || c === '\r') return GAP_BREAK;
    if (c === '.' || c === '!' || c === '?' || c === '…') {
      // "U.S. state", "St. Petersburg": the period closes an abbreviation, not a sentence.
      const abbreviation =
        c === '.' &&
        previousKey !== undefined &&
        i === from &&
        (previousKey.length === 1 ||
          ABBREVIATIONS.has(previousKey) ||
          (previousKey === NUMBER_ABBREVIATION && DIGIT_AFTER.test(text.slice(i, to + 1))));
      if (!abbreviation) return GAP_BREAK;
      result = Math.max(result, GAP_JOIN);
    } else if (c === '-' || c === "'" || c === '’' || c === '‐' || c === '/' || c === '&' || c === '‑') {
      result = Math.max(result, GAP_JOIN);
    } else result = GAP_COMMA;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// The index

type Kind = 'name' | 'city' | 'region' | 'demonym';
const KIND_WEIGHT: Readonly<Record<Kind, number>> = { name: 1, city: 0.7, region: 0.7, demonym: 0.5 };
const KIND_RANK: Readonly<Record<Kind, number>> = { name: 0, city: 1, region: 2, demonym: 3 };

const CASE_ANY = 0;
const CASE_CAPITAL = 1;
const CASE_EXACT = 2;

interface Country {
  readonly iso2: string;
  readonly term: Term;
  readonly label: string;
  /** ISO alpha-2 of the state a dependent territory belongs to (the term's `sovereign` attribute). */
  readonly sovereign: string | undefined;
  /**
   * The state this one was part of until it became independent (the term's `partOf` attribute,
   * `{ iso2, until }`, `until` the last day as a part): a text dated up to then that names the place
   * reports on that state ("Yambio, southern Sudan" in 2004 is Sudan; South Sudan became a state in
   * 2011).
   */
  readonly partOf: { readonly iso2: string; readonly until: string } | undefined;
}

/** A term's `partOf` attribute, when it is well formed. */
function partOfAttribute(value: unknown): Country['partOf'] {
  if (typeof value !== 'object' || value === null) return undefined;
  const { iso2, until } = value as { iso2?: unknown; until?: unknown };
  if (typeof iso2 !== 'string' || !/^[A-Za-z]{2}$/.test(iso2)) return undefined;
  if (typeof until !== 'string' || !DATE.test(until)) return undefined;
  return { iso2: iso2.toUpperCase(), until };
}

interface Candidate {
  /** null: a phrase to ignore. */
  readonly country: Country | null;
  readonly kind: Kind;
  readonly caseMode: number;
  readonly caseTokens: readonly string[];
  readonly until: string | undefined;
  readonly weak: boolean;
  readonly person: boolean;
  readonly contextOnly: boolean;
  readonly weight: number;
}

interface Phrase {
  readonly keys: readonly string[];
  candidates: Candidate[];
}

interface Mention {
  readonly start: number;
  readonly end: number;
  readonly candidates: readonly Candidate[];
  /** The one country this mention names when it is not ambiguous, else null. */
  readonly sure: Country | null;
}

const CONJUNCTIONS = new Set(
  'and or nor but to from with versus vs than et ou avec und oder mit nach e o y con i и или а с'.split(' '),
);
// Capitalized words that open sentences without being a first name ("Visiting Jordan, …").
const FUNCTION_WORDS = new Set(
  (
    'the in from to and of for with by at on into near across both neighbouring neighboring visiting while as ' +
    'like unlike since after before when where although but or including between within throughout also ' +
    'today yesterday then le la les en au aux de du des et der die das den dem im nach aus und el los las y ' +
    'il lo gli в во и из на'
  ).split(' '),
);

const PERSON_FACTOR = 0.15;
const CONFIDENCE_SCALE = 1.4;

/**
 * Where a kept country's reported confidence starts. The score orders countries within a text but
 * does not predict whether a kept one is right: on WHO bulletins (odd ids, the tuning half) kept
 * countries are right 88% of the time whatever their score (precision 0.876 with every suggestion,
 * 0.876 above 0.4, 0.933 above 0.8 with less than a third of the recall). So scores from the floor
 * up are reported on [0.8, 1]: an import at its default threshold applies what the tagger keeps,
 * and the order within a text is unchanged.
 */
export const REPORTED_FLOOR = 0.8;
const TITLE_BOOST = 1.5;
/**
 * In a long text, mentions in the opening line (its heading or lead sentence) count this many times
 * in the country's standing against the others; its confidence is left as it is.
 */
const LEAD_BOOST = 6;
const POSITION_SPAN = 150;
const CONTEXT_TOKENS = 8;
const QUALIFIER_TOKENS = 3;
const MAX_EVIDENCE = 8;
const RELATIVE_FLOOR = 0.4;
const LISTED_FLOOR = 0.25;
/** Countries in a row, with only numbers, conjunctions or brackets between them, make a list. */
const LIST_MIN = 3;
const LIST_FILLER = /^(?:\d[\d.,%]*|the|l|la|le|les|el|los|las)$/;
/** At most this many words may qualify a list item: "Sudan with 3,659 confirmed cases, …". */
const LIST_ITEM_WORDS = 6;
// What stands between a territory and its state when the state only says where the territory is:
// "Réunion, France", "Macao SAR (China)", "Hong Kong SAR China".
const SOVEREIGN_GAP = /^[ \t]*[,(]?[ \t]*$/;
// A count right after a list item, maybe behind a short capitalized status of a table row: "Canada (2)",
// "Algeria 5 0 0 0", "Guernsey, Crown Dependency 5 0 4 0". Numbers report what happened there.
const COUNT_AFTER = /^(?:,\s*(?:\p{Lu}[\p{L}.'’-]*\s+){1,3})?\s*(?:\(\s*\d[\d,. ]*\)|\d)/u;
// Between two rows of a table flattened into a line, where a row's name carries a status of a few
// capitalized words before its numbers: "Cayman Islands, UKOT 13 0 4 0 Chile", "Martinique, FOC 2 0
// 0 0 Mexico". Two numbers at least: prose has a verb between a qualified place and its figures.
const TABLE_ROW_GAP = /^,\s*(?:\p{Lu}[\p{L}.'’-]*\s+){1,3}(?:\d[\d,.]*\s+){2,}$/u;
const BRACKETED = /\([^()]*\)|\[[^\]]*\]/g;
// Head nouns of institutions' names: "Pasteur Institute, Dakar, Senegal", "Centers for Disease
// Control and Prevention (CDC), Atlanta, USA", "Médecins sans Frontières (Belgium)", "a collaborating
// laboratory in the United Kingdom". A place in an institution's name or address says where the
// institution is (a laboratory that tested samples, an aid group's national section), not what the
// text reports on. Lower-case only "laboratory" and the "frontières" of "Médecins sans frontières":
// "centre" and "university" alone are common words.
const INSTITUTION_HEADS = new Set(
  (
    'institute institut instituto institutes laboratory laboratories laboratoire centre center centers centres ' +
    'centro university universite universidad college school foundation frontieres msf'
  ).split(' '),
);
const LOWERCASE_INSTITUTIONS = new Set(['laboratory', 'laboratories', 'frontieres']);
// Words that may stand between an institution's head noun and its address, besides capitalized words
// and acronyms: "Institute of Tropical Medicine in Antwerp", "Institut Pasteur de Dakar".
const ADDRESS_WORDS = new Set('of for and the in at de du des d la le et y del da do dos'.split(' '));
/** How far an institution's name and address reach, in tokens. */
const INSTITUTION_SPAN = 12;
// Words that present a country as a neighbour of the place in the news, or as where a person
// travelled, came from, was evacuated to, lives, works or stayed ("a national of Jordan living in
// Riyadh", "works in Jeddah"): the exposure or the border, not the subject. A text that names nothing
// else keeps the country (see SECONDARY_FACTOR).
const RELATION_CUES = new Set(
  (
    'border borders bordering bordered neighbouring neighboring neighbour neighbor neighbours neighbors ' +
    'adjacent proximity travelled traveled travelling traveling travel travels trip visited visiting ' +
    'returned returning arrived arriving pilgrimage ' +
    'live lives lived living reside resides resided residing resident residents work works worked working ' +
    'employed stay stays stayed staying visitor visitors tourist tourists'
  ).split(' '),
);
/** What joins an authority to its country: "Ministry of Health of Chad", "Focal Point for Oman". */
const SUBJECT_LINKS = new Set(['of', 'for', 'in']);
/** Subject cues count in this many opening sentences of a text. */
const SUBJECT_SENTENCES = 1;
/**
 * In a text whose lead names one country as its reporting authority's, another country that is not
 * one of its territories competes with this share of its standing.
 */
const NON_SUBJECT_FACTOR = 0.35;
/** How far before a mention a relation cue is looked for, in tokens. */
const RELATION_SPAN = 6;
/** A heading is a short line of its own that does not end as a sentence or a list item does. */
const HEADING_MAX_WORDS = 8;
const HEADING_END = /[.,;]$/;
/**
 * A country named only in aside sections (advice, risk assessment), institutions' addresses or as a
 * neighbour or travel destination competes with the others with this share of its score.
 */
const SECONDARY_FACTOR = 0.25;

function caseModeOf(name: string): number {
  const letters = name.replace(/[^\p{L}]/gu, '');
  let upper = 0;
  for (const ch of letters) if (ch !== ch.toLowerCase()) upper++;
  if (letters.length <= 5 && upper >= 2) return CASE_EXACT;
  return upper > 0 ? CASE_CAPITAL : CASE_ANY;
}

function isUpper(ch: string | undefined): boolean {
  return ch !== undefined && ch !== ch.toLowerCase();
}

function isTitlecase(token: string): boolean {
  return token.length > 1 && isUpper(token[0]) && !isUpper(token[1]);
}

/** Suggests country terms for a text from one precompiled index of every name the profile knows. */
export class CountryTagger {
  private readonly index = new Map<string, Phrase[]>();
  /** Stems of Cyrillic words in names, and those that are words by themselves ("Кипр", not "Груз"). */
  private readonly cyrillicStems = new Set<string>();
  private readonly cyrillicWords = new Set<string>();
  private readonly words = new Map<string, readonly [plain: string, key: string]>();
  private readonly byIso2 = new Map<string, Country>();
  private readonly floor: number;
  private readonly relativeFloor: number;
  private readonly listedFloor: number;
  /** Aside headings folded to ` word word `, for a whole-word search in a folded heading line. */
  private readonly asideHeadings: readonly string[];
  /** Subject cues as lists of index keys, longest first. */
  private readonly subjectCues: readonly (readonly string[])[];
  /** News cues and first-report cues as lists of index keys. */
  private readonly newsCues: readonly (readonly string[])[];
  private readonly firstReportCues: readonly (readonly string[])[];

  /**
   * `floor`: suggestions under this confidence are dropped (weak single mentions).
   * `relativeFloor`: a country with less than this share of the leading country's score is a passing
   * mention ("bordering Ethiopia", "a Nigerian man") and dropped, unless the text lists it among
   * other countries or heads a section with it. Country terms are the terms of the `countries`
   * vocabulary that have an `iso2` attribute.
   */
  constructor(taxonomy: Taxonomy, gazetteer: Gazetteer = EMPTY_GAZETTEER, options: TaggerOptions = {}) {
    this.floor = options.floor ?? 0.35;
    this.relativeFloor = options.relativeFloor ?? RELATIVE_FLOOR;
    this.listedFloor = options.listedFloor ?? LISTED_FLOOR;
    this.asideHeadings = (options.asideHeadings ?? ASIDE_HEADINGS)
      .map((h) => ` ${[...fold(h).toLowerCase().matchAll(WORD)].map((m) => m[0]).join(' ')} `)
      .filter((h) => h.trim() !== '');
    this.subjectCues = (options.subjectCues ?? SUBJECT_CUES)
      .map((c) => [...fold(c).toLowerCase().matchAll(WORD)].map((m) => m[0]))
      .filter((c) => c.length > 0)
      .sort((a, b) => b.length - a.length);
    const phrases = (list: readonly string[]) =>
      list.map((c) => [...fold(c).toLowerCase().matchAll(WORD)].map((m) => m[0])).filter((c) => c.length > 0);
    this.newsCues = phrases(options.newsCues ?? NEWS_CUES);
    this.firstReportCues = phrases(options.firstReportCues ?? FIRST_REPORT_CUES);
    const vocabulary = taxonomy.vocabulary('countries');
    const terms = vocabulary ? taxonomy.termsOf(vocabulary.id) : [];
    for (const term of terms) {
      const iso2 = term.attributes.iso2;
      if (typeof iso2 !== 'string') continue;
      const sovereign = term.attributes.sovereign;
      const country: Country = {
        iso2: iso2.toUpperCase(),
        term,
        label: labelIn(term.labels, 'en'),
        sovereign: typeof sovereign === 'string' ? sovereign.toUpperCase() : undefined,
        partOf: partOfAttribute(term.attributes.partOf),
      };
      this.byIso2.set(country.iso2, country);
      for (const [language, label] of Object.entries(term.labels)) {
        this.add(label, country, 'name');
        // German genitive: "Serbiens", "Deutschlands".
        if (language === 'de' && /^\p{L}+$/u.test(label) && !/[sxzß]$/.test(label))
          this.add(`${label}s`, country, 'name');
      }
      for (const alias of term.aliases) this.add(alias, country, 'name');
      const places = gazetteer.countries[country.iso2];
      if (!places) continue;
      for (const entry of places.names) this.add(entry.name, country, 'name', entry);
      for (const entry of places.cities) this.add(entry.name, country, 'city', entry);
      for (const entry of places.regions) this.add(entry.name, country, 'region', entry);
      for (const list of Object.values(places.demonyms))
        for (const entry of list) this.add(entry.name, country, 'demonym', entry);
    }
    for (const name of gazetteer.ignore) this.add(name, null, 'name');
    for (const phrases of this.index.values()) {
      // A phrase ignored because it names a country outside the vocabulary ("Papua New Guinea" for
      // a members-only site) is that country when the vocabulary has it.
      for (const phrase of phrases)
        if (phrase.candidates.some((c) => c.country !== null))
          phrase.candidates = phrase.candidates.filter((c) => c.country !== null);
      phrases.sort((a, b) => b.keys.length - a.keys.length);
      // Ignored phrases first: they win over a country name spelled the same way.
      for (const phrase of phrases)
        phrase.candidates.sort(
          (a, b) =>
            Number(a.country !== null) - Number(b.country !== null) || KIND_RANK[a.kind] - KIND_RANK[b.kind],
        );
    }
  }

  private add(name: string, country: Country | null, kind: Kind, entry?: GazetteerName): void {
    const plains = [...fold(name).matchAll(WORD)].map((m) => m[0]);
    if (plains[0]?.toLowerCase() === 'the' && plains.length > 1) plains.shift();
    if (plains.length === 0) return;
    const keys = plains.map((p) => indexStem(p.toLowerCase()));
    for (const [i, key] of keys.entries()) {
      if (!CYRILLIC.test(key)) continue;
      this.cyrillicStems.add(key);
      if (key === plains[i]!.toLowerCase()) this.cyrillicWords.add(key);
    }
    const candidate: Candidate = {
      country,
      kind,
      caseMode: caseModeOf(name),
      caseTokens: plains,
      until: entry?.until,
      weak: entry?.weak === true,
      person: entry?.person === true,
      contextOnly: entry?.contextOnly === true,
      weight: entry?.weight ?? 1,
    };
    const first = keys[0]!;
    const phrases = this.index.get(first) ?? [];
    let phrase = phrases.find((p) => p.keys.length === keys.length && p.keys.every((k, i) => k === keys[i]));
    if (!phrase) {
      phrase = { keys, candidates: [] };
      phrases.push(phrase);
      this.index.set(first, phrases);
    }
    // A name given twice for one country (label and gazetteer) keeps the rules of the gazetteer entry.
    const same = phrase.candidates.findIndex(
      (c) => c.country === country && c.kind === kind && c.caseMode === candidate.caseMode,
    );
    if (same >= 0) {
      if (entry) phrase.candidates[same] = candidate;
    } else phrase.candidates.push(candidate);
  }

  private scanKey(plain: string): string {
    const key = plain.toLowerCase();
    if (!CYRILLIC.test(key) || this.cyrillicWords.has(key)) return key;
    for (let length = CASE_ENDING_MAX; length >= 1; length--) {
      if (key.length - length < MIN_STEM || !CASE_ENDING_SET.has(key.slice(-length))) continue;
      const stem = key.slice(0, -length);
      if (this.cyrillicStems.has(stem)) return stem;
    }
    // A bare stem is another word: "груз" (cargo) is not "Грузия".
    return this.cyrillicStems.has(key) ? `${key}\u0000` : key;
  }

  /** Folded form and index key of a word; non-ASCII words are cached, as folding them is the slow part. */
  private wordOf(word: string): readonly [plain: string, key: string] {
    if (!NON_ASCII.test(word)) return [word, word.toLowerCase()];
    let known = this.words.get(word);
    if (!known) {
      const plain = fold(word);
      known = [plain, this.scanKey(plain)];
      if (this.words.size >= WORD_CACHE_SIZE) this.words.clear();
      this.words.set(word, known);
    }
    return known;
  }

  private tokenize(text: string): Tokens {
    const tokens: Tokens = { text, keys: [], plains: [], starts: [], ends: [], gaps: [], sentences: [] };
    let previousEnd = 0;
    let previousKey: string | undefined;
    let sentence = 0;
    for (const match of text.matchAll(WORD)) {
      const start = match.index;
      const [plain, key] = this.wordOf(match[0]);
      const gap = previousKey === undefined ? GAP_BREAK : gapClass(text, previousEnd, start, previousKey);
      if (gap === GAP_BREAK && previousKey !== undefined) sentence++;
      tokens.keys.push(key);
      tokens.plains.push(plain);
      tokens.starts.push(start);
      tokens.ends.push(start + match[0].length);
      tokens.gaps.push(gap);
      tokens.sentences.push(sentence);
      previousEnd = start + match[0].length;
      previousKey = key;
    }
    return tokens;
  }

  private caseMatches(candidate: Candidate, tokens: Tokens, at: number): boolean {
    if (candidate.caseMode === CASE_ANY) return true;
    for (let j = 0; j < candidate.caseTokens.length; j++) {
      const expected = candidate.caseTokens[j]!;
      const actual = tokens.plains[at + j]!;
      if (candidate.caseMode === CASE_EXACT) {
        if (actual !== expected) return false;
      } else if (isUpper(expected[0]) && !isUpper(actual[0])) return false;
    }
    // "US$ 2 million" is a currency, not the country.
    if (candidate.caseMode === CASE_EXACT) {
      const after = tokens.text[tokens.ends[at + candidate.caseTokens.length - 1]!];
      if (after === '$' || after === '€') return false;
    }
    return true;
  }

  private findMentions(tokens: Tokens): Mention[] {
    const mentions: Mention[] = [];
    const n = tokens.keys.length;
    for (let i = 0; i < n; i++) {
      const phrases = this.index.get(tokens.keys[i]!);
      if (!phrases) continue;
      for (const phrase of phrases) {
        const length = phrase.keys.length;
        if (i + length > n) continue;
        let same = true;
        for (let j = 1; j < length && same; j++)
          same = tokens.keys[i + j] === phrase.keys[j] && tokens.gaps[i + j]! < GAP_BREAK;
        if (!same) continue;
        const candidates = phrase.candidates.filter((c) => this.caseMatches(c, tokens, i));
        if (candidates.length === 0) continue;
        // Ignored phrases ("North Korea", "Spanish flu") swallow their words and name nothing.
        if (candidates[0]!.country !== null) {
          const countries = new Set(candidates.map((c) => c.country));
          const sure =
            countries.size === 1 && !candidates.some((c) => c.contextOnly) ? candidates[0]!.country : null;
          mentions.push({ start: i, end: i + length, candidates, sure });
        }
        i += length - 1;
        break;
      }
    }
    return mentions;
  }

  /** Countries named close enough to qualify a mention: "Georgia, USA", "U.S. state of Georgia". */
  private qualifiers(tokens: Tokens, mentions: readonly Mention[], m: number): Set<Country> {
    const found = new Set<Country>();
    const self = mentions[m]!;
    const conjunctionBetween = (from: number, to: number) => {
      for (let t = from; t < to; t++) if (CONJUNCTIONS.has(tokens.keys[t]!)) return true;
      return false;
    };
    for (let k = m + 1; k < mentions.length; k++) {
      const other = mentions[k]!;
      const between = other.start - self.end;
      if (between > QUALIFIER_TOKENS) break;
      if (tokens.sentences[other.start] !== tokens.sentences[self.start] || !other.sure) continue;
      if (conjunctionBetween(self.end, other.start)) continue;
      let comma = false;
      for (let t = self.end; t <= other.start; t++) if (tokens.gaps[t]! >= GAP_COMMA) comma = true;
      if (comma && between > 0) continue;
      found.add(other.sure);
    }
    for (let k = m - 1; k >= 0; k--) {
      const other = mentions[k]!;
      const between = self.start - other.end;
      if (between > QUALIFIER_TOKENS) break;
      if (tokens.sentences[other.start] !== tokens.sentences[self.start] || !other.sure) continue;
      if (conjunctionBetween(other.end, self.start)) continue;
      let separated = false;
      for (let t = other.end; t <= self.start; t++) if (tokens.gaps[t]! >= GAP_COMMA) separated = true;
      if (!separated) found.add(other.sure);
    }
    return found;
  }

  /** Countries whose cities or regions stand near a mention, in the same sentence. */
  private nearbyPlaces(tokens: Tokens, mentions: readonly Mention[], m: number): Set<Country> {
    const found = new Set<Country>();
    const self = mentions[m]!;
    for (const step of [-1, 1]) {
      for (let k = m + step; k >= 0 && k < mentions.length; k += step) {
        const other = mentions[k]!;
        const distance = step > 0 ? other.start - self.end : self.start - other.end;
        if (distance > CONTEXT_TOKENS) break;
        if (tokens.sentences[other.start] !== tokens.sentences[self.start]) break;
        const kind = other.candidates[0]!.kind;
        if (other.sure && (kind === 'city' || kind === 'region')) found.add(other.sure);
      }
    }
    return found;
  }

  /**
   * A mention in the name or address of an institution: after its head noun with only capitalized
   * words, acronyms and address words between ("Bernhard Nocht Institute (BNI) in Hamburg, Germany"),
   * or opening its name ("Uganda Virus Research Institute", "the UK laboratory"). "Laboratory-confirmed
   * cases in Uganda" and "the Institute reported cases in Uganda" are not: a lower-case word ends the
   * name.
   */
  private isInstitutional(tokens: Tokens, mention: Mention): boolean {
    const sentence = tokens.sentences[mention.start];
    const head = (t: number) => {
      const key = tokens.keys[t]!;
      if (!INSTITUTION_HEADS.has(key)) return false;
      if (isUpper(tokens.plains[t]![0])) return true;
      // "laboratory-confirmed" is an adjective, not an institution.
      return LOWERCASE_INSTITUTIONS.has(key) && tokens.gaps[t + 1] !== GAP_JOIN;
    };
    for (let t = mention.start - 1; t >= 0 && t >= mention.start - INSTITUTION_SPAN; t--) {
      if (tokens.sentences[t] !== sentence) break;
      if (head(t)) return true;
      if (!isUpper(tokens.plains[t]![0]) && !ADDRESS_WORDS.has(tokens.keys[t]!)) break;
    }
    // After the mention the name goes on in capitals ("Uganda Virus Research Institute") or ends with a
    // lower-case head noun ("the UK laboratory").
    for (let t = mention.end; t < tokens.keys.length && t < mention.end + 4; t++) {
      if (tokens.gaps[t]! > GAP_JOIN) break;
      if (head(t)) return true;
      if (!isUpper(tokens.plains[t]![0])) break;
    }
    return false;
  }

  /**
   * A mention that names the country of a reporting authority: after the authority's name and "of",
   * "for" or "in", maybe behind its acronym ("the Ministry of Health (MOH) in Singapore", "the National
   * IHR Focal Point for the United Kingdom"), or right before it ("the Turkish Ministry of Health").
   */
  private isSubjectMention(tokens: Tokens, mention: Mention, kind: Kind): boolean {
    if (this.subjectCues.length === 0 || (kind !== 'name' && kind !== 'demonym')) return false;
    const { keys, text } = tokens;
    const sentence = tokens.sentences[mention.start];
    const endsAt = (cue: readonly string[], last: number) => {
      const first = last - cue.length + 1;
      if (first < 0 || tokens.sentences[first] !== sentence) return false;
      for (let j = 0; j < cue.length; j++) if (keys[first + j] !== cue[j]) return false;
      return true;
    };
    let t = mention.start - 1;
    if (t >= 0 && keys[t] === 'the') t--;
    if (kind === 'name' && t >= 0 && SUBJECT_LINKS.has(keys[t]!)) {
      t--;
      // "(MOH)", "(NFP)": an acronym in brackets between the authority and "of".
      if (t >= 0 && text[tokens.ends[t]!] === ')') {
        const stop = t - 3;
        while (t > stop && t >= 0 && text[tokens.starts[t]! - 1] !== '(') t--;
        t--;
      }
      for (const cue of this.subjectCues) if (endsAt(cue, t)) return true;
    }
    if (tokens.gaps[mention.end] !== GAP_SPACE) return false;
    for (const cue of this.subjectCues) {
      const last = mention.end + cue.length - 1;
      if (last >= keys.length) continue;
      if (endsAt(cue, last)) return true;
    }
    return false;
  }

  private personContext(tokens: Tokens, mentions: readonly Mention[], m: number): boolean {
    const self = mentions[m]!;
    const inMention = (t: number) => mentions.some((o) => o.start <= t && t < o.end);
    const next = self.end;
    if (next < tokens.keys.length && tokens.gaps[next] === GAP_SPACE && isTitlecase(tokens.plains[next]!)) {
      if (!inMention(next)) return true;
    }
    const previous = self.start - 1;
    if (
      previous >= 0 &&
      tokens.gaps[self.start] === GAP_SPACE &&
      isTitlecase(tokens.plains[previous]!) &&
      !FUNCTION_WORDS.has(tokens.keys[previous]!) &&
      !inMention(previous)
    )
      return true;
    return false;
  }

  /**
   * The country a place belonged to on `date`: the state it was part of before its independence
   * when the text is older (and that state is in the vocabulary), else the country itself. Without a
   * date the text is taken as current.
   */
  private asOf(country: Country, date: string | undefined): Country {
    const partOf = country.partOf;
    if (!partOf || date === undefined || date > partOf.until) return country;
    return this.byIso2.get(partOf.iso2) ?? country;
  }

  /** A kept score (floor..1) as the confidence reported: REPORTED_FLOOR..1, order preserved. */
  private reported(score: number): number {
    if (this.floor >= 1) return 1;
    const above = Math.max(0, Math.min(1, (score - this.floor) / (1 - this.floor)));
    return REPORTED_FLOOR + (1 - REPORTED_FLOOR) * above;
  }

  /**
   * Suggested country tags for a text, most confident first. `date` decides time-bound names
   * ("Macedonia" before 2019-02-12); mentions in `title` weigh more.
   */
  suggest(text: string, options: SuggestOptions = {}): CountrySuggestion[] {
    const date = options.date?.slice(0, 10);
    const streams = [
      ...(options.title ? [{ tokens: this.tokenize(options.title), title: true }] : []),
      { tokens: this.tokenize(text), title: false },
    ].map((s) => ({ ...s, mentions: this.findMentions(s.tokens) }));

    // Distinct unambiguous cities and regions per country, over the whole text.
    const placesOf = new Map<Country, Set<string>>();
    const sureCountries = new Set<Country>();
    for (const { mentions } of streams)
      for (const mention of mentions) {
        if (!mention.sure) continue;
        sureCountries.add(mention.sure);
        const first = mention.candidates[0]!;
        if (first.kind !== 'city' && first.kind !== 'region') continue;
        const set = placesOf.get(mention.sure) ?? new Set<string>();
        set.add(first.caseTokens.join(' '));
        placesOf.set(mention.sure, set);
      }

    interface Tally {
      score: number;
      weakScore: number;
      strong: boolean;
      /** Named in a list of countries or as a section heading: a subject, however briefly. */
      listed: boolean;
      /** Named in a list with a count beside it: "Canada (2), China (4), Singapore (1)". */
      counted: boolean;
      /**
       * Named only in aside sections (advice, assessments), as the seat of an institution (the
       * laboratory that tested samples), a neighbour or a travel destination: an example, a precedent,
       * a helper or an exposure, not a subject.
       */
      secondaryOnly: boolean;
      /** What mentions in the opening line add to the country's standing. */
      lead: number;
      first: number;
      evidence: string[];
    }
    const tallies = new Map<Country, Tally>();
    /** Countries of the authorities that report the news in the lead. */
    const subjects = new Set<Country>();
    /** Countries named where the text says what is new in it. */
    const news = new Set<Country>();
    /** Countries named where the text says a place has its first case. */
    const firstReports = new Set<Country>();
    let order = 0;
    for (const { tokens, title, mentions } of streams) {
      // Position matters in a long text (the lead names what it is about), hardly in a short one.
      const span = Math.max(POSITION_SPAN, tokens.keys.length);
      const chosenOf = mentions.map((_, m) => this.resolve(tokens, mentions, m, placesOf, sureCountries));
      const listed = this.listedMentions(tokens, mentions, chosenOf);
      const sovereignOfPrevious = this.sovereignQualifiers(tokens, mentions, chosenOf);
      const asides = title ? [] : this.asideRanges(tokens.text);
      const newsSentences = this.cuedSentences(tokens, this.newsCues);
      const firstReportSentences = this.cuedSentences(tokens, this.firstReportCues);
      const relational: boolean[] = [];
      const reporting: boolean[] = [];
      let previousChosen = -1;
      for (let m = 0; m < mentions.length; m++) {
        const mention = mentions[m]!;
        const chosen = chosenOf[m];
        if (!chosen?.country) continue;
        const country = this.asOf(chosen.country, date);
        const at = tokens.starts[mention.start]!;
        // A place between slashes names a virus strain after where it was first isolated
        // ("A/Fujian/411/2002-like viruses", "A/California/7/2009"): a lineage, not a place in the news.
        if (tokens.text[at - 1] === '/' && tokens.text[tokens.ends[mention.end - 1]!] === '/') continue;
        // "Réunion, France", "Hong Kong SAR (China)": the state after its own territory says where the
        // territory is; the place in the news is the territory, which has its own code.
        if (sovereignOfPrevious.has(m)) continue;
        const aside = asides.some(([from, to]) => at >= from && at < to);
        // "the National IHR Focal Points of Brazil, Canada and Mexico notified": the list shares the cue.
        reporting[m] =
          !title &&
          tokens.sentences[mention.start]! < SUBJECT_SENTENCES &&
          (this.isSubjectMention(tokens, mention, chosen.kind) ||
            (previousChosen >= 0 &&
              reporting[previousChosen]! &&
              this.joins(tokens, mentions[previousChosen]!, mention)));
        if (reporting[m]) subjects.add(country);
        const weak =
          chosen.weak || (chosen.until !== undefined && !(date !== undefined && date <= chosen.until));
        let weight = KIND_WEIGHT[chosen.kind] * chosen.weight;
        if (chosen.person && this.personContext(tokens, mentions, m)) weight *= PERSON_FACTOR;
        weight *= title ? TITLE_BOOST : 1 - (0.4 * mention.start) / span;
        // A list inherits the relation of its first member: "neighbouring countries (Angola, Burundi …)".
        relational[m] =
          this.isRelational(tokens, mention) ||
          (previousChosen >= 0 &&
            relational[previousChosen]! &&
            this.joins(tokens, mentions[previousChosen]!, mention));
        previousChosen = m;
        const secondary = relational[m] || this.isInstitutional(tokens, mention);
        const isNews = !secondary && newsSentences.has(tokens.sentences[mention.start]!);
        if (isNews) news.add(country);
        if (!secondary && firstReportSentences.has(tokens.sentences[mention.start]!))
          firstReports.add(country);
        const tally = tallies.get(country) ?? {
          score: 0,
          weakScore: 0,
          strong: false,
          listed: false,
          counted: false,
          secondaryOnly: true,
          lead: 0,
          first: order,
          evidence: [],
        };
        if (!aside && !secondary) tally.secondaryOnly = false;
        // The opening line (a heading or the lead sentence) says what the text is about: it raises the
        // country's standing against the others, not the confidence that the text names it.
        // In a short text every sentence is the lead.
        // So does the sentence that says what is new in an update, wherever it stands.
        if (isNews || (!title && tokens.sentences[mention.start] === 0 && tokens.keys.length > POSITION_SPAN))
          tally.lead += weight * (LEAD_BOOST - 1);
        if (weak) tally.weakScore += weight;
        else {
          tally.score += weight;
          tally.strong = true;
          // "Institut Pasteur (France, French Guiana and Madagascar)" lists seats, not subjects.
          if (listed.has(m) && chosen.kind === 'name' && !secondary) {
            tally.listed = true;
            // A section headed with the country alone ("Liberia" on a line of its own) reports on it.
            if (this.isCounted(tokens, mention) || this.isHeading(tokens, mention)) tally.counted = true;
          }
        }
        let end = tokens.ends[mention.end - 1]!;
        // Keep the closing period of an abbreviation: "U.S.", not "U.S".
        if (tokens.text[end] === '.' && tokens.plains[mention.end - 1]!.length === 1) end++;
        const words = tokens.text.slice(tokens.starts[mention.start], end).normalize('NFC');
        if (!tally.evidence.includes(words) && tally.evidence.length < MAX_EVIDENCE)
          tally.evidence.push(words);
        tallies.set(country, tally);
        order++;
      }
    }

    const scored: {
      country: Country;
      score: number;
      standing: number;
      /** The standing without the lead's weight: a list in the body is measured against the body. */
      listedStanding: number;
      listed: boolean;
      counted: boolean;
      /**
       * Named in the lead as the country of an authority that reports the news, or where the text says
       * it has its first case.
       */
      reporter: boolean;
      first: number;
      evidence: string[];
    }[] = [];
    const subject = subjects.size === 1 ? [...subjects][0]! : undefined;
    // States whose dependent territories the text names.
    const territoriesOf = new Set<string>();
    for (const [country, tally] of tallies)
      if (country.sovereign && tally.strong) territoriesOf.add(country.sovereign);
    for (const [country, tally] of tallies) {
      // A weak name alone ("Macedonia" in 2024, German "Island") counts only beside other evidence.
      if (!tally.strong) continue;
      // Mentions in advice, in assessments and in institutions' addresses count fully for a country the
      // news names too (the advice is about it, the institute is its own), but a country named only
      // there is no subject beside another: it competes with a fraction of its score, and a list of
      // such places ("Institut Pasteur (France, French Guiana and Madagascar)") is no list of subjects.
      // Its confidence still comes from its whole score, so a text that names nothing else keeps it.
      const score = tally.score + tally.weakScore;
      const factor = tally.secondaryOnly ? SECONDARY_FACTOR : 1;
      // One reporting country in the lead: the others are where its cases came from or went, unless they
      // are its own territories (a state reports for them).
      const subjectFactor =
        subject && country !== subject && country.sovereign !== subject.iso2 ? NON_SUBJECT_FACTOR : 1;
      // An update that says what is new in it ("newly reported their first cases: Mali") surveys the
      // other countries as background: they compete lower, and a list or a count of them no longer
      // makes them subjects.
      const background = news.size > 0 && !news.has(country);
      const newsFactor = background ? NON_SUBJECT_FACTOR : 1;
      scored.push({
        country,
        score,
        standing: (score + tally.lead) * factor * subjectFactor * newsFactor,
        listedStanding: score * factor,
        listed: tally.listed && !tally.secondaryOnly && !background,
        counted: tally.counted && !tally.secondaryOnly && !background,
        // A state that reports on its own territory ("the Focal Point of France notified WHO of dengue in
        // Réunion") is its messenger: the news is the territory's.
        reporter:
          (subjects.has(country) && !territoriesOf.has(country.iso2)) ||
          (firstReports.has(country) && !background),
        first: tally.first,
        evidence: tally.evidence,
      });
    }
    const top = Math.max(0, ...scored.map((s) => s.standing));
    const listedTop = Math.max(0, ...scored.map((s) => s.listedStanding));
    const suggestions: (CountrySuggestion & { first: number })[] = [];
    for (const s of scored) {
      // A passing mention in a text about another country is worth less than the same mention alone.
      const share = Math.min(1, s.standing / top);
      const relative = 0.2 + 0.8 * share;
      let confidence = (1 - Math.exp(-s.score / CONFIDENCE_SCALE)) * relative;
      // A list item with its count ("Canada (2), China (4), Singapore (1)", a flattened table row) is
      // data about that country: kept however much the text says about the leading one.
      // So is a country whose own authorities report the news: "the National IHR Focal Points of Brazil
      // and Colombia notified …" is about both, however long the text dwells on Brazil.
      if (s.counted || s.reporter || (s.listed && s.listedStanding / listedTop >= this.listedFloor))
        confidence = Math.max(confidence, this.floor);
      else if (confidence < this.floor || share < this.relativeFloor) continue;
      suggestions.push({
        vocabulary: 'countries',
        slug: s.country.term.slug,
        label: s.country.label,
        confidence: Math.round(this.reported(confidence) * 1000) / 1000,
        evidence: s.evidence,
        first: s.first,
      });
    }
    suggestions.sort((a, b) => b.confidence - a.confidence || a.first - b.first);
    return suggestions.map(({ first: _first, ...s }) => s);
  }

  /**
   * Mentions that name a country as a subject of the text in few words: an enumeration of at least
   * three countries ("reported from Guinea, Liberia, Nigeria and Sierra Leone", a flattened table
   * "Bulgaria 10 0 Cambodia 6 0 …"), or a heading ("Chad: as of 4 March …", a line of its own).
   */
  private listedMentions(
    tokens: Tokens,
    mentions: readonly Mention[],
    chosen: readonly (Candidate | null)[],
  ): Set<number> {
    const listed = new Set<number>();
    const joins = (a: Mention, b: Mention) => this.joins(tokens, a, b);
    let run: number[] = [];
    const close = () => {
      const countries = new Set(run.map((m) => chosen[m]!.country));
      if (countries.size >= LIST_MIN) for (const m of run) listed.add(m);
      run = [];
    };
    for (let m = 0; m < mentions.length; m++) {
      if (!chosen[m]?.country) continue;
      const last = run[run.length - 1];
      if (last !== undefined && !joins(mentions[last]!, mentions[m]!)) close();
      run.push(m);
      if (this.isHeading(tokens, mentions[m]!)) listed.add(m);
    }
    close();
    return listed;
  }

  /** Sentences (their indexes) that contain one of `cues` ("newly reported", "its first"). */
  private cuedSentences(tokens: Tokens, cues: readonly (readonly string[])[]): Set<number> {
    const found = new Set<number>();
    const { keys, sentences } = tokens;
    for (let t = 0; t < keys.length; t++)
      for (const cue of cues) {
        if (keys[t] !== cue[0] || t + cue.length > keys.length) continue;
        let j = 1;
        while (j < cue.length && keys[t + j] === cue[j] && sentences[t + j] === sentences[t]) j++;
        if (j === cue.length) found.add(sentences[t]!);
      }
    return found;
  }

  /**
   * Character ranges of the aside sections of a text: from a heading line naming an aside
   * ("WHO advice", "Risk assessment:") to the next heading line that does not, or the end.
   */
  private asideRanges(text: string): [number, number][] {
    const ranges: [number, number][] = [];
    if (this.asideHeadings.length === 0) return ranges;
    let open = -1;
    for (let start = 0; start < text.length; ) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const line = text.slice(start, end).trim();
      if (line !== '' && !HEADING_END.test(line)) {
        const words = line.match(WORD);
        if (words && words.length <= HEADING_MAX_WORDS) {
          const folded = ` ${words.map((w) => fold(w).toLowerCase()).join(' ')} `;
          const aside = this.asideHeadings.some((h) => folded.includes(h));
          if (aside && open < 0) open = end;
          else if (!aside && open >= 0) {
            ranges.push([open, start]);
            open = -1;
          }
        }
      }
      start = end + 1;
    }
    if (open >= 0) ranges.push([open, text.length]);
    return ranges;
  }

  /** Two mentions of one enumeration: only numbers, conjunctions, articles or brackets between them. */
  private joins(tokens: Tokens, a: Mention, b: Mention): boolean {
    if (tokens.sentences[a.start] !== tokens.sentences[b.start]) return false;
    const between = tokens.text.slice(tokens.ends[a.end - 1], tokens.starts[b.start]).replace(BRACKETED, ' ');
    const words = between.match(WORD) ?? [];
    if (words.every((w) => CONJUNCTIONS.has(w.toLowerCase()) || LIST_FILLER.test(w.toLowerCase())))
      return true;
    if (TABLE_ROW_GAP.test(between)) return true;
    // Items with a count, a few lower-case words at most: "Yemen with 5,847 confirmed cases, Sudan with
    // 3,659 cases and Somalia …". A capitalized word there (a city, a name) makes it prose.
    return (
      words.length <= LIST_ITEM_WORDS &&
      (/[,;]/.test(between) || words.some((w) => CONJUNCTIONS.has(w.toLowerCase()))) &&
      words.some((w) => /^\d/.test(w)) &&
      !words.some((w) => /^\p{Lu}/u.test(w))
    );
  }

  /**
   * A mention that names a country by its relation to the subject rather than as the subject: a
   * neighbour ("the province borders Pakistan", "neighbouring countries (Rwanda, Burundi …)") or a
   * place someone travelled to or came from ("had travelled to Saudi Arabia", "returned from
   * Madagascar"). The cue stands a few words before the mention, in the same sentence.
   */
  private isRelational(tokens: Tokens, mention: Mention): boolean {
    const sentence = tokens.sentences[mention.start];
    for (let t = mention.start - 1; t >= 0 && t >= mention.start - RELATION_SPAN; t--) {
      if (tokens.sentences[t] !== sentence) break;
      if (RELATION_CUES.has(tokens.keys[t]!)) return true;
    }
    return false;
  }

  /**
   * Mentions of a state right after one of its dependent territories, with only a comma, a bracket or
   * a space between: "Réunion, France", "Macao SAR (China)", "Puerto Rico (United States)".
   */
  private sovereignQualifiers(
    tokens: Tokens,
    mentions: readonly Mention[],
    chosen: readonly (Candidate | null)[],
  ): Set<number> {
    const found = new Set<number>();
    for (let m = 1; m < mentions.length; m++) {
      const territory = chosen[m - 1]?.country;
      if (!territory?.sovereign || chosen[m]?.country?.iso2 !== territory.sovereign) continue;
      const between = tokens.text.slice(
        tokens.ends[mentions[m - 1]!.end - 1],
        tokens.starts[mentions[m]!.start],
      );
      if (SOVEREIGN_GAP.test(between)) found.add(m);
    }
    return found;
  }

  /** A mention followed by a count: "Canada (2)", "Algeria 5 0 0 0". */
  private isCounted(tokens: Tokens, mention: Mention): boolean {
    return COUNT_AFTER.test(
      tokens.text.slice(tokens.ends[mention.end - 1], tokens.ends[mention.end - 1]! + 40),
    );
  }

  /** A mention that opens a line and is followed by a colon or the end of the line. */
  private isHeading(tokens: Tokens, mention: Mention): boolean {
    const text = tokens.text;
    let before = tokens.starts[mention.start]! - 1;
    while (before >= 0 && (text[before] === ' ' || text[before] === '\t')) before--;
    if (before >= 0 && text[before] !== '\n') return false;
    let after = tokens.ends[mention.end - 1]!;
    while (after < text.length && (text[after] === ' ' || text[after] === '\t')) after++;
    return after >= text.length || text[after] === ':' || text[after] === '\n' || text[after] === '\r';
  }

  /** The candidate a mention stands for, or null when the context leaves it unsettled. */
  private resolve(
    tokens: Tokens,
    mentions: readonly Mention[],
    m: number,
    placesOf: ReadonlyMap<Country, ReadonlySet<string>>,
    sureCountries: ReadonlySet<Country>,
  ): Candidate | null {
    const mention = mentions[m]!;
    const primary = mention.candidates.filter((c) => !c.contextOnly);
    const secondary = mention.candidates.filter((c) => c.contextOnly);
    const pick = (country: Country) => mention.candidates.find((c) => c.country === country) ?? null;

    // "Paris, Texas", "Athens, Georgia": a city followed by a region of another country is there.
    const next = mentions[m + 1];
    const placeKind = mention.candidates[0]!.kind === 'city' || mention.candidates[0]!.kind === 'region';
    if (
      mention.sure &&
      placeKind &&
      next &&
      next.start === mention.end &&
      tokens.gaps[next.start] === GAP_COMMA &&
      !next.candidates.some((c) => c.country === mention.sure) &&
      next.candidates.some((c) => c.kind === 'region' || c.contextOnly)
    )
      return null;
    const previous = mentions[m - 1];
    if (
      previous?.sure &&
      previous.end === mention.start &&
      tokens.gaps[mention.start] === GAP_COMMA &&
      (previous.candidates[0]!.kind === 'city' || previous.candidates[0]!.kind === 'region')
    ) {
      const same = pick(previous.sure);
      if (same) return same;
      const region = mention.candidates.find((c) => c.kind === 'region' || c.contextOnly);
      if (region) return region;
    }
    if (mention.sure) return primary[0] ?? null;

    const places = this.nearbyPlaces(tokens, mentions, m);
    for (const c of primary) if (c.country && places.has(c.country)) return c;
    const qualifiers = this.qualifiers(tokens, mentions, m);
    for (const c of secondary)
      if (c.country && (places.has(c.country) || qualifiers.has(c.country))) return c;
    for (const c of primary) if (c.country && qualifiers.has(c.country)) return c;
    // Named unambiguously elsewhere in the text, and the other readings are not: "Equateur" in a text
    // about the Democratic Republic of the Congo is its province, not Ecuador.
    const named = primary.filter((c) => c.country && sureCountries.has(c.country));
    if (named.length > 0 && new Set(named.map((c) => c.country)).size === 1) return named[0]!;
    // Across the text: "Georgia" among Florida, Texas and Atlanta, with nothing else Georgian.
    for (const c of secondary) {
      if (!c.country || (placesOf.get(c.country)?.size ?? 0) < 2) continue;
      if (!primary.some((p) => p.country && sureCountries.has(p.country))) return c;
    }
    return primary[0] ?? null;
  }
}
