/**
 * A multi-label topic classifier: one-vs-rest logistic regression over TF-IDF features
 * (text-features.ts), trained by stochastic gradient descent with L2 and a fixed seed, so the same
 * examples always give the same model.
 *
 * Written here rather than taken from a library: no well-kept JavaScript library does multi-label
 * logistic regression over sparse features, and the model must serialize to plain JSON (it lives in
 * the enrich_models table and every app server loads the same one).
 *
 * Raw scores of a rare label are low and badly scaled, so each label gets, from out-of-fold scores
 * on the training data itself (k folds, the validation slices), a Platt scaling that turns its score
 * into a probability.
 *
 * A second, fixed opinion joins the learned one: how much of the text is the label's own name
 * ("water", "sanitation", "hygiene" for "Water Sanitation Hygiene"), measured on the same TF-IDF
 * vector and Platt-scaled per label too. With a dozen examples per label the regression cannot
 * learn every way a topic is written, while the label's name is prior knowledge it needs no
 * examples for (on ReliefWeb themes it raised the share of reports whose best label is right from
 * 0.65 to 0.68). The blend weight is chosen on the validation slices and can come out 0.
 *
 * The decision: the best label always, and the others whose probability passes one shared threshold
 * and a share of the best one's (a report about mine clearance that mentions schools once is not
 * about education), both tuned together for micro-F1 on the validation slices. One threshold for
 * all labels rather than one per label: a per-label threshold is tuned on a dozen positives and
 * fits their noise (measured on ReliefWeb themes, micro-F1 0.560 per label vs 0.575 shared).
 */
import { DatelineError } from '../../errors.js';
import {
  ngrams,
  type SparseVector,
  TfidfVectorizer,
  tokenize,
  type VocabularyOptions,
} from './text-features.js';

export interface TrainingExample {
  readonly text: string;
  readonly labels: readonly string[];
}

export interface ClassifierOptions {
  /** Labels with fewer examples are skipped (and reported): too few to learn or to tune (default 5). */
  readonly minExamples?: number;
  readonly epochs?: number;
  readonly learningRate?: number;
  /** L2 regularization strength. */
  readonly l2?: number;
  readonly seed?: number;
  /** Positives of a label weigh (negatives/positives)^balance: 0 = plain, 1 = fully balanced (default 0.5). */
  readonly balance?: number;
  /** Folds for the out-of-fold scores that calibrate and tune thresholds (default 3). */
  readonly validationFolds?: number;
  readonly bigrams?: boolean;
  readonly stem?: boolean;
  readonly vocabulary?: VocabularyOptions;
  /** Called after every epoch of every fit (the fold fits, then the final one). */
  readonly onProgress?: (done: number, total: number) => void;
}

const DEFAULTS = {
  minExamples: 5,
  epochs: 12,
  learningRate: 0.5,
  l2: 1e-5,
  seed: 1,
  balance: 0.5,
  validationFolds: 3,
  bigrams: true,
  stem: true,
} as const;

export interface LabelReport {
  readonly label: string;
  readonly examples: number;
  /** The shared threshold (kept per label so a report reads the same as before). */
  readonly threshold: number;
  /** F1 of this label on the out-of-fold scores under the whole decision rule. */
  readonly validationF1: number;
}

export interface TrainingSummary {
  readonly examples: number;
  readonly features: number;
  /** A label must reach this share of the best label's probability too (tuned on the validation slices). */
  readonly relativeCut: number;
  /** The probability every label but the best must reach (tuned on the validation slices). */
  readonly threshold: number;
  /** Share of the label-name score in a label's probability (0 = the regression alone). */
  readonly nameWeight: number;
  /** Micro-F1 of the whole decision rule on the out-of-fold scores. */
  readonly validationMicroF1: number;
  readonly labels: readonly LabelReport[];
  /** Labels left out because they had fewer than `minExamples` examples. */
  readonly skipped: readonly { readonly label: string; readonly examples: number }[];
}

export interface Prediction {
  readonly label: string;
  /** Calibrated-ish probability (Platt scaling on out-of-fold scores), 0..1. */
  readonly confidence: number;
  /** The words and word pairs of the text that pushed this label most, as written in the text. */
  readonly evidence: readonly string[];
}

