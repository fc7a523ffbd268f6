/**
 * BM25F top-k over a match set, exact, in three strategies with identical results:
 *
 * - exhaustive: every matching posting of every query word is scored, then every match is offered
 *   to a bounded heap. Cheap while the matches are few.
 * - impact walk: the documents of one common word in falling score order (the query's other
 *   common words bounded by their best), until no document left can beat the worst kept (see
 *   impactWalk).
 * - block-max: the ordinals are cut into blocks of 128 documents, and each word keeps (built
 *   on first use, then cached) the best score it can give any document of each block. Blocks are
 *   visited in ordinal order; once the heap is full, a block whose bound (the sum of its words'
 *   block maxima, or of each exclusive group's best: see exclusiveGroups) cannot beat the worst
 *   kept score is skipped without reading a posting — from the first block, when a short impact
 *   walk found a floor.
 *
 * All add a document's word scores in the same order, so the floating-point sums — and therefore
 * the order and the tie-breaks (equal scores: the lower ordinal, i.e. the newer item, wins) — are
 * the same whichever strategy runs. Tests compare them on the same queries.
 */
import { Bitset, popcount } from './bitset.js';
import { forEachPosting, type IndexData, type Postings } from './index-data.js';

const K1 = 1.2;
const B = 0.75;

/** Documents per block: 4 bitset words. Small blocks give tight bounds for deep pages too. */
const BLOCK_SHIFT = 7;
const WORDS_PER_BLOCK = 1 << (BLOCK_SHIFT - 5);
/**
 * Float32 bounds are rounded to nearest; scaling them up by this much keeps them bounds (float32
 * has a relative error below 6e-8).
 */
const BOUND_SLACK = 1 + 1e-6;
/** Words in at most this share of the documents are "rare" for block scoring (see blockMax). */
const RARE_SHARE = 0.25;
/** Candidates in a block from which its words are scored over all of them, not one by one. */
const SCORE_TOGETHER_FROM = 8;
/** Memory the cached block bounds and impact lists may take (rebuilt on demand when evicted). */
const BOUNDS_CACHE_BYTES = 64 * 1024 * 1024;
/** The most documents a word's impact list holds (its best); deeper walks fall back to block-max. */
const IMPACT_DEPTH = 65_536;
/**
 * The entries an impact list holds until a walk needs more: most walks settle the page within a
 * few thousand (at 1M, the benchmark's mix searching every language: 105 of 124 walks within
 * 2,112 entries, three past 16,000), and a list of a few thousand takes 64 KB of the ranking cache
 * where a whole one takes 512, so warming and the cache hold several times more words' lists.
 */
const IMPACT_FIRST_DEPTH = 8192;
/** Entries taken from each impact list before the threshold is checked again. */
const IMPACT_STEP = 64;
/**
 * Words in more than this share of the documents are common: an impact walk takes one of them in
 * score order and bounds the others; every document of the rarer words is scored first.
 */
const IMPACT_WALK_SHARE = 1 / 64;
/**
 * Impact walks run only when what the common words not walked can give, together, is at most this
 * share of what the walked word can (measured at 200k: walks past it seldom settled the page).
 */
const WALK_OTHERS_SHARE = 1;
/**
 * A common word is exclusive of the walked word (and of the exclusive words before it) when at
 * most 1/EXCLUSIVE_SHARE of its documents hold one of them; those few are met apart (meetShared).
 */
const EXCLUSIVE_SHARE = 8;
/**
 * Impact walks meet the rare words' postings first, all scored; past this share of the documents
 * only a floor is walked for (floorWalk).
 */
const IMPACT_RARE_SHARE = 1 / 16;
/**
 * How deep a walk the gate refuses goes (entries of the walked word's list): it settles the page
 * now and then, and otherwise gives block-max a floor (the worst of the best k met).
 */
const FLOOR_WALK_DEPTH = 1024;
/**
 * Such a walk first scores every document of the rare words and those two exclusive words share;
 * past this many per entry of its depth that alone costs more than the walk can save, and only a
 * floor is walked for (floorWalk).
 */
const FLOOR_WALK_FIRST = 8;
/**
 * Memory the pairs of words' shared documents may take (sharedDocs: each at most 1/EXCLUSIVE_SHARE
 * of the rarer word's documents; a few kilobytes for the forms of one word at a million documents).
 */
const PAIR_BYTES_KEPT = 16 * 1024 * 1024;
/** Buckets of the unit-score histogram that finds where a word's best IMPACT_DEPTH end. */
const UNIT_BUCKETS = 4096;
/**
 * Queries of up to this many ranked words bound each document of a block by the words it holds
 * (Membership): its search over the words' combinations grows as 2^n in the worst case.
 */
const MEMBERSHIP_WORDS = 8;

/** One query word as ranking sees it: its postings and its weight (idf × boost). */
export interface RankedWord {
  readonly postings: Postings;
  readonly weight: number;
}

/**
 * A common word's documents by falling unit score (BM25 of the word alone, weight 1), ties in
 * ordinal order: its best IMPACT_DEPTH, or all of them (`complete`).
 */
interface ImpactList {
  readonly docs: Uint32Array;
  /** Their unit scores, rounded to float32 (BOUND_SLACK makes them bounds). */
  readonly units: Float32Array;
  readonly complete: boolean;
}

/** Per block of one word: the best unit score in it and where its postings start in `tf`. */
interface BlockBounds {
  readonly max: Float32Array;
  /** The best unit score of any block. */
  readonly top: number;
  /** Index into the postings' tf of the first posting in each block; one extra entry at the end. */
  readonly start: Uint32Array;
}

/** An impact walk's outcome: the page when it settled it, else a score k documents reach. */
interface Walk {
  readonly settled: RankedDoc[] | null;
  readonly floor: number;
}

export interface RankedDoc {
  readonly doc: number;
  readonly score: number;
}

