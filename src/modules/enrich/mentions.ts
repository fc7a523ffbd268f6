/**
 * Tag suggestions for the vocabularies of named bodies: institutions, field operations, meeting
 * series — every vocabulary but the countries (see countries.ts) and the one a topic classifier
 * covers. Terms are found through their labels in every language, aliases, former names and
 * acronyms, matched as whole token sequences against one index compiled up front, so a text is
 * scanned once. Dates decide: a field operation closed before the text is not suggested, and a
 * renamed one is labelled with the name it had on the day. A generic reference ("the Mission")
 * counts for a term only when the text names exactly one term it can refer to.
 */
import { DatelineError } from '../../errors.js';
import { isTermValidOn, labelIn, type Taxonomy, type Term } from '../taxonomy/taxonomy.js';

/** A suggested term with its confidence (0..1) and the words that triggered it. */
export interface MentionSuggestion {
  readonly vocabulary: string;
  readonly slug: string;
  readonly label: string;
  readonly confidence: number;
  readonly evidence: string[];
}

/** Options of `MentionFinder.suggest`. */
export interface MentionOptions {
  /** The title: mentions there weigh most. */
  readonly title?: string;
  /** The text's date (YYYY-MM-DD or an ISO instant): decides which terms were in force and their names. */
  readonly date?: string;
  /** Language of the labels returned (default English, then any). */
  readonly language?: string;
}

export interface MentionFinderOptions {
  /** Vocabularies searched; default every vocabulary but `countries` and those in `exclude`. */
  readonly vocabularies?: readonly string[];
  readonly exclude?: readonly string[];
  /** The organization's names ("OSCE", "OSZE"): a prefix that joins a mention ("OSCE Mission to Skopje"). */
  readonly organizationNames?: readonly string[];
  /** Suggestions under this confidence are dropped. */
  readonly floor?: number;
}

// Weights of one mention by place: the title says what a text is about, the lead nearly so.
const TITLE_WEIGHT = 1.5;
const LEAD_WEIGHT = 1;
const LATER_WEIGHT = 0.6;
/** "the Mission" leans on an explicit mention elsewhere: it adds, but less. */
const GENERIC_FACTOR = 0.5;
/** The lead is the first paragraph, but no more than this many words of it. */
const LEAD_TOKENS = 80;
const CONFIDENCE_SCALE = 1.25;
const MAX_CONFIDENCE = 0.99;
const MAX_EVIDENCE = 8;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

// Definite articles that make a capitalized head noun a reference ("the Mission", "la Mission").
const ARTICLES = new Set('the le la l les der die das den dem des il lo el los las'.split(' '));

// ---------------------------------------------------------------------------------------------
// Tokens

