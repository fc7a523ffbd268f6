/**
 * The article's own facts outside its body: title, content type, labelled metadata blocks (Source,
 * Fields of work, Date) and publication dates from markup and from the text around the headline.
 */
import { machineDate, parseDate } from '../dates.js';
import { META_LABELS, type MetaField, type PageType, splitLabels, TYPE_LABELS } from '../text-page.js';
import {
  collapse,
  type DomDocument,
  type DomElement,
  type DomNode,
  forEachText,
  isElement,
  isVisibleText,
  nameWords,
  nextInOrder,
  previousInOrder,
  shortText,
  TEXT_SKIP_PARENTS,
  toArray,
  words,
} from './dom.js';
import {
  MAX_LABEL_VALUE,
  MAX_SCAN_ELEMENTS,
  MAX_TYPE_LABEL,
  NEAR_TITLE_AFTER,
  NEAR_TITLE_BEFORE,
  NEAR_TITLE_NODES,
} from './limits.js';
import type { JsonLdFacts } from './metadata.js';

// Class names that hold a section or type label near the headline ("Press Releases").
export const TYPE_LABEL_WORDS = new Set(
  words('category section kicker eyebrow overline rubric genre type contenttype label'),
);

// Plurals and variants section labels and breadcrumbs use, beyond the singular labels of text pages.
export const EXTRA_TYPE_LABELS: ReadonlyMap<string, { type: PageType; languages: readonly string[] }> =
  new Map(
    (
      [
        ['press releases', 'press-release', ['en']],
        ['news release', 'press-release', ['en']],
        ['news releases', 'press-release', ['en']],
        ['communiqué', 'press-release', ['fr']],
        ['communiqués', 'press-release', ['fr']],
        ['communiqués de presse', 'press-release', ['fr']],
        ['pressemitteilungen', 'press-release', ['de']],
        ['medienmitteilung', 'press-release', ['de']],
        ['medienmitteilungen', 'press-release', ['de']],
        ['comunicati stampa', 'press-release', ['it']],
        ['пресс-релизы', 'press-release', ['ru']],
        ['comunicados de prensa', 'press-release', ['es']],
        ['actualités', 'news', ['fr']],
        ['nachrichten', 'news', ['de']],
        ['aktuelles', 'news', ['de']],
        ['notizie', 'news', ['it']],
        ['новости', 'news', ['ru']],
        ['noticias', 'news', ['es']],
        ['statements', 'statement', ['en']],
        ['déclarations', 'statement', ['fr']],
        ['erklärungen', 'statement', ['de']],
        ['dichiarazioni', 'statement', ['it']],
        ['заявления', 'statement', ['ru']],
        ['declaraciones', 'statement', ['es']],
        ['publications', 'publication', ['en', 'fr']],
        ['publikationen', 'publication', ['de']],
        ['pubblicazioni', 'publication', ['it']],
        ['публикации', 'publication', ['ru']],
        ['publicaciones', 'publication', ['es']],
        ['events', 'event', ['en']],
        ['événements', 'event', ['fr']],
        ['veranstaltungen', 'event', ['de']],
        ['eventi', 'event', ['it']],
        ['мероприятия', 'event', ['ru']],
        ['eventos', 'event', ['es']],
      ] as const
    ).map(([label, type, languages]) => [label, { type, languages }]),
  );

