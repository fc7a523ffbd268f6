import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractTextPage } from './text-page.js';

const FIXTURES = path.join(import.meta.dirname, '../../../test/fixtures/pages');
const fixture = (name: string) => extractTextPage(fs.readFileSync(path.join(FIXTURES, name), 'utf8'));
const SEED_DIR = path.join(import.meta.dirname, '../../../../shared/seed');
const SEED = path.join(SEED_DIR, 'osce-press-release-police-experts-2010.txt');

const first = (paragraphs: string[]) => paragraphs[0] ?? '';
const last = (paragraphs: string[]) => paragraphs[paragraphs.length - 1] ?? '';

describe('extractTextPage on the fixtures', () => {
  it('reads the seed layout: navigation, empty Date line, sources and fields of work on one line each', () => {
    const page = fixture('press-release-empty-date.txt');
    expect(page.type).toBe('press-release');
    expect(page.typeLabel).toBe('Press release');
    expect(page.language).toBe('en');
    expect(page.title).toBe(
      'Archivists from South-Eastern Europe exchange practices for digitizing historical records at OSCE workshop',
    );
    expect(page.dateline).toEqual({ place: 'SKOPJE', date: '2019-10-14' });
    expect(page.date).toBe('2019-10-14');
    expect(page.sources).toEqual(['OSCE Secretariat', 'OSCE Mission to Skopje']);
    expect(page.fieldsOfWork).toEqual(['Education', 'Good governance', 'Media freedom and development']);
    expect(page.bodyParagraphs).toHaveLength(5);
    expect(first(page.bodyParagraphs)).toMatch(/^SKOPJE, 14 October 2019 - Twenty-eight archivists/);
    expect(last(page.bodyParagraphs)).toMatch(/across the region in the coming year\.$/);
    expect(page.quotes).toEqual([
      {
        text: expect.stringMatching(/^A record that nobody can find .* a researcher can search\.$/),
        speaker: 'Marta Kovač-Lindgren',
        role: 'Head of the Democratization Department at the OSCE Mission to Skopje',
        paragraphIndex: 2,
      },
    ]);
    expect(page.people).toEqual([
      {
        name: 'Marta Kovač-Lindgren',
        role: 'Head of the Democratization Department at the OSCE Mission to Skopje',
      },
      { name: 'Tomas Ferreira-Holm', role: "Mission's Senior Adviser on Public Information" },
    ]);
    expect(page.warnings).toEqual(['The Date line is empty; the date comes from the dateline.']);
  });

  it('prefers a filled Date line to the dateline and keeps commas inside parentheses', () => {
    const page = fixture('press-release-dated.txt');
    expect(page.title).toBe(
      'Election observers from fourteen countries complete training on accessible polling stations',
    );
    expect(page.date).toBe('2021-03-03');
    expect(page.dateline).toEqual({ place: 'WARSAW', date: '2021-03-02' });
    expect(page.sources).toEqual([
      'Office for Democratic Institutions and Human Rights (ODIHR, Warsaw)',
      'OSCE Secretariat',
    ]);
    expect(page.fieldsOfWork).toEqual(['Elections', 'Human rights', 'Tolerance and non-discrimination']);
    expect(page.bodyParagraphs).toHaveLength(4);
    expect(last(page.bodyParagraphs)).toMatch(/^"Accessibility is not a favour/);
    expect(page.quotes.map(({ speaker, role }) => ({ speaker, role }))).toEqual([
      { speaker: 'Rosa Ibáñez de la Fuente', role: "ODIHR's Senior Adviser on Electoral Participation" },
      { speaker: 'Henrik Aaltonen', role: "Deputy Head of ODIHR's Election Department" },
    ]);
    expect(page.quotes[1]?.text).toBe(
      'Accessibility is not a favour to some voters. It is a condition for an election that everyone can trust.',
    );
    expect(page.warnings).toEqual([]);
  });

  it('reads a news item without a Source block and says so', () => {
    const page = fixture('news-no-source.txt');
    expect(page.type).toBe('news');
    expect(page.title).toBe(
      'Young environmental reporters from three regions learn to verify data on water quality',
    );
    expect(page.date).toBe('2022-06-17');
    expect(page.dateline).toEqual({ place: 'DUSHANBE', date: '2022-06-17' });
    expect(page.sources).toEqual([]);
    expect(page.fieldsOfWork).toEqual(['Youth', 'Environmental activities', 'Media freedom and development']);
    expect(page.bodyParagraphs).toHaveLength(4);
    expect(page.quotes).toMatchObject([
      {
        speaker: 'Dilnoza Rakhimova-Sadykova',
        role: 'Head of the Economic and Environmental Department of the OSCE Programme Office in Dushanbe',
        paragraphIndex: 2,
      },
    ]);
    expect(page.warnings).toEqual(['No source was listed.']);
  });

  it('reads a French page with "Date :", "Source :" and "Domaines d\'activité :"', () => {
    const page = fixture('communique-fr.txt');
    expect(page.type).toBe('press-release');
    expect(page.typeLabel).toBe('Communiqué de presse');
    expect(page.language).toBe('fr');
    expect(page.title).toMatch(/^Des enseignantes et enseignants de douze pays .* préjugés à l’école$/);
    expect(page.date).toBe('2018-11-12');
    expect(page.dateline).toEqual({ place: 'VARSOVIE', date: '2018-11-12' });
    expect(page.sources).toEqual([
      'Secrétariat de l’OSCE',
      'Bureau des institutions démocratiques et des droits de l’homme (BIDDH)',
    ]);
    expect(page.fieldsOfWork).toEqual(['Éducation', 'Égalité des sexes', 'Tolérance et non-discrimination']);
    expect(page.bodyParagraphs).toHaveLength(4);
    expect(page.quotes).toMatchObject([
      { speaker: 'Claire Moreau-Delaunay', role: 'conseillère du BIDDH pour l’éducation', paragraphIndex: 2 },
    ]);
  });

  it('drops share links, related lists, the cookie banner and the copyright footer', () => {
    const page = fixture('statement-with-footer.txt');
    expect(page.type).toBe('statement');
    expect(page.title).toBe('Chair welcomes agreement on joint patrols along the river crossing');
    expect(page.date).toBe('2023-12-09');
    expect(page.sources).toEqual(['OSCE Chairpersonship']);
    expect(page.bodyParagraphs).toHaveLength(3);
    expect(last(page.bodyParagraphs)).toBe(
      'The Chair thanked both delegations for their work during the eleven rounds of talks held since the spring.',
    );
    expect(page.quotes).toMatchObject([
      {
        text: expect.stringMatching(
          /keeps a quiet winter quiet\. We will follow the first patrols closely\.$/,
        ),
        speaker: 'Linnea Haraldsen-Voss',
        role: 'Special Representative of the Chair for the river crossing talks',
      },
    ]);
  });

  it('starts a page without navigation or type line at the line before the dateline', () => {
    const page = fixture('no-navigation.txt');
    expect(page.type).toBeNull();
    expect(page.title).toBe('Regional workshop helps municipalities publish budgets in plain language');
    expect(page.dateline).toEqual({ place: 'BISHKEK', date: '2017-09-05' });
    expect(page.date).toBe('2017-09-05');
    expect(page.bodyParagraphs).toHaveLength(3);
    expect(page.people).toEqual([
      { name: 'Azamat Beishenaliev', role: "OSCE Programme Office's National Good Governance Officer" },
    ]);
    expect(page.warnings).toEqual([
      'No content type line (such as "Press release") was found.',
      'No source was listed.',
      'No fields of work were listed.',
    ]);
  });
});

describe('extractTextPage on hostile input', () => {
  it('returns an empty page with a warning for empty or blank input', () => {
    for (const text of ['', '   \n\n\t\n']) {
      const page = extractTextPage(text);
      expect(page.title).toBeNull();
      expect(page.bodyParagraphs).toEqual([]);
      expect(page.warnings).toEqual(['The page is empty.']);
    }
  });

  it('finds no title on a page that is only navigation', () => {
    const page = extractTextPage(
      '-\nOur work\n-\nFields of work\n- Policing\n- Youth\n-\nCountries\n- All\n- Austria\n',
    );
    expect(page.title).toBeNull();
    expect(page.bodyParagraphs).toEqual([]);
    expect(page.warnings.length).toBeGreaterThan(0);
  });

  it('keeps a short last paragraph unless site chrome follows it', () => {
    const article =
      'News\nA title\nVIENNA, 3 March 2021 - Experts met.\nThe rules on privacy of personal data follow.\nEnd of release';
    expect(last(extractTextPage(article).bodyParagraphs)).toBe('End of release');
    expect(last(extractTextPage(`${article}\nPrivacy policy`).bodyParagraphs)).toBe(
      'The rules on privacy of personal data follow.',
    );
  });

  it('warns when the type line is followed by nothing but metadata', () => {
    const page = extractTextPage('Press release\n- Date: 3 March 2021\n- Source:\n- OSCE Secretariat\n');
    expect(page.type).toBe('press-release');
    expect(page.title).toBeNull();
    expect(page.date).toBe('2021-03-03');
    expect(page.warnings).toContain('No title was found.');
    expect(page.warnings).toContain('No article paragraphs were found.');
  });

  it('never throws on arbitrary text, including binary garbage', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2_000 }), (text) => {
        const page = extractTextPage(text);
        expect(Array.isArray(page.warnings)).toBe(true);
      }),
    );
    const bytes = Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 256));
    expect(extractTextPage(bytes.toString('latin1')).warnings.length).toBeGreaterThan(0);
  });

  it('handles 5 MB of input in linear time', () => {
    const navigation = '-\nFields of work\n- Policing\n- Youth\n'.repeat(40_000);
    const body = 'The experts met again and "talked at length," said Jane Roe, the Head of Unit.\n'.repeat(
      20_000,
    );
    const inputs = [
      `${navigation}Press release\nA title\n- Date: 3 March 2021\nVIENNA, 3 March 2021 - Text.\n${body}`,
      'x'.repeat(5_000_000),
      `VIENNA, 3 March 2021 - ${'"a, b," '.repeat(700_000)}`,
      '- '.repeat(2_500_000),
    ];
    for (const text of inputs) {
      const started = performance.now();
      const page = extractTextPage(text);
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(page.warnings).toBeDefined();
    }
  });
});

