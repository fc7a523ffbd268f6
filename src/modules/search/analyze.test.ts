import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, MAX_TERM_LENGTH, normalizePrefix, normalizeTerm } from './analyze.js';
import { LANGUAGE_RULES } from './languages.js';
import { stemEnglish } from './stem-english.js';

const terms = (text: string, language: string | null) => analyze(text, language).map((t) => t.term);

describe('stemEnglish (Porter2)', () => {
  // Pairs from the Snowball English sample vocabulary and the algorithm's own examples.
  const PAIRS = `consign consign|consigned consign|consigning consign|consignment consign|consist consist
    |consisted consist|consistency consist|consistent consist|consistently consist|consisting consist|consists consist
    |consolation consol|consolations consol|consolatory consolatori|console consol|consoled consol|consoles consol
    |consolidate consolid|consolidated consolid|consolidating consolid|consoling consol|consolingly consol
    |consols consol|consonant conson|consort consort|consorted consort|consorting consort|conspicuous conspicu
    |conspicuously conspicu|conspiracy conspiraci|conspirator conspir|conspirators conspir|conspire conspir
    |conspired conspir|conspiring conspir|constable constabl|constables constabl|constance constanc
    |constancy constanc|constant constant|knack knack|knackeries knackeri|knacks knack|knag knag|knave knave
    |knaves knave|knavish knavish|kneaded knead|kneading knead|knee knee|kneel kneel|kneeled kneel|kneeling kneel
    |kneels kneel|knees knee|knell knell|knelt knelt|knew knew|knick knick|knif knif|knife knife|knight knight
    |knightly knight|knights knight|knit knit|knits knit|knitted knit|knitting knit|knives knive|knob knob
    |knobs knob|knock knock|knocked knock|knocker knocker|knockers knocker|knocking knock|knocks knock
    |knopp knopp|knot knot|knots knot|caresses caress|ponies poni|ties tie|cries cri|gas gas|gaps gap
    |hopping hop|hoping hope|luxuriating luxuri|agreed agre|bleed bleed|cry cri|by by|say say
    |generalization general|generate generat|general general|communism communism|communication communic
    |arsenal arsenal|skis ski|skies sky|dying die|lying lie|idly idl|gently gentl|early earli|only onli
    |news news|atlas atlas|innings inning|proceeded proceed|succeed succeed|exceeds exceed
    |relational relat|conditional condit|rational ration|operator oper|feudalism feudal|decisiveness decis
    |hopefulness hope|callousness callous|formality formal|sensitivity sensit|sensibility sensibl
    |triplicate triplic|formative format|formalize formal|electricity electr|electrical electr|goodness good
    |revival reviv|allowance allow|inference infer|airliner airlin|adjustable adjust|defensible defens
    |irritant irrit|replacement replac|adjustment adjust|dependent depend|adoption adopt|activate activ
    |angularity angular|homologous homolog|effective effect|bowdlerize bowdler|controlling control|roll roll
    |police polic|policing polic|elections elect|democracy democraci|cooperation cooper|operations oper
    |security secur|international intern|national nation|countries countri|meetings meet|syzygy syzygi`;

  it.each(PAIRS.split('|').map((p) => p.trim().split(' ') as [string, string]))('%s → %s', (word, stem) => {
    expect(stemEnglish(word)).toBe(stem);
  });

  it('leaves short words, digits and other scripts alone', () => {
    expect(stemEnglish('is')).toBe('is');
    expect(stemEnglish('1990s')).toBe('1990s');
    expect(stemEnglish('выборы')).toBe('выборы');
  });
});