// Labels of metadata blocks on web pages beyond those of text dumps: publication dates, and topic or
// tag lists, which are what most sites call their fields of work.
export const EXTRA_META_LABELS: ReadonlyMap<string, { field: MetaField; languages: readonly string[] }> =
  new Map(
    (
      [
        ['published', 'date', ['en']],
        ['published on', 'date', ['en']],
        ['publication date', 'date', ['en']],
        ['date de publication', 'date', ['fr']],
        ['publié le', 'date', ['fr']],
        ['veröffentlicht', 'date', ['de']],
        ['veröffentlicht am', 'date', ['de']],
        ['pubblicato', 'date', ['it']],
        ['pubblicato il', 'date', ['it']],
        ['data di pubblicazione', 'date', ['it']],
        ['опубликовано', 'date', ['ru']],
        ['дата публикации', 'date', ['ru']],
        ['publicado', 'date', ['es']],
        ['fecha de publicación', 'date', ['es']],
        ['topics', 'fields', ['en']],
        ['topic', 'fields', ['en']],
        ['tags', 'fields', ['en']],
        ['thèmes', 'fields', ['fr']],
        ['thème', 'fields', ['fr']],
        ['sujets', 'fields', ['fr']],
        ['mots-clés', 'fields', ['fr']],
        ['étiquettes', 'fields', ['fr']],
        ['themen', 'fields', ['de']],
        ['thema', 'fields', ['de']],
        ['schlagwörter', 'fields', ['de']],
        ['stichwörter', 'fields', ['de']],
        ['argomenti', 'fields', ['it']],
        ['temi', 'fields', ['it']],
        ['темы', 'fields', ['ru']],
        ['тема', 'fields', ['ru']],
        ['теги', 'fields', ['ru']],
        ['temas', 'fields', ['es']],
        ['tema', 'fields', ['es']],
        ['etiquetas', 'fields', ['es']],
        // Aggregators print the countries an item concerns as a block of its own.
        ['country', 'categories', ['en']],
        ['countries', 'categories', ['en']],
        ['pays', 'categories', ['fr']],
        ['land', 'categories', ['de']],
        ['länder', 'categories', ['de']],
        ['paese', 'categories', ['it']],
        ['paesi', 'categories', ['it']],
        ['país', 'categories', ['es']],
        ['países', 'categories', ['es']],
        ['страна', 'categories', ['ru']],
        ['страны', 'categories', ['ru']],
      ] as const
    ).map(([label, field, languages]) => [label, { field, languages }]),
  );

// Breadcrumb trails by their English name or the one French, German, Italian and Spanish sites use.
export const BREADCRUMB_SELECTOR = ['breadcrumb', 'ariane', 'brotkrumen', 'briciole', 'migas']
  .flatMap((word) => [`[class*="${word}" i]`, `[id*="${word}" i]`, `[aria-label*="${word}" i]`])
  .concat('[aria-label*="you are here" i]')
  .join(', ');

export type TypeMatch = { type: PageType; label: string; languages: readonly string[] };

export const TITLE_SEPARATOR = String.raw`\s+(?:[|｜¦•·»~]|[-–—]|::)\s+`;
export const SEPARATOR_AT_START = new RegExp(`^${TITLE_SEPARATOR}`, 'u');
export const SEPARATOR_AT_END = new RegExp(`${TITLE_SEPARATOR}$`, 'u');

export function sameText(a: string, b: string): boolean {
  return collapse(a).toLowerCase() === collapse(b).toLowerCase();
}

/** Whether a <title> or og:title is the headline plus site or section names around it. */
export function wrapsHeadline(candidate: string, headline: string): boolean {
  const c = collapse(candidate).toLowerCase();
  const h = collapse(headline).toLowerCase();
  if (h === '') return false;
  if (c === h) return true;
  if (c.startsWith(h) && SEPARATOR_AT_START.test(c.slice(h.length))) return true;
  return c.endsWith(h) && SEPARATOR_AT_END.test(c.slice(0, c.length - h.length));
}

export function typeOfLabel(text: string): TypeMatch | null {
  const label = collapse(text);
  if (label === '' || label.length > MAX_TYPE_LABEL) return null;
  const key = label.toLowerCase().replace(/\s*[:.]$/u, '');
  const found = TYPE_LABELS.get(key) ?? EXTRA_TYPE_LABELS.get(key);
  return found ? { type: found.type, label, languages: found.languages } : null;
}