export class Ranker {
  private readonly scores: Float64Array;
  /** The documents of one block still to score in full (scoreBlockByRareWords); zero elsewhere. */
  private readonly candidates: Uint32Array;
  private readonly blocks: number;
  private readonly bounds = new Map<Postings, BlockBounds>();
  private readonly impacts = new Map<Postings, ImpactList>();
  /** Documents already scored by an impact walk (cleared after each). */
  private readonly seen: Uint32Array;
  /** The bitset words of one block holding a rare word (scoreBlockByRareWords). */
  private readonly touched = new Uint32Array(WORDS_PER_BLOCK);
  /** The matches of one block that may beat the worst kept, by the words they hold (Membership). */
  private readonly kept: Uint32Array;
  /** Per pair of words, the documents holding both when few (see sharedDocs), else null. */
  private readonly pairs = new Map<Postings, Map<Postings, Uint32Array | null>>();
  private pairBytes = 0;
  /** How often each strategy ranked (diagnostics and tests). */
  readonly strategies = {
    exhaustive: 0,
    impact: 0,
    blockMax: 0,
    seeded: 0,
    grouped: 0,
    floorWalk: 0,
    /** Impact walks that went past a list's first entries (IMPACT_FIRST_DEPTH), deepening it. */
    deepened: 0,
    /** Block-max searches that left a match out unscored by the words it holds (Membership). */
    membership: 0,
    /** Impact walks that left a document holding two exclusive words unscored (meetShared). */
    sharedBounded: 0,
  };
  private boundsBytes = 0;
  /** Scratch for a word's unit scores while its impact list is built (impactOf). */
  private units: Float32Array | null = null;
  /** Per document, BM25's length part of the denominator, K1 × (1 − B + B × length / average). */
  private readonly lengthPart: Float64Array;

  /**
   * `blockMaxFrom`: past this many matches the block-max strategy runs (tests lower it to compare
   * the strategies on small indexes).
   */
  constructor(
    private readonly data: IndexData,
    private readonly blockMaxFrom = 20_000,
    /** Whether impact walks may run (tests turn them off to reach block-max alone). */
    private readonly byImpact = true,
    private readonly impactDepth = IMPACT_DEPTH,
    private readonly floorWalkDepth = FLOOR_WALK_DEPTH,
    private readonly impactFirstDepth = IMPACT_FIRST_DEPTH,
  ) {
    this.scores = new Float64Array(data.size);
    this.candidates = new Uint32Array((data.size + 31) >>> 5);
    this.seen = new Uint32Array((data.size + 31) >>> 5);
    this.kept = new Uint32Array((data.size + 31) >>> 5);
    this.blocks = (data.size + (1 << BLOCK_SHIFT) - 1) >>> BLOCK_SHIFT;
    // Computed once: the same expression at query time would give the same doubles, a division slower.
    const norm = data.averageLength > 0 ? data.averageLength : 1;
    this.lengthPart = new Float64Array(data.size);
    for (let d = 0; d < data.size; d++) this.lengthPart[d] = K1 * (1 - B + (B * data.length[d]!) / norm);
  }

  /** The idf of a word with `df` documents (BM25's, never negative). */
  idf(df: number): number {
    return Math.log(1 + (this.data.size - df + 0.5) / (df + 0.5));
  }

  /** The `k` best of `matches` (which holds `matchCount` documents), best first. */
  top(words: readonly RankedWord[], matches: Bitset, matchCount: number, k: number): RankedDoc[] {
    if (k <= 0) return [];
    if (matchCount >= this.blockMaxFrom && matchCount > k) {
      const walk = this.byImpact ? this.impactWalk(words, matches.words, k) : null;
      if (walk?.settled) {
        this.strategies.impact++;
        return walk.settled;
      }
      this.strategies.blockMax++;
      if (walk && walk.floor > 0) this.strategies.seeded++;
      return this.blockMax(words, matches, k, walk?.floor ?? 0);
    }
    this.strategies.exhaustive++;
    return this.exhaustive(words, matches, matchCount, k);
  }

  private exhaustive(
    words: readonly RankedWord[],
    matches: Bitset,
    matchCount: number,
    k: number,
  ): RankedDoc[] {
    const { scores } = this;
    const mw = matches.words;
    for (const { postings, weight } of words) this.scoreRange(postings, weight, mw, 0, mw.length, 0);
    const heap = new TopK(k);
    for (let x = 0; x < mw.length; x++) {
      let m = mw[x]!;
      while (m !== 0) {
        const low = m & -m;
        const d = (x << 5) + (31 - Math.clz32(low));
        const score = scores[d]!;
        if (!heap.full || score > heap.worst) heap.offer(d, score);
        m ^= low;
      }
    }
    // Scores only ever grew inside the matches: clear them there (or all at once when most are).
    if (matchCount * 8 > this.data.size) scores.fill(0);
    else
      matches.each((d) => {
        scores[d] = 0;
        return true;
      });
    return heap.sorted();
  }

  /**
   * `floor`: a score at least k matching documents reach (found by an impact walk that could not
   * settle the page), so no document below it can be on the page: blocks and documents that
   * cannot reach it are skipped from the first block on, before the heap is full. Documents equal
   * to it may still be (ties go to the lower ordinal), so only those strictly below are skipped.
   */
  private blockMax(words: readonly RankedWord[], matches: Bitset, k: number, floor = 0): RankedDoc[] {
    const { scores } = this;
    const mw = matches.words;
    const bounds = words.map((w) => this.boundsOf(w.postings));
    const weights = words.map((w) => w.weight * BOUND_SLACK);
    // Rarer words (high weight, few postings per block) are scored first in a block that may hold a
    // winner; a document then gets its full score only when those words plus the block bound of
    // the common ones could beat the worst kept score. A query of common words only, or of rare
    // words only, scores its blocks whole.
    const rare = words.map((w) => w.postings.df <= this.data.size * RARE_SHARE);
    const split = rare.includes(true) && rare.includes(false);
    const exclusive = this.exclusiveGroups(words, mw);
    if (exclusive) this.strategies.grouped++;
    const groupMost = new Float64Array(exclusive?.count ?? 0);
    const groupCommon = new Float64Array(exclusive?.count ?? 0);
    const heap = new TopK(k);
    const membership =
      words.length >= 2 && words.length <= MEMBERSHIP_WORDS ? new Membership(words, bounds, weights) : null;
    for (let block = 0; block < this.blocks; block++) {
      const from = block * WORDS_PER_BLOCK;
      const to = Math.min(mw.length, from + WORDS_PER_BLOCK);
      let any = 0;
      for (let x = from; x < to; x++) any |= mw[x]!;
      if (any === 0) continue;
      /** The block's matches still to score (fewer once Membership left some out). */
      let within = mw;
      if (heap.full || floor > 0) {
        let bound = 0;
        let commonBound = 0;
        if (exclusive && exclusive.twoOfAGroup[block] === 0) {
          // No match here holds two words of one group: a group gives at most its best word.
          groupMost.fill(0);
          groupCommon.fill(0);
          const { group } = exclusive;
          for (let w = 0; w < bounds.length; w++) {
            const most = weights[w]! * bounds[w]!.max[block]!;
            if (membership) membership.most[w] = most;
            const g = group[w]!;
            if (most > groupMost[g]!) groupMost[g] = most;
            if (!rare[w] && most > groupCommon[g]!) groupCommon[g] = most;
          }
          for (let g = 0; g < groupMost.length; g++) {
            bound += groupMost[g]!;
            commonBound += groupCommon[g]!;
          }
        } else
          for (let w = 0; w < bounds.length; w++) {
            const most = weights[w]! * bounds[w]!.max[block]!;
            if (membership) membership.most[w] = most;
            bound += most;
            if (!rare[w]) commonBound += most;
          }
        // Every document here has a higher ordinal than those kept, so it must beat the worst
        // score strictly: an equal bound cannot.
        if (bound < floor || (heap.full && bound <= heap.worst)) continue;
        if (membership) {
          if (
            !membership.keep(mw, this.kept, block, floor, heap.full ? heap.worst : Number.NEGATIVE_INFINITY)
          )
            continue;
          within = this.kept;
        }
        // When the common words alone may beat the worst, every document is a candidate: the rare
        // words first would sort out none.
        if (split && (commonBound < floor || (heap.full && commonBound <= heap.worst))) {
          this.scoreBlockByRareWords(words, bounds, rare, commonBound, within, block, heap, floor);
          continue;
        }
      }
      for (let w = 0; w < words.length; w++) {
        const { postings, weight } = words[w]!;
        const start = bounds[w]!.start;
        this.scoreRange(postings, weight, within, from, to, start[block]!, start[block + 1]!);
      }
      for (let x = from; x < to; x++) {
        let m = within[x]!;
        while (m !== 0) {
          const low = m & -m;
          const d = (x << 5) + (31 - Math.clz32(low));
          const score = scores[d]!;
          scores[d] = 0;
          if (score >= floor && (!heap.full || score > heap.worst)) heap.offer(d, score);
          m ^= low;
        }
      }
    }
    if (membership?.leftOut) this.strategies.membership++;
    return heap.sorted();
  }

