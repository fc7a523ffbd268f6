import { describe, expect, it } from 'vitest';
import { renderBody } from './markdown.js';
import { slugify } from './slug.js';

describe('renderBody', () => {
  it('renders Markdown paragraphs, lists and links', () => {
    const html = renderBody('First *paragraph*.\n\n- one\n- two\n\n[OSCE](https://example.org/a)');
    expect(html).toContain('<p>First <em>paragraph</em>.</p>');
    expect(html).toContain('<li>one</li>');
    expect(html).toContain('<a href="https://example.org/a">OSCE</a>');
  });

  it('removes scripts, event handlers, javascript: URLs and iframes', () => {
    const html = renderBody(
      'Hi <script>alert(1)</script><img src="https://x.test/a.png" onerror="alert(2)"> <a href="javascript:alert(3)">x</a>' +
        '<iframe src="https://evil.test"></iframe><p style="color:red" onclick="x()">p</p>',
    );
    expect(html).not.toMatch(/script|onerror|onclick|javascript:|iframe|style=/i);
    expect(html).toContain('<img src="https://x.test/a.png" />');
  });

  it('demotes h1 so the page title stays the only h1', () => {
    expect(renderBody('# Big')).toBe('<h2>Big</h2>');
  });
});

describe('slugify', () => {
  it('makes ASCII slugs from titles in the six languages', () => {
    expect(slugify('OSCE Annual Police Experts Meeting discusses co-ordination')).toBe(
      'osce-annual-police-experts-meeting-discusses-co-ordination',
    );
    expect(slugify('Réunion annuelle des experts de la police')).toBe(
      'reunion-annuelle-des-experts-de-la-police',
    );
    expect(slugify('Straßenverkehr in Österreich')).toBe('strassenverkehr-in-osterreich');
    expect(slugify('Ежегодное совещание экспертов')).toBe('ezhegodnoe-soveshchanie-ekspertov');
  });

  it('cuts long titles at a word boundary and never returns an empty slug', () => {
    const slug = slugify('word '.repeat(100), 30);
    expect(slug.length).toBeLessThanOrEqual(30);
    expect(slug.endsWith('-')).toBe(false);
    expect(slugify('!!!')).toBe('item');
  });
});
