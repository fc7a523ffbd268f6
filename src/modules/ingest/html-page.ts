/**
 * Extraction of an article from a raw HTML page. Mozilla Readability finds the article body on a
 * linkedom document (no jsdom: no browser engine, no network, nothing runs); our own rules read
 * what it does not: type labels, labelled metadata blocks, the dates institutional pages print,
 * datelines, quotes. The body keeps only what the item allow-list permits, so a hostile page can
 * bring text and links but never markup that runs. Nothing here throws: whatever the input, the
 * result is a page with nulls and warnings.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import sanitizeHtml from 'sanitize-html';
import { BODY_ALLOW_LIST } from '../content/markdown.js';
import { parseDate, parseDateline, toIsoDate } from './dates.js';
import { extractPeople, extractQuotes } from './quotes.js';
import {
  emptyPage,
  type ExtractedPage,
  guessLanguage,
  isChromePhrase,
  isChromeText,
  META_LABELS,
  type MetaField,
  type PageType,
  splitLabels,
  TYPE_LABELS,
} from './text-page.js';

/** Options for extractHtmlPage. */
export interface HtmlPageOptions {
  /** Where the page was fetched from: relative links and images are resolved against it. */
  readonly url?: string;
}

// The slice of the DOM this module uses. linkedom's own typings lean on the DOM library, which this
// Node project does not load, so the document is typed here once, at the parse.
interface DomNode {
  readonly nodeType: number;
  readonly parentNode: DomNode | null;
  readonly firstChild: DomNode | null;
  readonly lastChild: DomNode | null;
  readonly nextSibling: DomNode | null;
  readonly previousSibling: DomNode | null;
  readonly childNodes: ArrayLike<DomNode>;
  textContent: string | null;
  remove(): void;
  insertBefore(node: DomNode, before: DomNode | null): DomNode;
  appendChild(node: DomNode): DomNode;
}

interface DomElement extends DomNode {
  readonly localName: string;
  readonly parentElement: DomElement | null;
  readonly nextElementSibling: DomElement | null;
  readonly outerHTML: string;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  hasAttribute(name: string): boolean;
  querySelector(selectors: string): DomElement | null;
  querySelectorAll(selectors: string): ArrayLike<DomElement>;
  closest(selectors: string): DomElement | null;
  contains(other: DomNode): boolean;
}

interface DomDocument {
  readonly documentElement: DomElement;
  readonly body: DomElement;
  querySelector(selectors: string): DomElement | null;
  querySelectorAll(selectors: string): ArrayLike<DomElement>;
  createElement(tagName: string): DomElement;
}

/** The words of space-separated lists. */
function words(...lists: string[]): string[] {
  return lists.flatMap((list) => list.split(' '));
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

// Bounds that keep hostile input (5 MB of nested tags, a million links) to linear work.
const MAX_INPUT_CHARS = 20 * 1024 * 1024;
const MAX_READABILITY_ELEMENTS = 20_000;
const MAX_READABILITY_TEXT = 200_000;
const MAX_READABILITY_WORK = 300_000;
const MAX_SCAN_ELEMENTS = 60_000;
const MAX_CHROME_CANDIDATES = 5_000;
const MAX_JSON_LD_CHARS = 1_000_000;
const MAX_JSON_LD_NODES = 10_000;
const MAX_BLOCKS = 5_000;
const MAX_BODY_CHARS = 1_000_000;
const MAX_TITLE = 1_000;
const MAX_LABEL_VALUE = 300;
const MAX_TYPE_LABEL = 40;
// Enough of a paragraph to hold any dateline; keeps the date parser's work bounded on huge lines.
const DATELINE_HEAD = 400;
// How much visible text around the headline may hold its date ("19 October 2022 | Press release").
const NEAR_TITLE_AFTER = 300;
const NEAR_TITLE_BEFORE = 150;
const NEAR_TITLE_NODES = 2_000;

// Elements that never carry article text, or that carry markup the body must not: removed first.
const NON_CONTENT_TAGS = words(
  'script style noscript template iframe frame frameset object embed applet param form input',
  'button select option textarea svg math canvas video audio source track map area link meta',
  'title base head dialog',
);
const CHROME_TAGS = new Set(['nav', 'header', 'footer', 'aside', 'menu']);
const CHROME_ROLES = new Set(
  words('navigation banner contentinfo search complementary dialog alertdialog menu menubar toolbar'),
);
// Words in class names and ids that mark site furniture. Matched as whole words of the name
// ("ep-a_share" has "share"; "shared-content" has no "share").
const CHROME_WORDS = new Set(
  words(
    'nav navbar navigation menu breadcrumb breadcrumbs ariane header footer sidebar cookie',
    'cookies consent gdpr newsletter subscribe subscription share sharing sharer social socials',
    'related recommended promo advert advertisement ads popup modal overlay pagination pager',
    'comments toolbar skip hidden tags partage teilen condividi compartir',
  ),
);
const CHROME_NAME_PATTERN =
  /read-?more|see-?also|more-?news|latest-?news|most-?read|follow-?us|sr-only|visually-hidden|screen-reader/iu;
// Cookie banners and newsletter boxes that carry no telling class: short, and asking for a click.
const CONSENT_TEXT =
  /\bcookies?\b|newsletter|subscribe|abonnez|abonnieren|iscriviti|suscr[ií]b|подпис|consent|einwillig|consentement/iu;
const CONSENT_ACTION =
  /accept|agree|consent|akzeptieren|zustimmen|accepter|accetta|aceptar|принять|subscribe/iu;
const MAX_CONSENT_TEXT = 600;

// Class names that hold a section or type label near the headline ("Press Releases").
const TYPE_LABEL_WORDS = new Set(
  words('category section kicker eyebrow overline rubric genre type contenttype label'),
);

// Plurals and variants section labels and breadcrumbs use, beyond the singular labels of text pages.
const EXTRA_TYPE_LABELS: ReadonlyMap<string, { type: PageType; languages: readonly string[] }> = new Map(
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
const EXTRA_META_LABELS: ReadonlyMap<string, { field: MetaField; languages: readonly string[] }> = new Map(
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
    ] as const
  ).map(([label, field, languages]) => [label, { field, languages }]),
);

