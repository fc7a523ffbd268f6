/**
 * The slice of the DOM the HTML extraction uses, and how a page becomes one: a linkedom document
 * parsed from a nesting-limited copy of the markup, walked without recursion.
 */
import { parseHTML } from 'linkedom';

// The slice of the DOM this module uses. linkedom's own typings lean on the DOM library, which this
// Node project does not load, so the document is typed here once, at the parse.
export interface DomNode {
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
  normalize(): void;
}

export interface DomElement extends DomNode {
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

export interface DomDocument {
  readonly documentElement: DomElement;
  readonly body: DomElement;
  querySelector(selectors: string): DomElement | null;
  querySelectorAll(selectors: string): ArrayLike<DomElement>;
  createElement(tagName: string): DomElement;
}

/** The words of space-separated lists. */
export function words(...lists: string[]): string[] {
  return lists.flatMap((list) => list.split(' '));
}

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;

export const TEXT_SKIP_PARENTS = new Set(['script', 'style', 'noscript', 'template', 'title', 'textarea']);

/** Collapses every run of whitespace (Unicode spaces included) to one space and trims. */
export function collapse(text: string | null | undefined): string {
  return (text ?? '').replace(/[\s\u00a0\u202f\u2000-\u200b\u3000\ufeff]+/gu, ' ').trim();
}

export function toArray<T>(list: ArrayLike<T>, limit = Number.POSITIVE_INFINITY): T[] {
  const out: T[] = [];
  for (let i = 0; i < list.length && i < limit; i++) out.push(list[i]!);
  return out;
}

/** Replaces an element by its children (one by one: a spread of 100,000 children overflows the stack). */
export function unwrap(el: DomElement): void {
  const parent = el.parentNode;
  if (!parent) return;
  for (let child = el.firstChild; child; child = el.firstChild) parent.insertBefore(child, el);
  el.remove();
}

export function isElement(node: DomNode | null | undefined): node is DomElement {
  return node?.nodeType === ELEMENT_NODE;
}

/** The next node in document order; `skipChildren` steps over the node's own subtree. */
export function nextInOrder(node: DomNode, skipChildren: boolean): DomNode | null {
  if (!skipChildren && node.firstChild) return node.firstChild;
  let current: DomNode | null = node;
  while (current) {
    if (current.nextSibling) return current.nextSibling;
    current = current.parentNode;
  }
  return null;
}

/** The previous node in document order (the deepest last descendant of the previous sibling). */
export function previousInOrder(node: DomNode): DomNode | null {
  let current = node.previousSibling;
  if (!current) return node.parentNode;
  while (current.lastChild) current = current.lastChild;
  return current;
}

export function isVisibleText(node: DomNode): boolean {
  const parent = node.parentNode;
  return node.nodeType === TEXT_NODE && !(isElement(parent) && TEXT_SKIP_PARENTS.has(parent.localName));
}

/** Calls `visit` on every text node under `root`, in document order, without recursion. */
export function forEachText(root: DomNode, visit: (node: DomNode) => void): void {
  let node = root.firstChild;
  while (node && node !== root) {
    if (node.nodeType === TEXT_NODE) {
      if (isVisibleText(node)) visit(node);
      node = nextWithin(node, root, false);
    } else node = nextWithin(node, root, isElement(node) && TEXT_SKIP_PARENTS.has(node.localName));
  }
}

export function nextWithin(node: DomNode, root: DomNode, skipChildren: boolean): DomNode | null {
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
export function shortText(el: DomElement, maxChars: number, maxNodes = 400): string | null {
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
export function nameWords(el: DomElement): string[] {
  const names = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`.toLowerCase();
  return names.split(/[\s_-]+/u).filter((w) => w !== '');
}

// ---------------------------------------------------------------------------------------------
// Parsing

export const MAX_DEPTH = 256;
export const VOID_TAGS = new Set(
  words('area base br col embed hr img input link meta param source track wbr'),
);
export const RAW_TEXT_TAGS = new Set(words('script style textarea title xmp iframe noembed noframes'));
// Elements an opening tag of the same kind closes (a list item starts where the last one ends).
export const CLOSED_BY_SIBLING: ReadonlyMap<string, readonly string[]> = new Map([
  ['li', ['li']],
  ['dt', ['dt', 'dd']],
  ['dd', ['dt', 'dd']],
  ['tr', ['tr', 'td', 'th']],
  ['td', ['td', 'th']],
  ['th', ['td', 'th']],
  ['option', ['option']],
  ['p', ['p']],
]);
export const CLOSES_PARAGRAPH = new Set(
  words(
    'div ul ol dl table h1 h2 h3 h4 h5 h6 blockquote section article aside header footer nav',
    'form pre figure hr',
  ),
);
export const TAG_START = /<(\/?)([a-zA-Z][^\s/>]*)/y;

/**
 * Drops the tags nested deeper than MAX_DEPTH, keeping their text. The HTML parser's work grows
 * with the square of the nesting depth, so 5 MB of unclosed <span>s would take minutes; no real
 * page nests this deep. A light scan of tag names does it in linear time: it only removes tags,
 * so where it misreads the markup, structure suffers but nothing is added.
 */
export function limitNesting(html: string): string {
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

export function parseDocument(html: string): DomDocument {
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
export function flattenSkeleton(doc: DomDocument): void {
  for (const el of toArray(doc.body.querySelectorAll('html, body'))) {
    unwrap(el);
  }
  // linkedom splits text at every character reference ("Children&#039;s" is three nodes); labels and
  // values are read from text nodes, so adjacent ones are merged back.
  doc.body.normalize();
}
