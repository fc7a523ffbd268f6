import { describe, expect, it } from 'vitest';
import { MODEL_FORMAT, MODEL_VERSION, TopicClassifier, type TrainingExample } from './classifier.js';

// An invented toy archive: three topics with their own words, common filler, some two-topic texts.
const TOPIC_WORDS: Record<string, string[]> = {
  elections: ['ballot', 'voters', 'polling', 'candidates', 'observers', 'electoral', 'campaign', 'turnout'],
  policing: ['police', 'officers', 'patrol', 'crime', 'investigation', 'community', 'arrest', 'training'],
  water: ['river', 'water', 'basin', 'flood', 'drinking', 'irrigation', 'dam', 'sanitation'],
};
const FILLER = ['report', 'mission', 'regional', 'meeting', 'experts', 'week', 'project', 'government'];

/** Deterministic pseudo-random sequence, so the toy corpus is the same on every run. */
function sequence(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function toyCorpus(size: number, seed: number): TrainingExample[] {
  const next = sequence(seed);
  const pick = (list: string[]) => list[Math.floor(next() * list.length)]!;
  const labels = Object.keys(TOPIC_WORDS);
  return Array.from({ length: size }, (_, i) => {
    const topics = [labels[i % 3]!];
    if (i % 5 === 0) topics.push(labels[(i + 1) % 3]!);
    const words: string[] = [];
    for (const topic of topics) for (let k = 0; k < 6; k++) words.push(pick(TOPIC_WORDS[topic]!));
    for (let k = 0; k < 6; k++) words.push(pick(FILLER));
    words.sort(() => next() - 0.5);
    return { text: `${words.join(' ')}.`, labels: topics };
  });
}

const train = toyCorpus(120, 7);
const test = toyCorpus(60, 99);
const classifier = TopicClassifier.train(train, { epochs: 8 });

describe('TopicClassifier', () => {
  it('learns: held-out toy texts get their topics', () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const example of test) {
      const predicted = classifier.predict(example.text).map((p) => p.label);
      tp += predicted.filter((l) => example.labels.includes(l)).length;
      fp += predicted.filter((l) => !example.labels.includes(l)).length;
      fn += example.labels.filter((l) => !predicted.includes(l)).length;
    }
    const f1 = (2 * tp) / (2 * tp + fp + fn);
    expect(f1).toBeGreaterThan(0.85);
    expect(classifier.labels).toEqual(['elections', 'policing', 'water']);
    expect(classifier.training.examples).toBe(120);
  });

  it('ranks the right topic first with a probability, for texts it never saw', () => {
    const [top] = classifier.predict('Observers counted every ballot; turnout among voters was high.');
    expect(top?.label).toBe('elections');
    expect(top!.confidence).toBeGreaterThan(0.5);
    expect(top!.confidence).toBeLessThanOrEqual(1);
    const probabilities = classifier.probabilities('Flood on the river basin; the dam held.');
    expect(probabilities[0]?.label).toBe('water');
    expect(probabilities.map((p) => p.probability)).toEqual(
      [...probabilities.map((p) => p.probability)].sort((a, b) => b - a),
    );
  });

  it('names words of the text, as written, as evidence', () => {
    const text = 'Police Officers on patrol made an arrest after a long investigation.';
    const [top] = classifier.predict(text);
    expect(top?.label).toBe('policing');
    expect(top!.evidence.length).toBeGreaterThan(0);
    for (const phrase of top!.evidence) expect(text).toContain(phrase);
    expect(top!.evidence.join(' ')).toMatch(/Police|patrol|arrest|investigation|Officers/);
  });

  it('round-trips through JSON exactly: same predictions, same version', () => {
    const json = JSON.parse(JSON.stringify(classifier));
    expect(json).toMatchObject({ format: MODEL_FORMAT, version: MODEL_VERSION });
    const copy = TopicClassifier.fromJSON(json);
    for (const example of test.slice(0, 20))
      expect(copy.predict(example.text)).toEqual(classifier.predict(example.text));
    expect(copy.training).toEqual(classifier.training);
  });

  it('tunes one shared threshold and relative cut on the validation slices', () => {
    const { threshold, relativeCut, nameWeight, validationMicroF1, labels } = classifier.training;
    expect(labels.map((l) => l.threshold)).toEqual(labels.map(() => threshold));
    expect(threshold).toBeGreaterThanOrEqual(0);
    expect(threshold).toBeLessThanOrEqual(1);
    expect(relativeCut).toBeGreaterThanOrEqual(0);
    expect(relativeCut).toBeLessThan(1);
    expect([0, 0.2, 0.35, 0.5]).toContain(nameWeight);
    expect(validationMicroF1).toBeGreaterThan(0.85);
  });

  it("lets a label's own name speak for it, and names it as evidence", () => {
    // Each label's name occurs in a third of its training texts beside words of its own; the
    // regression alone would rank 'water' and 'elections' by those other words only.
    // Hard texts: one word of their topic, two of other topics, filler; every other one also names
    // its topic. The regression cannot separate these cleanly, the name can.
    const next = sequence(5);
    const pick = (list: string[]) => list[Math.floor(next() * list.length)]!;
    const topics = Object.keys(TOPIC_WORDS);
    const named = Array.from({ length: 150 }, (_, i) => {
      const topic = topics[i % 3]!;
      const words = [
        pick(TOPIC_WORDS[topic]!),
        pick(TOPIC_WORDS[pick(topics)]!),
        pick(TOPIC_WORDS[pick(topics)]!),
      ];
      for (let k = 0; k < 4; k++) words.push(pick(FILLER));
      if (i % 2 === 0) words.push(topic);
      return { text: words.join(' '), labels: [topic] };
    });
    const model = TopicClassifier.train(named, { epochs: 8 });
    expect(model.training.nameWeight).toBeGreaterThan(0);
    const json = model.toJSON();
    expect(json.labels.every((l) => l.name.indices.length > 0)).toBe(true);
    // Only filler and the name: the name decides.
    const [top] = model.predict('Water: regional report of the mission, project meeting this week.');
    expect(top?.label).toBe('water');
    expect(top!.evidence[0]).toBe('Water');
  });

  it('gives a label whose name is no word of the texts no name score', () => {
    const coded = train.map((e) => ({ text: e.text, labels: e.labels.map((l) => `${l}-zq`) }));
    const json = TopicClassifier.train(coded, { epochs: 2 }).toJSON();
    // "elections-zq" → "election" is in the vocabulary; "zq" (a single-letter pair) is no word at all.
    expect(json.labels.find((l) => l.label === 'water-zq')?.name.indices).toHaveLength(1);
    const none = TopicClassifier.train(
      train.map((e) => ({ text: e.text, labels: e.labels.map((l) => `x${l.length}`) })),
      { epochs: 2 },
    ).toJSON();
    expect(none.labels.every((l) => l.name.indices.length === 0)).toBe(true);
  });

  it('is deterministic for a seed', () => {
    const again = TopicClassifier.train(train, { epochs: 8 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(classifier));
  });

  it('skips labels with too few examples and says so', () => {
    const rare = [...train, { text: 'ballot river', labels: ['rare-topic'] }];
    const model = TopicClassifier.train(rare, { epochs: 2, minExamples: 3 });
    expect(model.labels).not.toContain('rare-topic');
    expect(model.training.skipped).toEqual([{ label: 'rare-topic', examples: 1 }]);
  });

  it('gets a clear error for no data, one label, or malformed examples', () => {
    const invalid = expect.objectContaining({ code: 'DL_VALIDATION' });
    expect(() => TopicClassifier.train([])).toThrow(invalid);
    const oneLabel = train.map((e) => ({ text: e.text, labels: ['elections'] }));
    expect(() => TopicClassifier.train(oneLabel)).toThrow(/at least two labels/);
    expect(() => TopicClassifier.train([{ text: 42, labels: [] } as never])).toThrow(invalid);
    expect(() => TopicClassifier.train(train, { validationFolds: 1 })).toThrow(/validationFolds/);
  });

  it('answers nothing for empty or unknown text, and the top label only when asked to fall back', () => {
    expect(classifier.predict('')).toEqual([]);
    expect(classifier.predict('zzz qqq 123')).toEqual([]);
    expect(() => classifier.predict(null as never)).toThrow(
      expect.objectContaining({ code: 'DL_VALIDATION' }),
    );
    // Filler only: no topic passes its threshold, the fallback still names the most likely one.
    const filler = 'report mission regional meeting experts week';
    expect(classifier.predict(filler, { fallback: false })).toEqual([]);
    expect(classifier.predict(filler)).toHaveLength(1);
  });

  it('refuses a foreign or damaged model JSON with a coded error', () => {
    const json = JSON.parse(JSON.stringify(classifier));
    const invalid = expect.objectContaining({ code: 'DL_VALIDATION' });
    expect(() => TopicClassifier.fromJSON({ ...json, version: 99 })).toThrow(/version 99/);
    // Version 1 had per-label thresholds and no name scores: it must be trained again, not misread.
    expect(() => TopicClassifier.fromJSON({ ...json, version: 1 })).toThrow(/version 1 /);
    expect(() => TopicClassifier.fromJSON({ ...json, format: 'other' })).toThrow(invalid);
    expect(() => TopicClassifier.fromJSON(null)).toThrow(invalid);
    const damaged = { ...json, labels: [{ ...json.labels[0], weights: { indices: [1e9], values: [1] } }] };
    expect(() => TopicClassifier.fromJSON(damaged)).toThrow(invalid);
    const badName = { ...json, labels: [{ ...json.labels[0], name: { indices: [-1], platt: [1, 0] } }] };
    expect(() => TopicClassifier.fromJSON(badName)).toThrow(invalid);
    const noName = { ...json, labels: [{ ...json.labels[0], name: undefined }] };
    expect(() => TopicClassifier.fromJSON(noName)).toThrow(invalid);
    expect(() => TopicClassifier.fromJSON({ ...json, nameWeight: 2 })).toThrow(invalid);
  });
});
