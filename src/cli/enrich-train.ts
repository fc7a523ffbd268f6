/**
 * `dateline enrich train [--vocabulary fields-of-work]`: trains the topic classifier of a
 * vocabulary on the editors' tags of the archive's public items, scores it on a held-back fifth,
 * stores it (enrich_models) and prints the scores per term. Registered by `enrich.ts` on its
 * `enrich` command.
 */
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import { loadConfig } from '../config.js';
import type { Database } from '../db/schema.js';
import { DEFAULT_VOCABULARY, type TrainResult, trainTopicClassifier } from '../modules/enrich/train.js';
import type { Taxonomy } from '../modules/taxonomy/taxonomy.js';
import { openSite } from '../site.js';
import { positiveInteger } from './demo.js';
import { type Progress, startProgress } from './progress.js';

/** What training needs from the site; tests pass their own. */
export interface TrainingSite {
  readonly db: Kysely<Database>;
  readonly taxonomy: Taxonomy;
  readonly now: Date;
  close(): Promise<void>;
}

export interface EnrichTrainDeps {
  /** Default: the site at DATABASE_URL with the profile synced. */
  readonly openSite?: () => Promise<TrainingSite>;
  readonly stdout?: Writable;
  /** Progress display (default: a bar on a terminal, periodic lines otherwise). */
  readonly startProgress?: (total: number, what: string) => Progress;
}

async function openDefaultSite(): Promise<TrainingSite> {
  const site = await openSite(loadConfig());
  return {
    db: site.database.db,
    taxonomy: site.taxonomy(),
    now: site.clock.now(),
    close: () => site.close(),
  };
}

const percent = (value: number) => value.toFixed(3).padStart(9);

/** The report people read: the summary, then one line per term, worst first. */
export function formatTrainResult(result: TrainResult): string {
  const lines = [
    `Trained the ${result.vocabulary} classifier (stored as "${result.modelName}", version ${result.version}) on ${result.items} items in ${result.seconds.toFixed(1)} s.`,
    `Held back ${result.heldBack} items: micro-precision ${result.micro.precision.toFixed(3)}, ` +
      `micro-recall ${result.micro.recall.toFixed(3)}, micro-F1 ${result.micro.f1.toFixed(3)}.`,
  ];
  const width = Math.max(4, ...result.perLabel.map((l) => l.label.length));
  lines.push('', `${'term'.padEnd(width)}        F1 precision    recall  held back`);
  for (const label of [...result.perLabel].sort((a, b) => a.f1 - b.f1 || a.label.localeCompare(b.label)))
    lines.push(
      `${label.label.padEnd(width)} ${percent(label.f1)} ${percent(label.precision)} ${percent(label.recall)} ` +
        `${String(label.support).padStart(10)}`,
    );
  if (result.skipped.length > 0)
    lines.push(
      '',
      `Not learned (too few tagged items): ${result.skipped.map((s) => `${s.label} (${s.examples})`).join(', ')}.`,
    );
  return `${lines.join('\n')}\n`;
}

/** Registers `train` under the `enrich` command. */
export function registerEnrichTrainCommand(enrich: Command, deps: EnrichTrainDeps = {}): void {
  enrich
    .command('train')
    .description(
      "Train the topic classifier of a vocabulary on editors' tags of public items, score it on a held-back fifth, and store it",
    )
    .option('--vocabulary <slug>', 'the vocabulary whose terms are the topics', DEFAULT_VOCABULARY)
    .option('--min-examples <n>', 'terms with fewer tagged items are not learned', positiveInteger, 5)
    .action(async (options: { vocabulary: string; minExamples: number }) => {
      const site = await (deps.openSite ?? openDefaultSite)();
      let progress: Progress | undefined;
      let shown = 0;
      try {
        const result = await trainTopicClassifier(site.db, site.taxonomy, {
          vocabulary: options.vocabulary,
          now: site.now,
          classifier: { minExamples: options.minExamples },
          onProgress: (done, total) => {
            progress ??= (deps.startProgress ?? startProgress)(total, 'Training');
            progress.increment(done - shown);
            shown = done;
          },
        });
        progress?.stop();
        progress = undefined;
        (deps.stdout ?? process.stdout).write(formatTrainResult(result));
      } finally {
        progress?.stop();
        await site.close();
      }
    });
}
