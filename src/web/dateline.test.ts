import { describe, expect, it } from 'vitest';
import { withDateline } from './dateline.js';

describe('withDateline', () => {
  it('replaces a typed dateline with the structured one, whatever the dash', () => {
    for (const dash of ['-', '–', '—']) {
      const html = withDateline(
        `<p>VIENNA, 21 May 2010 ${dash} Experts met.</p><p>More.</p>`,
        'VIENNA',
        '21 May 2010',
      );
      expect(html).toBe(
        '<p><span class="dateline"><span class="dateline__place">VIENNA</span>, <span class="dateline__date">21 May 2010</span></span> – Experts met.</p><p>More.</p>',
      );
    }
  });

  it('leads the first paragraph when the body has no typed dateline', () => {
    expect(withDateline('<p>Experts met.</p>', 'VIENNA', '21 May 2010')).toMatch(
      /^<p><span class="dateline">.*<\/span> – Experts met\.<\/p>$/,
    );
    expect(withDateline('<ul><li>x</li></ul>', 'VIENNA', '21 May 2010')).toMatch(
      /^<p><span class="dateline">.*<\/span><\/p><ul>/,
    );
  });

  it('escapes the place and keeps a dash inside the first sentence that is not a dateline', () => {
    const html = withDateline('<p>Talks - a first step.</p>', 'A&B <TOWN>', '1 May 2020');
    expect(html).toContain('A&amp;B &lt;TOWN&gt;');
    expect(html).toContain('Talks - a first step.');
  });
});
