/** The OSCE starter profile holds what the seed page's navigation lists. */
import { describe, expect, it } from 'vitest';
import { OSCE_PROFILE } from '../../../test/site.js';
import { flattenTerms, loadProfile, type VocabularyDef } from './profile.js';

const profile = loadProfile(OSCE_PROFILE);
const vocabulary = (slug: string): VocabularyDef => profile.vocabularies.find((v) => v.slug === slug)!;
const terms = (slug: string) => flattenTerms(vocabulary(slug).terms);
const children = (slug: string, parent: string) =>
  terms(slug)
    .filter((t) => t.parent === parent)
    .map((t) => t.term);

describe('OSCE starter profile', () => {
  it('offers the six official languages', () => {
    expect(profile.languages).toEqual(['en', 'fr', 'de', 'it', 'ru', 'es']);
  });

  it('has the 23 fields of work and the 16 meeting series of the site navigation', () => {
    const fields = terms('fields-of-work').map((t) => t.term.labels.en);
    expect(fields).toHaveLength(23);
    for (const label of [
      'Policing',
      'Roma and Sinti',
      'Tolerance and non-discrimination',
      'Rule of law',
      'Human rights',
      'Democratization',
      'National minority issues',
    ]) {
      expect(fields).toContain(label);
    }
    expect(terms('meetings')).toHaveLength(16);
  });

  it('has the 57 participating states with ISO codes, and the partners for co-operation', () => {
    const states = children('countries', 'participating-states');
    expect(states).toHaveLength(57);
    for (const state of states) expect(state.attributes.iso2, state.slug).toMatch(/^[A-Z]{2}$/);
    expect(states.find((s) => s.slug === 'turkiye')?.aliases).toContain('Turkey');
    expect(children('countries', 'asian-partners').map((t) => t.attributes.iso2)).toContain('JP');
    expect(children('countries', 'mediterranean-partners').map((t) => t.attributes.iso2)).toContain('MA');
  });

  it('has 12 field operations, closed field activities marked closed with an end date', () => {
    const roots = vocabulary('field-operations').terms;
    expect(roots.filter((t) => t.slug !== 'closed-field-activities')).toHaveLength(12);
    const closed = children('field-operations', 'closed-field-activities');
    expect(closed.length).toBeGreaterThan(5);
    for (const term of closed) {
      expect(term.status, term.slug).toBe('closed');
      expect(term.validTo, term.slug).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('has the institutions, Secretariat units, Parliamentary Assembly and Court as possible sources', () => {
    const structures = vocabulary('structures');
    expect(structures.isSource).toBe(true);
    const slugs = terms('structures').map((t) => t.term.slug);
    for (const slug of [
      'secretariat',
      'odihr',
      'hcnm',
      'rfom',
      'parliamentary-assembly',
      'court-of-conciliation-and-arbitration',
      'chairpersonship',
    ]) {
      expect(slugs).toContain(slug);
    }
    expect(children('structures', 'secretariat').length).toBeGreaterThanOrEqual(12);
    expect(terms('structures').find((t) => t.term.slug === 'odihr')?.term.aliases).toContain('ODIHR');
  });

  it('knows the Chairpersonship of each year, Finland in 2025', () => {
    const chair = (year: number) =>
      profile.relations.find((r) => r.kind === 'chairpersonship' && r.from === `${year}-01-01`)?.term;
    expect(chair(2025)).toBe('countries/finland');
    expect(chair(2010)).toBe('countries/kazakhstan');
  });
});
