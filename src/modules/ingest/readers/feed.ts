/**
 * RSS 2.0, RSS 1.0 (RDF) and Atom 1.0 feeds: one record per entry. fast-xml-parser reads the XML
 * with no DTD at all (the DOCTYPE is cut before parsing, so no entity a feed declares is ever
 * expanded: XXE and "billion laughs" become inert text); entry bodies are kept raw and go through
 * the same HTML extraction and allow-list sanitizing as pages.
 */
import { createHash } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DatelineError } from '../../../errors.js';
import { machineDate } from '../dates.js';
import { extractHtmlPage } from '../html-page.js';
import type { ExtractedPage } from '../text-page.js';
import { failed, type SourceRecord } from './source.js';

/** Whether text opens like a feed (after an XML declaration, comments and a DOCTYPE). */
export function looksLikeFeed(head: string): boolean {
  return /^\uFEFF?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>\s*)*<(?:rss|rdf:RDF|feed)[\s>]/u.test(
    head,
  );
}

// Elements whose content is an entry body: kept as written (escaped HTML, CDATA or XHTML) and
// decoded here, so the parser never touches the markup inside.
const BODY_ELEMENTS = ['content:encoded', 'content', 'description', 'summary'];
const LIST_ELEMENTS = new Set(['item', 'entry', 'category', 'link', 'dc:subject', 'dc:creator', 'author']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Standard XML entities and numeric references only; there is no DTD left to declare others.
  processEntities: true,
  htmlEntities: true,
  stopNodes: BODY_ELEMENTS.map((name) => `*.${name}`),
  isArray: (name) => LIST_ELEMENTS.has(name),
});

/**
 * The XML without its DOCTYPE: the internal subset is where entities (and external references) are
 * declared, and no feed needs one. Quoted strings and the [ … ] subset may hold ">", so they are skipped.
 */
export function withoutDoctype(xml: string): string {
  const start = xml.search(/<!DOCTYPE/iu);
  if (start < 0) return xml;
  let depth = 0;
  let quote: string | null = null;
  for (let i = start + 9; i < xml.length; i++) {
    const c = xml[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === '>' && depth === 0) return xml.slice(0, start) + xml.slice(i + 1);
  }
  throw new DatelineError('DL_VALIDATION', 'The feed has an unterminated DOCTYPE.');
}

type Node = Record<string, unknown>;

function asNode(value: unknown): Node | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Node) : null;
}

function list(value: unknown): unknown[] {
  return value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
}

/** The text of an element, whether the parser gave a string or an object with attributes. */
function text(value: unknown): string {
  const first = list(value)[0];
  const raw = typeof first === 'string' ? first : String(asNode(first)?.['#text'] ?? '');
  return raw.replace(/\s+/gu, ' ').trim();
}

function attribute(value: unknown, name: string): string {
  const node = asNode(value);
  const found = node?.[`@_${name}`];
  return typeof found === 'string' ? found.trim() : '';
}

const XML_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes a body kept raw: CDATA sections as written, the five XML entities and numeric references. */
function decodeRaw(raw: string): string {
  return raw
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/u)
    .map((part) =>
      part.startsWith('<![CDATA[')
        ? part.slice(9, -3)
        : part.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|lt|gt|amp|quot|apos);/giu, (whole, name: string) => {
            if (name[0] !== '#') return XML_ENTITIES[name.toLowerCase()] ?? whole;
            const code =
              name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
            return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
          }),
    )
    .join('');
}

function escapeHtml(value: string): string {
  return value.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
}

/** An entry body as HTML: Atom says how its content is written; RSS bodies are (escaped) HTML. */
function bodyHtml(element: unknown): string {
  const first = list(element)[0];
  const raw = typeof first === 'string' ? first : String(asNode(first)?.['#text'] ?? '');
  const type = attribute(first, 'type').toLowerCase();
  if (type === 'xhtml') return raw; // inline XHTML: markup as is
  const decoded = decodeRaw(raw);
  if (type === 'text' || type === 'text/plain')
    return decoded
      .split(/\n\s*\n/u)
      .map((p) => `<p>${escapeHtml(p.trim())}</p>`)
      .join('');
  return decoded;
}

function httpLink(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The entry's own address: RSS <link> (or a permalink <guid>), Atom's alternate <link href>. */
function entryLink(entry: Node): string | null {
  for (const link of list(entry.link)) {
    const node = asNode(link);
    if (node) {
      const rel = attribute(node, 'rel') || 'alternate';
      const href = httpLink(attribute(node, 'href'));
      if (rel === 'alternate' && href) return href;
    } else if (typeof link === 'string' && httpLink(link.trim())) return httpLink(link.trim());
  }
  const guid = entry.guid;
  if (attribute(guid, 'isPermaLink') !== 'false') return httpLink(text(guid));
  return httpLink(attribute(entry, 'rdf:about'));
}

function primaryLanguage(tag: string): string | null {
  return /^\s*([a-z]{2,3})(?:[-_]|\s*$)/iu.exec(tag)?.[1]?.toLowerCase() ?? null;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values.filter((v) => v !== ''))];
}

