import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OSCE_PROFILE } from '../../../test/site.js';
import { type DatabaseHandle, openDatabase } from '../../db/connection.js';
import { migrateToLatest } from '../../db/migrate.js';
import { isDatelineError } from '../../errors.js';
import { loadProfile } from '../taxonomy/profile.js';
import { Taxonomy } from '../taxonomy/taxonomy.js';
import { syncProfile } from '../taxonomy/taxonomy.repo.js';
import { TopicClassifier } from './classifier.js';
import { loadGazetteer } from './countries.js';
import { saveModel } from './model-store.js';
import { openTagSuggester, TagSuggester, type TopicModel, type TopicPredictor } from './suggest.js';

let handle: DatabaseHandle;
let taxonomy: Taxonomy;

beforeAll(async () => {
  handle = openDatabase('sqlite::memory:');
  await migrateToLatest(handle);
  await syncProfile(handle.db, loadProfile(OSCE_PROFILE), new Date());
  taxonomy = await Taxonomy.load(handle.db);
});
afterAll(() => handle.close());

/** A predictor that answers fixed topics when a keyword is in the text, and records what it was given. */
function fakePredictor(rules: Record<string, { label: string; confidence: number }[]>) {
  const seen: string[] = [];
  const predictor: TopicPredictor = {
    predict: (text) => {
      seen.push(text);
      return Object.entries(rules)
        .filter(([word]) => text.includes(word))
        .flatMap(([word, answers]) => answers.map((a) => ({ ...a, evidence: [word] })));
    },
  };
  return { predictor, seen };
}

const TEXT = {
  title: 'ODIHR observers deployed for elections in Serbia',
  body:
    'BELGRADE, 3 April 2022 – The OSCE Office for Democratic Institutions and Human Rights (ODIHR) ' +
    'deployed 30 long-term observers across Serbia, from Novi Sad to Niš.\n\n' +
    '"Observers will follow the campaign closely," said Jane Hollow, Head of the election observation mission.\n\n' +
    'The Office will publish an interim report.',
  date: '2022-04-03',
};

