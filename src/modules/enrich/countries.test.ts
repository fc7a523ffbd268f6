import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { OSCE_PROFILE } from '../../../test/site.js';
import { openDatabase } from '../../db/connection.js';
import { migrateToLatest } from '../../db/migrate.js';
import { isDatelineError } from '../../errors.js';
import { loadProfile } from '../taxonomy/profile.js';
import { Taxonomy } from '../taxonomy/taxonomy.js';
import { parseCountryCodes, worldCountriesTaxonomy } from './world-countries.js';
import { syncProfile } from '../taxonomy/taxonomy.repo.js';
import {
  CountryTagger,
  EMPTY_GAZETTEER,
  type Gazetteer,
  loadGazetteer,
  mergeGazetteers,
  parseGazetteer,
  type SuggestOptions,
} from './countries.js';

let taxonomy: Taxonomy;
let gazetteer: Gazetteer;
let tagger: CountryTagger;

beforeAll(async () => {
  const handle = openDatabase('sqlite::memory:');
  await migrateToLatest(handle);
  // The profile folder now holds gazetteer/ too: loadProfile must not mind it.
  await syncProfile(handle.db, loadProfile(OSCE_PROFILE), new Date());
  taxonomy = await Taxonomy.load(handle.db);
  await handle.close();
  gazetteer = loadGazetteer(OSCE_PROFILE);
  tagger = new CountryTagger(taxonomy, gazetteer);
});

const slugs = (text: string, options?: SuggestOptions) => tagger.suggest(text, options).map((s) => s.slug);
const find = (text: string, slug: string, options?: SuggestOptions) =>
  tagger.suggest(text, options).find((s) => s.slug === slug);

describe('the OSCE gazetteer', () => {
  it('covers every country term of the vocabulary in places.json, and nothing else there', () => {
    const places = parseGazetteer(
      JSON.parse(fs.readFileSync(path.join(OSCE_PROFILE, 'gazetteer', 'places.json'), 'utf8')),
    );
    const vocabulary = taxonomy.vocabulary('countries')!;
    const codes = taxonomy
      .termsOf(vocabulary.id)
      .map((t) => t.attributes.iso2)
      .filter((c): c is string => typeof c === 'string');
    expect(codes).toHaveLength(68);
    expect(Object.keys(places.countries).sort()).toEqual([...codes].sort());
    for (const code of codes) {
      const entry = places.countries[code]!;
      expect(entry.cities.length, code).toBeGreaterThan(0);
      // The Holy See has no demonym of its own.
      if (code !== 'VA') expect(entry.demonyms.en?.length, code).toBeGreaterThan(0);
    }
  });

  it('is optional: without one the tagger knows labels and aliases only', () => {
    const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-profile-'));
    try {
      expect(loadGazetteer(bare)).toBe(EMPTY_GAZETTEER);
      const labelsOnly = new CountryTagger(taxonomy, loadGazetteer(bare));
      expect(labelsOnly.suggest('Elections in Serbia.').map((s) => s.slug)).toEqual(['serbia']);
      expect(labelsOnly.suggest('A festival in Novi Sad with Serbian bands.')).toEqual([]);
    } finally {
      fs.rmSync(bare, { recursive: true, force: true });
    }
  });

  it('merges world.json into places.json, country by country', () => {
    // The world file adds countries outside the vocabulary and more places of those inside it.
    expect(Object.keys(gazetteer.countries).length).toBeGreaterThan(68);
    const merged = mergeGazetteers([
      {
        countries: {
          CA: {
            names: [],
            demonyms: { en: [{ name: 'Canadian' }] },
            cities: [{ name: 'Ottawa' }],
            regions: [],
          },
        },
        ignore: ['a'],
      },
      {
        countries: {
          CA: {
            names: [],
            demonyms: { en: [{ name: 'Canadians' }] },
            cities: [{ name: 'Toronto' }],
            regions: [],
          },
        },
        ignore: ['b'],
      },
    ]);
    expect(merged.countries.CA!.cities.map((c) => c.name)).toEqual(['Ottawa', 'Toronto']);
    expect(merged.countries.CA!.demonyms.en!.map((c) => c.name)).toEqual(['Canadian', 'Canadians']);
    expect(merged.ignore).toEqual(['a', 'b']);
  });

  it('rejects a malformed file with every problem listed', () => {
    let error: unknown;
    try {
      parseGazetteer({
        countries: { serbia: {}, RS: { names: [{ name: 'Srbija', until: 'soon' }], cities: 'x' } },
      });
    } catch (e) {
      error = e;
    }
    expect(isDatelineError(error) && error.code).toBe('DL_PROFILE_INVALID');
    expect((error as Error).message).toMatch(/countries\.serbia[\s\S]*until[\s\S]*cities/);
  });
});

