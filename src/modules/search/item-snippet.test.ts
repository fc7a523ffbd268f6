/** Snippets of whole items: probing places in long bodies, and every fallback when it cannot. */
import { describe, expect, it } from 'vitest';
import { normalizeTerm } from './analyze.js';
import { randomText, seededRandom } from '../../../test/random.js';
import { foldText, foldUnits, itemSnippet, SnippetMaker } from './item-snippet.js';
import type { HighlightTerms } from './snippet.js';

/** Highlight terms as the search service makes them: each word analyzed like the index. */
const terms = (...typed: string[]) => ({
  words: new Set(typed.map((w) => normalizeTerm(w, 'en')!)),
  prefixes: [] as string[],
});
const filler = (n: number) =>
  '<p>Delegates met in the capital and discussed the agenda at length.</p>'.repeat(n);

/** `"freedom of the media"` as the search service marks it: the phrase's two index words, a gap of two. */
const phrase: HighlightTerms = {
  words: new Set(['freedom', 'media']),
  prefixes: [],
  phrases: [{ words: ['freedom', 'media'], offsets: [0, 3] }],
  loose: new Set(),
};

describe('itemSnippet', () => {
  it('shows where a phrase stands far into the body, past stretches holding its words apart', () => {
    const apart = '<p>Media outlets were present.</p><p>Freedom of movement was discussed.</p>';
    const body = `${(apart + filler(3)).repeat(5)}${filler(200)}<p>They defended freedom of the media at length.</p>${filler(50)}`;
    const html = itemSnippet('Media and freedom.', body, 'en', phrase);
    expect(html).toContain('defended <mark>freedom</mark> of the <mark>media</mark> at');
    expect(html.match(/<mark>/g)).toHaveLength(2);
    expect(html.startsWith('… ')).toBe(true);
    // In the opening, the phrase is shown there.
    expect(itemSnippet('On freedom of the media.', body, 'en', phrase)).toMatch(
      /^On <mark>freedom<\/mark> of the <mark>media<\/mark>\./,
    );
  });

  it('finds a phrase written with accents and capitals, across a line, a tag or an entity, and one with a stop word in between', () => {
    const fr = (...typed: string[]) => typed.map((w) => normalizeTerm(w, 'fr')!);
    const words = fr('société', 'civile');
    const civil: HighlightTerms = {
      words: new Set(words),
      prefixes: [],
      phrases: [{ words, offsets: [0, 1] }],
      loose: new Set(),
    };
    const apart = '<p>La société débat.</p><p>Une mission civile.</p>';
    for (const written of [
      'SOCIÉTÉ CIVILE',
      'Société\n civile',
      'societe civile',
      'société <em>civile</em>',
      '<a href="/fr/x">société</a> civile',
      'société&nbsp;civile',
    ]) {
      const body = `${apart.repeat(12)}${filler(20)}<p>Avec la ${written} du pays.</p>`;
      const html = itemSnippet('', body, 'fr', civil);
      expect(html, written).toMatch(/la <mark>[^<]+<\/mark> <mark>[^<]+<\/mark> du pays/);
    }
    const body = `${'<p>La liberté.</p><p>Une presse libre.</p>'.repeat(12)}${filler(20)}<p>La liberté de la presse.</p>`;
    const press = fr('liberté', 'presse');
    const html = itemSnippet('', body, 'fr', {
      words: new Set(press),
      prefixes: [],
      phrases: [{ words: press, offsets: [0, 3] }],
      loose: new Set(),
    });
    expect(html).toContain('<mark>liberté</mark> de la <mark>presse</mark>');
  });

  it('finds a phrase after, between and before punctuation beyond ASCII, in Latin and Cyrillic text', () => {
    const phraseIn = (language: string, ...typed: string[]): HighlightTerms => {
      const words = typed.map((w) => normalizeTerm(w, language)!);
      return { words: new Set(words), prefixes: [], phrases: [{ words, offsets: [0, 1] }], loose: new Set() };
    };
    const cases = [
      [
        'fr',
        ['société', 'civile'],
        '<p>La société débat.</p><p>Une mission civile.</p>',
        ['«société civile»', 'société\u00a0civile', 'société – civile', '“société” civile'],
      ],
      [
        'ru',
        ['гражданское', 'общество'],
        '<p>Гражданское право.</p><p>Общество и власть.</p>',
        ['«гражданское общество»', 'Гражданское\u00a0общество', 'гражданское — общество'],
      ],
    ] as const;
    for (const [language, typed, apart, writings] of cases) {
      for (const written of writings) {
        const body = `${apart.repeat(12)}${filler(20)}<p>Here ${written} here.</p>`;
        const html = itemSnippet('', body, language, phraseIn(language, ...typed));
        expect(html, written).toMatch(/Here [^<]*<mark>[^<]+<\/mark>[^<]* <mark>[^<]+<\/mark>[^<]* here/);
      }
    }
  });

  it('shows the first stretch holding the words when the phrase stands nowhere, as for the words alone', () => {
    const words = { words: phrase.words, prefixes: [] };
    const bodies = [
      `${filler(20)}<p>Media outlets were present.</p>${filler(5)}<p>Freedom of movement.</p>${filler(20)}`,
      `<p>Freedom of movement.</p>${filler(40)}<p>Media outlets.</p>`,
      filler(30),
    ];
    for (const body of bodies)
      for (const summary of ['A summary.', 'Media and freedom.']) {
        const html = itemSnippet(summary, body, 'en', phrase);
        expect(html).toBe(itemSnippet(summary, body, 'en', words));
      }
  });

  it('finds a word far into a long body and marks it in context', () => {
    const body = `${filler(200)}<p>The mission trained <b>border police</b> officers.</p>${filler(50)}`;
    const html = itemSnippet('A summary.', body, 'en', terms('police', 'training'));
    expect(html).toContain('<mark>trained</mark> border <mark>police</mark>');
    expect(html.startsWith('… ')).toBe(true);
  });

  it('starts with the summary when the summary holds the words', () => {
    const html = itemSnippet(
      'Police reform in the region.',
      `${filler(100)}<p>police again</p>`,
      'en',
      terms('police'),
    );
    expect(html.startsWith('<mark>Police</mark> reform')).toBe(true);
  });

  it('shows the opening when neither summary nor body holds the words', () => {
    const html = itemSnippet('Plain summary.', filler(100), 'en', terms('election'));
    expect(html.startsWith('Plain summary. Delegates met')).toBe(true);
    expect(html).not.toContain('<mark>');
  });

  it('shows the opening of a body written as one long paragraph', () => {
    const body = `<p>${'Delegates met in the capital and discussed the agenda at length. '.repeat(80)}</p>`;
    const html = itemSnippet('Plain summary.', body, 'en', terms('election'));
    expect(html.startsWith('Plain summary. Delegates met in the capital')).toBe(true);
    expect(html.endsWith(' …')).toBe(true);
  });

  it('cuts long paragraphs between words, never inside a tag or an entity', () => {
    const random = seededRandom(11);
    const pieces = [
      'Smith &amp; Sons',
      'met',
      'the',
      '<b>bold</b>',
      '<a href="/x y">link</a>',
      'agenda',
      '&lt;tag&gt;',
    ];
    for (let n = 0; n < 200; n++) {
      const words: string[] = [];
      const count = 150 + Math.floor(random() * 150);
      const at = Math.floor(random() * count);
      for (let i = 0; i < count; i++)
        words.push(i === at ? 'police' : pieces[Math.floor(random() * pieces.length)]!);
      const body = `<p>${words.join(' ')}</p>`;
      const html = itemSnippet('A summary.', body, 'en', terms('police'));
      expect(html, body).toContain('<mark>police</mark>');
      // A split entity would show as its tail ("amp;") or an escaped ampersand before it.
      expect(html.replace(/&(amp|lt|gt);/g, ''), body).not.toMatch(/amp;|lt;|gt;|&/);
      // A split tag would leave its pieces in the text, escaped.
      expect(html, body).not.toMatch(/href|&lt;a|&lt;\/?b&gt;|&lt;p/);
      expect(html.replace(/<\/?mark>/g, ''), body).not.toContain('<');
    }
  });

  it('skips a probe that only matches inside a tag or another word, and confirms a real one', () => {
    const body = `<p><a href="/policy-police">Policy</a> ${filler(30)}</p>${filler(30)}<p>Regional police forces.</p>`;
    const html = itemSnippet('', body, 'en', terms('police'));
    expect(html).toContain('Regional <mark>police</mark> forces');
    expect(html).not.toContain('<mark>Policy</mark>');
  });

  it('reads the whole text when probing cannot decide: words outside ASCII, letters behind entities', () => {
    const cyrillic = itemSnippet('', `${filler(100)}<p>Полиция провела учения.</p>`, 'ru', {
      words: new Set([normalizeTerm('полиция', 'ru')!]),
      prefixes: [],
    });
    expect(cyrillic).toContain('<mark>Полиция</mark>');
    const entity = itemSnippet('', `${filler(100)}<p>Caf&#233; owners met police.</p>`, 'en', terms('cafe'));
    expect(entity).toContain('<mark>Café</mark>');
  });

  it("probes past the query's words that are stop words of the text's language, as if they were not asked", () => {
    // "freedom of the media" analyzed for a language without English stop words keeps "of" and
    // "the"; an English text never marks them, and their probes ("o") are too short to search for.
    const body = `${filler(10)}<p>Media outlets.</p>${filler(30)}<p>Freedom of the media, freedom for the media.</p>${filler(5)}`;
    const stop = { words: new Set(['freedom', 'media', 'of', 'the']), prefixes: [] };
    const html = itemSnippet('', body, 'en', stop);
    expect(html).toBe(itemSnippet('', body, 'en', { words: new Set(['freedom', 'media']), prefixes: [] }));
    // Probed, it is the first stretch with a word; read whole, it would be the one with the most.
    expect(html).toContain('<mark>Media</mark> outlets');
    // In a language whose stop words they are not, they are marked.
    expect(itemSnippet('', '<p>Notes of a meeting.</p>', 'xx', stop)).toBe(
      'Notes <mark>of</mark> a meeting.',
    );
  });

  it("makes a page's snippets with one maker as it would one by one, each in its item's language", () => {
    const words = {
      words: new Set([normalizeTerm('police', 'en')!, normalizeTerm('Polizisten', 'de')!]),
      prefixes: [],
    };
    const items: [string, string, string][] = [
      ['', `${filler(20)}<p>Border police met.</p>`, 'en'],
      ['', `${filler(20)}<p>Die Polizisten trafen sich.</p>`, 'de'],
      ['Police summary.', filler(5), 'en'],
      ['', `<p>Mehr Polizisten.</p>${filler(20)}`, 'de'],
    ];
    const maker = new SnippetMaker(words);
    const together = items.map(([summary, body, language]) => maker.snippet(summary, body, language));
    expect(together).toEqual(
      items.map(([summary, body, language]) => itemSnippet(summary, body, language, words)),
    );
    // The German items are analyzed as German: in English "Polizisten" is not "polizist".
    expect(together[1]).toContain('<mark>Polizisten</mark>');
    expect(together[3]).toContain('<mark>Polizisten</mark>');
    expect(together[0]).toContain('<mark>police</mark>');
  });

  it('escapes the text it shows', () => {
    const html = itemSnippet(
      '',
      `${filler(40)}<p>police &lt;script&gt;alert(1)&lt;/script&gt;</p>`,
      'en',
      terms('police'),
    );
    expect(html).toContain('<mark>police</mark> &lt;script&gt;');
    expect(html).not.toContain('<script>');
  });
});

