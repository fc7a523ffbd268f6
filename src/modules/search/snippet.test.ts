import { describe, expect, it } from 'vitest';
import { randomText, seededRandom } from '../../../test/random.js';
import { escapeHtml, type HighlightTerms, markedText, snippet, snippetOf } from './snippet.js';

const terms = (...words: string[]) => ({ words: new Set(words), prefixes: [] as string[] });

describe('snippet', () => {
  it('reads every run of blanks as one space, whatever blanks it holds', () => {
    const random = seededRandom(9);
    const pieces = [
      ' ',
      ' ',
      '  ',
      '\t',
      '\n',
      '\u00a0',
      '\u2003',
      ' \n ',
      'police',
      'trained',
      'words',
      '.',
    ];
    for (let n = 0; n < 300; n++) {
      const text = randomText(random, pieces, 1, 40);
      const flat = text.replace(/\s+/g, ' ');
      expect(snippet(text, 'en', terms('polic'), 60), JSON.stringify(text)).toBe(
        snippet(flat, 'en', terms('polic'), 60),
      );
    }
  });

  it('marks every form of the query words and escapes everything else', () => {
    const html = snippet('Police <b>trained</b> & the policing unit', 'en', terms('polic', 'train'));
    expect(html).toBe(
      '<mark>Police</mark> &lt;b&gt;<mark>trained</mark>&lt;/b&gt; &amp; the <mark>policing</mark> unit',
    );
  });

  it('shows the stretch holding the most distinct words, starting at a word boundary', () => {
    const text = `Opening sentence about nothing. ${'Filler words here. '.repeat(30)}Training for police officers.`;
    const html = snippet(text, 'en', terms('polic', 'train'), 120);
    expect(html.startsWith('… ')).toBe(true);
    expect(html).toContain('<mark>Training</mark> for <mark>police</mark>');
    expect(html).not.toMatch(/… [a-z]{1,3} /); // no word cut in half at the start
  });

  it('marks prefixes and falls back to the opening words when nothing matches', () => {
    expect(snippet('Democratic institutions', 'en', { words: new Set(), prefixes: ['democ'] })).toBe(
      '<mark>Democratic</mark> institutions',
    );
    const opening = snippet(`${'word '.repeat(100)}end`, 'en', terms('absent'), 40);
    expect(opening.startsWith('word word')).toBe(true);
    expect(opening.endsWith(' …')).toBe(true);
    expect(escapeHtml(`"'`)).toBe('&quot;&#39;');
  });

  describe('phrases', () => {
    /** `"freedom of the media"` as the query has it: two index words, the stop words a gap. */
    const phraseTerms = (...alone: string[]): HighlightTerms => ({
      words: new Set(['freedom', 'media', ...alone]),
      prefixes: [],
      phrases: [{ words: ['freedom', 'media'], offsets: [0, 3] }],
      loose: new Set(alone),
    });

    it('shows the stretch where the phrase stands and marks its words only there', () => {
      const text = `Media reports on press freedom. ${'Filler words here. '.repeat(20)}They spoke on freedom of the media in the region. ${'More filler. '.repeat(20)}`;
      const shown = snippetOf(text, 'en', phraseTerms(), 120);
      expect(shown.phrase).toBe(true);
      expect(shown.html).toContain('on <mark>freedom</mark> of the <mark>media</mark> in');
      expect(shown.html.match(/<mark>/g)).toHaveLength(2);
      // Without the phrase, the opening stretch holds both words and is shown as before.
      const words = snippetOf(text, 'en', { words: new Set(['freedom', 'media']), prefixes: [] }, 120);
      expect(words.phrase).toBe(false);
      expect(words.html.startsWith('<mark>Media</mark> reports')).toBe(true);
    });

    it('puts a phrase before words asked alone when one stretch cannot show both', () => {
      const text = `Police and water. ${'Filler words here. '.repeat(20)}Freedom of the media.`;
      const shown = snippetOf(text, 'en', phraseTerms('polic', 'water'), 80);
      expect(shown.html).toMatch(
        /^… Filler words here\. .*<mark>Freedom<\/mark> of the <mark>media<\/mark>\.$/,
      );
      expect(shown.phrase).toBe(true);
    });

    it('counts the stop words between its words: a gap of another length is no phrase', () => {
      for (const text of ['freedom for media', 'media of the freedom', 'freedom of the free media'])
        expect(snippetOf(text, 'en', phraseTerms()).phrase, text).toBe(false);
      for (const text of ['freedom of the media', 'Freedom, of: the MEDIA!', 'freedom and the media'])
        expect(snippetOf(text, 'en', phraseTerms()).phrase, text).toBe(true);
    });

    it('marks the words wherever they are when the text holds no phrase, and a word asked alone always', () => {
      const scattered = snippetOf('Media outlets and freedom of speech.', 'en', phraseTerms());
      expect(scattered).toEqual({
        html: '<mark>Media</mark> outlets and <mark>freedom</mark> of speech.',
        marked: true,
        phrase: false,
      });
      const both = snippetOf('Media say: freedom of the media.', 'en', phraseTerms('media'));
      expect(both.html).toBe('<mark>Media</mark> say: <mark>freedom</mark> of the <mark>media</mark>.');
      expect(both.phrase).toBe(true);
    });

    it('marks exactly the words of the occurrences, as a reference reading of the words finds them', () => {
      const random = seededRandom(41);
      const pieces = ['freedom', 'media', 'of', 'the', 'and', 'press', 'free'];
      for (let n = 0; n < 400; n++) {
        const words = Array.from(
          { length: 2 + Math.floor(random() * 14) },
          () => pieces[Math.floor(random() * pieces.length)]!,
        );
        const text = words.join(' ');
        // Reference: a "freedom" three words before a "media", whatever stands between (the index
        // matches by positions, as the query's gaps for its stop words ask).
        const inPhrase = new Set<number>();
        for (let i = 0; i + 3 < words.length; i++)
          if (words[i] === 'freedom' && words[i + 3] === 'media') inPhrase.add(i).add(i + 3);
        const marked = new Set<number>();
        const shown = snippetOf(text, 'en', phraseTerms(), 1000);
        // Every word is one space apart and shown whole: the n-th word of the HTML is the n-th of the text.
        shown.html.split(' ').forEach((w, i) => {
          if (w.startsWith('<mark>')) marked.add(i);
        });
        const expected =
          inPhrase.size > 0
            ? inPhrase
            : new Set(words.flatMap((w, i) => (w === 'freedom' || w === 'media' ? [i] : [])));
        expect(
          [...marked].sort((a, b) => a - b),
          text,
        ).toEqual([...expected].sort((a, b) => a - b));
        expect(shown.phrase, text).toBe(inPhrase.size > 0);
      }
    });
  });

  it('prefers the stretch where different words stand together over one where they are apart', () => {
    const terms2 = { words: new Set(['polic', 'water']), prefixes: [] };
    const text = `The police came. ${'Filler words. '.repeat(3)}Then water. ${'Other filler. '.repeat(20)}Clean water police units.`;
    const html = snippet(text, 'en', terms2, 80);
    expect(html).toContain('<mark>water</mark> <mark>police</mark> units');
    // Both stretches hold both words; only standing together tells them apart.
    expect(
      snippet(text.replace('water police', 'water. Eleven other units met local police'), 'en', terms2, 80),
    ).toContain('<mark>police</mark> came');
  });

  it("marks a whole title, escaped, never cut, a phrase's words where it stands", () => {
    expect(markedText('<b>Police</b> & the  policing unit', 'en', terms('polic'))).toBe(
      '&lt;b&gt;<mark>Police</mark>&lt;/b&gt; &amp; the <mark>policing</mark> unit',
    );
    const long = `Police ${'report '.repeat(80)}police`;
    expect(markedText(long, 'en', terms('polic'))).toBe(
      `<mark>Police</mark> ${'report '.repeat(80)}<mark>police</mark>`,
    );
    const phrase: HighlightTerms = {
      words: new Set(['freedom', 'media']),
      prefixes: [],
      phrases: [{ words: ['freedom', 'media'], offsets: [0, 3] }],
      loose: new Set(),
    };
    expect(markedText('Media freedom and freedom of the media', 'en', phrase)).toBe(
      'Media freedom and <mark>freedom</mark> of the <mark>media</mark>',
    );
    expect(markedText('Media freedom', 'en', phrase)).toBe('<mark>Media</mark> <mark>freedom</mark>');
    expect(markedText('Nothing here', 'en', phrase)).toBe('Nothing here');
  });
});