/** Removes site and section names from a <title> ("Headline | News | Site", "Headline - Site"). */
export function stripSiteNames(title: string, siteNames: readonly string[]): string {
  const known = (part: string) =>
    typeOfLabel(part) !== null || siteNames.some((name) => sameText(name, part)) || /^home$/iu.test(part);
  let text = collapse(title);
  // Pipes and bullets never occur in headlines: what they separate are names, and the headline is
  // the longest part left once the known ones are gone.
  const parts = text.split(/\s+[|｜¦•·»]\s+/u);
  if (parts.length > 1) {
    const kept = parts.filter((part) => !known(part));
    text = kept.reduce((a, b) => (b.length > a.length ? b : a), kept[0] ?? parts[0] ?? text);
  }
  // Dashes do occur in headlines, so only a known name is cut at one.
  for (let i = 0; i < 3; i++) {
    const suffix = /^(.*\S)\s+(?:[-–—]|::)\s+([^-–—]{1,80})$/u.exec(text);
    if (suffix && known(suffix[2]!)) {
      text = suffix[1]!;
      continue;
    }
    const prefix = /^([^-–—]{1,80}?)\s+(?:[-–—]|::)\s+(.*\S)$/u.exec(text);
    if (prefix && known(prefix[1]!)) {
      text = prefix[2]!;
      continue;
    }
    break;
  }
  return text;
}

export function firstTitleElement(doc: DomDocument): string | null {
  for (const el of toArray(doc.querySelectorAll('title'), 50)) {
    if (el.closest('svg, math')) continue;
    const text = collapse(el.textContent);
    if (text !== '') return text;
  }
  return null;
}

/** The article's h1: inside the article or main area first, then outside the site header. */
export function mainHeading(doc: DomDocument): DomElement | null {
  const withText = (el: DomElement | null) => (el && collapse(el.textContent) !== '' ? el : null);
  for (const selector of ['article h1', 'main h1', '[role="main"] h1']) {
    const found = withText(doc.querySelector(selector));
    if (found) return found;
  }
  const all = toArray(doc.querySelectorAll('h1'), 200).filter((h) => withText(h));
  return (
    all.find((h) => !h.closest('header, nav, footer, [role="banner"], [role="navigation"]')) ?? all[0] ?? null
  );
}

export function sectionLabel(scope: DomElement): TypeMatch | null {
  for (const el of toArray(scope.querySelectorAll('[class], [id]'), MAX_SCAN_ELEMENTS)) {
    const names = nameWords(el);
    if (!names.some((w) => TYPE_LABEL_WORDS.has(w)) || names.includes('menu') || names.includes('nav'))
      continue;
    if (el.closest('nav, [role="navigation"], footer, [role="contentinfo"], menu')) continue;
    const text = shortText(el, MAX_TYPE_LABEL, 40);
    const found = text === null ? null : typeOfLabel(text);
    if (found) return found;
  }
  return null;
}

export function findType(
  doc: DomDocument,
  heading: DomElement | null,
  meta: ReadonlyMap<string, string>,
  jsonLd: JsonLdFacts,
  title: string | null,
): TypeMatch | null {
  // A section label printed with the article ("Press Releases" over the headline), looked for
  // around the headline first: menus elsewhere on the page carry such labels too.
  const article = heading?.closest('article, main, [role="main"]');
  const label = (article ? sectionLabel(article) : null) ?? sectionLabel(doc.body);
  if (label) return label;
  // The breadcrumb trail, most specific step first; the last step is usually the page itself.
  const trails = toArray(doc.querySelectorAll(BREADCRUMB_SELECTOR), 20);
  for (const trail of trails) {
    const steps = toArray(trail.querySelectorAll('a, li, span'), 200)
      .map((el) => shortText(el, MAX_TYPE_LABEL, 40) ?? '')
      .filter((text) => text !== '' && !(title && sameText(text, title)));
    for (let i = steps.length - 1; i >= 0; i--) {
      const found = typeOfLabel(steps[i]!);
      if (found) return found;
    }
  }
  for (const value of [meta.get('article:section'), jsonLd.section, meta.get('og:type')]) {
    const found = value ? typeOfLabel(value) : null;
    if (found) return found;
  }
  return null;
}

export interface LabelledMetadata {
  dateText: string | null;
  sources: string[];
  fieldsOfWork: string[];
  categories: string[];
  labelLanguages: (readonly string[])[];
}