describe('itemSnippet probing', () => {
  it('finds the same words folding the body bit by bit as folding it whole, across every seam', () => {
    const random = seededRandom(5);
    const pieces = [
      'police',
      'Polícia',
      'policy',
      'training',
      'trained',
      '<b>',
      '</b>',
      '&amp;',
      ' ',
      ' ',
      '. ',
      '<p>',
      '</p>',
      'Kovačević',
      'border',
      '–',
    ];
    for (let n = 0; n < 300; n++) {
      const body = randomText(random, pieces, 5, 124);
      const summary = random() < 0.2 ? 'Police in the summary.' : 'A summary.';
      const words = random() < 0.5 ? terms('police') : terms('training', 'border');
      const whole = itemSnippet(summary, body, 'en', words, Number.POSITIVE_INFINITY);
      const step = 1 + Math.floor(random() * 40);
      expect(itemSnippet(summary, body, 'en', words, step), `${step}: ${body}`).toBe(whole);
    }
  });

  it('starts at the opening when the words are in the head of the body, written plainly or behind an entity', () => {
    expect(
      itemSnippet('A summary.', `<p>Border police met.</p>${filler(40)}`, 'en', terms('police')),
    ).toMatch(/^A summary\. Border <mark>police<\/mark> met/);
    expect(itemSnippet('A summary.', `<p>A caf&#233; opened.</p>${filler(40)}`, 'en', terms('cafe'))).toMatch(
      /^A summary\. A <mark>café<\/mark> opened/,
    );
  });

  it('decides from probes in English text with dashes and curly quotes, and still finds folded words', () => {
    const body = `<p>VIENNA, 21 May 2010 – The “meeting” ended.</p>${filler(50)}`;
    expect(itemSnippet('', body, 'en', terms('police'))).not.toContain('<mark>');
    const folded = `<p>VIENNA – a ﬁeld visit.</p>${filler(50)}<p>The ﬁeld office.</p>`;
    expect(itemSnippet('', folded, 'en', terms('field'))).toContain('<mark>ﬁeld</mark>');
  });
});