const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu;
const NON_ASCII = /\P{ASCII}/u;
const MARKS = /\p{M}/gu;
const CYRILLIC = /^[\u0400-\u04ff]/;
// Letters Unicode does not decompose into a base letter plus a mark.
const SPECIAL: Readonly<Record<string, string>> = { ł: 'l', Ł: 'L', ø: 'o', Ø: 'O', đ: 'd', Đ: 'D', ß: 'ss' };
const SPECIAL_LETTERS = /[łŁøØđĐß]/g;
// Sentence punctuation, brackets and quotes end a name: "… Mission. Skopje" is not "Mission Skopje".
const BREAK = /[.!?;:()[\]"“”«»\n]/;
const PARAGRAPH = /\n\s*\n/;
// Russian case endings, longest first: names and text words are both cut to a stem, so
// "Миссия" and "Миссии" meet. Symmetric on purpose: no list of stems to keep in step.
const CASE_ENDINGS =
  'ами ями ого его ому ему ыми ими ией ия ии ию ие ья ье ью ая яя ое ее ую ые ых их ым им ом ем ой ей ам ям ах ях ов ев а я ы и у ю е о ь'
    .split(' ')
    .sort((a, b) => b.length - a.length);
const MIN_STEM = 3;

function fold(word: string): string {
  if (!NON_ASCII.test(word)) return word;
  return word
    .replace(SPECIAL_LETTERS, (ch) => SPECIAL[ch] ?? ch)
    .normalize('NFKD')
    .replace(MARKS, '');
}

function keyOf(folded: string): string {
  const key = folded.toLowerCase();
  if (!CYRILLIC.test(key)) return key;
  for (const ending of CASE_ENDINGS)
    if (key.endsWith(ending) && key.length - ending.length >= MIN_STEM) return key.slice(0, -ending.length);
  return key;
}

function isUpper(ch: string | undefined): boolean {
  return ch !== undefined && ch !== ch.toLowerCase();
}

function upperCount(word: string): number {
  let n = 0;
  for (const ch of word) if (isUpper(ch)) n++;
  return n;
}

/** A name token's case rule: acronyms exactly ("SMM", "RFoM"), capitalized words capitalized. */
function caseFits(expected: string, actual: string): boolean {
  if (upperCount(expected) >= 2) return actual === expected;
  return !isUpper(expected[0]) || isUpper(actual[0]);
}

interface Tokens {
  readonly text: string;
  readonly keys: string[];
  readonly folded: string[];
  readonly starts: number[];
  readonly ends: number[];
  /** Punctuation or a line end between this token and the previous one. */
  readonly breaks: boolean[];
  readonly paragraphs: number[];
}

/** The words of a name: folded, case kept. */
function nameWords(name: string): string[] {
  return [...fold(name).matchAll(WORD)].map((m) => m[0]);
}

// ---------------------------------------------------------------------------------------------
// The index

interface NameEntry {
  readonly term: Term;
  readonly caseTokens: readonly string[];
}

interface Phrase<T> {
  readonly keys: readonly string[];
  readonly caseTokens: readonly string[];
  readonly entries: T[];
}

interface Explicit {
  readonly kind: 'explicit';
  readonly start: number;
  readonly end: number;
  /** Where the evidence starts: before an organization prefix ("OSCE …"). */
  readonly from: number;
  readonly terms: readonly Term[];
  readonly title: boolean;
}

interface Generic {
  readonly kind: 'generic';
  readonly start: number;
  readonly end: number;
  readonly terms: readonly Term[];
  readonly title: boolean;
}

type Found = Explicit | Generic;

/** Suggests terms of the named-body vocabularies from one precompiled index of every name they have. */
export class MentionFinder {
  private readonly names = new Map<string, Phrase<NameEntry>[]>();
  private readonly generics = new Map<string, Phrase<Term>[]>();
  private readonly organization: { keys: string[]; caseTokens: string[] }[] = [];
  private readonly words = new Map<string, readonly [folded: string, key: string]>();
  private readonly floor: number;

  constructor(taxonomy: Taxonomy, options: MentionFinderOptions = {}) {
    this.floor = options.floor ?? 0.3;
    const excluded = new Set(['countries', ...(options.exclude ?? [])]);
    const vocabularies = options.vocabularies
      ? taxonomy.vocabularies.filter((v) => options.vocabularies!.includes(v.slug))
      : taxonomy.vocabularies.filter((v) => !excluded.has(v.slug));
    for (const name of options.organizationNames ?? []) {
      const caseTokens = nameWords(name);
      if (caseTokens.length > 0) this.organization.push({ keys: caseTokens.map(keyOf), caseTokens });
    }
    for (const vocabulary of vocabularies)
      for (const term of taxonomy.termsOf(vocabulary.id)) {
        for (const label of Object.values(term.labels)) {
          this.addName(label, term);
          this.addGenerics(label, term);
        }
        for (const alias of term.aliases) this.addName(alias, term);
        const acronym = term.attributes.acronym;
        if (typeof acronym === 'string') this.addName(acronym, term);
      }
    for (const index of [this.names, this.generics])
      for (const phrases of index.values()) phrases.sort((a, b) => b.keys.length - a.keys.length);
  }

  private addName(name: string, term: Term): void {
    // "Office for Democratic Institutions and Human Rights (ODIHR)": the name and the acronym apart.
    const parenthetical = /^(.*?)\s*\(([^)]+)\)\s*$/.exec(name);
    if (parenthetical) {
      this.addName(parenthetical[1]!, term);
      this.addName(parenthetical[2]!, term);
      return;
    }
    const caseTokens = nameWords(name);
    if (caseTokens.length === 0) return;
    const phrase = this.phrase(this.names, caseTokens);
    if (!phrase.entries.some((e) => e.term.id === term.id)) phrase.entries.push({ term, caseTokens });
  }

  /**
   * The head nouns a text may use for a term once it has been named: the capitalized words that
   * open its label, up to the first lower-case word ("Special Monitoring Mission to Ukraine" →
   * "Mission", "Monitoring Mission"). Organization names before them are skipped ("OSCE Secretariat").
   */
  private addGenerics(label: string, term: Term): void {
    const words = nameWords(label);
    let at = 0;
    for (const org of this.organization)
      if (org.keys.every((k, i) => keyOf(words[i] ?? '') === k)) at = Math.max(at, org.keys.length);
    const capitalized: string[] = [];
    for (; at < words.length && isUpper(words[at]![0]); at++) capitalized.push(words[at]!);
    const heads = [capitalized.slice(-1), ...(capitalized.length >= 2 ? [capitalized.slice(-2)] : [])];
    for (const head of heads) {
      if (head.length === 0 || head.some((w) => upperCount(w) >= 2)) continue;
      const phrase = this.phrase(this.generics, head);
      if (!phrase.entries.includes(term)) phrase.entries.push(term);
    }
  }

  private phrase<T>(index: Map<string, Phrase<T>[]>, caseTokens: readonly string[]): Phrase<T> {
    const keys = caseTokens.map(keyOf);
    const list = index.get(keys[0]!) ?? [];
    let phrase = list.find((p) => p.keys.length === keys.length && p.keys.every((k, i) => k === keys[i]));
    if (!phrase) {
      phrase = { keys, caseTokens, entries: [] };
      list.push(phrase);
      index.set(keys[0]!, list);
    }
    return phrase;
  }

  /** Folded form and key of a word; non-ASCII words are cached, as folding them is the slow part. */
  private wordOf(word: string): readonly [folded: string, key: string] {
    if (!NON_ASCII.test(word)) return [word, word.toLowerCase()];
    let known = this.words.get(word);
    if (!known) {
      const folded = fold(word);
      known = [folded, keyOf(folded)];
      if (this.words.size >= 50_000) this.words.clear();
      this.words.set(word, known);
    }
    return known;
  }

  private tokenize(text: string): Tokens {
    const tokens: Tokens = { text, keys: [], folded: [], starts: [], ends: [], breaks: [], paragraphs: [] };
    let previousEnd = 0;
    let paragraph = 0;
    for (const match of text.matchAll(WORD)) {
      const start = match.index;
      const gap = text.slice(previousEnd, start);
      if (tokens.keys.length > 0 && PARAGRAPH.test(gap)) paragraph++;
      const [folded, key] = this.wordOf(match[0]);
      tokens.keys.push(key);
      tokens.folded.push(folded);
      tokens.starts.push(start);
      tokens.ends.push(start + match[0].length);
      tokens.breaks.push(tokens.keys.length === 1 || BREAK.test(gap));
      tokens.paragraphs.push(paragraph);
      previousEnd = start + match[0].length;
    }
    return tokens;
  }

  /** The longest phrase of `index` at token `at` whose words and case fit, or null. */
  private phraseAt<T>(index: Map<string, Phrase<T>[]>, tokens: Tokens, at: number): Phrase<T> | null {
    const phrases = index.get(tokens.keys[at]!);
    if (!phrases) return null;
    for (const phrase of phrases) {
      const length = phrase.keys.length;
      if (at + length > tokens.keys.length) continue;
      let fits = true;
      for (let j = 0; j < length && fits; j++)
        fits =
          (j === 0 || (tokens.keys[at + j] === phrase.keys[j] && !tokens.breaks[at + j])) &&
          caseFits(phrase.caseTokens[j]!, tokens.folded[at + j]!);
      if (fits) return phrase;
    }
    return null;
  }

  /** End of an organization name at `at` ("OSCE"), or -1. */
  private organizationAt(tokens: Tokens, at: number): number {
    for (const org of this.organization) {
      const end = at + org.keys.length;
      if (end > tokens.keys.length) continue;
      let fits = true;
      for (let j = 0; j < org.keys.length && fits; j++)
        fits =
          tokens.keys[at + j] === org.keys[j] &&
          (j === 0 || !tokens.breaks[at + j]) &&
          caseFits(org.caseTokens[j]!, tokens.folded[at + j]!);
      if (fits && end < tokens.keys.length && !tokens.breaks[end]) return end;
    }
    return -1;
  }

  /** Terms a matched name stands for on the date: one per vocabulary, or none where it stays ambiguous. */
  private termsOf(entries: readonly NameEntry[], date: string | undefined): Term[] {
    const byVocabulary = new Map<number, Term[]>();
    for (const { term } of entries) {
      if (date && !isTermValidOn(term, date)) continue;
      byVocabulary.set(term.vocabularyId, [...(byVocabulary.get(term.vocabularyId) ?? []), term]);
    }
    const chosen: Term[] = [];
    for (let found of byVocabulary.values()) {
      if (found.length > 1) {
        const active = found.filter((t) => t.status === 'active');
        if (active.length > 0) found = active;
      }
      // A group and its member sharing a name resolve to the group.
      if (found.length > 1) {
        const ids = new Set(found.map((t) => t.id));
        const roots = found.filter((t) => t.parentId === null || !ids.has(t.parentId));
        if (roots.length === 1) found = roots;
      }
      if (found.length === 1) chosen.push(found[0]!);
    }
    return chosen;
  }

  private scan(tokens: Tokens, title: boolean, date: string | undefined): Found[] {
    const found: Found[] = [];
    const n = tokens.keys.length;
    for (let i = 0; i < n; i++) {
      const name = this.phraseAt(this.names, tokens, i);
      if (name) {
        const terms = this.termsOf(name.entries, date);
        const end = i + name.keys.length;
        if (terms.length > 0) found.push({ kind: 'explicit', start: i, end, from: i, terms, title });
        i = end - 1;
        continue;
      }
      const org = this.organizationAt(tokens, i);
      if (org >= 0) {
        const named = this.phraseAt(this.names, tokens, org);
        if (named) {
          const terms = this.termsOf(named.entries, date);
          const end = org + named.keys.length;
          if (terms.length > 0) found.push({ kind: 'explicit', start: org, end, from: i, terms, title });
          i = end - 1;
          continue;
        }
      }
      // A reference: an article or the organization's name, then a head noun ("the Mission").
      let head = i;
      if (ARTICLES.has(tokens.keys[i]!) && i + 1 < n && !tokens.breaks[i + 1]) head = i + 1;
      const afterOrg = this.organizationAt(tokens, head);
      if (afterOrg >= 0) head = afterOrg;
      if (head === i || this.phraseAt(this.names, tokens, head)) continue;
      const generic = this.phraseAt(this.generics, tokens, head);
      if (!generic) continue;
      const end = head + generic.keys.length;
      // "the Mission Statement", "the Office Building": a longer name we do not know.
      if (end < n && !tokens.breaks[end] && isUpper(tokens.folded[end]![0])) continue;
      found.push({ kind: 'generic', start: i, end, terms: generic.entries, title });
      i = end - 1;
    }
    return found;
  }

  /** Suggested terms for a text, most confident first. Throws DL_VALIDATION on a malformed date. */
  suggest(body: string, options: MentionOptions = {}): MentionSuggestion[] {
    const date = options.date?.slice(0, 10);
    if (date !== undefined && !DATE.test(date))
      throw new DatelineError('DL_VALIDATION', `date ${JSON.stringify(options.date)} is not YYYY-MM-DD`);
    const language = options.language ?? 'en';
    const streams = [
      ...(options.title ? [{ tokens: this.tokenize(options.title), title: true }] : []),
      { tokens: this.tokenize(body), title: false },
    ].map((s) => ({ ...s, found: this.scan(s.tokens, s.title, date) }));

    interface Tally {
      readonly term: Term;
      score: number;
      readonly first: number;
      readonly evidence: string[];
      /** The words of its first explicit mention, for explaining generic references. */
      named: string;
    }
    const tallies = new Map<number, Tally>();
    let order = 0;
    const words = (tokens: Tokens, from: number, end: number) =>
      tokens.text.slice(tokens.starts[from], tokens.ends[end - 1]).normalize('NFC');
    const weightAt = (tokens: Tokens, at: number, title: boolean) =>
      title ? TITLE_WEIGHT : tokens.paragraphs[at] === 0 && at < LEAD_TOKENS ? LEAD_WEIGHT : LATER_WEIGHT;
    // "The Mission" opening a sentence and "the Mission" within one are the same evidence.
    const note = (tally: Tally, evidence: string) => {
      const same = evidence.toLowerCase();
      if (!tally.evidence.some((e) => e.toLowerCase() === same) && tally.evidence.length < MAX_EVIDENCE)
        tally.evidence.push(evidence);
    };

    for (const { tokens, found } of streams)
      for (const [k, mention] of found.entries()) {
        if (mention.kind !== 'explicit') continue;
        const text = words(tokens, mention.from, mention.end);
        // "… Human Rights (ODIHR)" right after the name defines the acronym: one mention, not two.
        const previous = found[k - 1];
        const definition =
          previous?.kind === 'explicit' &&
          previous.end === mention.start &&
          /^\s*\(\s*$/.test(tokens.text.slice(tokens.ends[previous.end - 1], tokens.starts[mention.start])) &&
          previous.terms.some((t) => mention.terms.includes(t));
        for (const term of mention.terms) {
          let tally = tallies.get(term.id);
          if (!tally) {
            tally = { term, score: 0, first: order++, evidence: [], named: text };
            tallies.set(term.id, tally);
          }
          if (!definition) tally.score += weightAt(tokens, mention.start, mention.title);
          note(tally, text);
        }
      }

    for (const { tokens, found } of streams)
      for (const mention of found) {
        if (mention.kind !== 'generic') continue;
        const named = mention.terms.filter((t) => tallies.has(t.id));
        if (named.length !== 1) continue;
        const tally = tallies.get(named[0]!.id)!;
        tally.score += GENERIC_FACTOR * weightAt(tokens, mention.start, mention.title);
        note(tally, `${words(tokens, mention.start, mention.end)} → ${tally.named}`);
      }

    const suggestions: (MentionSuggestion & { first: number })[] = [];
    for (const tally of tallies.values()) {
      const confidence = Math.min(MAX_CONFIDENCE, 1 - Math.exp(-tally.score / CONFIDENCE_SCALE));
      if (confidence < this.floor) continue;
      suggestions.push({
        vocabulary: tally.term.vocabularySlug,
        slug: tally.term.slug,
        label: nameOn(tally.term, date, language),
        confidence: Math.round(confidence * 1000) / 1000,
        evidence: tally.evidence,
        first: tally.first,
      });
    }
    suggestions.sort((a, b) => b.confidence - a.confidence || a.first - b.first);
    return suggestions.map(({ first: _first, ...s }) => s);
  }
}

/** The name a term had on a date: a former name until its end, else the current label. */
export function nameOn(term: Term, date: string | undefined, language: string): string {
  const former = term.attributes.formerNames;
  if (date && Array.isArray(former)) {
    const names = former
      .filter(
        (f): f is { label: string; until: string } =>
          typeof f?.label === 'string' && typeof f?.until === 'string' && date <= f.until,
      )
      .sort((a, b) => a.until.localeCompare(b.until));
    if (names[0]) return names[0].label;
  }
  return labelIn(term.labels, language);
}