  /**
   * Groups of query words no two of which share more than 1/EXCLUSIVE_SHARE of their documents —
   * a typed word's forms in the site's languages ("needs" → need in English documents, needs in
   * the others) — and per block whether a match there holds two words of one group. In a block
   * where none does, a document gets at most one word of each group, so the block's bound adds
   * each group's best word instead of every word: the forms of a word no longer add up to a bound
   * no document reaches. Null when no two words are exclusive.
   */
  private exclusiveGroups(
    words: readonly RankedWord[],
    mw: Uint32Array,
  ): { group: Int32Array; count: number; twoOfAGroup: Uint8Array } | null {
    if (words.length < 2) return null;
    // Heaviest first: the rare forms, whose sum made the bound loose, lead the groups.
    const order = words.map((_, w) => w).sort((a, b) => words[b]!.weight - words[a]!.weight);
    const group = new Int32Array(words.length);
    const members: number[][] = [];
    const shared: Uint32Array[] = [];
    for (const w of order) {
      const p = words[w]!.postings;
      let joined = -1;
      for (let g = 0; g < members.length && joined < 0; g++) {
        // Stops at the first member it is not exclusive of: no pair read past that.
        const both: Uint32Array[] = [];
        for (const m of members[g]!) {
          const list = this.sharedDocs(p, words[m]!.postings);
          if (list === null) break;
          both.push(list);
        }
        if (both.length === members[g]!.length) {
          joined = g;
          shared.push(...both);
        }
      }
      if (joined < 0) {
        joined = members.length;
        members.push([]);
      }
      members[joined]!.push(w);
      group[w] = joined;
    }
    if (members.length === words.length) return null;
    const twoOfAGroup = new Uint8Array(this.blocks);
    for (const list of shared)
      for (let i = 0; i < list.length; i++) {
        const d = list[i]!;
        if ((mw[d >>> 5]! & (1 << (d & 31))) !== 0) twoOfAGroup[d >>> BLOCK_SHIFT] = 1;
      }
    return { group, count: members.length, twoOfAGroup };
  }