(fs.existsSync(SEED) ? it : it.skip)('extracts the real seed page as expected-item.json describes it', () => {
  const expected = JSON.parse(fs.readFileSync(path.join(SEED_DIR, 'expected-item.json'), 'utf8')) as {
    title: string;
    type: string;
    language: string;
    dateline: { place: string; date: string };
    tags: { 'fields-of-work': string[] };
    quotes: { speaker: string; role: string; startsWith: string }[];
    people: { name: string; role: string }[];
    body: { paragraphs: number; startsWith: string; endsWith: string };
  };
  const page = extractTextPage(fs.readFileSync(SEED, 'utf8'));
  expect(page.type).toBe(expected.type);
  expect(page.language).toBe(expected.language);
  expect(page.title).toBe(expected.title);
  expect(page.dateline).toEqual({ place: 'VIENNA', date: '2010-05-21' });
  expect(page.date).toBe('2010-05-21');
  // Raw labels: matching them to "Office for Democratic Institutions and Human Rights (ODIHR)" is the
  // taxonomy matcher's job, not extraction's.
  expect(page.sources).toEqual([
    'OSCE Secretariat',
    'OSCE Office for Democratic Institutions and Human Rights',
  ]);
  expect(page.fieldsOfWork).toEqual(expected.tags['fields-of-work']);
  expect(page.fieldsOfWork).toHaveLength(7);
  expect(page.bodyParagraphs).toHaveLength(expected.body.paragraphs);
  expect(first(page.bodyParagraphs).startsWith(expected.body.startsWith)).toBe(true);
  expect(last(page.bodyParagraphs).endsWith(expected.body.endsWith)).toBe(true);
  expect(page.quotes).toHaveLength(1);
  expect(page.quotes[0]).toMatchObject({
    speaker: 'Kevin Carty',
    role: 'Senior Police Adviser to the OSCE Secretary General',
  });
  expect(page.quotes[0]?.text.startsWith(expected.quotes[0]!.startsWith)).toBe(true);
  expect(page.people).toEqual(expected.people);
  expect(page.people).toContainEqual({
    name: 'Andrzej Mirga',
    role: "ODIHR's Senior Advisor for Roma and Sinti Issues",
  });
});
