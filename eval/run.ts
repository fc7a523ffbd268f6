/**
 * `npm run eval [-- --data <dir>] [--only <section>] [--json]`: scores the capabilities measured on
 * real data (eval/sections/*.ts) and prints one table. The data folder is `--data`, else
 * DATELINE_DATA_DIR, else ../shared/data beside the project; when it is absent every section says
 * "data not found" and the run succeeds, so the command is safe on any machine. Exit code 1 when a
 * figure misses its target or a section fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { verdict } from './lib.js';
import type { Metric, Section, SectionResult } from './types.js';

/** Every section, in the order of the table. A section whose file is not written yet is skipped. */
const SECTIONS = ['extraction', 'countries', 'topics', 'language'] as const;

const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');
const DEFAULT_DATA_DIR = path.resolve(PROJECT_ROOT, '..', 'shared', 'data');

/** A section's result as reported, with the error when it threw instead of answering. */
type Reported = SectionResult & { readonly error?: string };

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(3);
}

function target(metric: Metric): string {
  if (metric.min !== undefined) return `≥ ${formatValue(metric.min)}`;
  if (metric.max !== undefined) return `≤ ${formatValue(metric.max)}`;
  return '';
}

function table(results: readonly Reported[]): string {
  const rows: string[][] = [['section', 'metric', 'value', 'target', 'n', '']];
  for (const result of results) {
    if (result.error) rows.push([result.name, 'section failed', '', '', '', 'FAIL']);
    else if (!result.available) rows.push([result.name, 'not available', '', '', '', '—']);
    for (const metric of result.metrics)
      rows.push([
        result.name,
        metric.label,
        formatValue(metric.value),
        target(metric),
        metric.n === undefined ? '' : String(metric.n),
        verdict(metric),
      ]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...r[c]!].length)));
  const line = (r: readonly string[]) =>
    r
      .map((cell, c) => (c === 2 || c === 4 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join('\n');
}

function notes(results: readonly Reported[]): string {
  const out: string[] = [];
  for (const result of results) {
    const lines = [...(result.error ? [`failed: ${result.error}`] : []), ...result.notes];
    if (lines.length === 0) continue;
    out.push(`${result.name}:`, ...lines.map((n) => `  - ${n}`));
  }
  return out.join('\n');
}

async function runSection(name: string, dataDir: string, dataFound: boolean): Promise<Reported | null> {
  const file = path.join(import.meta.dirname, 'sections', `${name}.ts`);
  if (!fs.existsSync(file)) {
    console.error(`${name}: skipped (eval/sections/${name}.ts does not exist yet)`);
    return null;
  }
  if (!dataFound) return { name, available: false, notes: ['data not found'], metrics: [] };
  const started = performance.now();
  try {
    const module = (await import(pathToFileURL(file).href)) as { run?: Section };
    if (typeof module.run !== 'function') throw new Error(`eval/sections/${name}.ts exports no run()`);
    const result = await module.run(dataDir);
    console.error(`${name}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`${name}: failed: ${message}`);
    return { name, available: true, notes: [], metrics: [], error: message };
  }
}

function usageError(message: string): never {
  console.error(`DL_VALIDATION: ${message}`);
  console.error('usage: npm run eval -- [--data <dir>] [--only <section>] [--json]');
  process.exit(2);
}

async function main(): Promise<void> {
  let args: { data?: string; only?: string; json?: boolean };
  try {
    args = parseArgs({
      options: { data: { type: 'string' }, only: { type: 'string' }, json: { type: 'boolean' } },
      strict: true,
    }).values;
  } catch (error) {
    usageError((error as Error).message);
  }
  if (args.only !== undefined && !(SECTIONS as readonly string[]).includes(args.only))
    usageError(`unknown section "${args.only}"; sections: ${SECTIONS.join(', ')}`);
  const dataDir = path.resolve(args.data ?? process.env.DATELINE_DATA_DIR ?? DEFAULT_DATA_DIR);
  const dataFound = fs.existsSync(dataDir) && fs.statSync(dataDir).isDirectory();
  if (!dataFound) console.log(`Data folder not found (${dataDir}): nothing to score on this machine.`);

  const results: Reported[] = [];
  for (const name of SECTIONS) {
    if (args.only !== undefined && name !== args.only) continue;
    const result = await runSection(name, dataDir, dataFound);
    if (result) results.push(result);
  }
  const passed = results.every((r) => !r.error && r.metrics.every((m) => verdict(m) !== 'FAIL'));

  console.log(table(results));
  const sectionNotes = notes(results);
  if (sectionNotes) console.log(`\n${sectionNotes}`);
  console.log(`\n${passed ? 'All targets met.' : 'Some targets missed or sections failed.'}`);
  if (args.json) console.log(JSON.stringify({ sections: results, passed }));
  process.exitCode = passed ? 0 : 1;
}

await main();