  /**
   * The documents holding both words, when at most 1/EXCLUSIVE_SHARE of the rarer one's; else
   * null. Kept per pair (a few bytes for the forms of one word, which seldom meet).
   */
  private sharedDocs(a: Postings, b: Postings): Uint32Array | null {
    const cached = this.pairs.get(a)?.get(b);
    if (cached !== undefined) return cached;
    const [small, large] = a.df <= b.df ? [a, b] : [b, a];
    const limit = Math.floor(small.df / EXCLUSIVE_SHARE);
    const found: number[] = [];
    const has = large.bits
      ? (d: number) => (large.bits![d >>> 5]! & (1 << (d & 31))) !== 0
      : (() => {
          const set = Bitset.of(this.data.size, large.docs!);
          return (d: number) => set.has(d);
        })();
    let exclusive = true;
    forEachPosting(small, (d) => {
      if (!exclusive || !has(d)) return;
      if (found.length >= limit) exclusive = false;
      else found.push(d);
    });
    const result = exclusive ? Uint32Array.from(found) : null;
    if (this.pairBytes >= PAIR_BYTES_KEPT) {
      this.pairs.clear();
      this.pairBytes = 0;
    }
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      let map = this.pairs.get(x);
      if (!map) {
        map = new Map();
        this.pairs.set(x, map);
      }
      map.set(y, result);
    }
    this.pairBytes += 64 + (result?.byteLength ?? 0);
    return result;
  }

  /**
   * One block of a full heap: the rare words' scores first, then the full score — summed in the
   * query's word order, as everywhere — of only the documents that could still beat the worst.
   * A few such candidates are scored one by one; more (a common word's block full of hopefuls)
   * are scored together, every word over the candidates only, as a whole block is.
   */
  private scoreBlockByRareWords(
    words: readonly RankedWord[],
    bounds: readonly BlockBounds[],
    rare: readonly boolean[],
    commonBound: number,
    mw: Uint32Array,
    block: number,
    heap: TopK,
    floor: number,
  ): void {
    const { scores, candidates } = this;
    const from = block * WORDS_PER_BLOCK;
    const to = Math.min(mw.length, from + WORDS_PER_BLOCK);
    for (let w = 0; w < words.length; w++) {
      if (!rare[w]) continue;
      const start = bounds[w]!.start;
      this.scoreRange(words[w]!.postings, words[w]!.weight, mw, from, to, start[block]!, start[block + 1]!);
    }
    // Only a document holding a rare word can be hopeful (the common words alone cannot beat the
    // worst, or this block would have been scored whole), and only those were given a score: the
    // others are not visited at all (at 1M, 8% off the block-max phrase and boolean pages, whose
    // rare words are forms in 10–20% of the documents and the matches most of a block).
    const { touched } = this;
    touched.fill(0);
    for (let w = 0; w < words.length; w++) {
      if (!rare[w]) continue;
      const p = words[w]!.postings;
      if (p.bits) for (let x = from; x < to; x++) touched[x - from]! |= p.bits[x] ?? 0;
      else {
        const docs = p.docs!;
        for (let i = bounds[w]!.start[block]!, end = bounds[w]!.start[block + 1]!; i < end; i++) {
          const d = docs[i]!;
          touched[(d >>> 5) - from]! |= 1 << (d & 31);
        }
      }
    }
    let hopeful = 0;
    for (let x = from; x < to; x++) {
      let m = mw[x]! & touched[x - from]!;
      let kept = 0;
      while (m !== 0) {
        const low = m & -m;
        const d = (x << 5) + (31 - Math.clz32(low));
        m ^= low;
        const partial = scores[d]!;
        scores[d] = 0;
        const reach = partial * BOUND_SLACK + commonBound;
        if (reach < floor || (heap.full && reach <= heap.worst)) continue;
        kept |= low;
        hopeful++;
      }
      candidates[x] = kept;
    }
    if (hopeful === 0) return;
    const together = hopeful >= SCORE_TOGETHER_FROM;
    if (together)
      for (let w = 0; w < words.length; w++) {
        const start = bounds[w]!.start;
        this.scoreRange(
          words[w]!.postings,
          words[w]!.weight,
          candidates,
          from,
          to,
          start[block]!,
          start[block + 1]!,
        );
      }
    for (let x = from; x < to; x++) {
      let m = candidates[x]!;
      candidates[x] = 0;
      while (m !== 0) {
        const low = m & -m;
        const d = (x << 5) + (31 - Math.clz32(low));
        m ^= low;
        let score: number;
        if (together) {
          score = scores[d]!;
          scores[d] = 0;
        } else score = this.scoreOf(d, words, bounds, block);
        if (score >= floor && (!heap.full || score > heap.worst)) heap.offer(d, score);
      }
    }
  }

  /** The score of one document, its words' scores added in order (as scoreRange adds them). */
  private scoreOf(
    d: number,
    words: readonly RankedWord[],
    bounds: readonly BlockBounds[],
    block: number,
  ): number {
    const lengthPart = this.lengthPart[d]!;
    let score = 0;
    for (let w = 0; w < words.length; w++) {
      const { postings: p, weight } = words[w]!;
      const first = bounds[w]!.start[block]!;
      let i = -1;
      if (p.docs) {
        const docs = p.docs;
        for (let j = first, end = bounds[w]!.start[block + 1]!; j < end; j++) {
          if (docs[j]! === d) {
            i = j;
            break;
          }
          if (docs[j]! > d) break;
        }
      } else {
        const bits = p.bits!;
        const x = d >>> 5;
        const bit = 1 << (d & 31);
        if ((bits[x]! & bit) !== 0) {
          i = first;
          for (let y = block * WORDS_PER_BLOCK; y < x; y++) i += popcount(bits[y]!);
          i += popcount(bits[x]! & (bit - 1));
        }
      }
      if (i < 0) continue;
      const f = p.tf[i]!;
      score += (weight * f * (K1 + 1)) / (f + lengthPart);
    }
    return score;
  }

  /**
   * Adds `weight` × BM25 of the postings of `p` that lie in bitset words [from, to) and in the
   * matches. `first` is the index in tf of the first posting at or after word `from`; for ordinal
   * lists `end` bounds the walk (exclusive), else the list's end.
   */
  private scoreRange(
    p: Postings,
    weight: number,
    mw: Uint32Array,
    from: number,
    to: number,
    first: number,
    end?: number,
  ): void {
    const { scores, lengthPart } = this;
    const tf = p.tf;
    // Hot loops over up to millions of postings: written out, with no callback per posting.
    if (p.docs) {
      const docs = p.docs;
      const last = end ?? docs.length;
      for (let i = first; i < last; i++) {
        const d = docs[i]!;
        if ((mw[d >>> 5]! & (1 << (d & 31))) === 0) continue;
        const f = tf[i]!;
        scores[d]! += (weight * f * (K1 + 1)) / (f + lengthPart[d]!);
      }
      return;
    }
    // A dense word: walk the words of (its bits AND the matches); a posting's index into tf is the
    // number of its word's bits before it.
    const bits = p.bits!;
    let before = first;
    const stop = Math.min(to, bits.length);
    for (let x = from; x < stop; x++) {
      const b = bits[x]!;
      if (b === 0) continue;
      let m = b & mw[x]!;
      if (m === b) {
        // Every posting of this word matches (a one-word query): the index just counts up.
        while (m !== 0) {
          const low = m & -m;
          const d = (x << 5) + (31 - Math.clz32(low));
          const f = tf[before++]!;
          scores[d]! += (weight * f * (K1 + 1)) / (f + lengthPart[d]!);
          m ^= low;
        }
        continue;
      }
      while (m !== 0) {
        const low = m & -m;
        const d = (x << 5) + (31 - Math.clz32(low));
        const f = tf[before + popcount(b & (low - 1))]!;
        scores[d]! += (weight * f * (K1 + 1)) / (f + lengthPart[d]!);
        m ^= low;
      }
      before += popcount(b);
    }
  }

  /**
   * The threshold algorithm over one impact list, or null when it cannot settle the page (then
   * block-max does). Every matching document of the rare words is scored first; then one common
   * word's impact list is walked, each document met scored in full (once), until the worst kept
   * score beats what any document not yet met could reach: the walked word's next unit score times
   * its weight, plus the best any other common word can give (its weight times its best unit
   * score anywhere). A rare word adds nothing to that bound, since all its documents were met.
   *
   * The walked word is the one that can give most; the walk runs to the end only when the other
   * common words together can give no more than it (WALK_OTHERS_SHARE), since their share of the
   * bound never falls. "Together" is a sum, except for words exclusive of the walked one (see
   * below): those add the most one of them can give. Past that gate the walk goes
   * FLOOR_WALK_DEPTH entries deep: the page's best documents often hold every word at its best,
   * so it settles now and then ("society organizations" at 1M: 11.5 → 5.5 ms); otherwise the
   * worst of the k best it met is a floor block-max starts from.
   *
   * Several lists walked at once were tried: their bound adds every list's next score, while a
   * document rarely holds all the words at their best, so the walks went deep and cost more than
   * block-max (phrases 6.6 → 12.7 ms at 200k). A single typed word is often several common index
   * words (its forms in the site's languages); for a query of common words (a million matches) the
   * page is then settled after a few thousand documents, at any depth the heap asks for, instead
   * of scoring blocks of the whole archive whose bounds a common word keeps high.
   */
  private impactWalk(words: readonly RankedWord[], mw: Uint32Array, k: number): Walk | null {
    const { size } = this.data;
    const common: number[] = [];
    let rarePostings = 0;
    for (let w = 0; w < words.length; w++) {
      const { df } = words[w]!.postings;
      if (df > size * IMPACT_WALK_SHARE) common.push(w);
      else rarePostings += df;
    }
    if (common.length === 0 || k * 4 > this.impactDepth) return null;
    if (rarePostings > size * IMPACT_RARE_SHARE) return this.floorWalk(words, mw, k, common);
    const bounds = words.map((w) => this.boundsOf(w.postings));
    const most = (w: number) => words[w]!.weight * BOUND_SLACK * bounds[w]!.top;
    const byMost = [...common].sort((a, b) => most(b) - most(a));
    const walked = byMost[0]!;
    // Common words that seldom share a document with the walked word or with each other (a typed
    // word's forms in the site's languages: "participants", "particip", "participant") are
    // exclusive: once the few documents holding two of them are met, a document not met holds at
    // most one, so together they add only the most one of them can give, not the sum. The others
    // add their best, always.
    /** A common word's documents, read only: a dense word's own bits, not a copy. */
    const wordSet = (w: number) => {
      const p = words[w]!.postings;
      const length = (size + 31) >>> 5;
      if (p.bits && p.bits.length >= length) return new Bitset(size, p.bits.subarray(0, length));
      if (p.docs) return Bitset.of(size, p.docs);
      const set = new Bitset(size);
      set.words.set(p.bits!);
      return set;
    };
    let union: Bitset | null = null;
    let shared: Bitset | null = null;
    /** Documents met besides the walked list's: every posting of the rare words, and those shared. */
    let metFirst = rarePostings;
    let exclusiveMost = 0;
    let others = 0;
    for (const w of byMost.slice(1)) {
      union ??= wordSet(walked).clone();
      const set = wordSet(w);
      const inside = set.clone().and(union);
      const insideCount = inside.count();
      if (insideCount * EXCLUSIVE_SHARE <= words[w]!.postings.df) {
        metFirst += insideCount;
        shared = shared ? shared.or(inside) : inside;
        union.or(set);
        exclusiveMost = Math.max(exclusiveMost, most(w));
      } else others += most(w);
    }
    // Past the gate only a short walk: it may settle the page, else it finds block-max a floor.
    const gated = others + exclusiveMost > most(walked) * WALK_OTHERS_SHARE;
    if (gated && metFirst > this.floorWalkDepth * FLOOR_WALK_FIRST)
      return this.floorWalk(words, mw, k, common);
    const depthLimit = gated ? this.floorWalkDepth : Number.POSITIVE_INFINITY;
    const { seen } = this;
    const heap = new TopK(k);
    const meet = (d: number) => {
      const x = d >>> 5;
      const bit = 1 << (d & 31);
      if ((mw[x]! & bit) === 0 || (seen[x]! & bit) !== 0) return;
      seen[x]! |= bit;
      const score = this.scoreOf(d, words, bounds, d >>> BLOCK_SHIFT);
      // Equal to the worst kept, the lower ordinal wins (TopK.offer decides): the walk meets
      // documents out of ordinal order.
      if (!heap.full || score >= heap.worst) heap.offer(d, score);
    };
    try {
      for (let w = 0; w < words.length; w++)
        if (!common.includes(w)) forEachPosting(words[w]!.postings, meet);
      const walkedPostings = words[walked]!.postings;
      let { docs, units, complete } = this.impactOf(walkedPostings);
      const weight = words[walked]!.weight * BOUND_SLACK;
      /**
       * Documents holding two exclusive words, met (or bounded out) as soon as k documents are
       * kept, before the walk's bound is first checked (meetShared). A walk that never keeps k
       * ends unsettled, and block-max scores them.
       */
      let pending = shared;
      for (let depth = 0, end = 0; ; depth = end) {
        end = Math.min(docs.length, depth + IMPACT_STEP);
        for (let i = depth; i < end; i++) meet(docs[i]!);
        if (pending && heap.full) {
          this.meetShared(pending, mw, words, common, bounds, heap, meet);
          pending = null;
        }
        let next = 0;
        if (end < docs.length) next = weight * units[end]!;
        // Cut short: the documents past the list score at most its last.
        else if (!complete && docs.length > 0) next = weight * units[docs.length - 1]!;
        const bound = others + Math.max(next, exclusiveMost);
        // Equal scores go to the lower ordinal, which an unmet document may have: beat it strictly.
        if (heap.full && heap.worst > bound) return { settled: heap.sorted(), floor: heap.worst };
        // The list is done and the page is not settled: the cut-short list or the other common
        // words bound too high, or every document was met and still not k have a positive score
        // (matches that hold none of the ranked words fill the page, score 0, in ordinal order).
        // Block-max does all of these, from the floor the documents met give.
        if (end >= depthLimit) return { settled: null, floor: heap.full ? heap.worst : 0 };
        if (end >= docs.length) {
          if (complete || docs.length >= this.impactDepth)
            return { settled: null, floor: heap.full ? heap.worst : 0 };
          // Only the list's first entries were built: it is deepened, and since its first entries
          // stay the same, the walk goes on from here.
          ({ docs, units, complete } = this.impactOf(walkedPostings, true));
          this.strategies.deepened++;
        }
      }
    } finally {
      seen.fill(0);
    }
  }

  /**
   * Meets the documents holding two or more exclusive common words (`shared`) not met yet, once
   * the heap holds k: the walk's bound counts one exclusive word per document, so the page is
   * sure only once these are met. One whose bound — each common word it holds, at that word's
   * best in its block — is below the worst kept cannot enter the page and is not scored. Meeting
   * them all before the walk scored tens of thousands of documents in some searches at a million
   * ("(visit OR approach) discussed": 78k, 6.4 ms of an 8.3 ms page). Same-process A/B on the
   * benchmark's 1M mix, p50 of engine time: boolean 4.74 → 4.59 ms, phrase 1.87 → 1.56, common
   * word p95 5.92 → 4.00; same hits on every query.
   */
  private meetShared(
    shared: Bitset,
    mw: Uint32Array,
    words: readonly RankedWord[],
    common: readonly number[],
    bounds: readonly BlockBounds[],
    heap: TopK,
    meet: (d: number) => void,
  ): void {
    const weights = common.map((w) => words[w]!.weight * BOUND_SLACK);
    const maxima = common.map((w) => bounds[w]!.max);
    const bits = common.map((w) => words[w]!.postings.bits);
    const { seen } = this;
    const sw = shared.words;
    let bounded = false;
    for (let x = 0; x < sw.length; x++) {
      // Only matches: exclusive words share documents outside them too (an AND's other words).
      let m = sw[x]! & mw[x]! & ~seen[x]!;
      while (m !== 0) {
        const low = m & -m;
        m ^= low;
        const d = (x << 5) + (31 - Math.clz32(low));
        const block = d >>> BLOCK_SHIFT;
        let bound = 0;
        for (let c = 0; c < weights.length; c++) {
          // A word kept as a list is counted whether it holds the document or not (still a bound).
          const b = bits[c];
          if (b && (b[x]! & low) === 0) continue;
          bound += weights[c]! * maxima[c]![block]!;
        }
        if (heap.full && bound < heap.worst) {
          bounded = true;
          continue;
        }
        meet(d);
      }
    }
    if (bounded) this.strategies.sharedBounded++;
  }

  /**
   * A floor alone, when meeting first what a settled page needs (the rare words' postings, the
   * documents exclusive words share) would cost more than the walk can save: the first
   * FLOOR_WALK_DEPTH entries of the impact list of the common word that can give most, each
   * document met scored in full. Any k matching documents give a floor (the page's worst score is
   * at least the worst of theirs), so block-max skips below it from its first block rather than
   * from a heap filled by the first blocks' documents (the 1M benchmark's phrase and boolean
   * searches, same-process A/B over three runs: 1–3% less in all, up to 15% for some).
   */
  private floorWalk(
    words: readonly RankedWord[],
    mw: Uint32Array,
    k: number,
    common: readonly number[],
  ): Walk | null {
    this.strategies.floorWalk++;
    const bounds = words.map((w) => this.boundsOf(w.postings));
    const most = (w: number) => words[w]!.weight * bounds[w]!.top;
    const walked = common.reduce((a, b) => (most(b) > most(a) ? b : a));
    const { docs } = this.impactOf(words[walked]!.postings);
    const heap = new TopK(k);
    const end = Math.min(docs.length, this.floorWalkDepth);
    for (let i = 0; i < end; i++) {
      const d = docs[i]!;
      if ((mw[d >>> 5]! & (1 << (d & 31))) === 0) continue;
      const score = this.scoreOf(d, words, bounds, d >>> BLOCK_SHIFT);
      if (!heap.full || score > heap.worst) heap.offer(d, score);
    }
    return heap.full ? { settled: null, floor: heap.worst } : null;
  }

  /**
   * Builds a word's block bounds before any search needs them — only while the cache is under
   * half full, so warming never evicts what searches built and leaves them room. False once the
   * cache is that full (nothing was built).
   */
  warmBounds(p: Postings): boolean {
    if (this.boundsBytes >= BOUNDS_CACHE_BYTES / 2) return false;
    this.boundsOf(p);
    return true;
  }

  /** Builds a common word's impact list before any search needs it, as warmBounds; false if not built. */
  warmImpact(p: Postings): boolean {
    if (this.boundsBytes >= BOUNDS_CACHE_BYTES / 2) return false;
    if (!this.byImpact || p.df <= this.data.size * IMPACT_WALK_SHARE) return false;
    this.impactOf(p);
    return true;
  }

  /** Bytes the cached block bounds and impact lists take (tests). */
  get cachedBoundsBytes(): number {
    return this.boundsBytes;
  }

  /**
   * A common word's impact list, built on first use and kept within the cache's memory. Its order
   * is by unit score rounded to float32 (what the list keeps), falling, then by ordinal: the walk
   * bounds what is left by the next entry's float32 unit times BOUND_SLACK, which holds for that
   * order as for the exact one (rounding never reverses two scores). The postings past the
   * histogram's cut are taken in ordinal order and sorted stably by the rounded unit's bits,
   * inverted (sortByKey). A comparator sort took 50–100 ms for a word in most of a million
   * documents; a native sort of one 64-bit integer an entry (those bits above the ordinal) ~4 ms
   * of the list's ~19 ms, where the whole list now takes ~11 (1M generated items, the 30 most
   * frequent words; ~13 → ~7 ms for words in half the documents, same lists).
   */
  private impactOf(p: Postings, deep = false): ImpactList {
    const cached = recentlyUsed(this.impacts, p);
    const depth = Math.min(p.df, deep ? this.impactDepth : Math.min(this.impactFirstDepth, this.impactDepth));
    if (cached && cached.docs.length >= depth) return cached;
    if (cached) {
      this.impacts.delete(p);
      this.boundsBytes -= cached.docs.byteLength + cached.units.byteLength;
    }
    const { lengthPart } = this;
    const tf = p.tf;
    // Every posting's unit score (rounded to float32, as the list keeps it) into scratch memory
    // kept for the purpose (fresh buffers of megabytes a list brought V8's full collections), and
    // how many fall in each bucket of the histogram; written out over the word's list or bits, as
    // scoreRange is.
    const units = this.unitScratch(p.df);
    const histogram = new Uint32Array(UNIT_BUCKETS);
    const scale = UNIT_BUCKETS / (K1 + 1);
    if (p.docs) {
      const docs = p.docs;
      for (let i = 0; i < docs.length; i++) {
        const f = tf[i]!;
        const u = Math.fround((f * (K1 + 1)) / (f + lengthPart[docs[i]!]!));
        units[i] = u;
        histogram[Math.min(UNIT_BUCKETS - 1, Math.floor(u * scale))]!++;
      }
    } else {
      const bits = p.bits!;
      for (let x = 0, i = 0; x < bits.length; x++) {
        let m = bits[x]!;
        while (m !== 0) {
          const low = m & -m;
          const f = tf[i]!;
          const u = Math.fround((f * (K1 + 1)) / (f + lengthPart[(x << 5) + (31 - Math.clz32(low))]!));
          units[i++] = u;
          histogram[Math.min(UNIT_BUCKETS - 1, Math.floor(u * scale))]!++;
          m ^= low;
        }
      }
    }
    // The cut: the lowest histogram bucket whose documents and those above make the depth. A
    // unit is in a bucket at or above it exactly when unit × scale ≥ cut (the bucket is its floor).
    let cut = UNIT_BUCKETS - 1;
    let above = histogram[cut]!;
    while (above < depth && cut > 0) above += histogram[--cut]!;
    // The postings at or above the cut, in ordinal order, each keyed by its unit's float32 bits
    // inverted (ascending keys: falling units); then sorted stably by key, so equal units keep
    // ordinal order.
    const unitBits = new Uint32Array(units.buffer, 0, p.df);
    const docs = new Uint32Array(above);
    const keys = new Uint32Array(above);
    let j = 0;
    if (p.docs) {
      const list = p.docs;
      for (let i = 0; i < list.length; i++) {
        if (units[i]! * scale < cut) continue;
        docs[j] = list[i]!;
        keys[j++] = 0xffffffff - unitBits[i]!;
      }
    } else {
      const bits = p.bits!;
      for (let x = 0, i = 0; x < bits.length; x++) {
        let m = bits[x]!;
        while (m !== 0) {
          const low = m & -m;
          if (units[i]! * scale >= cut) {
            docs[j] = (x << 5) + (31 - Math.clz32(low));
            keys[j++] = 0xffffffff - unitBits[i]!;
          }
          i++;
          m ^= low;
        }
      }
    }
    const sorted = sortByKey(docs, keys);
    const list: ImpactList = {
      docs: sorted.docs.slice(0, depth),
      units: new Float32Array(depth),
      complete: depth === p.df,
    };
    const listBits = new Uint32Array(list.units.buffer);
    for (let k = 0; k < depth; k++) listBits[k] = 0xffffffff - sorted.keys[k]!;
    this.impacts.set(p, list);
    this.remember(list.docs.byteLength + list.units.byteLength);
    return list;
  }

  /** Scratch for `n` unit scores (impactOf), grown as needed and kept. */
  private unitScratch(n: number): Float32Array {
    if (!this.units || this.units.length < n)
      this.units = new Float32Array(Math.max(n, this.units ? this.units.length * 2 : 0));
    return this.units;
  }

  /** Accounts for `bytes` more kept, evicting the least recently used bounds and lists past the budget. */
  private remember(bytes: number): void {
    this.boundsBytes += bytes;
    for (const cache of [this.impacts, this.bounds] as Map<Postings, ImpactList | BlockBounds>[]) {
      for (const [key, old] of cache) {
        if (this.boundsBytes <= BOUNDS_CACHE_BYTES || cache.size <= 1) break;
        cache.delete(key);
        this.boundsBytes -=
          'units' in old
            ? old.docs.byteLength + old.units.byteLength
            : old.max.byteLength + old.start.byteLength;
      }
    }
  }

  /** A word's block bounds, computed in one pass over its postings and kept while memory allows. */
  private boundsOf(p: Postings): BlockBounds {
    const cached = recentlyUsed(this.bounds, p);
    if (cached) return cached;
    const { blocks, lengthPart } = this;
    const max = new Float32Array(blocks);
    const start = new Uint32Array(blocks + 1);
    const tf = p.tf;
    // Each block's best unit score kept as a double while its postings pass and stored (rounded)
    // once: the same float32 as rounding at every better score, since rounding keeps order.
    if (p.docs) {
      const docs = p.docs;
      let block = 0;
      let best = 0;
      for (let i = 0; i < docs.length; i++) {
        const d = docs[i]!;
        const of = d >>> BLOCK_SHIFT;
        if (of !== block) {
          max[block] = best;
          best = 0;
          while (block < of) start[++block] = i;
        }
        const f = tf[i]!;
        const u = (f * (K1 + 1)) / (f + lengthPart[d]!);
        if (u > best) best = u;
      }
      max[block] = best;
      while (block < blocks) start[++block] = docs.length;
    } else {
      const bits = p.bits!;
      let i = 0;
      for (let block = 0, x = 0; x < bits.length; block++) {
        start[block] = i;
        let best = 0;
        for (const end = Math.min(bits.length, x + WORDS_PER_BLOCK); x < end; x++) {
          let m = bits[x]!;
          while (m !== 0) {
            const low = m & -m;
            const f = tf[i++]!;
            const u = (f * (K1 + 1)) / (f + lengthPart[(x << 5) + (31 - Math.clz32(low))]!);
            if (u > best) best = u;
            m ^= low;
          }
        }
        max[block] = best;
      }
      start[blocks] = i;
    }
    // Rounding to float32 may round a maximum down; BOUND_SLACK makes up for it at query time.
    let top = 0;
    for (let b = 0; b < blocks; b++) if (max[b]! > top) top = max[b]!;
    const entry = { max, start, top };
    this.bounds.set(p, entry);
    this.remember(max.byteLength + start.byteLength);
    return entry;
  }
}

