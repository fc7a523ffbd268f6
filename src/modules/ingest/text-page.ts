/**
 * Extraction of an article from a crawler's plain-text dump of a press-release page: site navigation
 * as "- item" lists, a type line, the title, "- Date:/- Source:/- Fields of work:" blocks, the body
 * (one paragraph per line) and, sometimes, footer and cookie-banner lines. Every step is line-based
 * and single-pass, so hostile or huge input costs linear time, and nothing here throws.
 */
import { parseDate, parseDateline } from './dates.js';
import { type ExtractedQuote, extractPeople, extractQuotes } from './quotes.js';

/** What a plain-text page holds as an article, with warnings for whatever could not be found. */
export interface ExtractedPage {
  type: 'press-release' | 'news' | 'statement' | 'publication' | 'event' | 'page' | null;
  typeLabel: string | null;
  title: string | null;
  language: string | null;
  date: string | null;
  dateline: { place: string; date: string | null } | null;
  sources: string[];
  fieldsOfWork: string[];
  bodyParagraphs: string[];
  quotes: ExtractedQuote[];
  people: { name: string; role: string | null }[];
  warnings: string[];
  /** Sanitized article HTML (HTML pages only); when set, it is the item body instead of the paragraphs. */
  bodyHtml?: string;
  /** Links of the article body, with absolute URLs when the page's address is known. */
  links?: { href: string; text: string }[];
  /** Images of the article body. */
  images?: { src: string; alt: string }[];
  /** Links to documents (PDF, Word, Excel, OpenDocument) on the article. */
  attachments?: { href: string; text: string }[];
  /** The address the page declares as its own (`<link rel="canonical">`, else `og:url`). */
  canonicalUrl?: string | null;
  /**
   * Names of no stated kind (feed categories, a tags column, a "Country:" block): they mix countries,
   * sources and themes, so each is matched against every vocabulary.
   */
  categories?: string[];
  /** The body as the source wrote it in Markdown; when set, it is the item body as is. */
  bodyMarkdown?: string;
  /** The summary the source gives; else the item's summary is the body's first sentence. */
  summary?: string;
}

/** A content type a page can be recognized as. */
export type PageType = NonNullable<ExtractedPage['type']>;
/** A labelled metadata field of a page. */
export type MetaField = 'date' | 'source' | 'fields' | 'categories';

// The type line as the site prints it, in the six languages of the OSCE profile. Labels shared by two
// languages (Publication, Page, Evento) are listed once with both.
/** Type labels (lower case) as sites print them, with the type and the languages that use the label. */
export const TYPE_LABELS: ReadonlyMap<string, { type: PageType; languages: readonly string[] }> = new Map(
  (
    [
      ['press release', 'press-release', ['en']],
      ['communiqué de presse', 'press-release', ['fr']],
      ['pressemitteilung', 'press-release', ['de']],
      ['comunicato stampa', 'press-release', ['it']],
      ['пресс-релиз', 'press-release', ['ru']],
      ['comunicado de prensa', 'press-release', ['es']],
      ['news', 'news', ['en']],
      ['actualité', 'news', ['fr']],
      ['nachricht', 'news', ['de']],
      ['notizia', 'news', ['it']],
      ['новость', 'news', ['ru']],
      ['noticia', 'news', ['es']],
      ['statement', 'statement', ['en']],
      ['déclaration', 'statement', ['fr']],
      ['erklärung', 'statement', ['de']],
      ['dichiarazione', 'statement', ['it']],
      ['заявление', 'statement', ['ru']],
      ['declaración', 'statement', ['es']],
      ['publication', 'publication', ['en', 'fr']],
      ['publikation', 'publication', ['de']],
      ['pubblicazione', 'publication', ['it']],
      ['публикация', 'publication', ['ru']],
      ['publicación', 'publication', ['es']],
      ['event', 'event', ['en']],
      ['événement', 'event', ['fr']],
      ['veranstaltung', 'event', ['de']],
      ['evento', 'event', ['it', 'es']],
      ['мероприятие', 'event', ['ru']],
      ['page', 'page', ['en', 'fr']],
      ['seite', 'page', ['de']],
      ['pagina', 'page', ['it']],
      ['страница', 'page', ['ru']],
      ['página', 'page', ['es']],
    ] as const
  ).map(([label, type, languages]) => [label, { type, languages }]),
);

