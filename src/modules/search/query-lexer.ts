/**
 * Splits a query string into lexemes: parentheses, the upper-case operators, `-` glued to what
 * follows, quoted phrases, `key:value` qualifiers and words (`prefix*` marked). One pass over the
 * characters, so time is linear in the input, and the input is capped (length and clauses) before
 * anything else looks at it.
 */

/** Longest query looked at, in UTF-16 units; the rest is dropped with a `truncated` notice. */
export const MAX_QUERY_LENGTH = 1000;
/** Most words, phrases and qualifiers in one query. */
export const MAX_CLAUSES = 64;

export type Lexeme =
  | { readonly kind: 'open' | 'close' | 'and' | 'or' | 'not' | 'minus' }
  | { readonly kind: 'word'; readonly text: string; readonly prefix: boolean }
  | { readonly kind: 'phrase'; readonly text: string; readonly closed: boolean }
  | {
      readonly kind: 'qualifier';
      /** As typed; keys are matched without regard to case. */
      readonly key: string;
      readonly value: string;
      readonly prefix: boolean;
      /** The value was a quoted phrase: `body:"a phrase"`. */
      readonly quoted: boolean;
      readonly closed: boolean;
      /** Nothing followed the colon but `(`: the qualifier applies to the group, `title:(a OR b)`. */
      readonly group: boolean;
    };

export interface LexResult {
  readonly lexemes: Lexeme[];
  /** Caps that cut the query: `length`, then possibly `clauses` as well. */
  readonly truncated: readonly ('length' | 'clauses')[];
}

const QUOTE = 0x22;
const OPEN = 0x28;
const CLOSE = 0x29;
const MINUS = 0x2d;
const KEY = /^[a-z][a-z0-9_-]*$/i;
const KEYWORDS: Readonly<Record<string, Lexeme['kind']>> = { AND: 'and', OR: 'or', NOT: 'not' };

/** White space, control characters and invisible direction marks all separate lexemes. */
function isSpace(c: number): boolean {
  if (c <= 0x20 || (c >= 0x7f && c <= 0xa0)) return true;
  if (c < 0x1680) return c === 0x61c;
  return (
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200b) ||
    c === 0x200e ||
    c === 0x200f ||
    (c >= 0x2028 && c <= 0x202f) ||
    c === 0x205f ||
    (c >= 0x2066 && c <= 0x2069) ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

const isGrouping = (c: number) => c === QUOTE || c === OPEN || c === CLOSE;

/** Cuts at the length cap without splitting a surrogate pair. */
function capLength(input: string): string {
  if (input.length <= MAX_QUERY_LENGTH) return input;
  const cut = MAX_QUERY_LENGTH - (isHighSurrogate(input.charCodeAt(MAX_QUERY_LENGTH - 1)) ? 1 : 0);
  return input.slice(0, cut);
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c < 0xdc00;

function stripStars(text: string): { text: string; prefix: boolean } {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x2a) end--;
  return { text: text.slice(0, end), prefix: end < text.length };
}

/**
 * Lexes `query`. In `plain` mode — the fallback for queries that do not parse — quotes and
 * parentheses are spaces and the operators are dropped, leaving words, `-words` and qualifiers.
 */
export function lex(query: string, plain = false): LexResult {
  const input = capLength(query);
  const truncated: ('length' | 'clauses')[] = input.length < query.length ? ['length'] : [];
  const lexemes: Lexeme[] = [];
  const n = input.length;
  const separates = (c: number) => isSpace(c) || (plain && isGrouping(c));
  let clauses = 0;
  let i = 0;

  /** The text up to the closing quote (or the end) of a phrase whose opening quote is at i. */
  const readPhrase = () => {
    const close = input.indexOf('"', i + 1);
    const text = input.slice(i + 1, close < 0 ? n : close);
    i = close < 0 ? n : close + 1;
    return { text, closed: close >= 0 };
  };

  while (i < n) {
    const c = input.charCodeAt(i);
    if (separates(c)) {
      i++;
      continue;
    }
    if (c === OPEN || c === CLOSE) {
      lexemes.push({ kind: c === OPEN ? 'open' : 'close' });
      i++;
      continue;
    }
    if (c === MINUS) {
      // Glued to what follows it negates that; alone it is a stray dash.
      if (i + 1 < n && !separates(input.charCodeAt(i + 1))) lexemes.push({ kind: 'minus' });
      i++;
      continue;
    }
    if (clauses === MAX_CLAUSES) {
      truncated.push('clauses');
      break;
    }
    if (c === QUOTE) {
      lexemes.push({ kind: 'phrase', ...readPhrase() });
      clauses++;
      continue;
    }
    const start = i;
    while (i < n && !isSpace(input.charCodeAt(i)) && !isGrouping(input.charCodeAt(i))) i++;
    const run = input.slice(start, i);
    const keyword = Object.hasOwn(KEYWORDS, run) ? KEYWORDS[run] : undefined;
    if (keyword !== undefined) {
      if (!plain) lexemes.push({ kind: keyword } as Lexeme);
      continue;
    }
    clauses++;
    const colon = run.indexOf(':');
    const key = colon > 0 ? run.slice(0, colon) : '';
    if (!KEY.test(key)) {
      lexemes.push({ kind: 'word', ...stripStars(run) });
      continue;
    }
    const value = run.slice(colon + 1);
    const next = i < n && !plain ? input.charCodeAt(i) : -1;
    const qualifier = { kind: 'qualifier', key, closed: true, group: false } as const;
    if (value === '' && next === QUOTE) {
      const phrase = readPhrase();
      lexemes.push({ ...qualifier, value: phrase.text, closed: phrase.closed, prefix: false, quoted: true });
    } else {
      const { text, prefix } = stripStars(value);
      lexemes.push({
        ...qualifier,
        value: text,
        prefix,
        quoted: false,
        group: value === '' && next === OPEN,
      });
    }
  }
  return { lexemes, truncated };
}
