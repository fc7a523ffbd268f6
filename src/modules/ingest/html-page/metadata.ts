/** What a page says about itself in its head: meta tags, JSON-LD, its canonical address, its language; and safe URLs. */
import { collapse, type DomDocument, toArray } from './dom.js';
import { MAX_JSON_LD_CHARS, MAX_JSON_LD_NODES, MAX_SCAN_ELEMENTS } from './limits.js';

export function readMetaTags(doc: DomDocument): Map<string, string> {
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

export interface JsonLdFacts {
  datePublished: string | null;
  headline: string | null;
  section: string | null;
  language: string | null;
  publisher: string | null;
}

export function firstString(value: unknown): string | null {
  // One level of array only: JSON-LD may nest arrays deeper than the stack goes.
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? collapse(first) || null : null;
}

export function readJsonLd(doc: DomDocument): JsonLdFacts {
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
export function httpUrl(value: string | null | undefined, base?: string | null): string | null {
  if (!value) return null;
  try {
    const url = base ? new URL(value.trim(), base) : new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

export function primaryLanguage(tag: string | null | undefined): string | null {
  const match = /^\s*([a-z]{2,3})(?:[-_]|\s*$)/iu.exec(tag ?? '');
  return match ? match[1]!.toLowerCase() : null;
}

// ---------------------------------------------------------------------------------------------
// URLs

export const SCHEME = /^([a-z][a-z0-9+.-]*):/iu;

/**
 * The URL an attribute should carry, or null to drop it: absolute when a base is known, and only
 * with a scheme the allow-list permits. Browsers ignore tabs and newlines inside URLs and controls
 * around them ("java\tscript:"), so the scheme is read as a browser would read it.
 */
export function safeUrl(raw: string, base: string | null, schemes: readonly string[]): string | null {
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

export function resolveUrls(doc: DomDocument, base: string | null): void {
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
