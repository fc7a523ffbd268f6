/**
 * The Porter2 ("Snowball English") stemmer, written out step by step after the published
 * algorithm so that a reader can check each step against it. It runs on lower-case a–z words; the
 * analyzer caches its results, so clarity wins over speed here.
 */

/** Words the algorithm answers directly, before any step. */
const EXCEPTIONS = new Map<string, string>([
  ['skis', 'ski'],
  ['skies', 'sky'],
  ['dying', 'die'],
  ['lying', 'lie'],
  ['tying', 'tie'],
  ['idly', 'idl'],
  ['gently', 'gentl'],
  ['ugly', 'ugli'],
  ['early', 'earli'],
  ['only', 'onli'],
  ['singly', 'singl'],
  ['sky', 'sky'],
  ['news', 'news'],
  ['howe', 'howe'],
  ['atlas', 'atlas'],
  ['cosmos', 'cosmos'],
  ['bias', 'bias'],
  ['andes', 'andes'],
]);

/** Words left alone once step 1a has run. */
const AFTER_STEP_1A = new Set([
  'inning',
  'outing',
  'canning',
  'herring',
  'earring',
  'proceed',
  'exceed',
  'succeed',
]);

/** Prefixes whose end is taken as the start of R1 (otherwise "general" would stem like "generate"). */
const R1_PREFIXES = ['gener', 'commun', 'arsen'];

const PLAIN_WORD = /^[a-z]+$/;

type Rule = readonly [suffix: string, replacement: string, condition?: (stem: string) => boolean];

const precededByL = (stem: string) => stem.endsWith('l');
const validLiEnding = (stem: string) => 'cdeghkmnrt'.includes(stem.charAt(stem.length - 1));

/** Longest suffixes first, so that the first match is the longest one, as the algorithm requires. */
const byLength = (rules: Rule[]): readonly Rule[] => rules.sort((a, b) => b[0].length - a[0].length);

const STEP_2: readonly Rule[] = byLength([
  ['tional', 'tion'],
  ['enci', 'ence'],
  ['anci', 'ance'],
  ['abli', 'able'],
  ['entli', 'ent'],
  ['izer', 'ize'],
  ['ization', 'ize'],
  ['ational', 'ate'],
  ['ation', 'ate'],
  ['ator', 'ate'],
  ['alism', 'al'],
  ['aliti', 'al'],
  ['alli', 'al'],
  ['fulness', 'ful'],
  ['ousli', 'ous'],
  ['ousness', 'ous'],
  ['iveness', 'ive'],
  ['iviti', 'ive'],
  ['biliti', 'ble'],
  ['bli', 'ble'],
  ['ogi', 'og', precededByL],
  ['fulli', 'ful'],
  ['lessli', 'less'],
  ['li', '', validLiEnding],
]);

const STEP_3: readonly Rule[] = byLength([
  ['tional', 'tion'],
  ['ational', 'ate'],
  ['alize', 'al'],
  ['icate', 'ic'],
  ['iciti', 'ic'],
  ['ical', 'ic'],
  ['ful', ''],
  ['ness', ''],
]);

const STEP_4: readonly Rule[] = byLength(
  [
    'al',
    'ance',
    'ence',
    'er',
    'ic',
    'able',
    'ible',
    'ant',
    'ement',
    'ment',
    'ent',
    'ism',
    'ate',
    'iti',
    'ous',
    'ive',
    'ize',
  ]
    .map((suffix): Rule => [suffix, ''])
    .concat([['ion', '', (stem) => stem.endsWith('s') || stem.endsWith('t')]]),
);

function isVowel(word: string, i: number): boolean {
  const c = word.charCodeAt(i);
  // a e i o u y; a consonant y has been marked as upper-case Y and is not a vowel.
  return c === 97 || c === 101 || c === 105 || c === 111 || c === 117 || c === 121;
}

function hasVowel(word: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (isVowel(word, i)) return true;
  return false;
}

/** The start of the region after the first non-vowel following a vowel at or after `from`. */
function regionStart(word: string, from: number): number {
  for (let i = from + 1; i < word.length; i++) {
    if (!isVowel(word, i) && isVowel(word, i - 1)) return i + 1;
  }
  return word.length;
}