export interface PredictOptions {
  /** When no label passes its threshold, answer the most likely one anyway (default true). */
  readonly fallback?: boolean;
  /** At most this many evidence phrases per label (default 5). */
  readonly evidence?: number;
}

interface LabelModel {
  readonly label: string;
  readonly bias: number;
  readonly weights: Float64Array;
  /** Platt scaling: probability = sigmoid(a × score + b). */
  readonly platt: readonly [number, number];
  readonly threshold: number;
  /** Feature indices of the words of the label's own name (empty when none is in the vocabulary). */
  readonly nameTerms: Int32Array;
  /** Platt scaling of the name score (the summed TF-IDF weight of those features in the text). */
  readonly namePlatt: readonly [number, number];
}

export const MODEL_FORMAT = 'dateline-topic-classifier';
/** 2: label-name scores (`name` per label, `nameWeight`) and one shared threshold. */
export const MODEL_VERSION = 2;

/** The serialized form (JSON); `version` changes whenever the meaning of a field does. */
export interface ClassifierJson {
  readonly format: typeof MODEL_FORMAT;
  readonly version: number;
  readonly tokens: { readonly stem: boolean; readonly bigrams: boolean };
  readonly relativeCut: number;
  readonly nameWeight: number;
  readonly vectorizer: { readonly terms: readonly string[]; readonly idf: readonly number[] };
  readonly labels: readonly {
    readonly label: string;
    readonly bias: number;
    readonly platt: readonly [number, number];
    readonly threshold: number;
    readonly weights: { readonly indices: readonly number[]; readonly values: readonly number[] };
    readonly name: { readonly indices: readonly number[]; readonly platt: readonly [number, number] };
  }[];
  readonly training: TrainingSummary;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** mulberry32: a tiny seeded generator, so training is reproducible. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], next: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

function dot(weights: Float64Array, x: SparseVector): number {
  let sum = 0;
  for (let k = 0; k < x.indices.length; k++) sum += weights[x.indices[k]!]! * x.values[k]!;
  return sum;
}

interface Fitted {
  readonly weights: Float64Array[];
  readonly bias: number[];
}

/**
 * One-vs-rest logistic regression by SGD over `rows` (indices into X). L2 decay is kept as one
 * scale factor per label (w = scale × v), so a step costs the non-zeros of x, not the vocabulary.
 * Positives are up-weighted (see `balance`): rare labels must still move their weights.
 */
function fitLogistic(
  X: readonly SparseVector[],
  Y: readonly Uint8Array[],
  rows: readonly number[],
  dimension: number,
  options: Required<Pick<ClassifierOptions, 'epochs' | 'learningRate' | 'l2' | 'seed' | 'balance'>>,
  onEpoch: () => void,
): Fitted {
  const next = random(options.seed);
  const labels = Y.length;
  const v = Array.from({ length: labels }, () => new Float64Array(dimension));
  const scale = new Float64Array(labels).fill(1);
  const bias = new Array<number>(labels).fill(0);
  const positiveWeight = Y.map((y) => {
    const positives = rows.reduce((n, r) => n + y[r]!, 0);
    return positives === 0 ? 1 : Math.max(1, (rows.length - positives) / positives) ** options.balance;
  });
  const order = [...rows];
  let t = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffle(order, next);
    for (const r of order) {
      const x = X[r]!;
      const rate = options.learningRate / (1 + options.learningRate * options.l2 * t++);
      for (let l = 0; l < labels; l++) {
        const y = Y[l]![r]!;
        const weights = v[l]!;
        const gradient = (sigmoid(scale[l]! * dot(weights, x) + bias[l]!) - y) * (y ? positiveWeight[l]! : 1);
        scale[l]! *= 1 - rate * options.l2;
        const step = (rate * gradient) / scale[l]!;
        for (let k = 0; k < x.indices.length; k++) weights[x.indices[k]!]! -= step * x.values[k]!;
        bias[l]! -= rate * gradient;
        if (scale[l]! < 1e-9) {
          for (let i = 0; i < dimension; i++) weights[i]! *= scale[l]!;
          scale[l] = 1;
        }
      }
    }
    onEpoch();
  }
  for (let l = 0; l < labels; l++) for (let i = 0; i < dimension; i++) v[l]![i]! *= scale[l]!;
  return { weights: v, bias };
}

