/** `dateline enrich train` driven through commander, on a test site with a generated archive. */
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSite, OSCE_PROFILE, type TestSite } from '../../test/site.js';
import { loadDemoItems } from '../modules/demo/demo.service.js';
import { loadTopicClassifier } from '../modules/enrich/train.js';
import { registerEnrichTrainCommand } from './enrich-train.js';

let site: TestSite;

beforeAll(async () => {
  site = await createTestSite('sqlite', { profile: OSCE_PROFILE });
  await loadDemoItems(site.database.db, site.app.site.taxonomy(), site.app.site.profile, {
    items: 200,
    seed: 3,
    now: site.clock.now(),
  });
});
afterAll(() => site.close());

async function train(args: string[]) {
  const stdout = new PassThrough();
  const chunks: string[] = [];
  stdout.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  const steps: number[] = [];
  let totals = 0;
  let closed = 0;
  const program = new Command().exitOverride();
  const enrich = program.command('enrich');
  registerEnrichTrainCommand(enrich, {
    openSite: async () => ({
      db: site.database.db,
      taxonomy: site.app.site.taxonomy(),
      now: site.clock.now(),
      close: async () => void closed++,
    }),
    stdout,
    startProgress: (total) => {
      totals = total;
      return { increment: (by = 1) => void steps.push(by), stop: () => undefined };
    },
  });
  const outcome = program.parseAsync(['enrich', 'train', ...args], { from: 'user' });
  return { outcome, output: () => chunks.join(''), steps, total: () => totals, closed: () => closed };
}

describe('dateline enrich train', () => {
  it('trains, stores and prints the held-back scores per term, with progress', async () => {
    const run = await train([]);
    await run.outcome;
    const output = run.output();
    expect(output).toMatch(
      /^Trained the fields-of-work classifier \(stored as "fields-of-work", version 1\) on \d+ items/,
    );
    const f1 = Number(/micro-F1 (\d\.\d+)/.exec(output)?.[1]);
    expect(f1).toBeGreaterThan(0.3);
    expect(run.steps.reduce((a, b) => a + b, 0)).toBe(run.total());
    expect(run.closed()).toBe(1);
    const stored = await loadTopicClassifier(site.database.db);
    expect(stored?.version).toBe(1);
    expect(stored!.classifier.labels.length).toBeGreaterThan(5);
    // One line per term: F1, precision, recall, then how many held-back items carry it.
    const rows = [...output.matchAll(/^([a-z-]+)\s+\d\.\d{3}\s+\d\.\d{3}\s+\d\.\d{3}\s+(\d+)$/gm)];
    expect(rows.length).toBeGreaterThan(5);
    for (const [, term] of rows)
      expect(site.app.site.taxonomy().termBySlug('fields-of-work', term!)).toBeDefined();
  });

  it('takes the vocabulary from --vocabulary, and fails with a coded error for an unknown one', async () => {
    const run = await train(['--vocabulary', 'nonexistent']);
    await expect(run.outcome).rejects.toMatchObject({ code: 'DL_VALIDATION' });
    expect(run.output()).toBe('');
    expect(run.closed()).toBe(1);
  });

  it('refuses a --min-examples that is not a positive whole number', async () => {
    const run = await train(['--min-examples', 'many']);
    await expect(run.outcome).rejects.toThrow(/whole number/);
  });
});
