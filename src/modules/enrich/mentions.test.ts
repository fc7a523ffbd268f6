import { beforeAll, describe, expect, it } from 'vitest';
import { OSCE_PROFILE } from '../../../test/site.js';
import { openDatabase } from '../../db/connection.js';
import { migrateToLatest } from '../../db/migrate.js';
import { isDatelineError } from '../../errors.js';
import { loadProfile } from '../taxonomy/profile.js';
import { Taxonomy, type Term, type Vocabulary } from '../taxonomy/taxonomy.js';
import { syncProfile } from '../taxonomy/taxonomy.repo.js';
import { MentionFinder, type MentionOptions } from './mentions.js';

let osce: MentionFinder;

beforeAll(async () => {
  const handle = openDatabase('sqlite::memory:');
  await migrateToLatest(handle);
  await syncProfile(handle.db, loadProfile(OSCE_PROFILE), new Date());
  const taxonomy = await Taxonomy.load(handle.db);
  await handle.close();
  osce = new MentionFinder(taxonomy, { exclude: ['fields-of-work'], organizationNames: ['OSCE', 'OSZE'] });
});

const find = (text: string, options?: MentionOptions) => osce.suggest(text, options);
const keys = (text: string, options?: MentionOptions) =>
  find(text, options).map((s) => `${s.vocabulary}/${s.slug}`);

/** A small invented taxonomy: one vocabulary of bodies labelled in six languages, one of countries. */
function sixLanguageTaxonomy(): Taxonomy {
  const vocabulary = (id: number, slug: string): Vocabulary => ({
    id,
    slug,
    queryKey: slug,
    labels: { en: slug },
    hierarchical: false,
    isSource: true,
  });
  const term = (id: number, vocabularyId: number, slug: string, fields: Partial<Term>): Term => ({
    id,
    vocabularyId,
    vocabularySlug: vocabularyId === 1 ? 'bodies' : 'countries',
    slug,
    parentId: null,
    labels: {},
    aliases: [],
    validFrom: null,
    validTo: null,
    status: 'active',
    successorId: null,
    attributes: {},
    ...fields,
  });
  return new Taxonomy(
    [vocabulary(1, 'bodies'), vocabulary(2, 'countries')],
    [
      term(1, 1, 'river-office', {
        labels: {
          en: 'River Basin Office',
          fr: 'Bureau du bassin fluvial',
          de: 'Flussgebietsbüro',
          it: 'Ufficio del bacino fluviale',
          ru: 'Миссия речного бассейна',
          es: 'Oficina de la Cuenca Fluvial',
        },
        attributes: { acronym: 'RBO' },
      }),
      term(2, 1, 'harbour-watch', {
        labels: { en: 'Harbour Watch Mission to Portland' },
        aliases: ['Harbour Watch'],
        validFrom: '2001-01-01',
        validTo: '2009-06-30',
        status: 'closed',
      }),
      term(3, 2, 'ruritania', { labels: { en: 'Ruritania' }, attributes: { iso2: 'RU' } }),
    ],
    [],
    [],
  );
}