describe('analyze', () => {
  it('gives each term with its position and the UTF-16 offsets of its run in the original text', () => {
    const text = 'The OSCE’s Mission, in Skopje.';
    expect(analyze(text, 'en')).toEqual([
      { term: 'osc', position: 1, start: 4, end: 8 },
      { term: 'mission', position: 3, start: 11, end: 18 },
      { term: 'skopj', position: 5, start: 23, end: 29 },
    ]);
    expect(text.slice(23, 29)).toBe('Skopje');
  });

  it('applies NFKC, lower case and Latin accent folding in every language', () => {
    expect(terms('Straße ØRESUND Łódź Ærø ﬁnal Ｆｕｌｌ İstanbul', null)).toEqual([
      'strasse',
      'oresund',
      'lodz',
      'aero',
      'final',
      'full',
      'istanbul',
    ]);
    // Decomposed accents fold like precomposed ones.
    expect(terms('Cafe\u0301 Café', null)).toEqual(['cafe', 'cafe']);
    expect(terms('Ёлка ёж', null)).toEqual(['елка', 'еж']);
  });

  it('keeps scripts other than Latin as they are, one token per run', () => {
    expect(terms('日本語の文書 مرحبا بالعالم Ελλάδα', null)).toEqual([
      '日本語の文書',
      'مرحبا',
      'بالعالم',
      'ελλάδα',
    ]);
  });

  it('splits on punctuation, emoji, lone surrogates and control characters', () => {
    expect(terms('PC.DEC/1162 a😀b c\ud800d e\u0000f', null)).toEqual([
      'pc',
      'dec',
      '1162',
      'a',
      'b',
      'c',
      'd',
      'e',
      'f',
    ]);
    const astral = analyze('𝐀bc 𠀀', null);
    expect(astral.map((t) => [t.term, t.start, t.end])).toEqual([
      ['abc', 0, 4],
      ['𠀀', 5, 7],
    ]);
  });

  it('drops stop words but keeps their positions, so phrases keep their gaps', () => {
    expect(analyze('freedom of the media', 'en').map((t) => [t.term, t.position])).toEqual([
      ['freedom', 0],
      ['media', 3],
    ]);
    expect(terms('freedom of the media', null)).toEqual(['freedom', 'of', 'the', 'media']);
  });

  it('uses each language’s stop words and stemmer; an unknown language has neither', () => {
    expect(terms("l'OSCE a observé les élections nationales", 'fr')).toEqual([
      'osce',
      'observ',
      'election',
      'national',
    ]);
    expect(terms('Die Wahlen und das Recht der Staaten für Kinder', 'de')).toEqual([
      'wahl',
      'recht',
      'staat',
      'kind',
    ]);
    expect(terms('le elezioni e i diritti', 'it')).toEqual(['elezion', 'diritt']);
    expect(terms('las elecciones y los derechos', 'es')).toEqual(['eleccion', 'derech']);
    expect(terms('выборы и права, выборов, право', 'ru')).toEqual(['выбор', 'прав', 'выбор', 'прав']);
    expect(terms('The elections', 'xx')).toEqual(['the', 'elections']);
  });

  it('indexes over-long runs by their first MAX_TERM_LENGTH units', () => {
    const long = 'x'.repeat(200);
    const [token] = analyze(`${long} y`, null);
    expect(token!.term).toHaveLength(MAX_TERM_LENGTH);
    expect(token!.end).toBe(200);
  });

  it('writes stop words folded, as the terms they are compared with', () => {
    for (const rules of Object.values(LANGUAGE_RULES)) {
      for (const word of rules.stopWords) expect(normalizeTerm(word, null)).toBe(word);
    }
  });
});

describe('normalizeTerm and normalizePrefix', () => {
  it('give the one index term of a query word, or null', () => {
    expect(normalizeTerm('Elections', 'en')).toBe('elect');
    expect(normalizeTerm("l'OSCE", 'fr')).toBe('osce');
    expect(normalizeTerm('the', 'en')).toBeNull();
    expect(normalizeTerm('co-operation', 'en')).toBeNull();
    expect(normalizeTerm('***', 'en')).toBeNull();
  });

  it('fold a prefix without stemming it', () => {
    expect(normalizePrefix('Organiz')).toBe('organiz');
    expect(normalizePrefix('Sécur')).toBe('secur');
  });

  it('agree with analyze: a document containing the word yields the query word’s term', () => {
    const word = fc.stringMatching(/^[A-Za-zÀ-ÿЁёА-я]{1,12}$/);
    fc.assert(
      fc.property(word, fc.constantFrom('en', 'fr', 'de', 'it', 'es', 'ru', null), (w, language) => {
        const term = normalizeTerm(w, language);
        const inDocument = terms(`Some text, ${w}; more.`, language);
        if (term !== null) expect(inDocument).toContain(term);
      }),
      { numRuns: 300 },
    );
  });

  it('never throw and produce only letters, digits and marks, on any string', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.constantFrom('en', 'ru', null),
        (s, language) => {
          for (const token of analyze(s, language)) {
            expect(token.term).toMatch(/^[\p{L}\p{N}\p{M}]+$/u);
            expect(token.start).toBeLessThan(token.end);
            expect(token.end).toBeLessThanOrEqual(s.length);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
