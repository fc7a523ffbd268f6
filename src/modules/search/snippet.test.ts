import { describe, expect, it } from 'vitest';
import { randomText, seededRandom } from '../../../test/random.js';
import { escapeHtml, snippet } from './snippet.js';

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
});
