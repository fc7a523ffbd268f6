/**
 * Topic classification scored on ReliefWeb reports tagged with themes from a 19-theme list. With
 * only 320 reports (about 17 per theme), one held-out slice would be too small to say much, so the
 * score is 5-fold cross-validation: each report lands in one fold by a hash of its nid, and every
 * fold is predicted by a model trained on the other four. Thresholds and calibration are tuned by
 * the classifier inside its training folds only; the scored fold is never seen.
 *
 * The gold is partial (a report may carry more themes than listed), so precision is a lower bound:
 * a "wrong" theme may be right. Scores are micro-averaged over the listed themes.
 *
 * Where the 0.60 target stands (measured on these folds; the scripts were throwaway): the model's
 * best label is right for 0.66 of reports, and even told each report's true number of themes, the
 * top labels of its ranking would score 0.599 — the decision rule is not what holds it back, the
 * ranking is. Rankings tried against it, none better beyond seed noise (±0.01): a linear SVM (dual
 * coordinate descent, C 0.3–10), a softmax model, complement naive Bayes, k nearest neighbours,
 * class centroids, blends of these with the regression, a second-stage model over all labels'
 * probabilities, LSA dimensions learnt from the reports and 217 more ReliefWeb texts, title words
 * repeated, longer training, other L2 and class balance, unigrams only, no stemming, other
 * vocabulary cuts, an average of five seeds, label names widened to the vocabulary's words that
 * contain or share a prefix with them (malnutrition, agricultural). With ~13 examples a theme, what is missing is
 * knowledge of how themes are written, which no library or data at hand supplies offline.
 */
import { type ClassifierOptions, TopicClassifier } from '../../src/modules/enrich/classifier.js';
import { bucketOf } from '../../src/modules/enrich/train.js';
import { countSets, dataFile, emptyCounts, readCsv, readJsonl, round, scores } from '../lib.js';
import type { Section } from '../types.js';

const REPORTS = 'reliefweb-themes/reports-even.jsonl';
const THEMES = 'reliefweb-themes/themes.csv';
const FOLDS = 5;
const TARGET_F1 = 0.6;

interface Report {
  readonly nid: number;
  readonly text: string;
  readonly themes: readonly string[];
}

/** Cross-validated counts and timings over `reports`. */
export function crossValidate(reports: readonly Report[], folds: number, options: ClassifierOptions = {}) {
  const counts = emptyCounts();
  let trainSeconds = 0;
  let predictSeconds = 0;
  let trained = 0;
  for (let fold = 0; fold < folds; fold++) {
    const train = reports.filter((r) => bucketOf(r.nid, folds) !== fold);
    const test = reports.filter((r) => bucketOf(r.nid, folds) === fold);
    let started = performance.now();
    const classifier = TopicClassifier.train(
      train.map((r) => ({ text: r.text, labels: r.themes })),
      options,
    );
    trainSeconds += (performance.now() - started) / 1000;
    trained += train.length;
    started = performance.now();
    for (const report of test) {
      const predicted = new Set(classifier.predict(report.text).map((p) => p.label));
      countSets(counts, predicted, new Set(report.themes));
    }
    predictSeconds += (performance.now() - started) / 1000;
  }
  return { ...scores(counts), trainSeconds, trained, predictSeconds };
}

export const run: Section = async (dataDir) => {
  const reportsFile = dataFile(dataDir, REPORTS);
  const themesFile = dataFile(dataDir, THEMES);
  if (!reportsFile || !themesFile)
    return { name: 'topics', available: false, notes: [`${REPORTS} or ${THEMES} not found`], metrics: [] };
  const themes = new Set(readCsv(themesFile).map((row) => row.theme ?? ''));
  const reports = readJsonl<Report>(reportsFile).map((r) => ({
    ...r,
    // Themes outside the published list cannot be scored against it; none are expected.
    themes: r.themes.filter((t) => themes.has(t)),
  }));
  const result = crossValidate(reports, FOLDS);
  const n = reports.length;
  return {
    name: 'topics',
    available: true,
    notes: [
      `${FOLDS}-fold cross-validation over all ${n} reports (fold = FNV-1a hash of nid mod ${FOLDS}); ` +
        'each fold scored by a model trained on the other four, thresholds tuned inside the training folds.',
      'Gold themes are partial, so precision is a lower bound; micro-averaged over the listed themes.',
      // The classifier blends in a label-name score and uses one shared threshold (classifier.ts); its
      // weights and cuts come from its own validation slices, so the scored fold stays unseen.
      'Method: regression probabilities blended with a label-name score, one shared threshold + relative cut, ' +
        'all tuned inside the training folds. Seed spread (seeds 1-3): 0.552/0.527/0.516 before, 0.562/0.554/0.569 now.',
    ],
    metrics: [
      {
        key: 'topics.precision',
        label: 'ReliefWeb themes: micro-precision',
        value: round(result.precision),
        n,
      },
      { key: 'topics.recall', label: 'ReliefWeb themes: micro-recall', value: round(result.recall), n },
      { key: 'topics.f1', label: 'ReliefWeb themes: micro-F1', value: round(result.f1), n, min: TARGET_F1 },
      {
        key: 'topics.train_docs_per_second',
        label: 'ReliefWeb themes: training throughput (docs/s, incl. tuning folds)',
        value: Math.round(result.trained / result.trainSeconds),
        n: result.trained,
      },
      {
        key: 'topics.predict_ms',
        label: 'ReliefWeb themes: prediction time per report (ms)',
        value: round((result.predictSeconds * 1000) / n, 2),
        n,
      },
    ],
  };
};
