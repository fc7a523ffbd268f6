/**
 * `dateline import <files or folders…> [--dry-run] [--json] [--map label=vocabulary/slug] [--mapping-file f]`
 * Imports legacy pages. Progress on stderr; a report per file at the end; with --json one JSON
 * object per file on stdout (every extracted field, the terms given and why).
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../config.js';
import { TermMatcher } from '../modules/enrich/term-matcher.js';
import { collectFiles, type FileReport, importFile } from '../modules/ingest/import.service.js';
import { labelIn } from '../modules/taxonomy/taxonomy.js';
import { openSite } from '../site.js';
import { startProgress } from './progress.js';

function mappingEntry(value: string, previous: Map<string, string> = new Map()): Map<string, string> {
  const at = value.lastIndexOf('=');
  if (at <= 0) throw new InvalidArgumentError('use label=vocabulary/slug (or label= to ignore a label)');
  previous.set(value.slice(0, at).trim().toLowerCase(), value.slice(at + 1).trim());
  return previous;
}

/** Reads a mapping file: JSON { "label": "vocabulary/slug" } or lines "label = vocabulary/slug". */
export function readMappingFile(file: string): Map<string, string> {
  const text = fs.readFileSync(file, 'utf8');
  const mapping = new Map<string, string>();
  if (text.trim().startsWith('{')) {
    for (const [label, target] of Object.entries(JSON.parse(text) as Record<string, string>))
      mapping.set(label.toLowerCase(), String(target));
  } else {
    for (const line of text.split('\n'))
      if (line.trim() && !line.startsWith('#')) mappingEntry(line, mapping);
  }
  return mapping;
}

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('Import legacy pages (files or folders of plain-text page dumps or HTML pages) as items')
    .argument('<paths...>', 'files or folders (folders are read recursively)')
    .option('--dry-run', 'show what would be created; write nothing')
    .option('--json', 'one JSON object per file on stdout')
    .option('--map <label=vocabulary/slug>', 'map a label that matches no term (repeatable)', mappingEntry)
    .option('--mapping-file <file>', 'a JSON or "label = vocabulary/slug" file of mappings')
    .action(
      async (
        paths: string[],
        options: { dryRun?: boolean; json?: boolean; map?: Map<string, string>; mappingFile?: string },
      ) => {
        const mapping = new Map([
          ...(options.mappingFile ? readMappingFile(options.mappingFile) : []),
          ...(options.map ?? []),
        ]);
        const files = collectFiles(paths);
        const site = await openSite(loadConfig());
        const reports: FileReport[] = [];
        try {
          const matcher = new TermMatcher(
            site.taxonomy(),
            Object.values(site.profile.shortName).concat(labelIn(site.profile.name, 'en')),
          );
          const progress = startProgress(files.length, options.dryRun ? 'Reading pages' : 'Importing pages');
          for (const file of files) {
            const report = await importFile(
              {
                db: site.database.db,
                taxonomy: site.taxonomy(),
                profile: site.profile,
                matcher,
                now: () => site.clock.now(),
              },
              file,
              { dryRun: options.dryRun === true, mapping },
            );
            reports.push(report);
            if (options.json)
              process.stdout.write(
                `${JSON.stringify({ ...report, file: path.relative(process.cwd(), file) })}\n`,
              );
            progress.increment();
          }
          progress.stop();
        } finally {
          await site.close();
        }
        printReport(reports);
        if (reports.some((r) => r.outcome === 'failed')) process.exitCode = 2;
      },
    );
}

function printReport(reports: readonly FileReport[]): void {
  const count = (outcome: FileReport['outcome']) => reports.filter((r) => r.outcome === outcome).length;
  const lines = reports.map((r) => {
    const extra = [
      r.reason,
      r.unmatched?.length
        ? `unmatched: ${r.unmatched.map((u) => `${u.field} "${u.label}"`).join(', ')}`
        : null,
      ...(r.warnings ?? []),
    ].filter(Boolean);
    return `  ${r.outcome.padEnd(12)} ${path.relative(process.cwd(), r.file)}${r.itemId ? ` (item ${r.itemId})` : ''}${extra.length ? `\n${extra.map((e) => `               ${e}`).join('\n')}` : ''}`;
  });
  process.stderr.write(
    `${lines.join('\n')}\n` +
      `${reports.length} file(s): ${count('created')} created, ${count('would-create')} would be created, ` +
      `${count('skipped')} skipped, ${count('failed')} failed.\n`,
  );
}