/** Platt scaling fitted by Newton's method on (score, is-positive) pairs, with Platt's smoothed targets. */
function plattScaling(scores: readonly number[], positive: readonly boolean[]): [number, number] {
  const positives = positive.filter(Boolean).length;
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (scores.length - positives + 2);
  let a = 1;
  let b = 0;
  for (let iteration = 0; iteration < 50; iteration++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-9;
    let hab = 0;
    let hbb = 1e-9;
    for (let i = 0; i < scores.length; i++) {
      const s = scores[i]!;
      const p = sigmoid(a * s + b);
      const d = p - (positive[i] ? hi : lo);
      const w = p * (1 - p);
      ga += d * s;
      gb += d;
      haa += w * s * s;
      hab += w * s;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-12) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-9) break;
  }
  return [a, b];
}

/** Weights kept to 4 significant digits, those under 0.01 dropped: a smaller model JSON (scores unchanged when measured). */
function compact(weights: Float64Array): Float64Array {
  return weights.map((w) => (Math.abs(w) < 1e-2 ? 0 : Number(w.toPrecision(4))));
}

function invalid(detail: string): DatelineError {
  return new DatelineError('DL_VALIDATION', detail);
}

export class TopicClassifier {
  private constructor(
    private readonly vectorizer: TfidfVectorizer,
    private readonly tokens: { readonly stem: boolean; readonly bigrams: boolean },
    private readonly models: readonly LabelModel[],
    private readonly relativeCut: number,
    private readonly nameWeight: number,
    /** What the model was trained on, and how each label did on its validation slices. */
    readonly training: TrainingSummary,
  ) {}

  /** The labels this model can predict. */
  get labels(): string[] {
    return this.models.map((m) => m.label);
  }