export function metaLabelOf(text: string): { field: MetaField; languages: readonly string[] } | null {
  const key = collapse(text).toLowerCase().replace(/’/gu, "'");
  return META_LABELS.get(key) ?? EXTRA_META_LABELS.get(key) ?? null;
}

/** The items of a metadata value: each link or list item when there are some, else comma-separated text. */
export function valueItems(nodes: readonly DomNode[]): string[] {
  const items: string[] = [];
  for (const node of nodes) {
    if (!isElement(node)) continue;
    const parts = toArray(node.querySelectorAll('li, a, dd'), 200);
    if (['a', 'li', 'dd'].includes(node.localName)) parts.unshift(node);
    for (const part of parts) {
      // A list item that holds a link is read through its link, once.
      if (part.localName !== 'a' && part.querySelector('a')) continue;
      const text = collapse(part.textContent);
      if (text !== '') items.push(text);
    }
  }
  if (items.length > 0) return [...new Set(items)];
  const text = collapse(nodes.map((n) => n.textContent ?? '').join(' '));
  return text === ''
    ? []
    : splitLabels(text).flatMap((l) => l.split(/\s*[;|•·]\s*/u).filter((v) => v !== ''));
}

export function hasText(node: DomNode): boolean {
  return collapse(node.textContent) !== '' || (isElement(node) && node.querySelector('img') !== null);
}

export const VALUE_BLOCK_TAGS = new Set(['ul', 'ol', 'dl', 'div', 'p', 'table', 'section']);

/** The nodes after a label that hold its value: loose text and inline elements, up to the first block. */
export function valueNodesAfter(label: DomNode): DomNode[] {
  const nodes: DomNode[] = [];
  for (let next = label.nextSibling; next && nodes.length < 50; next = next.nextSibling) {
    if (isElement(next) && next.localName === 'br' && nodes.some(hasText)) break;
    if (!hasText(next)) continue;
    nodes.push(next);
    if (isElement(next) && VALUE_BLOCK_TAGS.has(next.localName)) break;
  }
  return nodes;
}

/**
 * Labelled metadata blocks ("Source: …", "Fields of work:" over a list, a <dl> of Date/Tags), found
 * from their label text so that any markup works. They are read here and cut from the body.
 */