interface FeedShape {
  readonly entries: unknown[];
  readonly language: string | null;
}

function feedShape(document: Node): FeedShape {
  const rss = asNode(document.rss);
  if (rss) {
    const channel = asNode(list(rss.channel)[0]) ?? {};
    return { entries: list(channel.item), language: primaryLanguage(text(channel.language)) };
  }
  const rdf = asNode(document['rdf:RDF']);
  if (rdf) {
    const channel = asNode(list(rdf.channel)[0]) ?? {};
    return {
      entries: list(rdf.item),
      language: primaryLanguage(text(channel['dc:language']) || text(channel.language)),
    };
  }
  const atom = asNode(document.feed);
  if (atom) return { entries: list(atom.entry), language: primaryLanguage(attribute(atom, 'xml:lang')) };
  throw new DatelineError('DL_VALIDATION', 'Not an RSS or Atom feed (no <rss>, <rdf:RDF> or <feed> root).');
}

/** The page of one entry: the body extracted like a page's, with the feed's own title, date and labels. */
function entryPage(entry: Node, link: string | null, feedLanguage: string | null): ExtractedPage {
  const bodyElement = BODY_ELEMENTS.map((name) => entry[name]).find((v) => text(v) !== '');
  const page = extractHtmlPage(bodyElement === undefined ? '' : bodyHtml(bodyElement), {
    ...(link ? { url: link } : {}),
    fragment: true,
  });
  // Titles of type="html" carry markup; their text is the title.
  const title = text(entry.title)
    .replace(/<[^>]*>/gu, '')
    .trim();
  const stamp = [entry.pubDate, entry['dc:date'], entry.published, entry.updated]
    .map(text)
    .find((v) => v !== '');
  const date = machineDate(stamp);
  const warnings = [...page.warnings];
  if (stamp && !date)
    warnings.push(`The entry date "${stamp.slice(0, 80)}" is not a date this importer can read.`);
  const categories = [
    ...list(entry.category).map((c) => text(c) || attribute(c, 'term') || attribute(c, 'label')),
    ...list(entry['dc:subject']).map(text),
  ];
  const sources = [
    ...list(entry['dc:creator']).map(text),
    text(entry.source) || text(asNode(list(entry.source)[0])?.title),
  ];
  return {
    ...page,
    title: title || page.title,
    date: date ?? page.date,
    language: primaryLanguage(attribute(entry, 'xml:lang')) ?? feedLanguage ?? page.language,
    sources: unique([...page.sources, ...sources]),
    categories: unique([...(page.categories ?? []), ...categories]),
    warnings,
  };
}

/** The records of a feed held in `xml`, keyed "origin#n" (n from 1, in feed order). */
export function readFeed(xml: string, origin: string): SourceRecord[] {
  let document: Node;
  try {
    const body = withoutDoctype(xml);
    // The parser is lenient (an unclosed tag swallows the rest); a feed must be well-formed to be trusted.
    const valid = XMLValidator.validate(body);
    if (valid !== true)
      throw new DatelineError(
        'DL_VALIDATION',
        `Not well-formed XML (line ${valid.err.line}): ${valid.err.msg}`,
      );
    document = asNode(parser.parse(body)) ?? {};
  } catch (error) {
    if (error instanceof DatelineError) return [failed(origin, error)];
    return [
      failed(origin, new DatelineError('DL_VALIDATION', `Not well-formed XML: ${(error as Error).message}`)),
    ];
  }
  let shape: FeedShape;
  try {
    shape = feedShape(document);
  } catch (error) {
    return [failed(origin, error)];
  }
  if (shape.entries.length === 0)
    return [failed(origin, new DatelineError('DL_VALIDATION', 'The feed has no entries.'))];
  return shape.entries.map((value, i): SourceRecord => {
    const key = `${origin}#${i + 1}`;
    try {
      const entry = asNode(value);
      if (!entry) throw new DatelineError('DL_VALIDATION', 'The entry is empty.');
      const link = entryLink(entry);
      const page = entryPage(entry, link, shape.language);
      // The entry's own content, as parsed: a change to another entry or to the channel changes nothing here.
      const hash = createHash('sha256').update(JSON.stringify(entry)).digest('hex');
      return { kind: 'page', key, contentHash: hash, legacyUrl: link, page };
    } catch (error) {
      return failed(key, error);
    }
  });
}