describe('CountryTagger', () => {
  it('finds countries by name, city and demonym, with the words as evidence', () => {
    const [serbia] = tagger.suggest(
      'The Mission held a workshop in Novi Sad and Niš with Serbian police officers.',
    );
    expect(serbia).toMatchObject({ vocabulary: 'countries', slug: 'serbia', label: 'Serbia' });
    expect(serbia!.evidence).toEqual(['Novi Sad', 'Niš', 'Serbian']);
    expect(slugs('Kyrgyz officials met in Bishkek and Osh.')).toEqual(['kyrgyzstan']);
    expect(slugs('The Holy See and the Kyrgyz Republic.').sort()).toEqual(['holy-see', 'kyrgyzstan']);
    expect(slugs('A statement from the Vatican.')).toEqual(['holy-see']);
  });

  it('reads French, German and Russian, inflections included', () => {
    expect(slugs("Les autorités serbes ont rencontré à Belgrade la présidence de l'Autriche.")).toEqual([
      'serbia',
      'austria',
    ]);
    expect(
      slugs('Die serbischen Behörden in Belgrad sprachen mit der Regierung Deutschlands in Berlin.'),
    ).toEqual(['germany', 'serbia']);
    const russian = tagger.suggest(
      'В Сербии прошли выборы. Сербские власти и делегация Российской Федерации из Москвы обсудили итоги.',
    );
    expect(russian.map((s) => s.slug).sort()).toEqual(['russian-federation', 'serbia']);
    expect(russian.find((s) => s.slug === 'serbia')!.evidence).toEqual(['Сербии', 'Сербские']);
    expect(russian.find((s) => s.slug === 'russian-federation')!.evidence).toEqual([
      'Российской Федерации',
      'Москвы',
    ]);
    expect(slugs('Переговоры в Грузии и Молдове.').sort()).toEqual(['georgia', 'moldova']);
    // A Russian common noun that shares a stem with a country name is not the country: "cargo".
    expect(slugs('Груз прибыл, и груза было много.')).toEqual([]);
  });

  it('orders by confidence: mentions, the title, the kind of word and the position all count', () => {
    const text =
      'Croatia and Serbia. Serbia hosted the meeting in Belgrade; Croatian experts from Zagreb attended. Serbia.';
    const [first, second] = tagger.suggest(text);
    expect(first!.slug).toBe('serbia');
    expect(second!.slug).toBe('croatia');
    expect(first!.confidence).toBeGreaterThan(second!.confidence);
    const body = 'Experts from Albania and Montenegro met.';
    expect(find(body, 'montenegro', { title: 'Montenegro hosts experts' })!.confidence).toBeGreaterThan(
      find(body, 'montenegro')!.confidence,
    );
    expect(find('A report on Austria.', 'austria')!.confidence).toBeGreaterThan(
      find('A report from Salzburg.', 'austria')!.confidence,
    );
    for (const s of tagger.suggest(text)) expect(s.confidence).toBeGreaterThan(0);
    for (const s of tagger.suggest(text)) expect(s.confidence).toBeLessThanOrEqual(1);
  });

  it('drops a weak single mention under the floor', () => {
    // One demonym late in a long text says little.
    const long = `${'The delegation discussed electoral reform at length. '.repeat(20)}A Danish expert spoke.`;
    expect(slugs(long)).toEqual([]);
    expect(slugs('Danish experts.')).toEqual([]);
    expect(slugs('Danish experts in Copenhagen and Aarhus.')).toEqual(['denmark']);
  });

  it('matches whole words only, and respects case where it matters', () => {
    expect(slugs('A woman from Romania met Mr Chadwick in Omaha.')).toEqual(['romania']);
    expect(slugs('A woman spoke to us about the roman road.')).toEqual([]);
    expect(slugs('Let us roast a turkey for the holidays.')).toEqual([]);
    expect(slugs('Talks in the US and the UK.').sort()).toEqual([
      'united-kingdom',
      'united-states-of-america',
    ]);
    expect(slugs('The project costs US$ 2 million.')).toEqual([]);
  });

  it('tells Georgia the state from the US state of Georgia', () => {
    expect(slugs('Georgia held parliamentary elections, observers in Tbilisi said.')).toEqual(['georgia']);
    expect(slugs('Tbilisi, Georgia')).toEqual(['georgia']);
    expect(slugs('The conference took place in Atlanta, Georgia.')).toEqual(['united-states-of-america']);
    expect(slugs('Flooding hit Georgia, USA, last week.')).toEqual(['united-states-of-america']);
    const state = tagger.suggest('The U.S. state of Georgia passed a new election law.');
    expect(state.map((s) => s.slug)).toEqual(['united-states-of-america']);
    expect(state[0]!.evidence).toEqual(['U.S.', 'Georgia']);
    expect(slugs('Storms crossed Florida, Georgia and Alabama.')).toEqual(['united-states-of-america']);
    // Two states of the Union named elsewhere in the text, nothing Georgian: the state.
    expect(slugs('Georgia certified the vote count. Officials in Arizona and Nevada followed.')).toEqual([
      'united-states-of-america',
    ]);
    const both = slugs('Georgia and the United States signed a memorandum on border security.');
    expect(both).toContain('georgia');
    expect(slugs('Georgia Smith and Georgia Brown were elected.')).toEqual([]);
  });

  it('maps Turkey and Türkiye to the same term', () => {
    expect(slugs('Turkey hosted the talks.')).toEqual(['turkiye']);
    expect(slugs('Türkiye hosted the talks.')).toEqual(['turkiye']);
    expect(tagger.suggest('Turkey, or Türkiye since 2022, and Turkish officials in Ankara.')).toHaveLength(1);
  });

  it('reads "Macedonia" alone by date or context, never for the Greek region', () => {
    expect(slugs('Macedonia held elections.', { date: '2016-12-11' })).toEqual(['north-macedonia']);
    expect(slugs('Macedonia held elections.', { date: '2024-05-08' })).toEqual([]);
    expect(slugs('Macedonia held elections.')).toEqual([]);
    expect(slugs('Macedonia held elections; turnout in Skopje was high.', { date: '2024-05-08' })).toEqual([
      'north-macedonia',
    ]);
    expect(slugs('North Macedonia held elections.', { date: '2024-05-08' })).toEqual(['north-macedonia']);
    expect(slugs('the former Yugoslav Republic of Macedonia', { date: '2024-05-08' })).toEqual([
      'north-macedonia',
    ]);
    for (const text of [
      'Wildfires spread across Greek Macedonia.',
      'Wildfires spread across the Macedonia region of Greece.',
      'Thessaloniki is the largest city of Macedonia.',
    ]) {
      expect(slugs(text, { date: '2010-07-01' }), text).toEqual(['greece']);
    }
  });

  it('tells Moldova from the Romanian region of Moldavia', () => {
    expect(slugs('Moldova and the OSCE Mission discussed the settlement process.')).toEqual(['moldova']);
    expect(slugs('Iași is the largest city of the historical region of Moldavia in Romania.')).toEqual([
      'romania',
    ]);
    expect(slugs('El Gobierno de Moldavia y la Misión de la OSCE.')).toEqual(['moldova']);
  });

  it('finds nothing inside longer names of other places', () => {
    expect(slugs('Papua New Guinea and Equatorial Guinea.')).toEqual([]);
    expect(slugs('Talks with North Korea and the Democratic People’s Republic of Korea.')).toEqual([]);
    expect(slugs('Belfast is the capital of Northern Ireland.')).toEqual(['united-kingdom']);
    expect(slugs('Cases of Japanese encephalitis and Spanish flu.')).toEqual([]);
    expect(slugs('A drought in Inner Mongolia.')).toEqual([]);
  });

  it('takes a city followed by a region of another country as that country’s', () => {
    expect(slugs('A film festival in Paris, Texas.')).not.toContain('france');
    expect(slugs('A film festival in Paris, Texas, and in Dallas, Texas.')).toEqual([
      'united-states-of-america',
    ]);
    expect(slugs('A conference in Athens, Georgia.')).toEqual(['united-states-of-america']);
    expect(slugs('A conference in Paris, France.')).toEqual(['france']);
  });

  it('barely counts "Jordan" as a first name', () => {
    expect(slugs('Jordan Peterson said the lecture was sold out.')).toEqual([]);
    expect(slugs('Everyone knows Michael Jordan.')).toEqual([]);
    expect(slugs('Jordan hosts many refugees.')).toEqual(['jordan']);
    expect(slugs('King Abdullah II of Jordan met the Secretary General in Amman.')).toEqual(['jordan']);
  });

  it('suggests only countries of the vocabulary', () => {
    expect(slugs('Chad, Oman, Brazil and Chile signed the treaty.')).toEqual([]);
    const vocabulary = taxonomy.vocabulary('countries')!;
    const known = new Set(taxonomy.termsOf(vocabulary.id).map((t) => t.slug));
    for (const s of tagger.suggest('Albania, Japan, Tunisia, Canada, Kazakhstan and Brazil.'))
      expect(known.has(s.slug), s.slug).toBe(true);
  });

  it('never throws, and keeps its promises, on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.option(fc.string({ maxLength: 60 })), (text, title) => {
        const suggestions = tagger.suggest(text, title === null ? {} : { title });
        for (const s of suggestions) {
          expect(s.confidence).toBeGreaterThanOrEqual(0.35);
          expect(s.confidence).toBeLessThanOrEqual(1);
          expect(s.evidence.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 400 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expect(() => tagger.suggest(text, { title: text, date: text })).not.toThrow();
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom('Serbia', 'Georgia', ',', '.', 'USA', 'Сербии', 'US$', 'Jordan', 'Macedonia', ' '),
          {
            maxLength: 40,
          },
        ),
        (words) => {
          expect(() => tagger.suggest(words.join(' '), { date: '2019-02-12' })).not.toThrow();
        },
      ),
    );
  });

  it('scans long texts fast', () => {
    const paragraph =
      'The OSCE Mission to Bosnia and Herzegovina welcomed the adoption of the law in Sarajevo, and ' +
      'experts from Serbia, Croatia and Montenegro attended the meeting with Austrian and German donors. ';
    const text = paragraph.repeat(17); // about 500 words
    const started = performance.now();
    for (let i = 0; i < 200; i++) tagger.suggest(text);
    // Measured at about 5,000 such texts a second; the bound only catches a pathological slowdown.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('CountryTagger over a world vocabulary', () => {
  // An invented miniature of the UN country table: enough names to exercise the confusable ones.
  const TABLE = [
    'ISO3166-1-Alpha-2,ISO3166-1-Alpha-3,M49,official_name_en,UNTERM English Short,CLDR display name,is_independent',
    'CD,COD,180,Democratic Republic of the Congo,Democratic Republic of the Congo (the),Congo - Kinshasa',
    'CG,COG,178,Congo,Congo (the),Congo - Brazzaville',
    'EC,ECU,218,Ecuador,Ecuador,Ecuador',
    'GN,GIN,324,Guinea,Guinea,Guinea',
    'GW,GNB,624,Guinea-Bissau,Guinea-Bissau,Guinea-Bissau',
    'GQ,GNQ,226,Equatorial Guinea,Equatorial Guinea,Equatorial Guinea',
    'PG,PNG,598,Papua New Guinea,Papua New Guinea,Papua New Guinea',
    'NE,NER,562,Niger,Niger (the),Niger',
    'NG,NGA,566,Nigeria,Nigeria,Nigeria',
    'SD,SDN,729,Sudan,Sudan (the),Sudan',
    'SS,SSD,728,South Sudan,South Sudan,South Sudan',
    'KR,KOR,410,Republic of Korea,Republic of Korea (the),South Korea',
    "KP,PRK,408,Democratic People's Republic of Korea,Democratic People's Republic of Korea (the),North Korea",
    'UG,UGA,800,Uganda,Uganda,Uganda',
    'RW,RWA,646,Rwanda,Rwanda,Rwanda',
    'ET,ETH,231,Ethiopia,Ethiopia,Ethiopia',
    'LR,LBR,430,Liberia,Liberia,Liberia',
    'SL,SLE,694,Sierra Leone,Sierra Leone,Sierra Leone',
    'SN,SEN,686,Senegal,Senegal,Senegal',
    'MR,MRT,478,Mauritania,Mauritania,Mauritania',
    'SA,SAU,682,Saudi Arabia,Saudi Arabia,Saudi Arabia',
    'JO,JOR,400,Jordan,Jordan,Jordan',
    'CN,CHN,156,China,China,China',
    'YE,YEM,887,Yemen,Yemen,Yemen',
    'SO,SOM,706,Somalia,Somalia,Somalia',
    'FR,FRA,250,France,France,France',
    'RE,REU,638,Réunion,Réunion,Réunion,Part of FR',
  ]
    // Independent states say so; a territory names its state.
    .map((row, i) => (i === 0 || row.endsWith('FR') ? row : `${row},Yes`))
    .join('\n');
  let world: CountryTagger;
  const iso = (text: string) => {
    const vocabulary = worldTaxonomy.vocabulary('countries')!;
    const bySlug = new Map(worldTaxonomy.termsOf(vocabulary.id).map((t) => [t.slug, t.attributes.iso2]));
    return world.suggest(text).map((s) => bySlug.get(s.slug));
  };
  let worldTaxonomy: Taxonomy;
  beforeAll(() => {
    worldTaxonomy = worldCountriesTaxonomy(parseCountryCodes(TABLE));
    world = new CountryTagger(worldTaxonomy, gazetteer);
  });

  it('keeps longer names whole: Guinea, Niger, Sudan, Korea', () => {
    expect(iso('Cases rose in Equatorial Guinea.')).toEqual(['GQ']);
    expect(iso('Cases rose in Papua New Guinea.')).toEqual(['PG']);
    expect(iso('Cases rose in Guinea-Bissau.')).toEqual(['GW']);
    expect(iso('Cases rose in Guinea.')).toEqual(['GN']);
    expect(iso('Flooding in Niger State, Nigeria, displaced thousands.')).toEqual(['NG']);
    expect(iso('Flooding in Niger displaced thousands.')).toEqual(['NE']);
    expect(iso('South Sudan reported cholera.')).toEqual(['SS']);
    expect(iso('The Republic of Korea reported a case.')).toEqual(['KR']);
    expect(iso("The Democratic People's Republic of Korea reported a case.")).toEqual(['KP']);
  });

  it('reads a name shared by two countries as the one the text names in full', () => {
    const text =
      'The Democratic Republic of the Congo declared an outbreak in Equateur Province. ' +
      'Teams reached Mbandaka. The Congo health ministry thanked partners.';
    expect(iso(text)).toEqual(['CD']);
    expect(iso('Brazzaville, the capital of the Republic of the Congo, hosted the meeting.')).toEqual(['CG']);
    expect(iso('Ecuador reported dengue cases in Guayaquil.')).toEqual(['EC']);
  });

  it('drops passing mentions but keeps every country of a list', () => {
    const passing =
      'Uganda reported cases in Kampala. The Ugandan ministry traced contacts in Kasese and Gulu. ' +
      'Uganda has a long border, and one contact had travelled from Rwanda.';
    expect(iso(passing)).toEqual(['UG']);
    const list =
      'Uganda reported cases in Kampala and Kasese. New cases were also reported from Guinea, Liberia, ' +
      'Ethiopia and Sierra Leone.';
    expect(new Set(iso(list))).toEqual(new Set(['UG', 'GN', 'LR', 'ET', 'SL']));
  });

  it('takes a country heading a section as a subject', () => {
    const lead = 'Uganda\nUganda reported cases in Kampala and Gulu.\n';
    expect(new Set(iso(`${lead}Ethiopia: one case was confirmed.`))).toEqual(new Set(['UG', 'ET']));
    expect(iso(`${lead}One case was confirmed in Ethiopia.`)).toEqual(['UG']);
  });

  it('weighs little a country named only in advice or an assessment, unless the news names it too', () => {
    const news = 'Uganda reported 12 cases of cholera in Kampala and Gulu districts.\n';
    const advice = 'WHO advice\nAs in Ethiopia in 2017, Ethiopia, Rwanda and Liberia should prepare.\n';
    expect(iso(`${news}${advice}`)).toEqual(['UG']);
    // The advice is about the country in the news: its mentions there still count.
    expect(iso(`${news}WHO advice\nUganda should strengthen surveillance in Uganda.`)).toEqual(['UG']);
    // A heading that is no aside ends the aside section.
    expect(new Set(iso(`${news}${advice}Ethiopia\nEthiopia reported 40 cases in Gambela.`))).toEqual(
      new Set(['UG', 'ET']),
    );
    // The headings are an option: a tagger without them reads the advice as news.
    const plain = new CountryTagger(worldTaxonomy, gazetteer, { asideHeadings: [] });
    expect(plain.suggest(`${news}${advice}`).length).toBeGreaterThan(1);
  });

  it('takes a place in an institution’s name or address as the institution’s seat, not the subject', () => {
    const text =
      'Mauritania reported 9 cases of Rift Valley fever in Nouakchott. Samples were confirmed at the ' +
      'Pasteur Institute of Dakar, Senegal, and at the Uganda Virus Research Institute.';
    expect(iso(text)).toEqual(['MR']);
    const lowerCase =
      'Mauritania reported 9 cases of Rift Valley fever. Samples were confirmed by the Senegal laboratory.';
    expect(iso(lowerCase)).toEqual(['MR']);
    const section =
      'Mauritania reported 9 cases of Rift Valley fever. Médecins sans frontières (France) opened a clinic.';
    expect(iso(section)).toEqual(['MR']);
    // "Laboratory-confirmed" is no institution, and a lower-case word ends an institution's name.
    expect(iso('Five laboratory-confirmed cases in Uganda. The Institute reported cases in Uganda.')).toEqual(
      ['UG'],
    );
    // A text that names nothing else keeps the institution's country.
    expect(iso('Samples were sent to the Pasteur Institute in Dakar, Senegal.')).toEqual(['SN']);
  });

  it('drops neighbours and travel destinations named beside the subject', () => {
    const text =
      'Jordan reported a case of MERS in Amman. The patient had travelled to Saudi Arabia before falling ' +
      'ill. WHO supports neighbouring countries (Yemen, Somalia and Ethiopia) with preparedness.';
    expect(iso(text)).toEqual(['JO']);
    // The same countries as subjects of the news are kept.
    expect(new Set(iso('Cases were reported in Jordan, Saudi Arabia and Yemen.'))).toEqual(
      new Set(['JO', 'SA', 'YE']),
    );
  });

  it('holds the country of the opening line for the subject of a long text', () => {
    // In a long text; in a short one every sentence is the lead.
    const text =
      'Senegal notified WHO of a case of yellow fever in a traveller.\n' +
      'The patient fell ill in the capital and was treated in the regional hospital. '.repeat(12) +
      'He is a trader from Mauritania. Health teams of Mauritania met to plan vaccination.';
    expect(iso(text)).toEqual(['SN']);
  });

  it('keeps list items that carry counts', () => {
    const text =
      'Measles is spreading in Uganda, with 9 000 cases in Kampala. Outbreaks of concern include Yemen with ' +
      '5 847 confirmed cases, Sudan with 3 659 confirmed cases, Somalia with 2 795 cases and Ethiopia ' +
      'with 1 978 cases.';
    expect(new Set(iso(text))).toEqual(new Set(['UG', 'YE', 'SD', 'SO', 'ET']));
  });

  it('keeps every country of a list with counts, however much the text says about one of them', () => {
    const text =
      'China reported 120 new cases in Beijing and Guangdong. China has traced contacts in Beijing, Shanghai ' +
      'and Guangdong, and China opened clinics in Beijing. The new deaths occurred in China (11), Uganda (2), ' +
      'Rwanda (1) and Ethiopia (1).';
    expect(new Set(iso(text))).toEqual(new Set(['CN', 'UG', 'RW', 'ET']));
  });

  it('reads a flattened table whose rows qualify a territory', () => {
    const text =
      'Uganda reported 5 120 cases in Kampala, Gulu and Kasese, and Uganda opened clinics in Kampala.\n' +
      'Country, territory or area Cases Deaths Uganda 5120 31 Ethiopia 2 0 Réunion, Overseas Department 4 0 ' +
      'Rwanda 3 0 Liberia 1 0';
    expect(new Set(iso(text))).toEqual(new Set(['UG', 'ET', 'RE', 'RW', 'LR']));
  });

  it('reads a territory followed by its state as the territory alone', () => {
    expect(iso('Dengue cases rose in Réunion, France, this month.')).toEqual(['RE']);
    expect(iso('Dengue cases rose in Réunion (France) this month.')).toEqual(['RE']);
    // Its state named on its own is another matter.
    expect(new Set(iso('Dengue cases rose in Réunion and in France this month.'))).toEqual(
      new Set(['RE', 'FR']),
    );
  });

  it('drops the places where a patient lives, works or stayed, beside the reporting country', () => {
    const text =
      'Jordan reported a case of MERS in Amman. The patient, a Jordanian national living in Riyadh, Saudi ' +
      'Arabia, fell ill before flying home.';
    expect(iso(text)).toEqual(['JO']);
    expect(iso('Jordan reported a case of MERS. The patient works in Riyadh.')).toEqual(['JO']);
    // Named alone, the place is still the country of the text.
    expect(iso('A man living in Riyadh, Saudi Arabia, fell ill with MERS.')).toEqual(['SA']);
  });

  it('reads the country of the authority that reports the news in the lead as its subject', () => {
    const text =
      'On 3 May, the National IHR Focal Point of Jordan notified WHO of a case of MERS in Amman. The ' +
      'patient had bought camels from Saudi Arabia. Saudi Arabia has reported camel infections before.';
    expect(iso(text)).toEqual(['JO']);
    // Without the cue the place of exposure competes as an equal.
    const noCues = new CountryTagger(worldTaxonomy, gazetteer, { subjectCues: [] });
    expect(noCues.suggest(text).map((s) => s.slug)).toContain('saudi-arabia');
    // The cue after a demonym, and behind an acronym in brackets.
    const demonym = text
      .replace('the National IHR Focal Point of Jordan', 'the Jordanian Ministry of Health')
      .replace('in Amman.', 'in Amman, Jordan.');
    expect(iso(demonym)).toEqual(['JO']);
    expect(noCues.suggest(demonym).map((s) => s.slug)).toContain('saudi-arabia');
    expect(iso(text.replace('Point of Jordan', 'Point (NFP) of Jordan'))).toEqual(['JO']);
  });

  it('keeps every country whose authorities report the news in the lead', () => {
    const text =
      'On 3 May, the National IHR Focal Points of Senegal and Mauritania notified WHO of cases of yellow ' +
      'fever. Senegal reported 40 cases in Dakar, Thies and Kaolack. Senegal vaccinated 20 000 people in ' +
      'Dakar and Senegal traced contacts in Thies. Senegal has opened clinics in Dakar.';
    expect(new Set(iso(text))).toEqual(new Set(['SN', 'MR']));
    const noCues = new CountryTagger(worldTaxonomy, gazetteer, { subjectCues: [] });
    expect(noCues.suggest(text).map((s) => s.slug)).not.toContain('mauritania');
  });

  it('reads a state that reports on its own territory as its messenger', () => {
    const text =
      'On 5 March, the National IHR Focal Point of France notified WHO of a rise in dengue cases in ' +
      'Réunion. Réunion has reported 300 cases since January.';
    expect(iso(text)).toEqual(['RE']);
  });

  it('keeps a country that heads a section of its own, however short', () => {
    const text =
      'Guinea\nAs of 16 April, the Ministry of Health of Guinea has reported 197 cases, including 122 ' +
      'deaths, in Conakry, Gueckedou and Macenta. Guinea has traced 600 contacts in Conakry and Guinea has ' +
      'opened two treatment centres in Gueckedou. Teams in Guinea visit every village in Macenta.\n' +
      'Liberia\nNo new case was reported this week.';
    expect(new Set(iso(text))).toEqual(new Set(['GN', 'LR']));
  });

  it('reads the countries an update names as new as its news, the surveyed others as background', () => {
    const survey = `Weekly update\n${'Influenza activity continues to decline in China, Jordan and Yemen. Transmission persists in Ethiopia, Somalia and Rwanda, and in parts of Uganda.\n'.repeat(3)}`;
    const news =
      'The countries that have newly reported their first confirmed cases since the last update ' +
      '(No. 12): Mauritania and Senegal.';
    expect(new Set(iso(`${survey}${news}`))).toEqual(new Set(['MR', 'SN']));
    expect(iso(`${survey}This week Liberia reported cases for the first time.`)).toEqual(['LR']);
    // Without a word of what is new, the survey is the news.
    expect(iso(survey).length).toBeGreaterThan(3);
    // "No." before a number closes no sentence: the news names its countries after it.
    expect(iso(`${survey}Newly reported since update No. 12: Mauritania.`)).toEqual(['MR']);
    const noCues = new CountryTagger(worldTaxonomy, gazetteer, { newsCues: [] });
    expect(noCues.suggest(`${survey}${news}`).length).toBeGreaterThan(2);
  });

  it('keeps a country whose first case the text reports, however briefly', () => {
    const china =
      'China reported 120 new cases in Beijing and Guangdong. China has traced contacts in Beijing, ' +
      'Shanghai and Guangdong, and China opened clinics in Beijing. ';
    expect(iso(`${china}Uganda reported its first case today.`)).toEqual(['CN', 'UG']);
    expect(iso(`${china}Uganda reported a case today.`)).toEqual(['CN']);
    const noCues = new CountryTagger(worldTaxonomy, gazetteer, { firstReportCues: [] });
    expect(noCues.suggest(`${china}Uganda reported its first case today.`)).toHaveLength(1);
  });

  it('reads no country in a virus strain name', () => {
    expect(iso('Uganda reported influenza A/China/411/2002-like viruses.')).toEqual(['UG']);
  });

  it('knows the Democratic Republic of Congo without "the"', () => {
    expect(iso('Cases rose in the Democratic Republic of Congo.')).toEqual(['CD']);
  });

  it('reads a state named before its independence as the state it was part of', () => {
    const text = 'The Ministry of Health reported cholera in Juba, South Sudan, and in Yei, South Sudan.';
    const at = (date?: string) => {
      const vocabulary = worldTaxonomy.vocabulary('countries')!;
      const bySlug = new Map(worldTaxonomy.termsOf(vocabulary.id).map((t) => [t.slug, t.attributes.iso2]));
      return world.suggest(text, date ? { date } : {}).map((s) => bySlug.get(s.slug));
    };
    expect(at('2004-06-11')).toEqual(['SD']);
    // The last day as a part, then the first day of independence.
    expect(at('2011-07-08')).toEqual(['SD']);
    expect(at('2011-07-09')).toEqual(['SS']);
    // Undated text is read as current.
    expect(at()).toEqual(['SS']);
  });

  it('ignores a malformed partOf attribute', () => {
    const terms = worldTaxonomy
      .termsOf(worldTaxonomy.vocabulary('countries')!.id)
      .map((t) =>
        t.attributes.iso2 === 'SS'
          ? { ...t, attributes: { ...t.attributes, partOf: { iso2: 'SD', until: 'soon' } } }
          : t,
      );
    const tagger = new CountryTagger(
      new Taxonomy([worldTaxonomy.vocabulary('countries')!], terms, [], []),
      gazetteer,
    );
    expect(tagger.suggest('Cholera in South Sudan.', { date: '2004-01-01' }).map((s) => s.slug)).toEqual([
      'south-sudan',
    ]);
  });
});
