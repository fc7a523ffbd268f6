/**
 * Small helpers shared by the evaluation sections: reading the shared data folder (JSONL and CSV)
 * and the precision/recall/F1 arithmetic over sets of labels per document.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { DatelineError } from '../src/errors.js';
import type { Metric } from './types.js';

/** A path inside the data folder, or null when the file is not on this machine. */
export function dataFile(dataDir: string, relative: string): string | null {
  const file = path.join(dataDir, relative);
  return fs.existsSync(file) ? file : null;
}

/** Parses JSON Lines: one object per non-empty line; a malformed line is a coded error naming it. */
export function parseJsonl<T = Record<string, unknown>>(text: string, where = 'JSONL'): T[] {
  const rows: T[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    try {
      rows.push(JSON.parse(line) as T);
    } catch (error) {
      throw new DatelineError('DL_VALIDATION', `${where}, line ${i + 1}: ${(error as Error).message}`);
    }
  }
  return rows;
}

/** Parses CSV with a header row into records keyed by column name. */
export function parseCsv(text: string, where = 'CSV'): Record<string, string>[] {
  try {
    return parse(text, { columns: true, skip_empty_lines: true, bom: true, relax_quotes: true }) as Record<
      string,
      string
    >[];
  } catch (error) {
    throw new DatelineError('DL_VALIDATION', `${where}: ${(error as Error).message}`);
  }
}

export function readJsonl<T = Record<string, unknown>>(file: string): T[] {
  return parseJsonl<T>(fs.readFileSync(file, 'utf8'), file);
}

export function readCsv(file: string): Record<string, string>[] {
  return parseCsv(fs.readFileSync(file, 'utf8'), file);
}

/** True, false and missed labels summed over documents (micro-averaging). */
export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface Scores {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export function emptyCounts(): Counts {
  return { tp: 0, fp: 0, fn: 0 };
}

/** Adds one document's predicted and gold label sets to `counts`; returns what it got wrong. */
export function countSets(
  counts: Counts,
  predicted: ReadonlySet<string>,
  gold: ReadonlySet<string>,
): { falsePositives: string[]; falseNegatives: string[] } {
  const falsePositives: string[] = [];
  const falseNegatives: string[] = [];
  for (const label of predicted) {
    if (gold.has(label)) counts.tp++;
    else falsePositives.push(label);
  }
  for (const label of gold) if (!predicted.has(label)) falseNegatives.push(label);
  counts.fp += falsePositives.length;
  counts.fn += falseNegatives.length;
  return { falsePositives, falseNegatives };
}

/**
 * Precision, recall and F1 from summed counts. With nothing predicted precision is 1 (no wrong
 * claim was made); with nothing to find recall is 1; F1 of two zeros is 0.
 */
export function scores(counts: Counts): Scores {
  const precision = counts.tp + counts.fp === 0 ? 1 : counts.tp / (counts.tp + counts.fp);
  const recall = counts.tp + counts.fn === 0 ? 1 : counts.tp / (counts.tp + counts.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** Rounds a figure for display and JSON (4 decimals keeps F1 differences of 0.0001 visible). */
export function round(value: number, decimals = 4): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** PASS when the figure meets its target, FAIL when not (or is not a number), — when it has none. */
export function verdict(metric: Metric): 'PASS' | 'FAIL' | '—' {
  if (metric.min === undefined && metric.max === undefined) return '—';
  const ok =
    Number.isFinite(metric.value) &&
    (metric.min === undefined || metric.value >= metric.min) &&
    (metric.max === undefined || metric.value <= metric.max);
  return ok ? 'PASS' : 'FAIL';
}
