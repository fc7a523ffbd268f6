import { beforeAll, describe, expect, it } from 'vitest';
import { OSCE_PROFILE } from '../../../test/site.js';
import { openDatabase } from '../../db/connection.js';
import { migrateToLatest } from '../../db/migrate.js';
import { loadProfile } from '../taxonomy/profile.js';
import { Taxonomy } from '../taxonomy/taxonomy.js';
import { syncProfile } from '../taxonomy/taxonomy.repo.js';
import { normalizeName, TermMatcher } from './term-matcher.js';

let matcher: TermMatcher;

beforeAll(async () => {
  const handle = openDatabase('sqlite::memory:');
  await migrateToLatest(handle);
  await syncProfile(handle.db, loadProfile(OSCE_PROFILE), new Date());
  matcher = new TermMatcher(await Taxonomy.load(handle.db), ['OSCE']);
  await handle.close();
});

const slug = (name: string, options?: Parameters<TermMatcher['match']>[1]) =>
  matcher.match(name, options)?.term.slug ?? null;

describe('TermMatcher on the OSCE profile', () => {
  it('normalizes case, accents, punctuation and possessives', () => {
    expect(normalizeName("  Türkiye's  Co-operation & Security ")).toBe('turkiyes co operation and security');
  });

  it('matches sources by label, alias, organization prefix and acronym', () => {
    expect(slug('OSCE Secretariat')).toBe('secretariat');
    expect(slug('Secretariat', { vocabularies: ['structures'] })).toBe('secretariat');
    expect(slug('OSCE Office for Democratic Institutions and Human Rights')).toBe('odihr');
    expect(slug('Office for Democratic Institutions and Human Rights (ODIHR)')).toBe('odihr');
    expect(slug('ODIHR')).toBe('odihr');
    expect(slug('OSCE Mission to Serbia')).toBe('mission-to-serbia');
  });

  it('matches fields of work and countries by their names and aliases', () => {
    for (const [name, expected] of [
      ['Tolerance and non-discrimination', 'tolerance-and-nondiscrimination'],
      ['Roma and Sinti', 'roma-and-sinti'],
      ['rule of law', 'rule-of-law'],
      ['Turkey', 'turkiye'],
      ['Türkiye', 'turkiye'],
      ['The Netherlands', 'netherlands'],
    ] as const) {
      expect(slug(name), name).toBe(expected);
    }
  });

  it('limits matches to the vocabularies asked for, and refuses unknown names', () => {
    expect(slug('Policing', { vocabularies: ['countries'] })).toBeNull();
    expect(slug('Ministry of Silly Walks')).toBeNull();
    expect(slug('')).toBeNull();
  });
});