/** Consonant-vowel-consonant (last not w, x, Y) at the end, or a two-letter vowel-consonant word. */
function endsInShortSyllable(word: string): boolean {
  const n = word.length;
  if (n === 2) return isVowel(word, 0) && !isVowel(word, 1);
  if (n < 3) return false;
  const last = word.charAt(n - 1);
  return !isVowel(word, n - 3) && isVowel(word, n - 2) && !isVowel(word, n - 1) && !'wxY'.includes(last);
}

/** Marks y at the start or after a vowel as a consonant (Y). */
function markConsonantY(word: string): string {
  if (!word.includes('y')) return word;
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const c = word.charAt(i);
    out += c === 'y' && (i === 0 || isVowel(out, i - 1)) ? 'Y' : c;
  }
  return out;
}

/** Applies the longest matching rule if its suffix lies at or after `region`; otherwise nothing. */
function applyLongest(word: string, rules: readonly Rule[], region: number): string {
  for (const [suffix, replacement, condition] of rules) {
    if (!word.endsWith(suffix)) continue;
    const stem = word.slice(0, word.length - suffix.length);
    if (stem.length < region || (condition && !condition(stem))) return word;
    return stem + replacement;
  }
  return word;
}

function step1a(word: string): string {
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('ied') || word.endsWith('ies'))
    return word.length > 4 ? word.slice(0, -2) : word.slice(0, -1);
  if (word.endsWith('us') || word.endsWith('ss')) return word;
  if (word.endsWith('s') && hasVowel(word, 0, word.length - 2)) return word.slice(0, -1);
  return word;
}

function step1b(word: string, r1: number): string {
  if (word.endsWith('eedly')) return word.length - 5 >= r1 ? word.slice(0, -3) : word;
  if (word.endsWith('eed')) return word.length - 3 >= r1 ? word.slice(0, -1) : word;
  const suffix = ['ingly', 'edly', 'ing', 'ed'].find((s) => word.endsWith(s));
  if (suffix === undefined) return word;
  const stem = word.slice(0, word.length - suffix.length);
  if (!hasVowel(stem, 0, stem.length)) return word;
  if (stem.endsWith('at') || stem.endsWith('bl') || stem.endsWith('iz')) return `${stem}e`;
  if (/(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(stem)) return stem.slice(0, -1);
  if (r1 >= stem.length && endsInShortSyllable(stem)) return `${stem}e`;
  return stem;
}

function step1c(word: string): string {
  const n = word.length;
  const last = word.charAt(n - 1);
  if ((last === 'y' || last === 'Y') && n > 2 && !isVowel(word, n - 2)) return `${word.slice(0, -1)}i`;
  return word;
}

function step3(word: string, r1: number, r2: number): string {
  // The one step-3 suffix that must lie in R2 rather than R1.
  if (word.endsWith('ative')) return word.length - 5 >= r2 ? word.slice(0, -5) : word;
  return applyLongest(word, STEP_3, r1);
}

function step5(word: string, r1: number, r2: number): string {
  const n = word.length;
  if (word.endsWith('e')) {
    const stem = word.slice(0, -1);
    if (n - 1 >= r2 || (n - 1 >= r1 && !endsInShortSyllable(stem))) return stem;
  } else if (word.endsWith('ll') && n - 1 >= r2) {
    return word.slice(0, -1);
  }
  return word;
}

/** The Porter2 stem of a lower-case word; words with anything but a–z are returned unchanged. */
export function stemEnglish(word: string): string {
  if (word.length <= 2 || !PLAIN_WORD.test(word)) return word;
  const exception = EXCEPTIONS.get(word);
  if (exception !== undefined) return exception;

  let w = markConsonantY(word);
  const prefix = R1_PREFIXES.find((p) => w.startsWith(p));
  const r1 = prefix !== undefined ? prefix.length : regionStart(w, 0);
  const r2 = regionStart(w, r1);

  w = step1a(w);
  if (AFTER_STEP_1A.has(w)) return w;
  w = step1b(w, r1);
  w = step1c(w);
  w = applyLongest(w, STEP_2, r1);
  w = step3(w, r1, r2);
  w = applyLongest(w, STEP_4, r2);
  w = step5(w, r1, r2);
  return w.includes('Y') ? w.replace(/Y/g, 'y') : w;
}