/** Metadata labels (lower case, without the colon), with their field and the languages that use them. */
export const META_LABELS: ReadonlyMap<string, { field: MetaField; languages: readonly string[] }> = new Map(
  (
    [
      ['date', 'date', ['en', 'fr']],
      ['datum', 'date', ['de']],
      ['data', 'date', ['it']],
      ['дата', 'date', ['ru']],
      ['fecha', 'date', ['es']],
      ['source', 'source', ['en', 'fr']],
      ['sources', 'source', ['en', 'fr']],
      ['quelle', 'source', ['de']],
      ['quellen', 'source', ['de']],
      ['fonte', 'source', ['it']],
      ['fonti', 'source', ['it']],
      ['источник', 'source', ['ru']],
      ['источники', 'source', ['ru']],
      ['fuente', 'source', ['es']],
      ['fuentes', 'source', ['es']],
      ['fields of work', 'fields', ['en']],
      ['field of work', 'fields', ['en']],
      ["domaines d'activité", 'fields', ['fr']],
      ["domaine d'activité", 'fields', ['fr']],
      ['arbeitsbereiche', 'fields', ['de']],
      ['tätigkeitsbereiche', 'fields', ['de']],
      ['settori di attività', 'fields', ['it']],
      ['aree di lavoro', 'fields', ['it']],
      ['направления деятельности', 'fields', ['ru']],
      ['области деятельности', 'fields', ['ru']],
      ['ámbitos de trabajo', 'fields', ['es']],
      ['áreas de trabajo', 'fields', ['es']],
    ] as const
  ).map(([label, field, languages]) => [label, { field, languages }]),
);

// Frequent short words that tell the six languages apart; Cyrillic script alone already means Russian.
const STOP_WORDS: Readonly<Record<string, readonly string[]>> = {
  en: ['the', 'and', 'of', 'to', 'in', 'is', 'with', 'for', 'on', 'that', 'from', 'by'],
  fr: ['le', 'la', 'les', 'des', 'et', 'du', 'une', 'est', 'pour', 'dans', 'sur', 'aux'],
  de: ['der', 'die', 'das', 'und', 'mit', 'für', 'ist', 'den', 'von', 'zu', 'auf', 'ein'],
  it: ['il', 'della', 'che', 'per', 'con', 'gli', 'delle', 'sono', 'nel', 'alla', 'dei', 'una'],
  es: ['el', 'los', 'las', 'del', 'que', 'por', 'con', 'para', 'una', 'en', 'se', 'al'],
};
const STOP_WORD_LANGUAGES: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const [language, words] of Object.entries(STOP_WORDS)) {
    for (const word of words) map.set(word, [...(map.get(word) ?? []), language]);
  }
  return map;
})();
// Labels are deliberate site text, so they outweigh a handful of stop words.
const LABEL_WEIGHT = 5;
const LANGUAGE_SAMPLE_CHARS = 20_000;

// Enough of a paragraph to hold any dateline; keeps the date parser's work bounded on huge lines.
const DATELINE_HEAD = 400;
const MAX_TITLE = 1_000;

const CHROME_EXACT = new Set([
  'share',
  'share this',
  'share this page',
  'share this article',
  'print',
  'print this page',
  'read more',
  'more',
  'related',
  'related content',
  'related news',
  'related articles',
  'see also',
  'back to top',
  'top',
  'tags',
  'download',
  'email',
  'e-mail',
  'facebook',
  'twitter',
  'x',
  'linkedin',
  'whatsapp',
  'telegram',
  'youtube',
  'instagram',
  'contact us',
  'contacts',
  'privacy',
  'privacy policy',
  'terms of use',
  'legal notice',
  'imprint',
  'sitemap',
  'accept',
  'accept all',
  'reject',
  'reject all',
  'decline',
  'ok',
  'partager',
  'imprimer',
  'lire la suite',
  'en savoir plus',
  'teilen',
  'drucken',
  'weiterlesen',
  'mehr lesen',
  'condividi',
  'stampa',
  'leggi di più',
  'compartir',
  'imprimir',
  'leer más',
  'поделиться',
  'печать',
  'подробнее',
]);
// Phrases only site furniture uses; bare words like "privacy" are left alone because an article may
// end on them.
const CHROME_PATTERN =
  /cookie|©|\(c\)\s*\d{4}|all rights reserved|tous droits réservés|alle rechte vorbehalten|newsletter|subscribe|sign up|follow us|suivez-nous|abonnez-vous|privacy (?:policy|notice|settings|statement)|manage (?:consent|preferences)/iu;