// Headings over the lists of other articles that close many pages.
const RELATED_HEADING = new RegExp(
  `^(?:${[
    'related',
    'see also',
    'read more',
    'read also',
    'more news',
    'more on this',
    'further reading',
    'latest news',
    'lire aussi',
    'à lire aussi',
    'voir aussi',
    'sur le même sujet',
    'siehe auch',
    'mehr zum thema',
    'weitere meldungen',
    'vedi anche',
    'leggi anche',
    'ver también',
    'véase también',
    'lea también',
    'см\\. также',
    'читайте также',
  ].join('|')})(?!\\p{L})`,
  'iu',
);

const BLOCK_TAGS = new Set(words('p h1 h2 h3 h4 h5 h6 ul ol dl blockquote table figure pre hr'));
const INLINE_TAGS = new Set(
  words(
    'a abbr acronym b bdi bdo big cite code data del dfn em font i img ins kbd label mark q s',
    'samp small span strike strong sub sup time tt u var wbr',
  ),
);
const STRUCTURE_SELECTOR =
  'p, h1, h2, h3, h4, h5, h6, ul, ol, dl, blockquote, table, figure, pre, div, section';
const HEADING_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const LEAF_BLOCK_TAGS = new Set(['p', ...HEADING_TAGS]);
const ATTACHMENT_PATH = /\.(?:pdf|docx?|xlsx?|odt)$/iu;
const TEXT_SKIP_PARENTS = new Set(['script', 'style', 'noscript', 'template', 'title', 'textarea']);

// Breadcrumb trails by their English name or the one French, German, Italian and Spanish sites use.
const BREADCRUMB_SELECTOR = ['breadcrumb', 'ariane', 'brotkrumen', 'briciole', 'migas']
  .flatMap((word) => [`[class*="${word}" i]`, `[id*="${word}" i]`, `[aria-label*="${word}" i]`])
  .concat('[aria-label*="you are here" i]')
  .join(', ');

type TypeMatch = { type: PageType; label: string; languages: readonly string[] };

/** Collapses every run of whitespace (Unicode spaces included) to one space and trims. */
function collapse(text: string | null | undefined): string {
  return (text ?? '').replace(/[\s\u00a0\u202f\u2000-\u200b\u3000\ufeff]+/gu, ' ').trim();
}

function toArray<T>(list: ArrayLike<T>, limit = Number.POSITIVE_INFINITY): T[] {
  const out: T[] = [];
  for (let i = 0; i < list.length && i < limit; i++) out.push(list[i]!);
  return out;
}

/** Replaces an element by its children (one by one: a spread of 100,000 children overflows the stack). */
function unwrap(el: DomElement): void {
  const parent = el.parentNode;
  if (!parent) return;
  for (let child = el.firstChild; child; child = el.firstChild) parent.insertBefore(child, el);
  el.remove();
}

function isElement(node: DomNode | null | undefined): node is DomElement {
  return node?.nodeType === ELEMENT_NODE;
}

/** The next node in document order; `skipChildren` steps over the node's own subtree. */
function nextInOrder(node: DomNode, skipChildren: boolean): DomNode | null {
  if (!skipChildren && node.firstChild) return node.firstChild;
  let current: DomNode | null = node;
  while (current) {
    if (current.nextSibling) return current.nextSibling;
    current = current.parentNode;
  }
  return null;
}

/** The previous node in document order (the deepest last descendant of the previous sibling). */
function previousInOrder(node: DomNode): DomNode | null {
  let current = node.previousSibling;
  if (!current) return node.parentNode;
  while (current.lastChild) current = current.lastChild;
  return current;
}

function isVisibleText(node: DomNode): boolean {
  const parent = node.parentNode;
  return node.nodeType === TEXT_NODE && !(isElement(parent) && TEXT_SKIP_PARENTS.has(parent.localName));
}

/** Calls `visit` on every text node under `root`, in document order, without recursion. */
function forEachText(root: DomNode, visit: (node: DomNode) => void): void {
  let node = root.firstChild;
  while (node && node !== root) {
    if (node.nodeType === TEXT_NODE) {
      if (isVisibleText(node)) visit(node);
      node = nextWithin(node, root, false);
    } else node = nextWithin(node, root, isElement(node) && TEXT_SKIP_PARENTS.has(node.localName));
  }
}

function nextWithin(node: DomNode, root: DomNode, skipChildren: boolean): DomNode | null {
  if (!skipChildren && node.firstChild) return node.firstChild;
  let current: DomNode | null = node;
  while (current && current !== root) {
    if (current.nextSibling) return current.nextSibling;
    current = current.parentNode;
  }
  return null;
}

/**
 * The collapsed text of an element when it is short, else null. Reads at most `maxNodes` nodes, so
 * asking it of every wrapper of a large page costs a bounded amount each.
 */
function shortText(el: DomElement, maxChars: number, maxNodes = 400): string | null {
  let text = '';
  let seen = 0;
  let node = el.firstChild;
  while (node && node !== el) {
    if (++seen > maxNodes) return null;
    if (node.nodeType === TEXT_NODE) {
      if (isVisibleText(node)) text += node.textContent ?? '';
      if (text.length > maxChars * 4) return null;
      node = nextWithin(node, el, false);
    } else node = nextWithin(node, el, isElement(node) && TEXT_SKIP_PARENTS.has(node.localName));
  }
  const collapsed = collapse(text);
  return collapsed.length > maxChars ? null : collapsed;
}

