/**
 * The two-word phrase pass (PairKernel) against the positions it was given: through windows as
 * small as a few postings, an output taken a match at a time, postings longer than a window, skip
 * entries, a stream in memory and in a file, documents renumbered.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../test/random.js';
import { Bitset } from './bitset.js';
import {
  BODY_START,
  PairKernel,
  type PhraseField,
  PositionReader,
  PositionWriter,
  phraseDocuments,
  TITLE_POSITIONS,
  WordPositions,
} from './positions.js';

const DOCUMENTS = 3000;

/** Each word's positions per document (ascending), as a builder would have appended them. */
type Corpus = Map<string, (Int32Array | null)[]>;

/**
 * Three words: `common` in most documents, `rare` in a few, `long` in some with hundreds of
 * positions (a posting of ~500 bytes); each in the title and the body, sometimes right after another.
 */
function corpus(random: () => number): Corpus {
  const words: Corpus = new Map([
    ['common', []],
    ['rare', []],
    ['long', []],
  ]);
  const share = { common: 0.8, rare: 0.02, long: 0.15 } as const;
  for (let d = 0; d < DOCUMENTS; d++) {
    const placed = new Map<string, Set<number>>();
    for (const [word, p] of Object.entries(share)) {
      if (random() >= p) continue;
      const at = new Set<number>();
      const count = word === 'long' ? 250 + Math.floor(random() * 300) : 1 + Math.floor(random() * 6);
      for (let i = 0; i < count; i++)
        at.add(random() < 0.2 ? Math.floor(random() * 12) : BODY_START + Math.floor(random() * 2000));
      placed.set(word, at);
    }
    // Phrases that stand: a word right after (or two after) one of another's positions.
    const [a, b] = [...placed.keys()];
    if (a && b && random() < 0.5) {
      const from = [...placed.get(a)!][0]!;
      placed.get(b)!.add(from + 1 + Math.floor(random() * 2));
    }
    for (const [word, list] of words) {
      const at = placed.get(word);
      list.push(
        at
          ? Int32Array.from(
              [...at].filter((p) => p < TITLE_POSITIONS || p >= BODY_START).sort((x, y) => x - y),
            )
          : null,
      );
    }
  }
  return words;
}

/** The corpus's streams, spilled to a file past `spillBytes` (Infinity keeps them in memory). */
function reader(words: Corpus, spillBytes: number, ordinalOf: Uint32Array | null): PositionReader {
  const writer = new PositionWriter(spillBytes);
  const built = new Map([...words.keys()].map((w) => [w, new WordPositions()]));
  for (let d = 0; d < DOCUMENTS; d++)
    for (const [word, list] of words) {
      const at = list[d];
      if (!at) continue;
      writer.grew(built.get(word)!.append(d, at, 0, at.length), built.values());
    }
  return new PositionReader(writer.finish(built, ordinalOf, (a) => a));
}

const inField = (start: number, end: number, field: PhraseField) =>
  field === 'title'
    ? end < BODY_START
    : field === 'body'
      ? start >= BODY_START
      : start >= BODY_START || end < BODY_START;

/** What the pass must find, from the positions themselves. */
function expected(
  words: Corpus,
  first: string,
  second: string,
  gap: number,
  field: PhraseField,
  ordinalOf: Uint32Array | null,
) {
  const found: number[] = [];
  for (let d = 0; d < DOCUMENTS; d++) {
    const a = words.get(first)![d];
    const b = words.get(second)![d];
    if (!a || !b) continue;
    const seconds = new Set(b);
    if (a.some((p) => seconds.has(p + gap) && inField(p, p + gap, field)))
      found.push(ordinalOf ? ordinalOf[d]! : d);
  }
  return found.sort((x, y) => x - y);
}

const members = (set: Bitset) => {
  const out: number[] = [];
  for (let d = 0; d < set.size; d++) if (set.has(d)) out.push(d);
  return out;
};

describe('PairKernel', () => {
  const random = seededRandom(7);
  const words = corpus(random);
  const shuffled = Uint32Array.from({ length: DOCUMENTS }, (_, i) => i);
  for (let i = DOCUMENTS - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const pairs = [
    ['common', 'rare'],
    ['rare', 'common'],
    ['common', 'long'],
    ['long', 'common'],
    ['long', 'rare'],
    ['common', 'common'],
  ] as const;
  const fields: PhraseField[] = [undefined, 'title', 'body'];

  for (const [where, spill] of [
    ['in memory', Number.POSITIVE_INFINITY],
    ['in a file', 4096],
  ] as const) {
    for (const ordinalOf of [null, shuffled]) {
      it(`finds exactly the documents where the second word follows the first (${where}, ${ordinalOf ? 'renumbered' : 'in order'})`, () => {
        const positions = reader(words, spill, ordinalOf);
        let matched = 0;
        // Windows of 16 bytes (a few postings: every step refills, the long word's postings grow
        // them), 4 KB and the default; outputs of one match, seven, and the default.
        for (const [window, capacity] of [
          [16, 1],
          [4096, 7],
          [undefined, undefined],
        ] as const) {
          const kernel = new PairKernel(window, capacity);
          for (const [first, second] of pairs)
            for (const gap of [1, 2])
              for (const field of fields) {
                const out = new Bitset(DOCUMENTS);
                kernel.documents(positions, first, second, gap, field, ordinalOf, out);
                const want = expected(words, first, second, gap, field, ordinalOf);
                expect(members(out), `${first} ${second} +${gap} ${field ?? 'any'} window ${window}`).toEqual(
                  want,
                );
                matched += want.length;
              }
        }
        // The sample holds phrases that stand, in every field.
        expect(matched).toBeGreaterThan(1000);
        // phraseDocuments takes two-word phrases to the reader's kernel.
        const viaPhrase = phraseDocuments(
          positions,
          ordinalOf,
          DOCUMENTS,
          ['common', 'long'],
          [0, 1],
          'body',
        );
        expect(members(viaPhrase)).toEqual(expected(words, 'common', 'long', 1, 'body', ordinalOf));
      });
    }
  }

  it('finds nothing for a word no document holds, and keeps its memory to its windows', () => {
    const positions = reader(words, Number.POSITIVE_INFINITY, null);
    const kernel = new PairKernel(1024, 16);
    const out = new Bitset(DOCUMENTS);
    kernel.documents(positions, 'common', 'absent', 1, undefined, null, out);
    expect(out.isEmpty()).toBe(true);
    kernel.documents(positions, 'long', 'common', 1, undefined, null, out);
    expect(members(out)).toEqual(expected(words, 'long', 'common', 1, undefined, null));
    // Two 1 KB windows and the skip entries in one page of memory, not the streams.
    expect(positions.streamLength('long') + positions.streamLength('common')).toBeGreaterThan(2 * 65536);
    expect(kernel.memoryBytes).toBe(65536);
  });
});