// Chrome lines are short; a long line that mentions cookies is an article paragraph about them.
const MAX_CHROME_LINE = 160;

/** One line of the page, whitespace-normalized. */
interface Line {
  text: string;
  dash: boolean;
}

function normalizeLines(text: string): Line[] {
  const lines: Line[] = [];
  for (const raw of text.split(/\r\n|\r|\n|\u2028|\u2029/u)) {
    // Unicode spaces become plain spaces so that "Date :" with a narrow no-break space matches like
    // "Date :"; control characters and replacement marks (binary garbage, NULs) carry no text.
    const line = raw
      .replace(/[\s\u00a0\u202f\u2000-\u200b\u3000\ufeff]+/gu, ' ')
      .replace(/[\p{Cc}\ufffd]/gu, '')
      .trim();
    if (line === '') continue;
    lines.push({ text: line, dash: line === '-' || line.startsWith('- ') });
  }
  return lines;
}

function dashValue(line: Line): string {
  return line.text === '-' ? '' : line.text.slice(2).trim();
}

interface MetaLabel {
  field: MetaField;
  label: string;
  value: string;
  languages: readonly string[];
}

function metaLabel(line: Line): MetaLabel | null {
  if (!line.dash) return null;
  const match = /^-\s*([^:：]{1,40}?)\s*[:：]\s*(.*)$/u.exec(line.text);
  if (!match) return null;
  const label = match[1]!.replace(/’/gu, "'");
  const known = META_LABELS.get(label.toLowerCase());
  if (!known) return null;
  return { field: known.field, label, value: match[2]!.trim(), languages: known.languages };
}

// An unknown "- Label:" with nothing after the colon (e.g. "- Countries:") is metadata the page adds
// beyond the three we read; it and its values are dropped, not taken for article text.
function isOtherMetaLabel(line: Line): boolean {
  return line.dash && /^-\s*[^:：]{1,40}?\s*[:：]$/u.test(line.text);
}

function typeOf(line: Line): { type: PageType; label: string; languages: readonly string[] } | null {
  if (line.dash || line.text.length > 40) return null;
  const found = TYPE_LABELS.get(line.text.toLowerCase().replace(/[:.]$/u, ''));
  return found ? { type: found.type, label: line.text, languages: found.languages } : null;
}

/** Whether a text is exactly one of the words site furniture uses ("Share", "Read more", "Print"). */
export function isChromePhrase(text: string): boolean {
  return text.length <= MAX_CHROME_LINE && CHROME_EXACT.has(text.toLowerCase().replace(/[.!:›»>→]+$/u, ''));
}

/** Whether a short line of text is site furniture ("Share", "Read more", a cookie or copyright notice). */
export function isChromeText(text: string): boolean {
  if (text.length > MAX_CHROME_LINE) return false;
  return isChromePhrase(text) || CHROME_PATTERN.test(text);
}

function isStrongChrome(line: Line): boolean {
  return isChromeText(line.text);
}

// Menu-like leftovers ("Contacts", "Photo gallery"): a few words with no sentence punctuation. Only
// dropped next to stronger chrome, because an article may end with a short line of its own.
function isWeakChrome(line: Line): boolean {
  return (
    line.dash ||
    (line.text.length <= 40 && /^[\p{L}][\p{L}\s&'’-]*$/u.test(line.text) && line.text.split(' ').length <= 4)
  );
}

/** Splits a metadata value on commas, but not on commas inside parentheses ("ODIHR (Warsaw, Poland)"). */
export function splitLabels(value: string): string[] {
  const labels: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of value) {
    if (ch === '(' || ch === '[') depth++;
    else if ((ch === ')' || ch === ']') && depth > 0) depth--;
    if (ch === ',' && depth === 0) {
      labels.push(current);
      current = '';
    } else current += ch;
  }
  labels.push(current);
  return labels.map((l) => l.trim()).filter((l) => l !== '');
}

interface Metadata {
  dateText: string | null;
  dateLineSeen: boolean;
  sources: string[];
  fieldsOfWork: string[];
  labelLanguages: (readonly string[])[];
}

/** Reads the metadata lines from `start` while they last; returns the index of the first other line. */
function readMetadata(lines: readonly Line[], start: number, meta: Metadata): number {
  let i = start;
  let current: MetaField | 'other' | null = null;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.dash) break;
    const label = metaLabel(line);
    if (label) {
      current = label.field;
      meta.labelLanguages.push(label.languages);
      if (label.field === 'date') meta.dateLineSeen = true;
      if (label.value !== '') addMeta(meta, label.field, label.value);
      continue;
    }
    if (isOtherMetaLabel(line)) {
      current = 'other';
      continue;
    }
    // A "- value" line belongs to the label above it; one before any label is not metadata.
    if (current === null) break;
    if (current !== 'other') addMeta(meta, current, dashValue(line));
  }
  return i;
}

