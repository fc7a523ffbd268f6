/**
 * Text → sparse TF-IDF features for the topic classifier: words are Unicode letter runs,
 * lower-cased and accent-folded (so "Élections", "elections" and "élections" are one feature in
 * every profile language), stop words of the six profile languages dropped, English lightly
 * stemmed, then unigrams and bigrams weighted by sublinear tf × smoothed idf and L2-normalized.
 * Pure functions and plain arrays: the vocabulary serializes to JSON with the model.
 */
import { DatelineError } from '../../errors.js';

/** Short function-word lists; a topic never hangs on these, and they dominate raw counts. */
const STOP_WORDS: Readonly<Record<string, string>> = {
  en:
    'a an and are as at be been but by for from had has have he her his i in into is it its ' +
    'more not of on or our she such than that the their them there these they this those to was we ' +
    'were which while who will with would also its other all any can may said after over under',
  fr:
    'au aux avec ce ces cette dans de des du elle en est et eux il ils je la le les leur leurs lui ' +
    'mais ne nos notre nous ou par pas plus pour qu que qui sa se ses son sont sur un une vos votre',
  de:
    'am an auf aus bei das dem den der des die ein eine einem einen einer eines er es für hat im in ' +
    'ist mit nach nicht oder sich sie sind und von vor wie wir wird werden zu zum zur über',
  it:
    'al alla alle che con da dal dei del della delle di gli il in la le nel nella non per si sono ' +
    'su sua suo tra un una uno',
  ru:
    'а без в во для до его ее и из или им их к как ко ли на над не но о об от по при с со так то ' +
    'что это же был была были быть он она они оно мы вы у',
  es:
    'al como con de del el en es esta este la las lo los más no para pero por que se sin sobre su ' +
    'sus un una uno y',
};

/** Folds accents away: "sécurité" → "securite", "Zusammenarbeit" unchanged. ASCII is left as is. */
export function foldAccents(word: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
  return /[^\u0000-\u007f]/.test(word) ? word.normalize('NFKD').replace(/\p{M}/gu, '') : word;
}

const STOP = new Set(
  Object.values(STOP_WORDS).flatMap((list) => list.split(' ').map((w) => foldAccents(w.toLowerCase()))),
);

/** True for a (lower-cased, folded) function word of any profile language. */
export function isStopWord(word: string): boolean {
  return STOP.has(word);
}

/**
 * A light English suffix stripper (plurals, -ing, -ed): enough to join "elections"/"election" and
 * "monitoring"/"monitored"/"monitor" without the false merges of an aggressive stemmer.
 */