export function readLabelledMetadata(doc: DomDocument): LabelledMetadata {
  const found: LabelledMetadata = {
    dateText: null,
    sources: [],
    fieldsOfWork: [],
    categories: [],
    labelLanguages: [],
  };
  const candidates: DomNode[] = [];
  forEachText(doc.body, (node) => {
    const data = node.textContent ?? '';
    if (data.length > 400) return;
    const parent = node.parentNode;
    if (/^\s*[^:：]{1,40}[:：]/u.test(data) || (isElement(parent) && /^(?:dt|th)$/u.test(parent.localName)))
      candidates.push(node);
  });
  for (const node of candidates.slice(0, 500)) {
    const element = node.parentNode;
    // Gone with a block cut before, or in the site navigation.
    if (!isElement(element) || !doc.body.contains(element)) continue;
    if (element.closest('nav, [role="navigation"]')) continue;
    const match = /^\s*([^:：]{1,40}?)\s*(?:[:：]\s*([\s\S]*))?$/u.exec(node.textContent ?? '');
    const label = match ? metaLabelOf(match[1]!) : null;
    if (!match || !label) continue;
    const cell = /^(?:dt|th)$/u.test(element.localName);
    if (match[2] === undefined && !cell) continue;
    const elementText = shortText(element, MAX_LABEL_VALUE + 50);
    if (elementText === null) continue; // a sentence of the article that starts like a label
    const inline = collapse(match[2]);
    let valueNodes: DomNode[];
    let block: DomNode[];
    if (inline !== '' || elementText !== collapse(node.textContent)) {
      // "Source: OSCE" in one element, or the label's text followed by links in that element.
      valueNodes = valueNodesAfter(node);
      block = [element];
    } else if (element.localName === 'dt') {
      valueNodes = [];
      for (let next = element.nextElementSibling; next?.localName === 'dd'; next = next.nextElementSibling)
        valueNodes.push(next);
      block = [element, ...valueNodes];
    } else if (element.localName === 'th') {
      const row = element.closest('tr');
      valueNodes = row ? toArray(row.querySelectorAll('td')) : [];
      block = [row ?? element];
    } else {
      // The label alone in its element: the value follows it, in the same parent or just after it.
      valueNodes = valueNodesAfter(element);
      const holder = element.parentElement;
      if (
        valueNodes.length === 0 &&
        holder &&
        holder !== doc.body &&
        shortText(holder, 100) === elementText
      ) {
        valueNodes = holder.nextElementSibling ? [holder.nextElementSibling] : [];
        block = [holder, ...valueNodes];
      } else {
        block = [element, ...valueNodes];
        // A wrapper holding just this label and its value goes with them.
        const whole = holder && holder !== doc.body ? shortText(holder, MAX_LABEL_VALUE * 2) : null;
        const parts = collapse(block.map((n) => n.textContent ?? '').join(' '));
        if (holder && whole !== null && whole.length <= parts.length + 2) block = [holder];
      }
    }
    const values = [...(inline === '' ? [] : splitLabels(inline)), ...valueItems(valueNodes)].filter(
      (v) => v.length <= MAX_LABEL_VALUE,
    );
    if (values.length === 0) continue;
    found.labelLanguages.push(label.languages);
    // A date is read whole: its commas ("April 12, 2021") separate nothing.
    const whole = collapse(`${inline} ${valueNodes.map((n) => n.textContent ?? '').join(' ')}`);
    if (label.field === 'date') found.dateText ??= whole.slice(0, MAX_LABEL_VALUE);
    else if (label.field === 'source') found.sources.push(...values);
    else if (label.field === 'categories') found.categories.push(...values);
    else found.fieldsOfWork.push(...values);
    for (const node of block) node.remove();
  }
  found.sources = [...new Set(found.sources)];
  found.fieldsOfWork = [...new Set(found.fieldsOfWork)];
  found.categories = [...new Set(found.categories)];
  return found;
}

export function publishedTime(doc: DomDocument, heading: DomElement | null): string | null {
  const marked = doc.querySelector('time[itemprop~="datePublished"][datetime], time[pubdate][datetime]');
  const markedDate = machineDate(marked?.getAttribute('datetime'));
  if (markedDate) return markedDate;
  const area = heading?.closest('article, main, [role="main"]') ?? doc.body;
  for (const time of toArray(area.querySelectorAll('time[datetime]'), 500)) {
    // Dates in lists of other articles are theirs, not this one's.
    if (time.closest('nav, footer, aside, [role="complementary"]')) continue;
    let chrome = false;
    for (let el = time.parentElement; el && el !== area && !chrome; el = el.parentElement)
      chrome = nameWords(el).some((w) => w === 'related' || w === 'recommended' || w === 'sidebar');
    if (chrome) continue;
    const date = machineDate(time.getAttribute('datetime'));
    if (date) return date;
  }
  return null;
}

/** The first date in the visible text just after the headline, else just before it. */
export function dateNearHeading(heading: DomElement | null): string | null {
  if (!heading) return null;
  let after = '';
  let node = nextInOrder(heading, true);
  for (let seen = 0; node && after.length < NEAR_TITLE_AFTER && seen < NEAR_TITLE_NODES; seen++) {
    if (isVisibleText(node)) after += ` ${node.textContent ?? ''}`;
    node = nextInOrder(node, isElement(node) && TEXT_SKIP_PARENTS.has(node.localName));
  }
  const found = parseDate(collapse(after).slice(0, NEAR_TITLE_AFTER));
  if (found) return found.date;
  let before = '';
  node = previousInOrder(heading);
  for (let seen = 0; node && before.length < NEAR_TITLE_BEFORE && seen < NEAR_TITLE_NODES; seen++) {
    if (isVisibleText(node)) before = `${node.textContent ?? ''} ${before}`;
    node = previousInOrder(node);
  }
  return parseDate(collapse(before).slice(-NEAR_TITLE_BEFORE))?.date ?? null;
}
