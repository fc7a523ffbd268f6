/** Site furniture: navigation, headers and footers, cookie and newsletter boxes, share and related blocks. */
import {
  collapse,
  type DomDocument,
  type DomElement,
  type DomNode,
  forEachText,
  isElement,
  nameWords,
  shortText,
  toArray,
  words,
} from './dom.js';
import { MAX_CHROME_CANDIDATES, MAX_SCAN_ELEMENTS } from './limits.js';

// Elements that never carry article text, or that carry markup the body must not: removed first.
export const NON_CONTENT_TAGS = words(
  'script style noscript template iframe frame frameset object embed applet param form input',
  'button select option textarea svg math canvas video audio source track map area link meta',
  'title base head dialog',
);
export const CHROME_TAGS = new Set(['nav', 'header', 'footer', 'aside', 'menu']);
export const CHROME_ROLES = new Set(
  words('navigation banner contentinfo search complementary dialog alertdialog menu menubar toolbar'),
);
// Words in class names and ids that mark site furniture. Matched as whole words of the name
// ("ep-a_share" has "share"; "shared-content" has no "share").
export const CHROME_WORDS = new Set(
  words(
    'nav navbar navigation menu breadcrumb breadcrumbs ariane header footer sidebar cookie',
    'cookies consent gdpr newsletter subscribe subscription share sharing sharer social socials',
    'related recommended promo advert advertisement ads popup modal overlay pagination pager',
    'comments toolbar skip hidden tags partage teilen condividi compartir',
  ),
);
export const CHROME_NAME_PATTERN =
  /read-?more|see-?also|more-?news|latest-?news|most-?read|follow-?us|sr-only|visually-hidden|screen-reader/iu;
// Cookie banners and newsletter boxes that carry no telling class: short, and asking for a click.
export const CONSENT_TEXT =
  /\bcookies?\b|newsletter|subscribe|abonnez|abonnieren|iscriviti|suscr[ií]b|подпис|consent|einwillig|consentement/iu;
export const CONSENT_ACTION =
  /accept|agree|consent|akzeptieren|zustimmen|accepter|accetta|aceptar|принять|subscribe/iu;
export const MAX_CONSENT_TEXT = 600;

export const ATTACHMENT_PATH = /\.(?:pdf|docx?|xlsx?|odt)$/iu;

export function isHidden(el: DomElement): boolean {
  if (el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') return true;
  const style = (el.getAttribute('style') ?? '').toLowerCase().replace(/\s+/gu, '');
  return style.includes('display:none') || style.includes('visibility:hidden');
}

export function isChromeElement(el: DomElement): boolean {
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
export function consentBoxes(doc: DomDocument): DomElement[] {
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
export function removeChrome(doc: DomDocument): void {
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

export function collectAttachments(doc: DomDocument): { href: string; text: string }[] {
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

export function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