export function stemEnglish(word: string): string {
  if (!/^[a-z]+$/.test(word) || word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('ing') && word.length > 5) return undouble(word.slice(0, -3));
  if (word.endsWith('ed') && word.length > 4 && !word.endsWith('eed')) return undouble(word.slice(0, -2));
  if (word.endsWith('s') && !/(?:ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** "planning" → "plann" → "plan"; "training" → "train" is untouched. */
function undouble(stem: string): string {
  return /([b-df-hj-np-tv-z])\1$/.test(stem) && !/(?:ll|ss|zz)$/.test(stem) ? stem.slice(0, -1) : stem;
}

export interface TokenOptions {
  /** Apply the English stemmer (default true). */
  readonly stem?: boolean;
}

/** Words of a text as features and as written (for showing evidence), in reading order. */
export interface Tokens {
  readonly words: readonly string[];
  readonly surfaces: readonly string[];
}

const LINKS = /\b(?:https?:\/\/|www\.)\S+/giu;
// Letters with their combining marks, so text already in decomposed form stays one word.
const WORD = /\p{L}[\p{L}\p{M}]*/gu;

/** Splits a text into folded, lower-cased, stemmed content words (stop words and single letters dropped). */
export function tokenize(text: string, options: TokenOptions = {}): Tokens {
  const stem = options.stem ?? true;
  const words: string[] = [];
  const surfaces: string[] = [];
  for (const match of text.replace(LINKS, ' ').matchAll(WORD)) {
    const surface = match[0];
    const folded = foldAccents(surface.toLowerCase());
    if (folded.length < 2 || STOP.has(folded)) continue;
    words.push(stem ? stemEnglish(folded) : folded);
    surfaces.push(surface);
  }
  return { words, surfaces };
}

/** Unigrams, then bigrams of neighbouring content words ("human rights"), with a readable form each. */
export function ngrams(tokens: Tokens, bigrams = true): { terms: string[]; readable: string[] } {
  const terms = [...tokens.words];
  const readable = [...tokens.surfaces];
  if (bigrams)
    for (let i = 1; i < tokens.words.length; i++) {
      terms.push(`${tokens.words[i - 1]} ${tokens.words[i]}`);
      readable.push(`${tokens.surfaces[i - 1]} ${tokens.surfaces[i]}`);
    }
  return { terms, readable };
}

/** A sparse vector: feature indices in ascending order and their weights. */
export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

export interface VocabularyOptions {
  /** A term must occur in at least this many documents (default 2). */
  readonly minDf?: number;
  /** … and in at most this share of them (default 0.9): words in nearly every text tell nothing. */
  readonly maxDfShare?: number;
  /** Keep at most this many terms, the most frequent by document frequency (default 20,000). */
  readonly maxFeatures?: number;
}

export interface VectorizerJson {
  readonly terms: readonly string[];
  readonly idf: readonly number[];
}

/** The fitted vocabulary with its idf weights; turns term lists into L2-normalized TF-IDF vectors. */
export class TfidfVectorizer {
  private readonly index: Map<string, number>;

  private constructor(
    readonly terms: readonly string[],
    readonly idf: readonly number[],
  ) {
    this.index = new Map(terms.map((t, i) => [t, i]));
  }

  get size(): number {
    return this.terms.length;
  }

  /** Chooses the vocabulary from documents given as term lists (see `ngrams`). */
  static fit(documents: readonly (readonly string[])[], options: VocabularyOptions = {}): TfidfVectorizer {
    const minDf = options.minDf ?? 2;
    const maxDf = (options.maxDfShare ?? 0.9) * documents.length;
    const maxFeatures = options.maxFeatures ?? 20_000;
    const df = new Map<string, number>();
    for (const document of documents)
      for (const term of new Set(document)) df.set(term, (df.get(term) ?? 0) + 1);
    const kept = [...df]
      .filter(([, n]) => n >= minDf && n <= Math.max(maxDf, minDf))
      // Ties broken by the term itself, so the same documents always give the same vocabulary.
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, maxFeatures);
    const n = documents.length;
    return new TfidfVectorizer(
      kept.map(([term]) => term),
      kept.map(([, count]) => Math.log((1 + n) / (1 + count)) + 1),
    );
  }

  static fromJSON(json: VectorizerJson): TfidfVectorizer {
    if (
      !Array.isArray(json?.terms) ||
      !Array.isArray(json.idf) ||
      json.terms.length !== json.idf.length ||
      !json.terms.every((t) => typeof t === 'string') ||
      !json.idf.every((v) => typeof v === 'number' && Number.isFinite(v))
    )
      throw new DatelineError('DL_VALIDATION', 'The vocabulary of the model is malformed.');
    return new TfidfVectorizer(json.terms, json.idf);
  }

  toJSON(): VectorizerJson {
    return { terms: this.terms, idf: this.idf };
  }

  /** Index of a term, or undefined when it is not in the vocabulary. */
  indexOf(term: string): number | undefined {
    return this.index.get(term);
  }

  /** Sublinear tf (1 + ln tf) × idf, L2-normalized; unknown terms are ignored. */
  transform(terms: readonly string[]): SparseVector {
    const counts = new Map<number, number>();
    for (const term of terms) {
      const i = this.index.get(term);
      if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    const indices = Int32Array.from(counts.keys()).sort();
    const values = new Float64Array(indices.length);
    let norm = 0;
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k]!;
      const v = (1 + Math.log(counts.get(i)!)) * this.idf[i]!;
      values[k] = v;
      norm += v * v;
    }
    if (norm > 0) {
      const scale = 1 / Math.sqrt(norm);
      for (let k = 0; k < values.length; k++) values[k] = values[k]! * scale;
    }
    return { indices, values };
  }
}