  /** Trains on `examples`; labels with fewer than `minExamples` are skipped and listed in `training`. */
  static train(examples: readonly TrainingExample[], options: ClassifierOptions = {}): TopicClassifier {
    const o = { ...DEFAULTS, ...options };
    for (const key of ['minExamples', 'epochs', 'validationFolds'] as const)
      if (!Number.isInteger(o[key]) || o[key] < (key === 'validationFolds' ? 2 : 1))
        throw invalid(
          `The option ${key} must be a whole number of at least ${key === 'validationFolds' ? 2 : 1}.`,
        );
    if (!Array.isArray(examples as unknown) || examples.length === 0)
      throw invalid('There are no training examples.');
    for (const [i, example] of examples.entries())
      if (
        typeof example?.text !== 'string' ||
        !Array.isArray(example.labels as unknown) ||
        !example.labels.every((l) => typeof l === 'string')
      )
        throw invalid(`Training example ${i + 1} needs a text and a list of labels.`);

    const counts = new Map<string, number>();
    for (const example of examples)
      for (const label of new Set(example.labels)) counts.set(label, (counts.get(label) ?? 0) + 1);
    const byName = (a: [string, number], b: [string, number]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
    const kept = [...counts].filter(([, n]) => n >= o.minExamples).sort(byName);
    const skipped = [...counts]
      .filter(([, n]) => n < o.minExamples)
      .sort(byName)
      .map(([label, n]) => ({ label, examples: n }));
    if (kept.length < 2)
      throw invalid(
        `Training needs at least two labels with ${o.minExamples} or more examples each; ` +
          `${kept.length === 0 ? 'none has' : `only "${kept[0]![0]}" has`} (${examples.length} examples).`,
      );

    const tokens = { stem: o.stem, bigrams: o.bigrams };
    const terms = examples.map((e) => ngrams(tokenize(e.text, tokens), tokens.bigrams).terms);
    const vectorizer = TfidfVectorizer.fit(terms, options.vocabulary);
    const X = terms.map((t) => vectorizer.transform(t));
    const Y = kept.map(([label]) => Uint8Array.from(examples, (e) => (e.labels.includes(label) ? 1 : 0)));

    const folds = assignFolds(examples, counts, o.validationFolds, o.seed);
    const total = (o.validationFolds + 1) * o.epochs;
    let done = 0;
    const onEpoch = () => o.onProgress?.(++done, total);
    const fitOptions = {
      epochs: o.epochs,
      learningRate: o.learningRate,
      l2: o.l2,
      seed: o.seed,
      balance: o.balance,
    };

    // Out-of-fold scores: every example scored by a model that did not see it.
    const outOfFold = kept.map(() => new Array<number>(examples.length).fill(0));
    for (let f = 0; f < o.validationFolds; f++) {
      const train = folds.flatMap((fold, i) => (fold === f ? [] : [i]));
      const model = fitLogistic(X, Y, train, vectorizer.size, fitOptions, onEpoch);
      folds.forEach((fold, i) => {
        if (fold !== f) return;
        for (let l = 0; l < kept.length; l++)
          outOfFold[l]![i] = dot(model.weights[l]!, X[i]!) + model.bias[l]!;
      });
    }
    const final = fitLogistic(X, Y, Array.from(examples.keys()), vectorizer.size, fitOptions, onEpoch);

    const regression = kept.map((_, l) => {
      const platt = plattScaling(
        outOfFold[l]!,
        Array.from(Y[l]!, (y) => y === 1),
      );
      return outOfFold[l]!.map((s) => sigmoid(platt[0] * s + platt[1]));
    });
    const plattOfRegression = kept.map((_, l) =>
      plattScaling(
        outOfFold[l]!,
        Array.from(Y[l]!, (y) => y === 1),
      ),
    );
    // The name score needs no training, so it is its own out-of-fold score; only its scaling is fitted.
    const names = kept.map(([label]) => nameTerms(label, tokens, vectorizer));
    const nameScores = names.map((terms) => X.map((x) => nameScore(terms, x)));
    const namePlatts = kept.map((_, l) =>
      names[l]!.length === 0
        ? ([0, 0] as [number, number])
        : plattScaling(
            nameScores[l]!,
            Array.from(Y[l]!, (y) => y === 1),
          ),
    );
    const nameProbabilities = nameScores.map((scores, l) =>
      scores.map((s) => sigmoid(namePlatts[l]![0] * s + namePlatts[l]![1])),
    );
    const rule = tuneDecision(regression, nameProbabilities, names, Y);

    const models: LabelModel[] = kept.map(([label], l) => ({
      label,
      bias: final.bias[l]!,
      weights: compact(final.weights[l]!),
      platt: plattOfRegression[l]!,
      threshold: rule.threshold,
      nameTerms: names[l]!,
      namePlatt: namePlatts[l]!,
    }));
    const reports: LabelReport[] = kept.map(([label, n], l) => ({
      label,
      examples: n,
      threshold: rule.threshold,
      validationF1: rule.labelF1[l]!,
    }));
    return new TopicClassifier(vectorizer, tokens, models, rule.relativeCut, rule.nameWeight, {
      examples: examples.length,
      features: vectorizer.size,
      relativeCut: rule.relativeCut,
      threshold: rule.threshold,
      nameWeight: rule.nameWeight,
      validationMicroF1: rule.microF1,
      labels: reports,
      skipped,
    });
  }

  /** Every label's probability for `text`, most likely first. */
  probabilities(text: string): { label: string; probability: number }[] {
    const x = this.vectorizer.transform(ngrams(tokenize(text, this.tokens), this.tokens.bigrams).terms);
    return this.score(x)
      .map(({ model, probability }) => ({ label: model.label, probability }))
      .sort((a, b) => b.probability - a.probability);
  }

  /**
   * The labels whose probability passes their threshold, most likely first; when none passes, the
   * most likely label (unless `fallback` is false). A text with no known word gets no label.
   */
  predict(text: string, options: PredictOptions = {}): Prediction[] {
    if (typeof text !== 'string') throw invalid('The text to classify must be a string.');
    const { terms, readable } = ngrams(tokenize(text, this.tokens), this.tokens.bigrams);
    const x = this.vectorizer.transform(terms);
    if (x.indices.length === 0) return [];
    const scored = this.score(x).sort((a, b) => b.probability - a.probability);
    const chosen = decide(scored, this.relativeCut, options.fallback ?? true);
    const asWritten = new Map<number, string>();
    terms.forEach((term, i) => {
      const index = this.vectorizer.indexOf(term);
      if (index !== undefined && !asWritten.has(index)) asWritten.set(index, readable[i]!);
    });
    return chosen.map(({ model, probability }) => ({
      label: model.label,
      confidence: probability,
      evidence: evidence(model, x, this.nameWeight, options.evidence ?? 5).map((i) => asWritten.get(i)!),
    }));
  }

  private score(x: SparseVector) {
    return this.models.map((model) => ({
      model,
      probability: blend(
        sigmoid(model.platt[0] * (dot(model.weights, x) + model.bias) + model.platt[1]),
        sigmoid(model.namePlatt[0] * nameScore(model.nameTerms, x) + model.namePlatt[1]),
        model.nameTerms.length === 0 ? 0 : this.nameWeight,
      ),
    }));
  }

  toJSON(): ClassifierJson {
    return {
      format: MODEL_FORMAT,
      version: MODEL_VERSION,
      tokens: this.tokens,
      relativeCut: this.relativeCut,
      nameWeight: this.nameWeight,
      vectorizer: this.vectorizer.toJSON(),
      labels: this.models.map((m) => {
        const indices: number[] = [];
        const values: number[] = [];
        m.weights.forEach((w, i) => {
          if (w !== 0) {
            indices.push(i);
            values.push(w);
          }
        });
        return {
          label: m.label,
          bias: m.bias,
          platt: m.platt,
          threshold: m.threshold,
          weights: { indices, values },
          name: { indices: [...m.nameTerms], platt: m.namePlatt },
        };
      }),
      training: this.training,
    };
  }

  /** Rebuilds a model from `toJSON()` output (parsed); a foreign or damaged model is a DL_VALIDATION error. */
  static fromJSON(json: unknown): TopicClassifier {
    const model = json as Partial<ClassifierJson> | null;
    if (typeof model !== 'object' || model === null || model.format !== MODEL_FORMAT)
      throw invalid(`Not a topic classifier model (expected format "${MODEL_FORMAT}").`);
    if (model.version !== MODEL_VERSION)
      throw invalid(
        `Topic classifier model version ${String(model.version)} is not supported (this code reads version ` +
          `${MODEL_VERSION}); train the model again.`,
      );
    if (
      !model.vectorizer ||
      !model.tokens ||
      !Array.isArray(model.labels) ||
      !model.training ||
      !Number.isFinite(model.relativeCut) ||
      !(typeof model.nameWeight === 'number' && model.nameWeight >= 0 && model.nameWeight <= 1)
    )
      throw invalid('The topic classifier model is incomplete.');
    const vectorizer = TfidfVectorizer.fromJSON(model.vectorizer);
    const models = model.labels.map((entry) => {
      const { indices, values } = entry?.weights ?? {};
      const name = entry?.name;
      const ok =
        typeof entry?.label === 'string' &&
        Number.isFinite(entry.bias) &&
        Number.isFinite(entry.threshold) &&
        Array.isArray(entry.platt) &&
        entry.platt.every(Number.isFinite) &&
        Array.isArray(indices) &&
        Array.isArray(values) &&
        indices.length === values.length &&
        indices.every((i) => Number.isInteger(i) && i >= 0 && i < vectorizer.size) &&
        Array.isArray(name?.indices) &&
        name.indices.every((i: number) => Number.isInteger(i) && i >= 0 && i < vectorizer.size) &&
        Array.isArray(name.platt) &&
        name.platt.length === 2 &&
        name.platt.every(Number.isFinite);
      if (!ok) throw invalid('A label of the topic classifier model is malformed.');
      const weights = new Float64Array(vectorizer.size);
      indices!.forEach((i, k) => {
        weights[i] = values![k]!;
      });
      return {
        label: entry.label,
        bias: entry.bias,
        platt: [entry.platt[0]!, entry.platt[1]!] as const,
        threshold: entry.threshold,
        weights,
        nameTerms: Int32Array.from(name!.indices),
        namePlatt: [name!.platt[0]!, name!.platt[1]!] as const,
      };
    });
    return new TopicClassifier(
      vectorizer,
      { ...model.tokens },
      models,
      model.relativeCut!,
      model.nameWeight!,
      model.training,
    );
  }
}

/**
 * The decision rule: labels that pass their own threshold and reach `relativeCut` × the best
 * probability (a report about mine clearance that mentions schools once is not about education);
 * with none, the best label when `fallback`. `scored` is sorted, most likely first.
 */
function decide<T extends { probability: number; model: { threshold: number } }>(
  scored: readonly T[],
  relativeCut: number,
  fallback: boolean,
): T[] {
  const best = scored[0]?.probability ?? 0;
  const chosen = scored.filter(
    (s) => s.probability >= s.model.threshold && s.probability >= relativeCut * best,
  );
  return chosen.length === 0 && fallback ? scored.slice(0, 1) : chosen;
}

/**
 * The features of the words of `label` itself: its words and word pairs as the vectorizer knows them
 * ("Water Sanitation Hygiene" → water, sanitation, hygiene, water sanitation, …). A slug such as
 * "human-rights" works the same, as tokenizing splits on anything that is not a letter.
 */
function nameTerms(
  label: string,
  tokens: { readonly stem: boolean; readonly bigrams: boolean },
  vectorizer: TfidfVectorizer,
): Int32Array {
  const indices = new Set<number>();
  for (const term of ngrams(tokenize(label, tokens), tokens.bigrams).terms) {
    const index = vectorizer.indexOf(term);
    if (index !== undefined) indices.add(index);
  }
  return Int32Array.from(indices).sort();
}

/** How much of the text's (L2-normalized) TF-IDF weight falls on the label's own name: 0 when absent. */
function nameScore(terms: Int32Array, x: SparseVector): number {
  let sum = 0;
  if (terms.length === 0) return sum;
  for (let k = 0; k < x.indices.length; k++) if (terms.includes(x.indices[k]!)) sum += x.values[k]!;
  return sum;
}

/** A label's probability: the regression's, with `weight` of the name score's mixed in. */
function blend(regression: number, name: number, weight: number): number {
  return (1 - weight) * regression + weight * name;
}

/** Candidate blend weights, thresholds and relative cuts; ties go to the first (no name, lowest cut). */
const NAME_WEIGHTS = [0, 0.2, 0.35, 0.5];
const STEPS = 40;
const CUTS = Array.from({ length: 20 }, (_, i) => i / 20);

interface Decision {
  readonly nameWeight: number;
  readonly threshold: number;
  readonly relativeCut: number;
  readonly microF1: number;
  readonly labelF1: readonly number[];
}

/**
 * Chooses the name weight, the shared threshold (a multiple of 1/40) and the relative cut with the
 * best micro-F1 of `decide` on out-of-fold probabilities ([label][example]). The best label is
 * always chosen, so for one weight and cut every threshold is scored at once from a histogram of
 * the other candidates' probabilities: weights × cuts × examples × labels steps, not × thresholds.
 */
function tuneDecision(
  regression: readonly (readonly number[])[],
  name: readonly (readonly number[])[],
  names: readonly Int32Array[],
  Y: readonly Uint8Array[],
): Decision {
  const labels = Y.length;
  const examples = Y[0]?.length ?? 0;
  let gold = 0;
  for (const y of Y) for (const v of y) gold += v;
  let best = { nameWeight: 0, threshold: 0, relativeCut: 0, microF1: -1 };
  const p = new Float64Array(labels);
  for (const nameWeight of NAME_WEIGHTS) {
    for (const relativeCut of CUTS) {
      let topHits = 0;
      const predicted = new Float64Array(STEPS + 1);
      const hits = new Float64Array(STEPS + 1);
      for (let i = 0; i < examples; i++) {
        let top = 0;
        for (let l = 0; l < labels; l++) {
          p[l] = blend(regression[l]![i]!, name[l]![i]!, names[l]!.length === 0 ? 0 : nameWeight);
          if (p[l]! > p[top]!) top = l;
        }
        topHits += Y[top]![i]!;
        for (let l = 0; l < labels; l++) {
          if (l === top || p[l]! < relativeCut * p[top]!) continue;
          // Passes every threshold j/STEPS with j ≤ this bucket.
          const bucket = Math.min(STEPS, Math.floor(p[l]! * STEPS));
          predicted[bucket]!++;
          hits[bucket]! += Y[l]![i]!;
        }
      }
      let morePredicted = 0;
      let moreHits = 0;
      const f1 = new Float64Array(STEPS + 1);
      for (let j = STEPS; j >= 0; j--) {
        morePredicted += predicted[j]!;
        moreHits += hits[j]!;
        f1[j] = (2 * (topHits + moreHits)) / (examples + morePredicted + gold);
      }
      // Of equally good thresholds (a run of them when the slices separate cleanly), the middle one:
      // the lowest would accept every label of a text whose best is uncertain.
      for (let j = 0; j <= STEPS; j++) {
        if (!(f1[j]! > best.microF1)) continue;
        let last = j;
        while (last < STEPS && f1[last + 1] === f1[j]) last++;
        best = { nameWeight, threshold: Math.floor((j + last) / 2) / STEPS, relativeCut, microF1: f1[j]! };
      }
    }
  }
  // Each label's F1 under the chosen rule, for the training report.
  const tp = new Float64Array(labels);
  const chosen = new Float64Array(labels);
  const positives = Y.map((y) => y.reduce((n, v) => n + v, 0));
  for (let i = 0; i < examples; i++) {
    const scored = Array.from({ length: labels }, (_, l) => ({
      l,
      model: { threshold: best.threshold },
      probability: blend(regression[l]![i]!, name[l]![i]!, names[l]!.length === 0 ? 0 : best.nameWeight),
    })).sort((a, b) => b.probability - a.probability);
    for (const { l } of decide(scored, best.relativeCut, true)) {
      chosen[l]!++;
      tp[l]! += Y[l]![i]!;
    }
  }
  const labelF1 = positives.map((n, l) => (n + chosen[l]! === 0 ? 0 : (2 * tp[l]!) / (n + chosen[l]!)));
  return { ...best, labelF1 };
}

/**
 * Feature indices of `x` that speak for the label, strongest first: the words of the label's own name
 * when they count (`nameWeight` > 0), then those with the largest positive regression contribution.
 */
function evidence(model: LabelModel, x: SparseVector, nameWeight: number, limit: number): number[] {
  const contributions: [number, number][] = [];
  for (let k = 0; k < x.indices.length; k++) {
    const index = x.indices[k]!;
    const named = nameWeight > 0 && model.nameTerms.includes(index);
    const c = named ? Number.POSITIVE_INFINITY : model.weights[index]! * x.values[k]!;
    if (c > 0) contributions.push([index, c]);
  }
  return contributions
    .sort((a, b) => (b[1] === a[1] ? a[0] - b[0] : b[1] - a[1]))
    .slice(0, limit)
    .map(([i]) => i);
}

/**
 * Deterministic folds that spread every label over all folds: examples are shuffled with the seed,
 * grouped by their rarest label, and dealt round-robin, so a label with 5 examples is not all in one.
 */
function assignFolds(
  examples: readonly TrainingExample[],
  counts: ReadonlyMap<string, number>,
  k: number,
  seed: number,
): number[] {
  const rarest = examples.map((e) =>
    e.labels.reduce<[string, number]>(
      (best, label) => {
        const n = counts.get(label) ?? 0;
        return n < best[1] || (n === best[1] && label < best[0]) ? [label, n] : best;
      },
      ['', Number.POSITIVE_INFINITY],
    ),
  );
  const order = shuffle(Array.from(examples.keys()), random(seed ^ 0x9e3779b9));
  order.sort((a, b) => {
    const [x, y] = [rarest[a]!, rarest[b]!];
    return x[1] - y[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0);
  });
  const folds = new Array<number>(examples.length).fill(0);
  order.forEach((example, position) => {
    folds[example] = position % k;
  });
  return folds;
}