function addMeta(meta: Metadata, field: MetaField, value: string): void {
  if (value === '') return;
  if (field === 'date') meta.dateText ??= value;
  else if (field === 'source') meta.sources.push(...splitLabels(value));
  else meta.fieldsOfWork.push(...splitLabels(value));
}

function isDatelineParagraph(line: Line): boolean {
  return !line.dash && parseDateline(line.text.slice(0, DATELINE_HEAD)) !== null;
}

interface ArticleStart {
  // Index of the title line, or null when there is none.
  title: number | null;
  // Index where metadata and body reading begins.
  next: number;
  type: ReturnType<typeof typeOf>;
}

function findTypeLine(lines: readonly Line[]): ArticleStart | null {
  for (let i = 0; i < lines.length; i++) {
    const type = typeOf(lines[i]!);
    if (!type) continue;
    const following = lines[i + 1];
    // A navigation heading ("Publication" over "- item" lines) is followed by a list, not by a title
    // or a metadata block.
    if (following === undefined) return { title: null, next: i + 1, type };
    if (following.dash && metaLabel(following) === null && !isOtherMetaLabel(following)) continue;
    return { title: null, next: i + 1, type };
  }
  return null;
}

// Without a type line the article starts at the line before the dateline paragraph, stepping back over
// a metadata block between them.
function findByDateline(lines: readonly Line[]): ArticleStart | null {
  for (let i = 1; i < lines.length; i++) {
    if (!isDatelineParagraph(lines[i]!)) continue;
    let j = i - 1;
    while (j >= 0 && lines[j]!.dash) j--;
    if (j < 0 || isStrongChrome(lines[j]!)) return { title: null, next: j + 1, type: null };
    return { title: j, next: j + 1, type: null };
  }
  return null;
}

// Neither type line nor dateline: skip leading navigation (dash lines and the headings that sit
// between them) and chrome; the first line left is taken for the title.
function findAfterNavigation(lines: readonly Line[]): ArticleStart | null {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.dash || isStrongChrome(line)) continue;
    const previous = lines[i - 1];
    const following = lines[i + 1];
    if (previous?.text === '-') continue;
    if (following?.dash && metaLabel(following) === null && !isOtherMetaLabel(following)) continue;
    return { title: i, next: i + 1, type: null };
  }
  return null;
}

/** The likeliest of the six languages for a text, helped by the languages of the labels the page uses. */
export function guessLanguage(labelLanguages: readonly (readonly string[])[], sample: string): string | null {
  const scores = new Map<string, number>();
  const add = (language: string, points: number) =>
    scores.set(language, (scores.get(language) ?? 0) + points);
  for (const languages of labelLanguages) for (const language of languages) add(language, LABEL_WEIGHT);
  const text = sample.slice(0, LANGUAGE_SAMPLE_CHARS).toLowerCase();
  const cyrillic = text.match(/\p{Script=Cyrillic}/gu)?.length ?? 0;
  const latin = text.match(/\p{Script=Latin}/gu)?.length ?? 0;
  if (cyrillic > latin) add('ru', LABEL_WEIGHT * 4 + cyrillic);
  for (const word of text.split(/[^\p{L}]+/u)) {
    for (const language of STOP_WORD_LANGUAGES.get(word) ?? []) add(language, 1);
  }
  let best: string | null = null;
  let bestScore = 0;
  for (const [language, score] of scores) {
    if (score > bestScore) {
      best = language;
      bestScore = score;
    }
  }
  return best;
}