/** Digits of sortByKey's passes: three passes of 11 bits cover a 32-bit key. */
const RADIX_BITS = 11;
const RADIX = 1 << RADIX_BITS;

/**
 * `docs` ordered by ascending `keys`, equal keys in their order (a stable least-significant-digit
 * radix sort; a pass whose digit every key shares is skipped). Replaces a native sort of one
 * 64-bit integer an entry (key above ordinal), which took ~4 ms of a common word's impact list at
 * a million documents; the two arrays may be reused for the result.
 */
export function sortByKey(docs: Uint32Array, keys: Uint32Array): { docs: Uint32Array; keys: Uint32Array } {
  const n = docs.length;
  let fromDocs = docs;
  let fromKeys = keys;
  let toDocs: Uint32Array | null = null;
  let toKeys: Uint32Array | null = null;
  const counts = new Uint32Array(RADIX);
  for (let shift = 0; shift < 32; shift += RADIX_BITS) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(fromKeys[i]! >>> shift) & (RADIX - 1)]!++;
    if (n === 0 || counts[(fromKeys[0]! >>> shift) & (RADIX - 1)] === n) continue;
    for (let d = 0, sum = 0; d < RADIX; d++) {
      const c = counts[d]!;
      counts[d] = sum;
      sum += c;
    }
    toDocs ??= new Uint32Array(n);
    toKeys ??= new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const key = fromKeys[i]!;
      const at = counts[(key >>> shift) & (RADIX - 1)]!++;
      toDocs[at] = fromDocs[i]!;
      toKeys[at] = key;
    }
    [fromDocs, toDocs] = [toDocs, fromDocs];
    [fromKeys, toKeys] = [toKeys, fromKeys];
  }
  return { docs: fromDocs, keys: fromKeys };
}

