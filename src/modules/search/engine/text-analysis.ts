/**
 * The first half of indexing a document: its title and text analyzed into index words, each word
 * named by a number from a dictionary of every word seen so far. The second half (IndexBuilder in
 * index-data.ts) turns those numbers into postings and positions.
 *
 * Why two halves: analysis (tokenizing, folding, stemming) and the dictionary's lookups are about
 * half of an index build, and they need nothing of the index. A large build runs them in a thread
 * of their own (analysis-thread.ts) while the builder adds the previous page of documents, so it
 * uses both cores; a small one runs both halves here, one document after the other. Both ways
 * give the builder the same numbers in the same order, so they build the same index.
 */
import type { Analyzer } from './index-data.js';

/**
 * Tokens of analyzed documents, one after another, each document as
 * `[titleWords, (word, position) × titleWords, textWords, (word, position) × textWords]`.
 */
export type AnalyzedTokens = Int32Array;

export class TextAnalysis {
  /** Word → its number. */
  private readonly numbers = new Map<string, number>();
  /** Each word by its number, in the order they were first seen. */
  readonly words: string[] = [];
  /** The written form each word was first seen in, lower-cased (see IndexData.surface). */
  readonly surfaces: string[] = [];
  /** The current document's words: most repeat, and a small map answers faster than the dictionary. */
  private readonly inDocument = new Map<string, number>();
  private buffer = new Int32Array(8192);
  /** Tokens written to `buffer` since the last `take`/`clear`. */
  length = 0;
  private text = '';
  private counted = 0;
  private partWords = 0;

  constructor(private readonly analyze: Analyzer) {}

  get tokens(): AnalyzedTokens {
    return this.buffer;
  }

  /** Appends one document's tokens. */
  add(title: string, text: string, language: string): void {
    this.inDocument.clear();
    this.part(title, language);
    this.part(text, language);
  }

  /** The tokens appended since the last call (a copy, which may cross threads), and starts anew. */
  take(): Int32Array<ArrayBuffer> {
    const out = this.buffer.slice(0, this.length);
    this.length = 0;
    return out;
  }

  clear(): void {
    this.length = 0;
  }

  private part(text: string, language: string): void {
    const countAt = this.length;
    this.push(0);
    this.text = text;
    // An analyzer that cannot tell positions gets consecutive ones.
    this.counted = 0;
    this.partWords = 0;
    this.analyze(text, language, this.visit);
    this.buffer[countAt] = this.partWords;
  }

  private readonly visit = (word: string, position?: number, start?: number, end?: number): void => {
    let number = this.inDocument.get(word);
    if (number === undefined) {
      number = this.numbers.get(word);
      if (number === undefined) {
        number = this.words.length;
        this.numbers.set(word, number);
        this.words.push(word);
        this.surfaces.push(
          start !== undefined && end !== undefined ? this.text.slice(start, end).toLowerCase() : word,
        );
      }
      this.inDocument.set(word, number);
    }
    this.push(number);
    this.push(position ?? this.counted++);
    this.partWords++;
  };

  private push(value: number): void {
    if (this.length === this.buffer.length) {
      const grown = new Int32Array(this.buffer.length * 2);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    this.buffer[this.length++] = value;
  }
}