describe('TagSuggester', () => {
  it('merges countries, mentions and topics into one list sorted by confidence', () => {
    const { predictor, seen } = fakePredictor({ observers: [{ label: 'elections', confidence: 0.8 }] });
    const suggester = new TagSuggester(taxonomy, {
      gazetteer: loadGazetteer(OSCE_PROFILE),
      topics: { vocabulary: 'fields-of-work', predictor },
      organizationNames: ['OSCE'],
    });
    const { tags } = suggester.suggest(TEXT);
    const byKey = new Map(tags.map((t) => [`${t.vocabulary}/${t.slug}`, t]));
    expect(byKey.get('countries/serbia')).toMatchObject({ kind: 'country', label: 'Serbia' });
    expect(byKey.get('structures/odihr')).toMatchObject({ kind: 'mention' });
    // Named first in the title by its acronym, so "the Office" is explained by that name.
    expect(byKey.get('structures/odihr')!.evidence).toEqual([
      'ODIHR',
      'OSCE Office for Democratic Institutions and Human Rights',
      'The Office → ODIHR',
    ]);
    expect(byKey.get('fields-of-work/elections')).toEqual({
      vocabulary: 'fields-of-work',
      slug: 'elections',
      label: 'Elections',
      confidence: 0.8,
      evidence: ['observers'],
      kind: 'topic',
    });
    const confidences = tags.map((t) => t.confidence);
    expect(confidences).toEqual([...confidences].sort((a, b) => b - a));
    for (const t of tags) {
      expect(t.confidence).toBeGreaterThan(0);
      expect(t.confidence).toBeLessThanOrEqual(1);
    }
    // The classifier reads the title with the body.
    expect(seen[0]).toContain(TEXT.title);
    expect(seen[0]).toContain('interim report');
  });

  it('never gives two suggestions for one term: agreeing answers add up', () => {
    const { predictor } = fakePredictor({
      observers: [
        { label: 'elections', confidence: 0.5 },
        { label: 'elections', confidence: 0.4 },
      ],
    });
    const { tags } = new TagSuggester(taxonomy, {
      topics: { vocabulary: 'fields-of-work', predictor },
    }).suggest(TEXT);
    const keys = tags.map((t) => `${t.vocabulary}/${t.slug}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(tags.find((t) => t.slug === 'elections')!.confidence).toBe(0.7);
  });

  it('leaves the topic vocabulary to the classifier, and to names in text without one', () => {
    const text = { title: 'Gender Equality in focus', body: 'A conference on Gender Equality opened.' };
    const withModel = new TagSuggester(taxonomy, {
      topics: { vocabulary: 'fields-of-work', predictor: fakePredictor({}).predictor },
    }).suggest(text);
    expect(withModel.tags.filter((t) => t.vocabulary === 'fields-of-work')).toEqual([]);
    const without = new TagSuggester(taxonomy).suggest(text);
    expect(without.tags.find((t) => t.vocabulary === 'fields-of-work')).toMatchObject({
      slug: 'gender-equality',
      kind: 'mention',
    });
  });

  it('drops topics the taxonomy does not know, or that were closed on the date, and clamps confidence', () => {
    const { predictor } = fakePredictor({
      police: [
        { label: 'no-such-term', confidence: 0.9 },
        { label: 'strategic-police-matters-unit', confidence: 0.9 },
        { label: 'transnational-threats-department', confidence: 1.7 },
      ],
    });
    const suggester = new TagSuggester(taxonomy, { topics: { vocabulary: 'structures', predictor } });
    const slugs = (date: string) =>
      suggester.suggest({ title: 'police', body: '', date }).tags.map((t) => [t.slug, t.confidence]);
    expect(slugs('2020-01-01')).toEqual([['transnational-threats-department', 1]]);
    expect(slugs('2010-01-01')).toEqual([
      ['transnational-threats-department', 1],
      ['strategic-police-matters-unit', 0.9],
    ]);
  });

  it('lists the people quoted, with their role and what they said', () => {
    const { people } = new TagSuggester(taxonomy).suggest(TEXT);
    expect(people).toEqual([
      {
        name: 'Jane Hollow',
        role: 'Head of the election observation mission',
        evidence: ['“Observers will follow the campaign closely.”'],
      },
    ]);
  });

  it('answers labels in the language asked for', () => {
    const { tags } = new TagSuggester(taxonomy, { gazetteer: loadGazetteer(OSCE_PROFILE) }).suggest({
      ...TEXT,
      language: 'fr',
    });
    expect(tags.find((t) => t.slug === 'serbia')!.label).toBe('Serbie');
  });

  it('rejects a malformed date with a coded error', () => {
    try {
      new TagSuggester(taxonomy).suggest({ title: 'x', body: 'y', date: '03/04/2022' });
      expect.unreachable();
    } catch (error) {
      expect(isDatelineError(error) && error.code).toBe('DL_VALIDATION');
    }
  });
});

describe('openTagSuggester', () => {
  it('loads the profile gazetteer and the stored topic model', async () => {
    let asked = 0;
    const model: TopicModel = {
      vocabulary: 'fields-of-work',
      predictor: fakePredictor({ police: [{ label: 'policing', confidence: 0.6 }] }).predictor,
    };
    const suggester = await openTagSuggester(
      { taxonomy, profileDir: OSCE_PROFILE, db: handle.db, organizationNames: ['OSCE'] },
      {
        loadTopicModel: async () => {
          asked++;
          return model;
        },
      },
    );
    const { tags } = suggester.suggest({
      title: 'Training for police',
      body: 'A course in Novi Sad and Niš.',
    });
    expect(asked).toBe(1);
    expect(tags.map((t) => [t.kind, t.slug])).toEqual(
      expect.arrayContaining([
        ['country', 'serbia'],
        ['topic', 'policing'],
      ]),
    );
  });

  it('finds a classifier stored under the name of its vocabulary', async () => {
    const examples = Array.from({ length: 24 }, (_, i) =>
      i % 2 === 0
        ? { text: `Police officers trained in community policing, course ${i}.`, labels: ['policing'] }
        : { text: `Election observers watched the ballot count, mission ${i}.`, labels: ['elections'] },
    );
    const classifier = TopicClassifier.train(examples, { minExamples: 2 });
    await saveModel(handle.db, {
      name: 'fields-of-work',
      trainedAt: new Date(0),
      summary: 'test',
      model: classifier,
    });
    try {
      const suggester = await openTagSuggester({ taxonomy, profileDir: OSCE_PROFILE, db: handle.db });
      const { tags } = suggester.suggest({
        title: 'Policing course',
        body: 'Police officers trained in community policing.',
      });
      const topics = tags.filter((t) => t.kind === 'topic');
      expect(topics[0]).toMatchObject({ vocabulary: 'fields-of-work', slug: 'policing' });
      // The classifier owns its vocabulary: the label "Policing" in the text is not also a mention.
      expect(tags.filter((t) => t.vocabulary === 'fields-of-work' && t.kind === 'mention')).toEqual([]);
    } finally {
      await handle.db.deleteFrom('enrich_models').execute();
    }
  });

  it('works without a stored model', async () => {
    const suggester = await openTagSuggester({ taxonomy, profileDir: OSCE_PROFILE, db: handle.db });
    const { tags } = suggester.suggest({
      title: 'HCNM visits Riga',
      body: 'Talks with the Latvian minister.',
    });
    expect(tags.map((t) => t.kind).sort()).toEqual(['country', 'mention']);
  });
});
