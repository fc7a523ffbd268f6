/**
 * The article body: Readability's pick (or the main area), flattened to a list of blocks that each
 * stand on one line of Markdown as raw HTML, cleaned of what Readability kept of the furniture.
 */
import { Readability } from '@mozilla/readability';
import { isChromePhrase, isChromeText } from '../text-page.js';
import {
  collapse,
  type DomDocument,
  type DomElement,
  type DomNode,
  forEachText,
  isElement,
  TEXT_NODE,
  toArray,
  unwrap,
  words,
} from './dom.js';
import { hasText, sameText } from './fields.js';
import {
  MAX_BLOCKS,
  MAX_READABILITY_ELEMENTS,
  MAX_READABILITY_TEXT,
  MAX_READABILITY_WORK,
} from './limits.js';

// Headings over the lists of other articles that close many pages.
export const RELATED_HEADING = new RegExp(
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

export const BLOCK_TAGS = new Set(words('p h1 h2 h3 h4 h5 h6 ul ol dl blockquote table figure pre hr'));
export const INLINE_TAGS = new Set(
  words(
    'a abbr acronym b bdi bdo big cite code data del dfn em font i img ins kbd label mark q s',
    'samp small span strike strong sub sup time tt u var wbr',
  ),
);
export const STRUCTURE_SELECTOR =
  'p, h1, h2, h3, h4, h5, h6, ul, ol, dl, blockquote, table, figure, pre, div, section';
export const HEADING_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
export const LEAF_BLOCK_TAGS = new Set(['p', ...HEADING_TAGS]);

export function runReadability(doc: DomDocument): DomElement | null {
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

export function linkDensity(el: DomElement): number {
  const text = collapse(el.textContent).length;
  if (text === 0) return 0;
  const links = toArray(el.querySelectorAll('a'), 1_000).reduce(
    (sum, a) => sum + collapse(a.textContent).length,
    0,
  );
  return links / text;
}

/** Elements under `container` that hold a block inside (a link wrapping a card, a span around a list). */
export function structuredElements(container: DomElement): Set<DomNode> {
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
export function toBlocks(
  doc: DomDocument,
  container: DomElement,
): { blocks: DomElement[]; truncated: boolean } {
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
export function normalizeWhitespace(block: DomElement): void {
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

export function blockText(block: DomElement): string {
  return collapse(block.textContent);
}

/** The plain-text paragraphs of a block, as quotes and datelines are read from. */
export function blockParagraphs(block: DomElement): string[] {
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

export function isHeadingLike(block: DomElement): boolean {
  if (HEADING_TAGS.has(block.localName)) return true;
  // "<p><strong>Related</strong></p>" is how many editors type a heading.
  if (block.localName !== 'p') return false;
  const strong = block.querySelector('strong, b');
  return strong !== null && blockText(strong) === blockText(block);
}

/** Drops what Readability kept of the furniture: the headline again, share and related blocks, empty ones. */
export function cleanBlocks(blocks: DomElement[], title: string | null): DomElement[] {
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

export function isEdgeChrome(block: DomElement): boolean {
  if (block.localName === 'hr') return true;
  if (block.localName === 'figure' || block.querySelector('img')) return false;
  return isChromeText(blockText(block));
}

/** Whether a paragraph opens with a short bold run ("<strong>Kyiv</strong> – …"), as typed datelines do. */
export function hasBoldLead(block: DomElement): boolean {
  const first = block.firstChild;
  if (!isElement(first) || !['strong', 'b'].includes(first.localName)) return false;
  const lead = collapse(first.textContent);
  return lead !== '' && lead.length <= 60 && blockText(block) !== lead;
}

/** Makes a typed dateline in bold ("<strong>VIENNA, 21 May 2010</strong> – …") plain, as the item page expects. */
export function plainDateline(block: DomElement): void {
  const first = block.firstChild;
  if (!isElement(first) || !['strong', 'b', 'em', 'i', 'span'].includes(first.localName)) return;
  const lead = collapse(first.textContent);
  if (lead.length > 120 || !blockText(block).startsWith(lead)) return;
  unwrap(first);
}