function dropChrome(body: Line[]): Line[] {
  let start = 0;
  while (start < body.length && isStrongChrome(body[start]!)) start++;
  // From the end: drop the longest tail made only of chrome lines, but only when it holds a strong
  // one, so a short last line of the article survives unless real chrome follows it.
  let end = body.length;
  let firstStrong = -1;
  for (let i = body.length - 1; i >= start; i--) {
    const line = body[i]!;
    if (isStrongChrome(line)) firstStrong = i;
    else if (!isWeakChrome(line)) break;
    end = i;
  }
  // Short lines before the first strong chrome line ("Related" headings, footer lists) go with it.
  if (firstStrong < 0) end = body.length;
  return body.slice(start, end);
}

/** A page where nothing was found, with the reasons; every reader starts from it. */
export function emptyPage(warnings: string[]): ExtractedPage {
  return {
    type: null,
    typeLabel: null,
    title: null,
    language: null,
    date: null,
    dateline: null,
    sources: [],
    fieldsOfWork: [],
    bodyParagraphs: [],
    quotes: [],
    people: [],
    warnings,
  };
}

/** Extracts the article of a plain-text page dump; never throws, and says in `warnings` what was missing. */
export function extractTextPage(text: string): ExtractedPage {
  try {
    return extract(typeof text === 'string' ? text : '');
  } catch (error) {
    // A bug here must not stop a batch import; the page is reported as unreadable instead.
    return emptyPage([`The page could not be read: ${(error as Error).message}`]);
  }
}

function extract(text: string): ExtractedPage {
  const lines = normalizeLines(text);
  if (lines.length === 0) return emptyPage(['The page is empty.']);
  const warnings: string[] = [];
  const start = findTypeLine(lines) ?? findByDateline(lines) ?? findAfterNavigation(lines);
  if (!start) {
    return emptyPage([
      'No title and no article text were found: the page holds only navigation lists or site chrome.',
    ]);
  }
  const meta: Metadata = {
    dateText: null,
    dateLineSeen: false,
    sources: [],
    fieldsOfWork: [],
    labelLanguages: [],
  };
  if (start.type) meta.labelLanguages.push(start.type.languages);
  // Metadata may sit before the title (type, date, title) as well as after it.
  let i = readMetadata(lines, start.next, meta);
  let titleIndex = start.title;
  if (titleIndex === null && start.type && i < lines.length && !isDatelineParagraph(lines[i]!)) {
    titleIndex = i;
    i += 1;
  }
  if (titleIndex !== null) i = readMetadata(lines, Math.max(i, titleIndex + 1), meta);
  const title = titleIndex === null ? null : lines[titleIndex]!.text.slice(0, MAX_TITLE);

  const bodyParagraphs = dropChrome(lines.slice(i)).map((l) => l.text);
  const first = bodyParagraphs[0];
  const parsedDateline = first === undefined ? null : parseDateline(first.slice(0, DATELINE_HEAD));
  const dateline = parsedDateline ? { place: parsedDateline.place, date: parsedDateline.date } : null;

  let date: string | null = null;
  if (meta.dateText !== null) {
    date = parseDate(meta.dateText)?.date ?? null;
    if (date === null)
      warnings.push(`The Date line "${meta.dateText.slice(0, 80)}" is not a date this importer can read.`);
  }
  if (date === null && dateline?.date) {
    date = dateline.date;
    if (meta.dateLineSeen && meta.dateText === null)
      warnings.push('The Date line is empty; the date comes from the dateline.');
  }

  if (!start.type) warnings.push('No content type line (such as "Press release") was found.');
  if (title === null) warnings.push('No title was found.');
  if (bodyParagraphs.length === 0) warnings.push('No article paragraphs were found.');
  else if (!dateline) warnings.push('The first paragraph does not start with a dateline (PLACE, date - ).');
  if (date === null) warnings.push('No date was found, neither on a Date line nor in the dateline.');
  if (meta.sources.length === 0) warnings.push('No source was listed.');
  if (meta.fieldsOfWork.length === 0) warnings.push('No fields of work were listed.');

  const quotes = extractQuotes(bodyParagraphs);
  const people = extractPeople(bodyParagraphs, quotes);
  const sample = [title ?? '', ...bodyParagraphs.slice(0, 20)].join(' ');
  return {
    type: start.type?.type ?? null,
    typeLabel: start.type?.label ?? null,
    title,
    language: guessLanguage(meta.labelLanguages, sample),
    date,
    dateline,
    sources: meta.sources,
    fieldsOfWork: meta.fieldsOfWork,
    bodyParagraphs,
    quotes,
    people,
    warnings,
  };
}
