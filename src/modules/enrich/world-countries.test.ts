import { describe, expect, it } from 'vitest';
import { isDatelineError } from '../../errors.js';
import { iso3ToIso2, parseCountryCodes, worldCountriesTaxonomy } from './world-countries.js';

// Invented rows in the layout of the UN country table (only the columns the builder reads).
const TABLE = [
  'ISO3166-1-Alpha-2,ISO3166-1-Alpha-3,M49,official_name_en,UNTERM English Short,UNTERM English Formal,CLDR display name,official_name_fr,UNTERM French Short',
  "AF,AFG,4,Afghanistan,Afghanistan,the Islamic Republic of Afghanistan,Afghanistan,Afghanistan,Afghanistan (l')",
  'CD,COD,180,Democratic Republic of the Congo,Democratic Republic of the Congo (the),the Democratic Republic of the Congo,Congo - Kinshasa,République démocratique du Congo,',
  'RS,SRB,688,Serbia,Serbia,the Republic of Serbia,Serbia,Serbie,Serbie (la)',
  'SV,SLV,222,El Salvador,El Salvador,the Republic of El Salvador,El Salvador,El Salvador,El Salvador',
].join('\n');

describe('world countries', () => {
  it('reads names without UNTERM articles and notes, and maps alpha-3 to alpha-2', () => {
    const countries = parseCountryCodes(TABLE);
    expect(countries.map((c) => c.iso2)).toEqual(['AF', 'CD', 'RS', 'SV']);
    expect(countries[0]!.labels).toEqual({ en: 'Afghanistan', fr: 'Afghanistan' });
    expect(countries[0]!.aliases).toContain('Islamic Republic of Afghanistan');
    expect(countries[1]!.labels.en).toBe('Democratic Republic of the Congo');
    expect(countries[1]!.aliases).not.toContain('Congo - Kinshasa');
    expect(iso3ToIso2(countries).get('COD')).toBe('CD');
  });

  it('keeps the article that is part of a short name, and drops the one of a formal name', () => {
    const salvador = parseCountryCodes(TABLE)[3]!;
    expect(salvador.labels).toEqual({ en: 'El Salvador', fr: 'El Salvador' });
    expect(salvador.aliases).toEqual(['Republic of El Salvador']);
  });

  it('builds a countries vocabulary that keeps the profile’s slugs and labels where they overlap', () => {
    const taxonomy = worldCountriesTaxonomy(parseCountryCodes(TABLE), [
      {
        slug: 'serbia',
        labels: { en: 'Serbia', de: 'Serbien' },
        aliases: ['Srbija'],
        attributes: { iso2: 'RS' },
      },
    ]);
    const vocabulary = taxonomy.vocabulary('countries')!;
    const terms = taxonomy.termsOf(vocabulary.id);
    expect(terms.map((t) => t.slug)).toEqual([
      'afghanistan',
      'democratic-republic-of-the-congo',
      'serbia',
      'el-salvador',
    ]);
    const serbia = taxonomy.termBySlug('countries', 'serbia')!;
    expect(serbia.labels).toMatchObject({ en: 'Serbia', de: 'Serbien', fr: 'Serbie' });
    expect(serbia.aliases).toContain('Srbija');
    expect(serbia.attributes).toMatchObject({ iso2: 'RS', iso3: 'SRB' });
  });

  it('reads which state a dependent territory belongs to', () => {
    const table = [
      'ISO3166-1-Alpha-2,ISO3166-1-Alpha-3,M49,official_name_en,is_independent',
      'FR,FRA,250,France,Yes',
      'RE,REU,638,Réunion,Part of FR',
      'GG,GGY,831,Guernsey,Crown dependency of GB',
      'EH,ESH,732,Western Sahara,In contention',
    ].join('\n');
    const countries = parseCountryCodes(table);
    expect(countries.map((c) => c.sovereign)).toEqual([undefined, 'FR', 'GB', undefined]);
    const reunion = worldCountriesTaxonomy(countries).termBySlug('countries', 'reunion')!;
    expect(reunion.attributes.sovereign).toBe('FR');
  });

  it('marks a seceded state with the state it was part of, and no other', () => {
    const table = [
      'ISO3166-1-Alpha-2,ISO3166-1-Alpha-3,M49,official_name_en,is_independent',
      'SD,SDN,729,Sudan,Yes',
      'SS,SSD,728,South Sudan,Yes',
    ].join('\n');
    const taxonomy = worldCountriesTaxonomy(parseCountryCodes(table));
    expect(taxonomy.termBySlug('countries', 'south-sudan')!.attributes.partOf).toEqual({
      iso2: 'SD',
      until: '2011-07-08',
    });
    expect(taxonomy.termBySlug('countries', 'sudan')!.attributes.partOf).toBeUndefined();
  });

  it('rejects a table without codes, with a coded error', () => {
    let error: unknown;
    try {
      parseCountryCodes('name,code\nSerbia,RS\n');
    } catch (e) {
      error = e;
    }
    expect(isDatelineError(error) && error.code).toBe('DL_VALIDATION');
    expect((error as Error).message).toMatch(/ISO3166-1-Alpha-2/);
    expect(() => parseCountryCodes(`${TABLE}\nXX1,ABCD,1,Nowhere,,,,,`)).toThrow(/malformed/);
  });
});