/** Words of an element's class and id ("ep-a_share ep-layout" → ep, a, share, ep, layout). */
function nameWords(el: DomElement): string[] {
  const names = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`.toLowerCase();
  return names.split(/[\s_-]+/u).filter((w) => w !== '');
}

// ---------------------------------------------------------------------------------------------
// Parsing

const MAX_DEPTH = 256;
const VOID_TAGS = new Set(words('area base br col embed hr img input link meta param source track wbr'));
const RAW_TEXT_TAGS = new Set(words('script style textarea title xmp iframe noembed noframes'));
// Elements an opening tag of the same kind closes (a list item starts where the last one ends).
const CLOSED_BY_SIBLING: ReadonlyMap<string, readonly string[]> = new Map([
  ['li', ['li']],
  ['dt', ['dt', 'dd']],
  ['dd', ['dt', 'dd']],
  ['tr', ['tr', 'td', 'th']],
  ['td', ['td', 'th']],
  ['th', ['td', 'th']],
  ['option', ['option']],
  ['p', ['p']],
]);
const CLOSES_PARAGRAPH = new Set(
  words(
    'div ul ol dl table h1 h2 h3 h4 h5 h6 blockquote section article aside header footer nav',
    'form pre figure hr',
  ),
);
const TAG_START = /<(\/?)([a-zA-Z][^\s/>]*)/y;

/**
 * Drops the tags nested deeper than MAX_DEPTH, keeping their text. The HTML parser's work grows
 * with the square of the nesting depth, so 5 MB of unclosed <span>s would take minutes; no real
 * page nests this deep. A light scan of tag names does it in linear time: it only removes tags,
 * so where it misreads the markup, structure suffers but nothing is added.
 */
function limitNesting(html: string): string {
  const stack: string[] = [];
  const dropped = new Map<string, number>();
  const out: string[] = [];
  let copied = 0;
  let gt = -1;
  let i = html.indexOf('<');
  while (i >= 0) {
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      if (end < 0) break;
      i = html.indexOf('<', end + 3);
      continue;
    }
    TAG_START.lastIndex = i;
    const tag = TAG_START.exec(html);
    if (gt < i) gt = html.indexOf('>', i);
    if (gt < 0) break; // no tag can close any more: the rest is text
    if (!tag) {
      i = html.indexOf('<', i + 1);
      continue;
    }
    const name = tag[2]!.toLowerCase();
    const drop = () => {
      out.push(html.slice(copied, i));
      copied = gt + 1;
    };
    if (tag[1] === '/') {
      const pending = dropped.get(name) ?? 0;
      if (pending > 0) {
        dropped.set(name, pending - 1);
        drop();
      } else {
        const at = stack.lastIndexOf(name);
        if (at >= 0) stack.length = at;
      }
    } else if (RAW_TEXT_TAGS.has(name)) {
      const close = new RegExp(`</${name}[\\s/>]`, 'giu');
      close.lastIndex = gt + 1;
      const found = close.exec(html);
      if (!found) break;
      i = found.index;
      continue;
    } else if (!VOID_TAGS.has(name)) {
      const top = stack[stack.length - 1];
      if (
        top !== undefined &&
        (CLOSED_BY_SIBLING.get(name)?.includes(top) || (top === 'p' && CLOSES_PARAGRAPH.has(name)))
      )
        stack.pop();
      if (stack.length >= MAX_DEPTH) {
        dropped.set(name, (dropped.get(name) ?? 0) + 1);
        drop();
      } else stack.push(name);
    }
    i = html.indexOf('<', gt + 1);
  }
  if (copied === 0) return html;
  out.push(html.slice(copied));
  return out.join('');
}

function parseDocument(html: string): DomDocument {
  // linkedom builds the tree as written, without the HTML5 insertion rules: a fragment would have
  // no <html> and text outside <body> would be lost. Wrapping every input in a full skeleton and
  // flattening the page's own html/body elements into it gives one shape to reason about.
  const { document } = parseHTML(
    `<!DOCTYPE html><html><head></head><body>${limitNesting(html)}</body></html>`,
  ) as unknown as {
    document: DomDocument;
  };
  const root = document.documentElement;
  for (const child of toArray(root.childNodes)) {
    if (isElement(child) && (child.localName === 'head' || child === document.body)) continue;
    document.body.appendChild(child);
  }
  return document;
}

/** Replaces the page's own <html> and <body> elements (nested in the skeleton) by their children. */
function flattenSkeleton(doc: DomDocument): void {
  for (const el of toArray(doc.body.querySelectorAll('html, body'))) {
    unwrap(el);
  }
}

// ---------------------------------------------------------------------------------------------
// Metadata: meta tags, JSON-LD, canonical URL, language

function readMetaTags(doc: DomDocument): Map<string, string> {
  const meta = new Map<string, string>();
  for (const el of toArray(doc.querySelectorAll('meta'), MAX_SCAN_ELEMENTS)) {
    const key = (
      el.getAttribute('property') ??
      el.getAttribute('name') ??
      el.getAttribute('itemprop') ??
      el.getAttribute('http-equiv') ??
      ''
    ).toLowerCase();
    const content = collapse(el.getAttribute('content'));
    if (key !== '' && content !== '' && !meta.has(key)) meta.set(key, content);
  }
  return meta;
}

interface JsonLdFacts {
  datePublished: string | null;
  headline: string | null;
  section: string | null;
  language: string | null;
  publisher: string | null;
}

function firstString(value: unknown): string | null {
  // One level of array only: JSON-LD may nest arrays deeper than the stack goes.
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? collapse(first) || null : null;
}

function readJsonLd(doc: DomDocument): JsonLdFacts {
  const facts: JsonLdFacts = {
    datePublished: null,
    headline: null,
    section: null,
    language: null,
    publisher: null,
  };
  for (const script of toArray(doc.querySelectorAll('script'), 200)) {
    if (!/ld\+json/iu.test(script.getAttribute('type') ?? '')) continue;
    const text = script.textContent ?? '';
    if (text.length > MAX_JSON_LD_CHARS) continue;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      continue; // broken JSON-LD is common and never worth failing a page for
    }
    const stack: unknown[] = [data];
    for (let seen = 0; stack.length > 0 && seen < MAX_JSON_LD_NODES; seen++) {
      const value = stack.pop();
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
        continue;
      }
      if (value === null || typeof value !== 'object') continue;
      const object = value as Record<string, unknown>;
      facts.datePublished ??= firstString(object.datePublished);
      facts.headline ??= firstString(object.headline);
      facts.section ??= firstString(object.articleSection);
      facts.language ??= firstString(object.inLanguage);
      const publisher = object.publisher;
      if (publisher && typeof publisher === 'object')
        facts.publisher ??= firstString((publisher as Record<string, unknown>).name);
      for (const key of ['@graph', 'mainEntity', 'mainEntityOfPage'])
        if (object[key] && typeof object[key] === 'object') stack.push(object[key]);
    }
  }
  return facts;
}

/** An absolute http(s) URL, or null. */
function httpUrl(value: string | null | undefined, base?: string | null): string | null {
  if (!value) return null;
  try {
    const url = base ? new URL(value.trim(), base) : new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function primaryLanguage(tag: string | null | undefined): string | null {
  const match = /^\s*([a-z]{2,3})(?:[-_]|\s*$)/iu.exec(tag ?? '');
  return match ? match[1]!.toLowerCase() : null;
}

// ---------------------------------------------------------------------------------------------
// URLs

const SCHEME = /^([a-z][a-z0-9+.-]*):/iu;

/**
 * The URL an attribute should carry, or null to drop it: absolute when a base is known, and only
 * with a scheme the allow-list permits. Browsers ignore tabs and newlines inside URLs and controls
 * around them ("java\tscript:"), so the scheme is read as a browser would read it.
 */
function safeUrl(raw: string, base: string | null, schemes: readonly string[]): string | null {
  const value = raw.replace(/^[\p{Cc} ]+|[\p{Cc} ]+$/gu, '').replace(/[\t\n\r]/gu, '');
  if (value === '' || /\p{Cc}/u.test(value)) return null;
  const scheme = SCHEME.exec(value)?.[1]?.toLowerCase();
  try {
    if (scheme !== undefined) return schemes.includes(scheme) ? new URL(value).href : null;
    if (base) {
      const url = new URL(value, base);
      return schemes.includes(url.protocol.slice(0, -1)) ? url.href : null;
    }
  } catch {
    return null;
  }
  // Without a base a relative URL stays relative; a protocol-relative one would point anywhere.
  return value.startsWith('//') || value.startsWith('\\') ? null : value;
}

function resolveUrls(doc: DomDocument, base: string | null): void {
  for (const a of toArray(doc.querySelectorAll('a[href]'), MAX_SCAN_ELEMENTS)) {
    const href = safeUrl(a.getAttribute('href') ?? '', base, ['http', 'https', 'mailto']);
    if (href === null) a.removeAttribute('href');
    else a.setAttribute('href', href);
  }
  for (const img of toArray(doc.querySelectorAll('img'), MAX_SCAN_ELEMENTS)) {
    // Lazy-loading pages keep the real address in a data attribute until a script swaps it in.
    const raw =
      img.getAttribute('src') || img.getAttribute('data-src') || img.getAttribute('data-original') || '';
    const src = safeUrl(raw, base, ['http', 'https']);
    if (src === null) img.removeAttribute('src');
    else img.setAttribute('src', src);
  }
}

// ---------------------------------------------------------------------------------------------
// Title, type, labelled metadata, dates

const TITLE_SEPARATOR = String.raw`\s+(?:[|｜¦•·»~]|[-–—]|::)\s+`;
const SEPARATOR_AT_START = new RegExp(`^${TITLE_SEPARATOR}`, 'u');
const SEPARATOR_AT_END = new RegExp(`${TITLE_SEPARATOR}$`, 'u');

function sameText(a: string, b: string): boolean {
  return collapse(a).toLowerCase() === collapse(b).toLowerCase();
}

/** Whether a <title> or og:title is the headline plus site or section names around it. */
function wrapsHeadline(candidate: string, headline: string): boolean {
  const c = collapse(candidate).toLowerCase();
  const h = collapse(headline).toLowerCase();
  if (h === '') return false;
  if (c === h) return true;
  if (c.startsWith(h) && SEPARATOR_AT_START.test(c.slice(h.length))) return true;
  return c.endsWith(h) && SEPARATOR_AT_END.test(c.slice(0, c.length - h.length));
}

function typeOfLabel(text: string): TypeMatch | null {
  const label = collapse(text);
  if (label === '' || label.length > MAX_TYPE_LABEL) return null;
  const key = label.toLowerCase().replace(/\s*[:.]$/u, '');
  const found = TYPE_LABELS.get(key) ?? EXTRA_TYPE_LABELS.get(key);
  return found ? { type: found.type, label, languages: found.languages } : null;
}

/** Removes site and section names from a <title> ("Headline | News | Site", "Headline - Site"). */
function stripSiteNames(title: string, siteNames: readonly string[]): string {
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

function firstTitleElement(doc: DomDocument): string | null {
  for (const el of toArray(doc.querySelectorAll('title'), 50)) {
    if (el.closest('svg, math')) continue;
    const text = collapse(el.textContent);
    if (text !== '') return text;
  }
  return null;
}

/** The article's h1: inside the article or main area first, then outside the site header. */
function mainHeading(doc: DomDocument): DomElement | null {
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

function sectionLabel(scope: DomElement): TypeMatch | null {
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

function findType(
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

interface LabelledMetadata {
  dateText: string | null;
  sources: string[];
  fieldsOfWork: string[];
  labelLanguages: (readonly string[])[];
}

function metaLabelOf(text: string): { field: MetaField; languages: readonly string[] } | null {
  const key = collapse(text).toLowerCase().replace(/’/gu, "'");
  return META_LABELS.get(key) ?? EXTRA_META_LABELS.get(key) ?? null;
}

/** The items of a metadata value: each link or list item when there are some, else comma-separated text. */
function valueItems(nodes: readonly DomNode[]): string[] {
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

function hasText(node: DomNode): boolean {
  return collapse(node.textContent) !== '' || (isElement(node) && node.querySelector('img') !== null);
}

const VALUE_BLOCK_TAGS = new Set(['ul', 'ol', 'dl', 'div', 'p', 'table', 'section']);

/** The nodes after a label that hold its value: loose text and inline elements, up to the first block. */
function valueNodesAfter(label: DomNode): DomNode[] {
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
function readLabelledMetadata(doc: DomDocument): LabelledMetadata {
  const found: LabelledMetadata = {
    dateText: null,
    sources: [],
    fieldsOfWork: [],
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
    else found.fieldsOfWork.push(...values);
    for (const node of block) node.remove();
  }
  found.sources = [...new Set(found.sources)];
  found.fieldsOfWork = [...new Set(found.fieldsOfWork)];
  return found;
}

/** YYYY-MM-DD from a machine-readable date ("2022-10-19T13:14:00+02:00" is the 19th where it was written). */
function machineDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const iso = /^\s*(\d{4})-(\d{2})-(\d{2})/u.exec(value);
  if (iso) return toIsoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  return parseDate(value.slice(0, 100))?.date ?? null;
}

function publishedTime(doc: DomDocument, heading: DomElement | null): string | null {
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
function dateNearHeading(heading: DomElement | null): string | null {
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

// ---------------------------------------------------------------------------------------------
// Site furniture

function isHidden(el: DomElement): boolean {
  if (el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') return true;
  const style = (el.getAttribute('style') ?? '').toLowerCase().replace(/\s+/gu, '');
  return style.includes('display:none') || style.includes('visibility:hidden');
}

function isChromeElement(el: DomElement): boolean {
  if (CHROME_TAGS.has(el.localName)) return true;
  if (CHROME_ROLES.has((el.getAttribute('role') ?? '').toLowerCase())) return true;
  if (isHidden(el)) return true;
  const label = (el.getAttribute('aria-label') ?? '').toLowerCase();
  if (/breadcrumb|share|cookie/u.test(label)) return true;
  const names = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
  return nameWords(el).some((w) => CHROME_WORDS.has(w)) || CHROME_NAME_PATTERN.test(names);
}

/**
 * Short boxes asking the reader to accept cookies or subscribe, whatever their class names: the
 * largest wrapper (up to a few levels) around such text that stays short and asks for a click.
 */
function consentBoxes(doc: DomDocument): DomElement[] {
  const boxes: DomElement[] = [];
  const texts: DomNode[] = [];
  forEachText(doc.body, (node) => {
    if (texts.length < 200 && CONSENT_TEXT.test(node.textContent ?? '')) texts.push(node);
  });
  for (const node of texts) {
    let box: DomElement | null = null;
    let el = node.parentNode;
    for (let depth = 0; isElement(el) && el !== doc.body && depth < 4; depth++, el = el.parentNode) {
      const text = shortText(el, MAX_CONSENT_TEXT);
      if (text === null) break;
      const asks = el.querySelector('button, input, form, select') !== null || CONSENT_ACTION.test(text);
      if (asks && ['div', 'section', 'aside', 'p'].includes(el.localName)) box = el;
    }
    if (box && !box.closest('article, main, [role="main"]')) boxes.push(box);
  }
  return boxes;
}

/**
 * Cuts navigation, headers and footers, cookie banners, share and related boxes, and everything
 * that is not article text (scripts, frames, forms). An element that holds the article itself
 * (a mis-named wrapper) is kept, whatever its name says.
 */
function removeChrome(doc: DomDocument): void {
  // Consent boxes are told by their buttons and forms, so they are found before those go.
  const consent = consentBoxes(doc);
  for (const el of toArray(doc.querySelectorAll(NON_CONTENT_TAGS.join(', ')), MAX_SCAN_ELEMENTS)) el.remove();
  const bodyText = collapse(doc.body.textContent).length;
  const candidates = [
    ...consent,
    ...toArray(doc.body.querySelectorAll('*'), MAX_SCAN_ELEMENTS).filter(isChromeElement),
  ];
  for (const el of candidates.slice(0, MAX_CHROME_CANDIDATES)) {
    if (!el.parentNode || !doc.body.contains(el)) continue; // inside a block already cut
    if (el.querySelector('article, main, [role="main"]')) continue;
    if (
      !CHROME_TAGS.has(el.localName) &&
      bodyText > 1_000 &&
      collapse(el.textContent).length > bodyText * 0.4
    )
      continue;
    el.remove();
  }
}

function collectAttachments(doc: DomDocument): { href: string; text: string }[] {
  const found = new Map<string, string>();
  for (const a of toArray(doc.querySelectorAll('a[href]'), MAX_SCAN_ELEMENTS)) {
    const href = a.getAttribute('href') ?? '';
    if (!ATTACHMENT_PATH.test(href.replace(/[?#].*$/su, ''))) continue;
    // Documents of the site's own furniture (a privacy policy in the footer) are not the article's.
    const furniture = a.closest('nav, [role="navigation"], [role="contentinfo"], [role="banner"]');
    const outer = a.closest('header, footer');
    if (furniture || (outer && !outer.closest('article, main, [role="main"]'))) continue;
    let chrome = false;
    for (let el = a.parentElement; el && !chrome; el = el.parentElement)
      chrome = nameWords(el).some((w) => w === 'cookie' || w === 'cookies' || w === 'consent');
    if (chrome || found.has(href)) continue;
    const text =
      collapse(a.textContent) ||
      collapse(a.getAttribute('title')) ||
      decodeURIComponentSafe(
        href
          .replace(/[?#].*$/su, '')
          .split('/')
          .pop() ?? '',
      );
    found.set(href, text);
  }
  return [...found].map(([href, text]) => ({ href, text }));
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// ---------------------------------------------------------------------------------------------
// Article body

function runReadability(doc: DomDocument): DomElement | null {
  // Readability's time grows with the number of elements times the depth of the tree (about a
  // second for 1,000 paragraphs 127 levels down): past these sizes, which article pages stay far
  // below, the main area is used instead.
  if ((doc.body.textContent ?? '').length > MAX_READABILITY_TEXT) return null;
  const elements = toArray(doc.body.querySelectorAll('*'), MAX_READABILITY_ELEMENTS + 1);
  if (elements.length > MAX_READABILITY_ELEMENTS) return null;
  const depths = new Map<DomNode, number>();
  let deepest = 0;
  for (const el of elements) {
    const depth = (el.parentNode ? (depths.get(el.parentNode) ?? 0) : 0) + 1;
    depths.set(el, depth);
    deepest = Math.max(deepest, depth);
  }
  if (elements.length * deepest > MAX_READABILITY_WORK) return null;
  try {
    const reader = new Readability<unknown>(doc as never, {
      keepClasses: false,
      disableJSONLD: true,
      maxElemsToParse: MAX_READABILITY_ELEMENTS,
      serializer: (node) => node,
    });
    const content = reader.parse()?.content;
    return isElement(content as DomNode | null | undefined) ? (content as DomElement) : null;
  } catch {
    // Readability refuses documents over maxElemsToParse (and may trip on odd trees): the page's
    // main area, already cleaned of chrome, is the body then.
    return null;
  }
}

function linkDensity(el: DomElement): number {
  const text = collapse(el.textContent).length;
  if (text === 0) return 0;
  const links = toArray(el.querySelectorAll('a'), 1_000).reduce(
    (sum, a) => sum + collapse(a.textContent).length,
    0,
  );
  return links / text;
}

/** Elements under `container` that hold a block inside (a link wrapping a card, a span around a list). */
function structuredElements(container: DomElement): Set<DomNode> {
  const marked = new Set<DomNode>();
  for (const block of toArray(container.querySelectorAll(STRUCTURE_SELECTOR))) {
    // Climbing stops at the first marked ancestor, so each element is marked once: linear overall.
    for (let el = block.parentNode; el && el !== container && !marked.has(el); el = el.parentNode)
      marked.add(el);
  }
  return marked;
}

/**
 * The article as a flat list of block elements (p, lists, headings, tables, figures): wrappers are
 * dissolved and loose inline content becomes paragraphs, so that each block can stand on its own
 * line of Markdown as raw HTML.
 */
function toBlocks(doc: DomDocument, container: DomElement): { blocks: DomElement[]; truncated: boolean } {
  const blocks: DomElement[] = [];
  let run: DomNode[] = [];
  const flush = () => {
    if (run.some(hasText)) {
      const p = doc.createElement('p');
      for (const node of run) p.appendChild(node);
      blocks.push(p);
    }
    run = [];
  };
  const structured = structuredElements(container);
  const stack: { nodes: DomNode[]; i: number; breaks: boolean }[] = [
    { nodes: toArray(container.childNodes), i: 0, breaks: true },
  ];
  while (stack.length > 0 && blocks.length < MAX_BLOCKS) {
    const frame = stack[stack.length - 1]!;
    const node = frame.nodes[frame.i++];
    if (node === undefined) {
      // The end of a wrapper ends the paragraph its loose text was in; an inline element does not.
      stack.pop();
      if (frame.breaks) flush();
      continue;
    }
    if (node.nodeType === TEXT_NODE) {
      run.push(node);
      continue;
    }
    if (!isElement(node)) continue;
    const tag = node.localName;
    // A paragraph or heading cannot hold blocks; when one does (unclosed tags), it is dissolved too.
    if (BLOCK_TAGS.has(tag) && !(LEAF_BLOCK_TAGS.has(tag) && structured.has(node))) {
      flush();
      blocks.push(node);
    } else if (tag === 'br') flush();
    else if (INLINE_TAGS.has(tag) && !structured.has(node)) run.push(node);
    else {
      const breaks = !INLINE_TAGS.has(tag);
      if (breaks) flush();
      stack.push({ nodes: toArray(node.childNodes), i: 0, breaks });
    }
  }
  flush();
  return { blocks, truncated: stack.some((frame) => frame.i < frame.nodes.length) };
}

/** Collapses whitespace in text and in the attributes kept, outside <pre>, so no block spans lines. */
function normalizeWhitespace(block: DomElement): void {
  if (block.localName !== 'pre') {
    forEachText(block, (node) => {
      if (node.parentNode && isElement(node.parentNode) && node.parentNode.closest('pre')) return;
      node.textContent = (node.textContent ?? '').replace(/[ \t\n\r\f]+/gu, ' ');
    });
  }
  for (const el of [block, ...toArray(block.querySelectorAll('a, img, abbr'))]) {
    for (const name of ['href', 'src', 'alt', 'title']) {
      const value = el.getAttribute(name);
      if (value !== null) el.setAttribute(name, collapse(value));
    }
  }
}

function blockText(block: DomElement): string {
  return collapse(block.textContent);
}

/** The plain-text paragraphs of a block, as quotes and datelines are read from. */
function blockParagraphs(block: DomElement): string[] {
  const texts = (els: DomElement[]) => els.map(blockText).filter((t) => t !== '');
  switch (block.localName) {
    case 'ul':
    case 'ol':
      return texts(toArray(block.querySelectorAll('li')).filter((li) => !li.querySelector('li')));
    case 'dl':
      return texts(toArray(block.querySelectorAll('dt, dd')));
    case 'table':
      return toArray(block.querySelectorAll('tr'))
        .map((tr) =>
          toArray(tr.querySelectorAll('th, td'))
            .map(blockText)
            .filter((t) => t !== '')
            .join(' | '),
        )
        .filter((t) => t !== '');
    case 'blockquote': {
      const inner = texts(toArray(block.querySelectorAll('p')));
      return inner.length > 0 ? inner : texts([block]);
    }
    case 'figure':
    case 'hr':
      return [];
    default:
      return texts([block]);
  }
}

function isHeadingLike(block: DomElement): boolean {
  if (HEADING_TAGS.has(block.localName)) return true;
  // "<p><strong>Related</strong></p>" is how many editors type a heading.
  if (block.localName !== 'p') return false;
  const strong = block.querySelector('strong, b');
  return strong !== null && blockText(strong) === blockText(block);
}

/** Drops what Readability kept of the furniture: the headline again, share and related blocks, empty ones. */
function cleanBlocks(blocks: DomElement[], title: string | null): DomElement[] {
  const kept: DomElement[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    const text = blockText(block);
    const hasImage = block.localName === 'img' || block.querySelector('img') !== null;
    if (block.localName === 'hr') {
      if (kept.length > 0 && kept[kept.length - 1]!.localName !== 'hr') kept.push(block);
      continue;
    }
    if (text === '' && !hasImage) continue;
    if (kept.length < 3 && title && HEADING_TAGS.has(block.localName) && sameText(text, title)) continue;
    if (text !== '' && isChromePhrase(text)) continue;
    if (isHeadingLike(block) && RELATED_HEADING.test(text)) {
      // The heading goes, and the lists of links under it.
      while (i + 1 < blocks.length) {
        const next = blocks[i + 1]!;
        if (!(next.localName === 'ul' || next.localName === 'ol' || linkDensity(next) > 0.5)) break;
        i++;
      }
      continue;
    }
    kept.push(block);
  }
  // Copyright and cookie lines open or close pages, and only there are they surely furniture.
  while (kept.length > 0 && isEdgeChrome(kept[0]!)) kept.shift();
  while (kept.length > 0 && isEdgeChrome(kept[kept.length - 1]!)) kept.pop();
  return kept;
}

function isEdgeChrome(block: DomElement): boolean {
  if (block.localName === 'hr') return true;
  if (block.localName === 'figure' || block.querySelector('img')) return false;
  return isChromeText(blockText(block));
}

/** Makes a typed dateline in bold ("<strong>VIENNA, 21 May 2010</strong> – …") plain, as the item page expects. */
function plainDateline(block: DomElement): void {
  const first = block.firstChild;
  if (!isElement(first) || !['strong', 'b', 'em', 'i', 'span'].includes(first.localName)) return;
  const lead = collapse(first.textContent);
  if (lead.length > 120 || !blockText(block).startsWith(lead)) return;
  unwrap(first);
}

// ---------------------------------------------------------------------------------------------
// Entry point

function emptyHtmlPage(warnings: string[], canonicalUrl: string | null = null): ExtractedPage {
  return { ...emptyPage(warnings), bodyHtml: '', links: [], images: [], attachments: [], canonicalUrl };
}

function looksBinary(text: string): boolean {
  const sample = text.slice(0, 8_192);
  if (sample === '') return false;
  const odd = sample.match(/(?![\t\n\r\f])[\p{Cc}\ufffd]/gu)?.length ?? 0;
  return odd / sample.length > 0.1;
}

/** Extracts the article of a raw HTML page; never throws, and says in `warnings` what was missing. */
export function extractHtmlPage(html: string, options: HtmlPageOptions = {}): ExtractedPage {
  try {
    return extract(typeof html === 'string' ? html : '', options);
  } catch (error) {
    // A bug here must not stop a batch import; the page is reported as unreadable instead.
    return emptyHtmlPage([`The page could not be read: ${(error as Error).message}`]);
  }
}

function extract(input: string, options: HtmlPageOptions): ExtractedPage {
  if (input.trim() === '') return emptyHtmlPage(['The page is empty.']);
  if (looksBinary(input)) return emptyHtmlPage(['The file is not an HTML page (binary content).']);
  const warnings: string[] = [];
  let html = input;
  if (html.length > MAX_INPUT_CHARS) {
    html = html.slice(0, MAX_INPUT_CHARS);
    warnings.push(`The page is over ${MAX_INPUT_CHARS} characters; only its beginning was read.`);
  }
  // Control characters carry no text and only confuse the parser; tabs and line breaks stay.
  html = html.replace(/(?![\t\n\r\f])\p{Cc}/gu, '');

  const doc = parseDocument(html);
  flattenSkeleton(doc);
  const meta = readMetaTags(doc);
  const jsonLd = readJsonLd(doc);

  const pageUrl = httpUrl(options.url);
  const canonicalUrl =
    httpUrl(doc.querySelector('link[rel~="canonical" i][href]')?.getAttribute('href'), pageUrl) ??
    httpUrl(meta.get('og:url'), pageUrl);
  const baseHref = doc.querySelector('base[href]')?.getAttribute('href');
  const base = httpUrl(baseHref, pageUrl ?? canonicalUrl) ?? pageUrl ?? canonicalUrl;
  resolveUrls(doc, base);

  const heading = mainHeading(doc);
  const headline = heading ? collapse(heading.textContent).slice(0, MAX_TITLE) : null;
  const siteNames = [meta.get('og:site_name'), meta.get('application-name'), jsonLd.publisher].filter(
    (n): n is string => typeof n === 'string' && n !== '',
  );
  const ogTitle = meta.get('og:title') ?? meta.get('twitter:title') ?? null;
  const documentTitle = firstTitleElement(doc);
  let title: string | null = null;
  if (headline && [ogTitle, documentTitle].some((t) => t && wrapsHeadline(t, headline))) title = headline;
  else if (ogTitle) title = stripSiteNames(ogTitle, siteNames);
  else if (headline) title = headline;
  else if (documentTitle) title = stripSiteNames(documentTitle, siteNames);
  else if (jsonLd.headline) title = jsonLd.headline;
  title = title ? title.slice(0, MAX_TITLE) : null;

  const type = findType(doc, heading, meta, jsonLd, title);
  const declaredLanguage =
    primaryLanguage(doc.querySelector('html[lang]')?.getAttribute('lang')) ??
    primaryLanguage(meta.get('content-language')) ??
    primaryLanguage(meta.get('og:locale')) ??
    primaryLanguage(jsonLd.language);

  const published =
    machineDate(meta.get('article:published_time')) ??
    machineDate(meta.get('datepublished')) ??
    publishedTime(doc, heading) ??
    machineDate(jsonLd.datePublished);
  const nearHeading = dateNearHeading(heading);
  const attachments = collectAttachments(doc);
  const labelled = readLabelledMetadata(doc);

  removeChrome(doc);
  let container = runReadability(doc);
  if (!container || collapse(container.textContent).length < 50) {
    // Readability leaves out short pages and refuses huge ones; the main area is the body then.
    const fallback = doc.querySelector('article') ?? doc.querySelector('main, [role="main"]') ?? doc.body;
    if (container === null)
      warnings.push('The article area was not recognized; the main content area was used.');
    container = fallback;
  }
  const found = toBlocks(doc, container);
  let blocks = cleanBlocks(found.blocks, title);
  let bodyChars = 0;
  const cut = blocks.findIndex((b) => {
    bodyChars += (b.textContent ?? '').length;
    return bodyChars > MAX_BODY_CHARS;
  });
  if (cut >= 0 || found.truncated) {
    if (cut >= 0) blocks = blocks.slice(0, cut);
    warnings.push('The article is unusually long; only its beginning was kept.');
  }
  for (const block of blocks) {
    normalizeWhitespace(block);
    // Links whose address was unsafe (or absent) are left as their text.
    for (const a of toArray(block.querySelectorAll('a:not([href])'))) unwrap(a);
  }

  const firstParagraph = blocks.find((b) => b.localName === 'p');
  const parsedDateline = firstParagraph
    ? parseDateline(blockText(firstParagraph).slice(0, DATELINE_HEAD))
    : null;
  const dateline = parsedDateline ? { place: parsedDateline.place, date: parsedDateline.date } : null;
  if (firstParagraph && dateline) plainDateline(firstParagraph);

  const bodyParagraphs = blocks.flatMap(blockParagraphs);
  const links: { href: string; text: string }[] = [];
  const images: { src: string; alt: string }[] = [];
  for (const block of blocks) {
    for (const a of toArray(block.querySelectorAll('a[href]'))) {
      const href = a.getAttribute('href') ?? '';
      if (href === '' || href.startsWith('#')) continue;
      links.push({ href, text: collapse(a.textContent) || collapse(a.getAttribute('title')) });
      if (ATTACHMENT_PATH.test(href.replace(/[?#].*$/su, '')) && !attachments.some((x) => x.href === href))
        attachments.push({ href, text: collapse(a.textContent) || href });
    }
    for (const img of toArray(block.querySelectorAll('img[src]')))
      images.push({ src: img.getAttribute('src') ?? '', alt: collapse(img.getAttribute('alt')) });
  }
  // Sanitizing is the last step, so nothing rebuilt afterwards can bring markup back. Each block is
  // one line: Markdown takes a run of lines opening with block tags as raw HTML, untouched. Line
  // breaks inside <pre> become character references for the same reason.
  const bodyHtml = sanitizeHtml(blocks.map((b) => b.outerHTML).join('\n'), BODY_ALLOW_LIST)
    .replace(/<pre>[\s\S]*?<\/pre>/gu, (pre) => pre.replace(/\r?\n/gu, '&#10;'))
    .trim();

  const labelDate = labelled.dateText === null ? null : (parseDate(labelled.dateText)?.date ?? null);
  if (labelled.dateText !== null && labelDate === null)
    warnings.push(`The Date label "${labelled.dateText.slice(0, 80)}" is not a date this importer can read.`);
  const date = published ?? labelDate ?? nearHeading ?? dateline?.date ?? null;

  if (!type) warnings.push('No content type label (such as "Press release") was found.');
  if (title === null) warnings.push('No title was found.');
  if (bodyParagraphs.length === 0) warnings.push('No article paragraphs were found.');
  else if (!dateline) warnings.push('The first paragraph does not start with a dateline (PLACE, date - ).');
  if (date === null) warnings.push('No date was found, neither in the page metadata nor in the text.');
  if (labelled.sources.length === 0) warnings.push('No source was listed.');
  if (labelled.fieldsOfWork.length === 0) warnings.push('No fields of work were listed.');

  const quotes = extractQuotes(bodyParagraphs);
  const people = extractPeople(bodyParagraphs, quotes);
  const labelLanguages = [...labelled.labelLanguages, ...(type ? [type.languages] : [])];
  const language =
    declaredLanguage ??
    guessLanguage(labelLanguages, [title ?? '', ...bodyParagraphs.slice(0, 20)].join(' '));
  return {
    type: type?.type ?? null,
    typeLabel: type?.label ?? null,
    title,
    language,
    date,
    dateline,
    sources: labelled.sources,
    fieldsOfWork: labelled.fieldsOfWork,
    bodyParagraphs,
    quotes,
    people,
    warnings,
    bodyHtml,
    links,
    images,
    attachments,
    canonicalUrl,
  };
}
