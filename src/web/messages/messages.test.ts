import { describe, expect, it } from 'vitest';
import { de } from './de.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { translator } from './index.js';
import { it as italian } from './it.js';
import { ru } from './ru.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogs', () => {
  for (const [language, catalog] of Object.entries({ fr, de, it: italian, ru, es })) {
    it(`${language} translates every key with the same placeholders`, () => {
      for (const [key, english] of Object.entries(en)) {
        const text = catalog[key as keyof typeof en];
        expect(text, `${language} ${key}`).toBeTruthy();
        expect(placeholders(text!), `${language} ${key}`).toEqual(placeholders(english));
      }
    });
  }

  it('fills placeholders and falls back to English for unknown languages', () => {
    expect(translator('fr')('listing.count', { count: 3 })).toContain('3');
    expect(translator('xx')('search.results', { count: 2, query: 'roma' })).toBe('2 results for “roma”');
  });
});