describe('MentionFinder', () => {
  it('finds institutions and field operations by acronym, label and alias, with the matched words', () => {
    const suggestions = find(
      'ODIHR and the HCNM met the RFoM in Vienna. The SMM reported calm along the contact line.',
      { date: '2018-05-02' },
    );
    expect(suggestions.map((s) => s.slug).sort()).toEqual([
      'hcnm',
      'odihr',
      'rfom',
      'special-monitoring-mission-to-ukraine',
    ]);
    const smm = suggestions.find((s) => s.slug === 'special-monitoring-mission-to-ukraine')!;
    expect(smm).toMatchObject({
      vocabulary: 'field-operations',
      label: 'Special Monitoring Mission to Ukraine',
      evidence: ['SMM'],
    });
    expect(keys('Monitors of the Special Monitoring Mission to Ukraine visited Avdiivka.')).toEqual([
      'field-operations/special-monitoring-mission-to-ukraine',
    ]);
  });

  it('matches acronyms by exact case and names only as whole words', () => {
    expect(keys('Rfom odihr smm')).toEqual([]);
    expect(keys('The smmART programme and HCNMx codes')).toEqual([]);
    // A capitalized name is not its lower-case common phrase.
    expect(keys('A permanent council of elders met.')).toEqual([]);
  });

  it('joins the organization name to a mention: "the OSCE Mission to Skopje"', () => {
    const [skopje] = find('Experts from the OSCE Mission to Skopje trained judges.');
    expect(skopje).toMatchObject({ slug: 'mission-to-skopje', evidence: ['OSCE Mission to Skopje'] });
  });

  it('weighs the title above the lead, and the lead above later paragraphs', () => {
    const later = 'Police training went on.\n\nThe course was organized with ODIHR.';
    const lead = 'ODIHR organized the police course.\n\nIt went on for a week.';
    const confidence = (text: string, title?: string) =>
      find(text, { title }).find((s) => s.slug === 'odihr')?.confidence ?? 0;
    expect(confidence(lead)).toBeGreaterThan(confidence(later));
    expect(confidence('Police training went on.', 'ODIHR trains police')).toBeGreaterThan(confidence(lead));
    // More mentions, more confidence.
    expect(confidence(`${lead}\n\nODIHR will repeat it.`)).toBeGreaterThan(confidence(lead));
    for (const text of [lead, later]) expect(confidence(text)).toBeLessThan(1);
  });

  it('counts a name and its acronym in parentheses as one mention', () => {
    const defined = find('The Office for Democratic Institutions and Human Rights (ODIHR) opened a mission.');
    const twice = find(
      'The Office for Democratic Institutions and Human Rights opened a mission. ODIHR said.',
    );
    expect(defined[0]!.evidence).toEqual(['Office for Democratic Institutions and Human Rights', 'ODIHR']);
    expect(defined[0]!.confidence).toBeLessThan(twice[0]!.confidence);
  });

  it('does not suggest a field operation for a text dated after its closure, nor before its opening', () => {
    const text = 'The Special Monitoring Mission to Ukraine published its daily report.';
    expect(keys(text, { date: '2021-11-03' })).toEqual([
      'field-operations/special-monitoring-mission-to-ukraine',
    ]);
    expect(keys(text, { date: '2023-02-01' })).toEqual([]);
    expect(keys(text, { date: '2010-02-01' })).toEqual([]);
    expect(keys('The OSCE Office in Yerevan closed its doors.', { date: '2016-03-01' })).toEqual([
      'field-operations/office-in-yerevan',
    ]);
    expect(keys('The OSCE Office in Yerevan closed its doors.', { date: '2019-03-01' })).toEqual([]);
  });

  it('labels a renamed field operation with the name it had on the date', () => {
    const text = 'The OSCE Centre in Astana held a seminar on border security.';
    expect(find(text, { date: '2012-04-10' })[0]).toMatchObject({
      slug: 'programme-office-in-astana',
      label: 'Centre in Astana',
    });
    expect(find(text, { date: '2016-04-10' })[0]).toMatchObject({
      slug: 'programme-office-in-astana',
      label: 'Programme Office in Astana',
    });
  });

  it('resolves "the Mission" to the one mission the text names, and says so in the evidence', () => {
    const text =
      'SKOPJE, 4 May 2015 – The OSCE Mission to Skopje opened a training centre today.\n\n' +
      '"This is a milestone," said the Head of the Mission. The Mission will fund two more.';
    const [skopje] = find(text, { date: '2015-05-04' });
    expect(skopje).toMatchObject({ slug: 'mission-to-skopje' });
    expect(skopje!.evidence).toEqual(['OSCE Mission to Skopje', 'the Mission → OSCE Mission to Skopje']);
    const alone = find('SKOPJE, 4 May 2015 – The OSCE Mission to Skopje opened a training centre today.', {
      date: '2015-05-04',
    });
    expect(skopje!.confidence).toBeGreaterThan(alone[0]!.confidence);
  });

  it('refuses "the Mission" when the text names two missions, and when it names none', () => {
    const two = find(
      'The OSCE Mission to Skopje and the OSCE Mission to Moldova signed a memorandum. ' +
        'The Mission said more would follow.',
    );
    expect(two.map((s) => s.slug).sort()).toEqual(['mission-to-moldova', 'mission-to-skopje']);
    for (const s of two) expect(s.evidence.some((e) => e.includes('→'))).toBe(false);
    expect(find('The Mission said more would follow. The Office agreed.')).toEqual([]);
  });

  it('takes "the Office" for the one institution named by its acronym', () => {
    const [odihr] = find('ODIHR deployed observers. The Office will publish its final report in June.');
    expect(odihr!.evidence).toEqual(['ODIHR', 'The Office → ODIHR']);
    // A longer capitalized name is another body, not a reference.
    expect(find('ODIHR deployed observers. The Office Building was closed.')[0]!.evidence).toEqual(['ODIHR']);
  });

  it('suggests both terms a name stands for in two vocabularies, one suggestion each', () => {
    expect(keys('The Permanent Council adopted a decision.').sort()).toEqual([
      'meetings/plenary-meetings-of-the-permanent-council',
      'structures/permanent-council',
    ]);
  });

  it('leaves countries and excluded vocabularies to the other suggesters', () => {
    expect(keys('Serbia and Montenegro discussed Arms control.')).toEqual([]);
  });

  it('rejects a malformed date with a coded error', () => {
    try {
      find('ODIHR', { date: 'yesterday' });
      expect.unreachable();
    } catch (error) {
      expect(isDatelineError(error) && error.code).toBe('DL_VALIDATION');
    }
  });
});

describe('MentionFinder on an invented six-language taxonomy', () => {
  const finder = new MentionFinder(sixLanguageTaxonomy());
  const slugs = (text: string, options?: MentionOptions) => finder.suggest(text, options).map((s) => s.slug);

  it.each([
    ['en', 'The River Basin Office met farmers.'],
    ['fr', 'Le Bureau du bassin fluvial a réuni les agriculteurs.'],
    ['de', 'Das Flussgebietsbüro traf Landwirte.'],
    ['it', "L'Ufficio del bacino fluviale ha incontrato gli agricoltori."],
    ['ru', 'Миссия речного бассейна встретилась с фермерами.'],
    ['es', 'La Oficina de la Cuenca Fluvial se reunió con los agricultores.'],
  ])('finds a term by its %s label', (_language, text) => {
    expect(slugs(text)).toEqual(['river-office']);
  });

  it('matches inflected Russian and unaccented spellings, and labels in the asked language', () => {
    expect(slugs('Сотрудники Миссии речного бассейна провели семинар.')).toEqual(['river-office']);
    expect(slugs('Сотрудники миссии провели семинар.')).toEqual([]);
    expect(slugs('Das Flussgebietsburo traf Landwirte.')).toEqual(['river-office']);
    expect(finder.suggest('RBO', { language: 'fr' })[0]!.label).toBe('Bureau du bassin fluvial');
  });

  it('takes validity dates from the term, whatever the vocabulary is called', () => {
    expect(slugs('Harbour Watch boats patrolled.', { date: '2005-01-01' })).toEqual(['harbour-watch']);
    expect(slugs('Harbour Watch boats patrolled.', { date: '2012-01-01' })).toEqual([]);
    expect(slugs('Harbour Watch boats patrolled.')).toEqual(['harbour-watch']);
    expect(slugs('Ruritania')).toEqual([]);
  });
});
