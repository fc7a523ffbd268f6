/**
 * Extraction of an article from a raw HTML page. Mozilla Readability finds the article body on a
 * linkedom document (no jsdom: no browser engine, no network, nothing runs); our own rules read
 * what it does not: type labels, labelled metadata blocks, the dates institutional pages print,
 * datelines, quotes. The body keeps only what the item allow-list permits, so a hostile page can
 * bring text and links but never markup that runs. Nothing here throws: whatever the input, the
 * result is a page with nulls and warnings.
 *
 * The steps live in html-page/: dom (parsing, walking), metadata (head, URLs), chrome (site
 * furniture), fields (title, type, labelled blocks, dates) and body (the article's blocks).
 */
import sanitizeHtml from 'sanitize-html';
import { BODY_ALLOW_LIST } from '../content/markdown.js';
import { machineDate, parseDate, parseDateline } from './dates.js';
import { ATTACHMENT_PATH, collectAttachments, removeChrome } from './html-page/chrome.js';
import {
  blockParagraphs,
  blockText,
  cleanBlocks,
  hasBoldLead,
  isHeadingLike,
  normalizeWhitespace,
  plainDateline,
  runReadability,
  toBlocks,
} from './html-page/body.js';
import { collapse, flattenSkeleton, parseDocument, toArray, unwrap } from './html-page/dom.js';
import {
  dateNearHeading,
  findType,
  firstTitleElement,
  mainHeading,
  publishedTime,
  readLabelledMetadata,
  stripSiteNames,
  wrapsHeadline,
} from './html-page/fields.js';
import { DATELINE_HEAD, MAX_BODY_CHARS, MAX_INPUT_CHARS, MAX_TITLE } from './html-page/limits.js';
import { httpUrl, primaryLanguage, readJsonLd, readMetaTags, resolveUrls } from './html-page/metadata.js';
import { extractPeople, extractQuotes } from './quotes.js';
import { emptyPage, type ExtractedPage, guessLanguage } from './text-page.js';

/** Options for extractHtmlPage. */
export interface HtmlPageOptions {
  /** Where the page was fetched from: relative links and images are resolved against it. */
  readonly url?: string;
  /**
   * The HTML is an article's body alone (a feed entry, a cell of a CSV file), not a whole page: it is
   * all article, and title, type and date come from elsewhere, so their absence is not warned about.
   */
  readonly fragment?: boolean;
}

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
  let container = options.fragment ? doc.body : runReadability(doc);
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

  // The dateline opens the first paragraph of text; a bold paragraph before it is a standfirst or
  // a heading ("SUMMARY"), not the story.
  const firstParagraph = blocks.find((b) => b.localName === 'p' && !isHeadingLike(b));
  const parsedDateline = firstParagraph
    ? parseDateline(blockText(firstParagraph).slice(0, DATELINE_HEAD), {
        markedPlace: hasBoldLead(firstParagraph),
      })
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

  if (bodyParagraphs.length === 0) warnings.push('No article paragraphs were found.');
  else if (!dateline) warnings.push('The first paragraph does not start with a dateline (PLACE, date - ).');
  if (!options.fragment) {
    if (!type) warnings.push('No content type label (such as "Press release") was found.');
    if (title === null) warnings.push('No title was found.');
    if (date === null) warnings.push('No date was found, neither in the page metadata nor in the text.');
    if (labelled.sources.length === 0) warnings.push('No source was listed.');
    if (labelled.fieldsOfWork.length === 0) warnings.push('No fields of work were listed.');
  }

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
    ...(labelled.categories.length > 0 ? { categories: labelled.categories } : {}),
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
