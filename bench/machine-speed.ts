/**
 * This machine's speed at the two loops the search issue gives for scale: "a plain JavaScript
 * loop over typed arrays scores ~200M postings/s and a bitset AND+popcount over 1M docs takes
 * ~0.03 ms". Printed beside the search figures, they tell a slow machine from a slow change:
 * sessions on machines of the same kind have seen the same engine run up to half again slower.
 * Each is the median of several timed rounds, after untimed ones (the loops compiled).
 */
import { Bitset } from '../src/modules/search/engine/bitset.js';

export interface MachineSpeed {
  /** BM25 term scores added per second, in millions: one query word's postings over 1M documents. */
  readonly scoredPostingsPerSecondM: number;
  /** One AND of two 1M-document bitsets with its popcount (Bitset.countAnd), in ms. */
  readonly bitsetAndPopcountMs: number;
  /** The same figures as shares of the issue's (200M postings/s, 0.03 ms): above 1 is faster. */
  readonly scoringVsIssue: number;
  readonly bitsetVsIssue: number;
}

const DOCUMENTS = 1_000_000;
/** Postings of the scored word: a common one (every fourth document), in document order. */
const POSTINGS = 250_000;
const ROUNDS = 15;
const WARM_ROUNDS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** A fixed pseudo-random sequence: the same arrays on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

export function measureMachineSpeed(): MachineSpeed {
  const next = random(7);
  const docs = new Uint32Array(POSTINGS);
  const tf = new Uint8Array(POSTINGS);
  for (let i = 0; i < POSTINGS; i++) {
    docs[i] = i * 4 + Math.floor(next() * 4);
    tf[i] = 1 + Math.floor(next() * 4);
  }
  const lengthNorm = new Float32Array(DOCUMENTS);
  for (let d = 0; d < DOCUMENTS; d++) lengthNorm[d] = 0.25 + next() * 1.5;
  const scores = new Float64Array(DOCUMENTS);
  const k1 = 1.2;
  const weight = 2.3;
  const scoring: number[] = [];
  let sink = 0;
  for (let round = 0; round < WARM_ROUNDS + ROUNDS; round++) {
    scores.fill(0);
    const started = performance.now();
    for (let i = 0; i < POSTINGS; i++) {
      const d = docs[i]!;
      const f = tf[i]!;
      scores[d] = scores[d]! + (weight * f * (k1 + 1)) / (f + k1 * lengthNorm[d]!);
    }
    const took = performance.now() - started;
    sink += scores[docs[round % POSTINGS]!]!;
    if (round >= WARM_ROUNDS) scoring.push(took);
  }

  const a = new Bitset(DOCUMENTS);
  const b = new Bitset(DOCUMENTS);
  for (let d = 0; d < DOCUMENTS; d++) {
    if (next() < 0.3) a.add(d);
    if (next() < 0.5) b.add(d);
  }
  const REPEAT = 100;
  const bitset: number[] = [];
  for (let round = 0; round < WARM_ROUNDS + ROUNDS; round++) {
    const started = performance.now();
    for (let r = 0; r < REPEAT; r++) sink += a.countAnd(b);
    const took = (performance.now() - started) / REPEAT;
    if (round >= WARM_ROUNDS) bitset.push(took);
  }
  // Keeps the loops' results alive, so the compiler cannot drop them.
  if (sink === Number.MIN_VALUE) process.stderr.write('');

  const scoredPostingsPerSecondM = POSTINGS / (median(scoring) / 1000) / 1e6;
  const bitsetAndPopcountMs = median(bitset);
  return {
    scoredPostingsPerSecondM: Number(scoredPostingsPerSecondM.toFixed(0)),
    bitsetAndPopcountMs: Number(bitsetAndPopcountMs.toFixed(4)),
    scoringVsIssue: Number((scoredPostingsPerSecondM / 200).toFixed(2)),
    bitsetVsIssue: Number((0.03 / bitsetAndPopcountMs).toFixed(2)),
  };
}

export function machineSpeedText(speed: MachineSpeed): string {
  return (
    `This machine: ${speed.scoredPostingsPerSecondM}M postings scored a second (the issue's scale: 200M; ` +
    `×${speed.scoringVsIssue}), a bitset AND+popcount over 1M documents ${speed.bitsetAndPopcountMs} ms ` +
    `(the issue's: 0.03; ×${speed.bitsetVsIssue})`
  );
}