/** The entry of `key`, marked most recently used (last: eviction takes the oldest first). */
function recentlyUsed<V>(cache: Map<Postings, V>, key: Postings): V | undefined {
  const value = cache.get(key);
  if (value !== undefined) {
    cache.delete(key);
    cache.set(key, value);
  }
  return value;
}

/**
 * Bounds each match of a block by the words it holds, not by every word of the query: in a block
 * whose bound (every word's best there, summed) may beat the worst kept score, a document holding
 * only some of the words reaches at most their bests. An OR of two frequent words, say, has both
 * words' good documents in nearly every block, so the block bound passes everywhere, while only
 * the few documents holding both can beat the worst. Those are
 * found with bitwise operations over the block's four bitset words — the union over the
 * combinations of words whose bests add up past the worst of the documents holding all of them —
 * before any score is computed.
 */
class Membership {
  /** Per query word, its weighted best in the current block (blockMax fills it). */
  readonly most: Float64Array;
  /** Query words by falling best anywhere: the combinations are searched heaviest first. */
  private readonly order: Int32Array;
  /** Per position in `order`, the word's documents in the block's bitset words. */
  private readonly masks: Uint32Array;
  /** Per position in `order`, its best in the block; `suffix`: the sum from there to the end. */
  private readonly inOrder: Float64Array;
  private readonly suffix: Float64Array;
  private floor = 0;
  private worst = 0;
  /** Whether a match was left out in any block so far. */
  leftOut = false;