describe('itemSnippet in other languages', () => {
  const french = (...typed: string[]) => ({
    words: new Set(typed.map((w) => normalizeTerm(w, 'fr')!)),
    prefixes: [] as string[],
  });

  it('probes accent-folded text: "élection" finds "Élections" far into a French body', () => {
    const body = `<p>Les délégués ont discuté.</p>${'<p>Réunion à Vienne sur la coopération régionale.</p>'.repeat(60)}<p>Les Élections législatives ont eu lieu.</p>`;
    const html = itemSnippet('Résumé.', body, 'fr', french('élection'));
    expect(html).toContain('<mark>Élections</mark> législatives');
  });

  it('reads the whole text when folding cannot keep positions (ß), and still marks the word', () => {
    const body = `<p>Die Straße war gesperrt.</p>${filler(60)}<p>Die Polizei kam.</p>`;
    const html = itemSnippet('', body, 'de', {
      words: new Set([normalizeTerm('Polizei', 'de')!]),
      prefixes: [],
    });
    expect(html).toContain('<mark>Polizei</mark> kam');
  });

  it('finds a phrase with a letter that folds to two (ß, œ), written either way, past its words apart', () => {
    const phraseOf = (language: string, ...typed: string[]): HighlightTerms => {
      const words = typed.map((w) => normalizeTerm(w, language)!);
      return { words: new Set(words), prefixes: [], phrases: [{ words, offsets: [0, 1] }], loose: new Set() };
    };
    const german = phraseOf('de', 'konkrete', 'Maßnahmen');
    const apart = '<p>Konkrete Schritte.</p><p>Neue Maßnahmen.</p>';
    for (const written of ['konkrete Maßnahmen', 'KONKRETE MASSNAHMEN', 'konkrete Massnahmen']) {
      const body = `${apart.repeat(12)}${filler(20)}<p>Sie forderten ${written} der Regierung.</p>`;
      expect(itemSnippet('', body, 'de', german), written).toMatch(
        /forderten <mark>konkrete<\/mark> <mark>ma(ß|ss)nahmen<\/mark> der/i,
      );
    }
    // The probe of "groß" ends before its ß ("gros"); "Große Sorge" is found all the same.
    const worry = phraseOf('de', 'große', 'Sorge');
    const body = `${'<p>Eine große Halle.</p><p>Keine Sorge.</p>'.repeat(12)}${filler(20)}<p>Mit Große Sorge sah man es.</p>`;
    expect(itemSnippet('', body, 'de', worry)).toContain('Mit <mark>Große</mark> <mark>Sorge</mark> sah');
    // A first word that begins with the letter: "œuvre commune".
    const work = phraseOf('fr', 'œuvre', 'commune');
    const french = `${'<p>Une œuvre.</p><p>Une vie commune.</p>'.repeat(12)}${filler(20)}<p>Une Œuvre commune des États.</p>`;
    expect(itemSnippet('', french, 'fr', work)).toContain('Une <mark>Œuvre</mark> <mark>commune</mark> des');
    // Ligatures that overlap (ﬀ, ﬃ), as text drawn from a PDF writes them.
    const efficient = phraseOf('en', 'efficient', 'policing');
    for (const written of ['eﬃcient', 'eﬀicient', 'efficient']) {
      const english = `${'<p>Efficient offices.</p><p>Policing matters.</p>'.repeat(12)}${filler(20)}<p>More ${written} policing now.</p>`;
      expect(itemSnippet('', english, 'en', efficient), written).toContain(
        `More <mark>${written}</mark> <mark>policing</mark> now`,
      );
    }
  });

  it('says nothing is there when a Russian body does not hold the word, and marks it when it does', () => {
    const ru = (w: string) => ({ words: new Set([normalizeTerm(w, 'ru')!]), prefixes: [] as string[] });
    const body = `${'<p>Совещание в Вене – о сотрудничестве.</p>'.repeat(40)}`;
    expect(itemSnippet('Кратко.', body, 'ru', ru('выборы'))).not.toContain('<mark>');
    const html = itemSnippet('', `${body}<p>Выборы прошли спокойно.</p>`, 'ru', ru('выборы'));
    expect(html).toContain('<mark>Выборы</mark> прошли');
  });

  it('folds text the same whichever way it takes: plain, punctuated, a few accents, mostly Cyrillic', () => {
    const texts = [
      'Police Experts Meet in VIENNA',
      'Vienna – 21 May 2010 — “quoted” text\u00a0with no-break space',
      'Mr Dvořák and Ms Łódź-Kovačević met Ambassador Müller in Zürich.',
      'ÉLECTIONS présidentielles: la Mission a observé le scrutin à Tbilissi.',
      'Полицейские эксперты встретились в Вене 21 мая 2010 года',
      'Straße', // ß folds to two letters: no folding keeps positions
      'a \u{1d400} b', // a letter outside the BMP
      'Ⓐ № ™ ©',
      'zero\u200bwidth\u2060joined … 5‰ ‘quoted’ «guillemets» ¿qué?',
      'half a pair \ud835 alone',
    ];
    // The same letters at the same places; what is not a letter may stay itself or become a space.
    const letters = (s: string | null) =>
      s === null ? null : s.replace(/[^\p{L}\p{N}]/gu, (c) => ' '.repeat(c.length));
    for (const text of texts) {
      expect(letters(foldText(text)), text).toBe(letters(foldUnits(text)));
      const folded = foldText(text);
      if (folded !== null) expect(folded.length).toBe(text.length);
    }
    expect(foldText('Straße')).toBeNull();
    expect(foldText('Ms Kovačević')).toBe('ms kovacevic');
  });
});
