/**
 * The contract between `npm run eval` (eval/run.ts) and its sections (eval/sections/*.ts).
 * Each section scores one capability on real data from the shared data folder and says whether it
 * met its targets; a section whose data is absent says so instead of failing.
 */

/** One figure a section measured, with the target it is held to (if any). */
export interface Metric {
  /** Short, stable key used in `--json` output, e.g. "who.f1". */
  readonly key: string;
  /** What a reader sees in the table, e.g. "WHO outbreak news: country F1". */
  readonly label: string;
  readonly value: number;
  /** The value must be at least this (F1, accuracy) … */
  readonly min?: number;
  /** … or at most this (error rates, seconds). */
  readonly max?: number;
  /** How many cases the figure is measured on. */
  readonly n?: number;
}

export interface SectionResult {
  /** Stable name, e.g. "countries". */
  readonly name: string;
  /** False when the data the section needs is not on this machine. */
  readonly available: boolean;
  /** Why it is unavailable, or what was trained/scored on what (e.g. the split used). */
  readonly notes: readonly string[];
  readonly metrics: readonly Metric[];
}

/** Each section module exports `run` with this signature. */
export type Section = (dataDir: string) => Promise<SectionResult>;
