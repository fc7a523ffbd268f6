/**
 * Language identification scored on 999 ReliefWeb texts (333 each in English, French and Spanish),
 * with the six profile languages as candidates, as the site would run it. Nothing was tuned on this
 * file: the detector is franc-min's trigram model restricted to the candidates.
 */
import { detectLanguage, PROFILE_LANGUAGES } from '../../src/modules/enrich/language.js';
import { dataFile, readCsv, round } from '../lib.js';
import type { Metric, Section } from '../types.js';

const FILE = 'reliefweb-themes/language-id-1k.csv';
const TARGET_ACCURACY = 0.95;
const CODES: Readonly<Record<string, string>> = { English: 'en', French: 'fr', Spanish: 'es' };

export const run: Section = async (dataDir) => {
  const file = dataFile(dataDir, FILE);
  if (!file) return { name: 'language', available: false, notes: [`${FILE} not found`], metrics: [] };
  const perLanguage = new Map<string, { right: number; total: number }>();
  let right = 0;
  let total = 0;
  let undecided = 0;
  const started = performance.now();
  for (const row of readCsv(file)) {
    const gold = CODES[row.language_name ?? ''];
    if (!gold) continue;
    const detected = detectLanguage(row.post ?? '', PROFILE_LANGUAGES);
    if (!detected) undecided++;
    const counts = perLanguage.get(gold) ?? { right: 0, total: 0 };
    counts.total++;
    total++;
    if (detected?.language === gold) {
      counts.right++;
      right++;
    }
    perLanguage.set(gold, counts);
  }
  const seconds = (performance.now() - started) / 1000;
  const metrics: Metric[] = [
    {
      key: 'language.accuracy',
      label: 'ReliefWeb texts: language accuracy',
      value: round(right / Math.max(total, 1)),
      n: total,
      min: TARGET_ACCURACY,
    },
    ...[...perLanguage].map(([language, c]) => ({
      key: `language.accuracy.${language}`,
      label: `ReliefWeb texts: accuracy on ${language}`,
      value: round(c.right / c.total),
      n: c.total,
    })),
    {
      key: 'language.texts_per_second',
      label: 'ReliefWeb texts: texts identified per second',
      value: Math.round(total / seconds),
      n: total,
    },
  ];
  return {
    name: 'language',
    available: true,
    notes: [
      `Candidates: the six profile languages (${PROFILE_LANGUAGES.join(', ')}); gold: en/fr/es. ` +
        `${undecided} texts got no answer (too short), counted as wrong.`,
    ],
    metrics,
  };
};
