/**
 * Calendar dates and datelines ("VIENNA, 21 May 2010 – …") in press releases written in English, French,
 * German, Italian, Russian and Spanish. A small own month table rather than a general date library:
 * the formats institutional releases use are few, we need exact positions and the language that
 * matched, and nothing relative ("next Monday") may ever be guessed into a publication date.
 */

/** A language whose month names parseDate reads. */
export type DateLanguage = 'en' | 'fr' | 'de' | 'it' | 'es' | 'ru';

/** Every supported language, in the order that breaks ties between them by default. */
export const DATE_LANGUAGES: readonly DateLanguage[] = ['en', 'fr', 'de', 'it', 'es', 'ru'];

/** Options for parseDate. */
export interface ParseDateOptions {
  /** Languages whose month names count, in order of preference for ambiguous names; default all. */
  readonly languages?: readonly string[];
}

/** A calendar date found in text. */
export interface FoundDate {
  /** YYYY-MM-DD. */
  date: string;
  /** The language whose month name matched; null for numeric forms. */
  language: DateLanguage | null;
  /** The text of the date exactly as written. */
  matched: string;
  /** Where `matched` starts in the text, in UTF-16 code units. */
  index: number;
}

/** A press-release dateline at the start of a paragraph. */
export interface Dateline {
  place: string;
  date: string | null;
  /** The date as written; it may be set while `date` is null when an upper-case dateline holds an impossible date. */
  dateText: string | null;
  /** The paragraph after the dash. */
  rest: string;
}

// Genitive forms for Russian because that is what dates use ("21 мая"). Accents are folded away
// before lookup, so "fevrier", "aout" and "Marz" match too. A name shared by languages always means
// the same month, so only the language can be ambiguous, never the date.
const MONTHS: Record<DateLanguage, readonly (readonly string[])[]> = {
  en: [
    ['january', 'jan'],
    ['february', 'feb'],
    ['march', 'mar'],
    ['april', 'apr'],
    ['may'],
    ['june', 'jun'],
    ['july', 'jul'],
    ['august', 'aug'],
    ['september', 'sept', 'sep'],
    ['october', 'oct'],
    ['november', 'nov'],
    ['december', 'dec'],
  ],
  fr: [
    ['janvier', 'janv', 'jan'],
    ['février', 'févr', 'fév'],
    ['mars'],
    ['avril', 'avr'],
    ['mai'],
    ['juin'],
    ['juillet', 'juil'],
    ['août'],
    ['septembre', 'sept'],
    ['octobre', 'oct'],
    ['novembre', 'nov'],
    ['décembre', 'déc'],
  ],
  de: [
    ['januar', 'jänner', 'jan', 'jän'],
    ['februar', 'feber', 'feb'],
    ['märz', 'maerz', 'mär', 'mrz'],
    ['april', 'apr'],
    ['mai'],
    ['juni', 'jun'],
    ['juli', 'jul'],
    ['august', 'aug'],
    ['september', 'sept', 'sep'],
    ['oktober', 'okt'],
    ['november', 'nov'],
    ['dezember', 'dez'],
  ],
  it: [
    ['gennaio', 'gen'],
    ['febbraio', 'feb'],
    ['marzo', 'mar'],
    ['aprile', 'apr'],
    ['maggio', 'mag'],
    ['giugno', 'giu'],
    ['luglio', 'lug'],
    ['agosto', 'ago'],
    ['settembre', 'sett', 'set'],
    ['ottobre', 'ott'],
    ['novembre', 'nov'],
    ['dicembre', 'dic'],
  ],
  es: [
    ['enero', 'ene'],
    ['febrero', 'feb'],
    ['marzo', 'mar'],
    ['abril', 'abr'],
    ['mayo', 'may'],
    ['junio', 'jun'],
    ['julio', 'jul'],
    ['agosto', 'ago'],
    ['septiembre', 'setiembre', 'sept', 'sep', 'set'],
    ['octubre', 'oct'],
    ['noviembre', 'nov'],
    ['diciembre', 'dic'],
  ],
  ru: [
    ['января', 'янв'],
    ['февраля', 'февр', 'фев'],
    ['марта', 'мар'],
    ['апреля', 'апр'],
    ['мая'],
    ['июня', 'июн'],
    ['июля', 'июл'],
    ['августа', 'авг'],
    ['сентября', 'сент', 'сен'],
    ['октября', 'окт'],
    ['ноября', 'нояб', 'ноя'],
    ['декабря', 'дек'],
  ],
};