  constructor(
    private readonly words: readonly RankedWord[],
    private readonly bounds: readonly BlockBounds[],
    weights: readonly number[],
  ) {
    const n = words.length;
    this.most = new Float64Array(n);
    this.order = Int32Array.from(
      words.map((_, w) => w).sort((a, b) => weights[b]! * bounds[b]!.top - weights[a]! * bounds[a]!.top),
    );
    this.masks = new Uint32Array(n * WORDS_PER_BLOCK);
    this.inOrder = new Float64Array(n);
    this.suffix = new Float64Array(n + 1);
  }

  /**
   * Writes into `kept` (at the block's bitset words) the matches that may reach `floor` and beat
   * `worst`; false when none may.
   */
  keep(mw: Uint32Array, kept: Uint32Array, block: number, floor: number, worst: number): boolean {
    const { words, bounds, order, masks, inOrder, suffix } = this;
    const from = block * WORDS_PER_BLOCK;
    const to = Math.min(mw.length, from + WORDS_PER_BLOCK);
    const n = order.length;
    masks.fill(0);
    for (let i = 0; i < n; i++) {
      const w = order[i]!;
      inOrder[i] = this.most[w]!;
      const p = words[w]!.postings;
      const base = i * WORDS_PER_BLOCK - from;
      if (p.bits) for (let x = from; x < to; x++) masks[base + x] = p.bits[x] ?? 0;
      else {
        const docs = p.docs!;
        for (let j = bounds[w]!.start[block]!, end = bounds[w]!.start[block + 1]!; j < end; j++) {
          const d = docs[j]!;
          masks[base + (d >>> 5)]! |= 1 << (d & 31);
        }
      }
    }
    suffix[n] = 0;
    for (let i = n - 1; i >= 0; i--) suffix[i] = suffix[i + 1]! + inOrder[i]!;
    this.floor = floor;
    this.worst = worst;
    let any = 0;
    for (let x = from; x < to; x++) {
      const m = mw[x]!;
      const out = m === 0 ? 0 : this.reach(0, m, 0, x - from);
      kept[x] = out;
      any |= out;
      if (out !== m) this.leftOut = true;
    }
    return any !== 0;
  }

