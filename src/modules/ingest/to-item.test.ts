import { describe, expect, it } from 'vitest';
import { TermMatcher } from '../enrich/term-matcher.js';
import { Taxonomy } from '../taxonomy/taxonomy.js';
import { emptyPage } from './text-page.js';
import { draftItem } from './to-item.js';

const matcher = new TermMatcher(new Taxonomy([], [], [], []));
const page = (language: string | null, title: string, body: string[]) => ({
  ...emptyPage([]),
  language,
  title,
  bodyParagraphs: body,
  date: '2020-05-04',
});
const options = {
  matcher,
  defaultLanguage: 'en',
  languages: ['en', 'fr', 'de', 'it', 'ru', 'es'],
  contentHash: 'h',
};

describe('draftItem language', () => {
  it('reads the language of a page that declares none, and says so', () => {
    const draft = draftItem(
      page(null, 'La Mission organise un atelier sur la liberté des médias', [
        'Les journalistes de toute la région se sont réunis aujourd’hui pour discuter de la sécurité et de la liberté de la presse.',
      ]),
      options,
    );
    expect(draft.input.language).toBe('fr');
    expect(draft.warnings.join(' ')).toMatch(/reads as "fr"/);
  });

  it('keeps a declared language and the default for text too short to read', () => {
    expect(draftItem(page('de', 'Titel', ['Kurzer Text.']), options).input.language).toBe('de');
    expect(draftItem(page(null, 'Hi', ['Ok.']), options).input.language).toBe('en');
  });
});