// Languages that capitalize month names; the case of the name is the only hint separating
// German "21 Mai" from French "21 mai".
const CAPITALIZING: ReadonlySet<DateLanguage> = new Set(['en', 'de']);

interface MonthSense {
  readonly language: DateLanguage;
  readonly month: number;
}

function fold(word: string): string {
  return word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

const MONTH_INDEX: ReadonlyMap<string, readonly MonthSense[]> = (() => {
  const index = new Map<string, MonthSense[]>();
  for (const language of DATE_LANGUAGES) {
    MONTHS[language].forEach((names, i) => {
      for (const name of names) {
        const key = fold(name);
        const senses = index.get(key) ?? [];
        if (!senses.some((s) => s.language === language)) senses.push({ language, month: i + 1 });
        index.set(key, senses);
      }
    });
  }
  return index;
})();

// Bounded whitespace and word lengths keep every attempt short, so a scan stays linear on hostile input.
const SP = String.raw`\s{1,3}`;
const MONTH_WORD = String.raw`\p{L}[\p{L}\p{M}]{0,15}(?![\p{L}\p{M}])`;
const DAY_FIRST = String.raw`(?<![\p{L}\p{N}])(?<d1>\d{1,2})(?<suf>er|st|nd|rd|th|[.°º])?${SP}(?:(?<de1>de)${SP})?(?<m1>${MONTH_WORD})\.?,?${SP}(?:(?<de2>del?)${SP})?(?<y1>\d{4})(?!\p{N})(?:${SP}(?<ru>года(?![\p{L}\p{M}])|г\.))?`;
const MONTH_FIRST = String.raw`(?<![\p{L}\p{M}\p{N}])(?<m2>${MONTH_WORD})\.?${SP}(?<d2>\d{1,2})(?:st|nd|rd|th)?(?!\p{N}),?${SP}(?<y2>\d{4})(?!\p{N})`;
// Numeric forms refuse to start or end next to another number ("1.21.05.2010", "21.05.2010.3"),
// which are version or reference numbers rather than dates.
const NUMERIC = String.raw`(?<!\p{N}|\p{N}[./-])(?<d3>\d{1,2})(?<s3>[./])(?<mo3>\d{1,2})\k<s3>(?<y3>\d{4})(?!\p{N}|[./-]\p{N})`;
const ISO = String.raw`(?<!\p{N}|\p{N}[./-])(?<y4>\d{4})-(?<mo4>\d{2})-(?<d4>\d{2})(?!\p{N}|[./-]\p{N})`;
const ANY_DATE = `(?:${DAY_FIRST})|(?:${MONTH_FIRST})|(?:${NUMERIC})|(?:${ISO})`;
const DATE_RE = new RegExp(ANY_DATE, 'giu');
// Date-shaped text, valid or not: lets a dateline keep "31 April 2010" as its date text.
const DATE_SHAPE_RE = new RegExp(`^(?:${ANY_DATE})$`, 'iu');

/** YYYY-MM-DD for a real calendar date (proleptic Gregorian, years 1–9999), else null. */
export function toIsoDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (day > (lengths[month - 1] ?? 0)) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function allowedLanguages(options: ParseDateOptions | undefined): readonly DateLanguage[] {
  if (options?.languages === undefined) return DATE_LANGUAGES;
  return options.languages.filter((l): l is DateLanguage =>
    (DATE_LANGUAGES as readonly string[]).includes(l),
  );
}

// The language of a month name, given the clues around it (required: languages the surrounding
// syntax allows, such as "de" for Spanish or "1er" for French); null when no allowed language fits.
function pickLanguage(
  word: string,
  allowed: readonly DateLanguage[],
  required: readonly (readonly DateLanguage[])[],
): { language: DateLanguage; month: number } | null {
  const senses = MONTH_INDEX.get(fold(word));
  if (senses === undefined) return null;
  let fits = allowed.filter(
    (l) => senses.some((s) => s.language === l) && required.every((r) => r.includes(l)),
  );
  if (fits.length > 1) {
    const first = word.charAt(0);
    const second = word.charAt(1);
    const capitalized = first !== first.toLowerCase() && (second === '' || second !== second.toUpperCase());
    const lower = first !== first.toUpperCase();
    if (capitalized || lower) {
      const hinted = fits.filter((l) => CAPITALIZING.has(l) === capitalized);
      if (hinted.length > 0) fits = hinted;
    }
  }
  const language = fits[0];
  const month = senses[0]?.month;
  return language === undefined || month === undefined ? null : { language, month };
}

function interpret(match: RegExpExecArray, allowed: readonly DateLanguage[]): FoundDate | null {
  const g = match.groups ?? {};
  const found = (date: string | null, language: DateLanguage | null): FoundDate | null =>
    date === null ? null : { date, language, matched: match[0], index: match.index };
  if (g.y4 !== undefined) return found(toIsoDate(Number(g.y4), Number(g.mo4), Number(g.d4)), null);
  if (g.y3 !== undefined) return found(toIsoDate(Number(g.y3), Number(g.mo3), Number(g.d3)), null);
  if (g.y2 !== undefined && g.m2 !== undefined) {
    // Only English puts the month first.
    const sense = pickLanguage(g.m2, allowed, [['en']]);
    return sense && found(toIsoDate(Number(g.y2), sense.month, Number(g.d2)), sense.language);
  }
  if (g.y1 === undefined || g.m1 === undefined) return null;
  const day = Number(g.d1);
  const required: DateLanguage[][] = [];
  const suffix = g.suf?.toLowerCase();
  if (suffix === 'er') {
    if (day !== 1) return null;
    required.push(['fr']);
  } else if (suffix === '.') required.push(['de']);
  else if (suffix === '°' || suffix === 'º') required.push(['it', 'es']);
  else if (suffix !== undefined) required.push(['en']);
  if (g.de1 !== undefined || g.de2 !== undefined) required.push(['es']);
  if (g.ru !== undefined) required.push(['ru']);
  const sense = pickLanguage(g.m1, allowed, required);
  return sense && found(toIsoDate(Number(g.y1), sense.month, day), sense.language);
}

/** Finds the first real calendar date written in text, in any supported language or numeric form. */
export function parseDate(text: string, options?: ParseDateOptions): FoundDate | null {
  const allowed = allowedLanguages(options);
  DATE_RE.lastIndex = 0;
  for (let match = DATE_RE.exec(text); match !== null; match = DATE_RE.exec(text)) {
    const found = interpret(match, allowed);
    if (found !== null) return found;
    // A date-shaped miss ("21 tables 2010", "31 April") may hide a real date starting inside it.
    DATE_RE.lastIndex = match.index + 1;
  }
  return null;
}

// Longer "places" are headlines or sentences, not datelines.
const MAX_PLACE = 60;
// The date between the comma and the dash; "21 de septiembre de 2010 года" is the long end.
const MAX_DATE_TEXT = 40;
const PLACE_WORD = String.raw`\p{L}[\p{L}\p{M}]*(?:['’./-]\p{L}[\p{L}\p{M}]*)*\.?`;
const PLACE_RE = new RegExp(String.raw`^\s*(${PLACE_WORD}(?:[ \u00a0]${PLACE_WORD}){0,4})`, 'u');
// A lone hyphen needs a space on one side or it is a compound ("NUR-SULTAN"); real dashes need none.
const DASH = String.raw`\s*(?:[\u2012\u2013\u2014\u2015\u2212]|--)\s*|\s+-\s*|-\s+`;
const DASH_AT_RE = new RegExp(DASH, 'y');
// A colon ends a dateline only after a date: "VIENNA: text" is too often a label or a heading.
const DATE_END_RE = new RegExp(`${DASH}|\\s*:\\s+`);
const LEAD_RE = /(,)\s*|\s+/y;
// Lower-case words that title-case place names may contain ("Frankfurt am Main").
const CONNECTORS = new Set([
  'am',
  'an',
  'der',
  'de',
  'del',
  'di',
  'en',
  'im',
  'la',
  'le',
  'les',
  'on',
  'sur',
]);
// Capitalized words that start sentences before a comma and a date but are no places.
const NOT_PLACES = new Set(
  [
    'today yesterday tomorrow on since until from by as',
    'monday tuesday wednesday thursday friday saturday sunday',
    "aujourd'hui aujourd’hui hier demain lundi mardi mercredi jeudi vendredi samedi dimanche",
    'heute gestern morgen montag dienstag mittwoch donnerstag freitag samstag sonntag',
    'oggi ieri domani lunedi martedi mercoledi giovedi venerdi sabato domenica',
    'hoy ayer manana lunes martes miercoles jueves viernes sabado domingo',
    'сегодня вчера завтра понедельник вторник среда четверг пятница суббота воскресенье',
  ]
    .join(' ')
    .split(' ')
    .map(fold),
);

function isUpperPlace(place: string): boolean {
  return !/\p{Ll}/u.test(place) && (place.match(/\p{Lu}/gu)?.length ?? 0) >= 2;
}

function isTitlePlace(place: string): boolean {
  return place
    .split(/[ \u00a0]/)
    .every((word, i) => /^\p{Lu}/u.test(word) || (i > 0 && CONNECTORS.has(word)));
}

/** How a dateline is to be read. */
export interface DatelineOptions {
  /**
   * The place is set off by markup (a bold lead, "<strong>Kyiv</strong> – …"): a title-case place then
   * needs only the dash, as an upper-case one does.
   */
  readonly markedPlace?: boolean;
}

// A qualifier after the place ("Kramatorsk, Donetsk Oblast, 15 September 2020 –"): title-case words.
const QUALIFIER_RE = new RegExp(
  String.raw`,[ \u00a0]*(${PLACE_WORD}(?:[ \u00a0]${PLACE_WORD}){0,3})(?=,)`,
  'uy',
);

/** Reads "PLACE, date – rest" (or "PLACE – rest", or "Place, date – rest") at the start of a paragraph. */
export function parseDateline(text: string, options: DatelineOptions = {}): Dateline | null {
  const head = PLACE_RE.exec(text);
  const place = head?.[1];
  if (head === null || place === undefined || place.length > MAX_PLACE) return null;
  if (NOT_PLACES.has(fold(place.split(/[ \u00a0]/)[0] ?? ''))) return null;
  const upper = isUpperPlace(place);
  if (!upper && !isTitlePlace(place)) return null;
  const found = readAfterPlace(text, place, head[0].length, upper || options.markedPlace === true);
  if (found !== null) return found;
  // "Place, Region, date –": the region belongs to the place, and only a date after it makes it so.
  QUALIFIER_RE.lastIndex = head[0].length;
  const qualifier = QUALIFIER_RE.exec(text);
  if (qualifier === null || !(isUpperPlace(qualifier[1]!) || isTitlePlace(qualifier[1]!))) return null;
  const longer = `${place}, ${qualifier[1]!}`;
  if (longer.length > MAX_PLACE) return null;
  const extended = readAfterPlace(text, longer, QUALIFIER_RE.lastIndex, false);
  return extended?.date ? extended : null;
}

/** The date and dash after a place; `strong` when the place alone is a clear enough sign (upper case, bold). */
function readAfterPlace(text: string, place: string, afterPlace: number, strong: boolean): Dateline | null {
  if (strong) {
    DASH_AT_RE.lastIndex = afterPlace;
    if (DASH_AT_RE.exec(text) !== null) {
      return { place, date: null, dateText: null, rest: text.slice(DASH_AT_RE.lastIndex) };
    }
  }

  LEAD_RE.lastIndex = afterPlace;
  const lead = LEAD_RE.exec(text);
  // Title case alone is too weak a signal ("Experts, …"): only a comma and a date make it a dateline.
  const comma = lead?.[1] !== undefined;
  if (lead === null || (!comma && !strong)) return null;
  const start = afterPlace + lead[0].length;
  const window = text.slice(start, start + MAX_DATE_TEXT + 4);
  const end = DATE_END_RE.exec(window);
  if (end === null || end.index > MAX_DATE_TEXT) return null;
  const dateText = window.slice(0, end.index).trim();
  if (dateText === '') return null;
  const rest = text.slice(start + end.index + end[0].length);
  const found = parseDate(dateText);
  if (found !== null && found.index === 0 && found.matched.length === dateText.length) {
    return { place, date: found.date, dateText, rest };
  }
  if (strong && comma && DATE_SHAPE_RE.test(dateText)) return { place, date: null, dateText, rest };
  return null;
}

/**
 * YYYY-MM-DD of a machine-written date: RFC 3339 ("2022-10-19T13:14:00+02:00" is the 19th where it
 * was written), RFC 822 as feeds write it ("Wed, 16 Sep 2020 19:05:27 +0000"), or any form parseDate reads.
 */
export function machineDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const iso = /^\s*(\d{4})-(\d{2})-(\d{2})/u.exec(value);
  if (iso) return toIsoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  return parseDate(value.slice(0, 100))?.date ?? null;
}