  /**
   * Of `mask` (documents holding every word before position i that was taken, with bests adding
   * to `sum`), those whose words from i on can lift them past the worst.
   */
  private reach(i: number, mask: number, sum: number, j: number): number {
    if (sum >= this.floor && sum > this.worst) return mask;
    const total = sum + this.suffix[i]!;
    if (i === this.order.length || total < this.floor || total <= this.worst) return 0;
    const has = this.masks[i * WORDS_PER_BLOCK + j]!;
    const holding = mask & has;
    let out = holding === 0 ? 0 : this.reach(i + 1, holding, sum + this.inOrder[i]!, j);
    const lacking = mask & ~has;
    if (lacking !== 0) out |= this.reach(i + 1, lacking, sum, j);
    return out;
  }
}

/**
 * Keeps the k highest scores; lower ordinal wins ties. A binary heap in typed arrays with the worst
 * on top, sifted by moving entries into a hole (deep pages keep thousands and offer many more).
 */
class TopK {
  private readonly docs: Int32Array;
  private readonly scores: Float64Array;
  private n = 0;

  constructor(private readonly k: number) {
    this.docs = new Int32Array(Math.max(0, k));
    this.scores = new Float64Array(Math.max(0, k));
  }

  get full(): boolean {
    return this.n >= this.k;
  }

  /** The lowest score kept (meaningful once full). */
  get worst(): number {
    return this.scores[0]!;
  }

  offer(doc: number, score: number): void {
    if (this.k <= 0) return;
    const { docs, scores } = this;
    if (this.n < this.k) {
      // Sift up from the new leaf: parents better than the newcomer move down.
      let i = this.n++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        const ps = scores[parent]!;
        if (!(score < ps || (score === ps && doc > docs[parent]!))) break;
        docs[i] = docs[parent]!;
        scores[i] = ps;
        i = parent;
      }
      docs[i] = doc;
      scores[i] = score;
      return;
    }
    const top = scores[0]!;
    if (score < top || (score === top && doc > docs[0]!)) return;
    // Replace the worst: sift the hole down, the worse child moving up.
    const n = this.n;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      let m = l;
      const r = l + 1;
      if (r < n) {
        const ls = scores[l]!;
        const rs = scores[r]!;
        if (rs < ls || (rs === ls && docs[r]! > docs[l]!)) m = r;
      }
      const ms = scores[m]!;
      if (!(ms < score || (ms === score && docs[m]! > doc))) break;
      docs[i] = docs[m]!;
      scores[i] = ms;
      i = m;
    }
    docs[i] = doc;
    scores[i] = score;
  }

  sorted(): RankedDoc[] {
    const out: RankedDoc[] = [];
    for (let i = 0; i < this.n; i++) out.push({ doc: this.docs[i]!, score: this.scores[i]! });
    return out.sort((a, b) => b.score - a.score || a.doc - b.doc);
  }
}
