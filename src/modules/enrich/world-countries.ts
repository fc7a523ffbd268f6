/**
 * A countries vocabulary of the whole world, built in memory from the UN/ISO country table
 * (`country-codes.csv`: ISO 3166 codes, UN official names in English, French, Spanish and Russian,
 * UNTERM short and formal names, CLDR display names). A profile's own countries vocabulary covers
 * only the organization's members; scoring or tagging texts about the whole world (outbreak news,
 * humanitarian reports) needs every country. Terms of `base` (the profile's countries) keep their
 * slug, labels and aliases, so the two vocabularies agree where they overlap.
 */
import { parse } from 'csv-parse/sync';
import { DatelineError } from '../../errors.js';
import { slugify } from '../content/slug.js';
import type { Labels } from '../taxonomy/profile.js';
import { Taxonomy, type Term, type Vocabulary } from '../taxonomy/taxonomy.js';

/** One row of the country table, reduced to what tagging needs. */
export interface WorldCountry {
  readonly iso2: string;
  readonly iso3: string;
  readonly m49: string;
  readonly labels: Labels;
  readonly aliases: readonly string[];
  /** ISO alpha-2 of the state a dependent territory belongs to ("RE" → "FR"), if any. */
  readonly sovereign?: string;
}

// The table's `is_independent` column: "Yes", or how a territory depends on a state ("Part of FR",
// "Territory of GB", "Crown dependency of GB", "Commonwealth of US", "Associated with NZ").
const DEPENDENCY = /\b(?:of|with)\s+([A-Z]{2})\b/;

const REQUIRED = ['ISO3166-1-Alpha-2', 'ISO3166-1-Alpha-3', 'official_name_en'] as const;

// "Afghanistan (l')", "Democratic Republic of the Congo (the)", "State of Palestine (the) *".
const TRAILING_NOTE = /\s*\((?:the|l'|la|le|les|el|los|las)\)\s*\*?\s*$/iu;
// Leading articles of UNTERM formal names: "the Islamic Republic of …", "la République …".
const LEADING_ARTICLE = /^(?:the|la|le|les|el|los|las)\s+|^l['’]/iu;
// Formal names open with an article; short and official names put theirs in a trailing note
// ("Gambia (the)"), so an article at the start of a short name is part of the name: "El Salvador"
// stripped would be "Salvador", a Brazilian city.
const FORMAL_COLUMNS = new Set([
  'UNTERM English Formal',
  'UNTERM French Formal',
  'UNTERM Spanish Formal',
  'UNTERM Russian Formal',
]);

function cleanName(value: string | undefined, formal = false): string | null {
  let name = (value ?? '').replace(/\u00a0/g, ' ').replace(TRAILING_NOTE, '');
  if (formal) name = name.replace(LEADING_ARTICLE, '');
  name = name.trim();
  return name === '' ? null : name;
}

/**
 * Reads the country table. Throws DL_VALIDATION when a required column is missing or a code is
 * malformed, naming every problem.
 */
export function parseCountryCodes(csvText: string, where = 'country-codes.csv'): WorldCountry[] {
  let records: Record<string, string>[];
  try {
    records = parse(csvText, { columns: true, skip_empty_lines: true, bom: true }) as Record<
      string,
      string
    >[];
  } catch (error) {
    throw new DatelineError('DL_VALIDATION', `${where}: ${(error as Error).message}`);
  }
  const problems: string[] = [];
  const header = records[0] ? Object.keys(records[0]) : [];
  for (const column of REQUIRED)
    if (!header.includes(column)) problems.push(`${where}: column "${column}" is missing`);
  if (problems.length === 0 && records.length === 0) problems.push(`${where}: no rows`);
  const countries: WorldCountry[] = [];
  for (const [i, record] of records.entries()) {
    if (problems.length > 0 && header.length === 0) break;
    const iso2 = (record['ISO3166-1-Alpha-2'] ?? '').trim().toUpperCase();
    const iso3 = (record['ISO3166-1-Alpha-3'] ?? '').trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(iso2) || !/^[A-Z]{3}$/.test(iso3)) {
      problems.push(`${where}, row ${i + 2}: ISO codes "${iso2}"/"${iso3}" are malformed`);
      continue;
    }
    const en = cleanName(record['UNTERM English Short']) ?? cleanName(record.official_name_en);
    if (!en) {
      problems.push(`${where}, row ${i + 2}: no English name`);
      continue;
    }
    const labels: Record<string, string> = { en };
    for (const [language, short, official] of [
      ['fr', 'UNTERM French Short', 'official_name_fr'],
      ['es', 'UNTERM Spanish Short', 'official_name_es'],
      ['ru', 'UNTERM Russian Short', 'official_name_ru'],
    ] as const) {
      const name = cleanName(record[short]) ?? cleanName(record[official]);
      if (name) labels[language] = name;
    }
    const aliases = new Set<string>();
    for (const column of [
      'official_name_en',
      'UNTERM English Formal',
      'CLDR display name',
      'official_name_fr',
      'UNTERM French Formal',
      'official_name_es',
      'UNTERM Spanish Formal',
      'official_name_ru',
      'UNTERM Russian Formal',
    ]) {
      const name = cleanName(record[column], FORMAL_COLUMNS.has(column));
      // CLDR's "Congo - Kinshasa" is a disambiguation for menus, not a name used in text.
      if (name && !name.includes(' - ') && !Object.values(labels).includes(name)) aliases.add(name);
    }
    const sovereign = DEPENDENCY.exec(record.is_independent ?? '')?.[1];
    countries.push({
      iso2,
      iso3,
      m49: (record.M49 ?? '').trim(),
      labels,
      aliases: [...aliases],
      ...(sovereign && sovereign !== iso2 ? { sovereign } : {}),
    });
  }
  if (problems.length > 0)
    throw new DatelineError('DL_VALIDATION', `Country table is invalid:\n  - ${problems.join('\n  - ')}`);
  return countries;
}

/**
 * States that became independent from a state that still exists under the same code, with the last
 * day they were part of it (general knowledge, not read from the table). An archive reaches back
 * decades: a 2004 bulletin about Yambio in "southern Sudan" reports on Sudan, as South Sudan did not
 * exist yet. A union that dissolved (Serbia and Montenegro) has no entry: neither part is the old
 * state.
 */
export const SECESSIONS: Readonly<Record<string, { readonly iso2: string; readonly until: string }>> = {
  ER: { iso2: 'ET', until: '1993-05-23' },
  SS: { iso2: 'SD', until: '2011-07-08' },
};

/** ISO alpha-3 → alpha-2 ("COD" → "CD"). */
export function iso3ToIso2(countries: readonly WorldCountry[]): ReadonlyMap<string, string> {
  return new Map(countries.map((c) => [c.iso3, c.iso2]));
}

/** What a profile's country term lends to the world vocabulary (a `Term` or a profile `TermDef`). */
export interface BaseCountryTerm {
  readonly slug: string;
  readonly labels: Labels;
  readonly aliases: readonly string[];
  readonly attributes: Readonly<Record<string, unknown>>;
}

/**
 * A taxonomy snapshot with one `countries` vocabulary holding every country of the table, each
 * term with `iso2`, `iso3` and `m49` attributes, a dependent territory's `sovereign` (ISO alpha-2), and
 * a seceded state's `partOf` (`SECESSIONS`). Terms of `base` (the profile's countries, matched
 * by their `iso2` attribute) lend their slug, labels in further languages and aliases.
 */
export function worldCountriesTaxonomy(
  countries: readonly WorldCountry[],
  base: readonly BaseCountryTerm[] = [],
): Taxonomy {
  const vocabulary: Vocabulary = {
    id: 1,
    slug: 'countries',
    queryKey: 'country',
    labels: { en: 'Countries' },
    hierarchical: false,
    isSource: false,
  };
  const known = new Map<string, BaseCountryTerm>();
  for (const term of base) {
    const iso2 = term.attributes.iso2;
    if (typeof iso2 === 'string') known.set(iso2.toUpperCase(), term);
  }
  const slugs = new Set<string>();
  const terms: Term[] = countries.map((country, i) => {
    const mine = known.get(country.iso2);
    let slug = mine?.slug ?? slugify(country.labels.en ?? country.iso2);
    // Two table names that slugify alike still get distinct terms.
    if (slugs.has(slug)) slug = `${slug}-${country.iso2.toLowerCase()}`;
    slugs.add(slug);
    const labels = { ...country.labels, ...mine?.labels };
    // The table's name stays findable where the profile labels the country otherwise.
    const renamed = Object.values(country.labels).filter((l) => !Object.values(labels).includes(l));
    return {
      id: i + 1,
      vocabularyId: vocabulary.id,
      vocabularySlug: vocabulary.slug,
      slug,
      parentId: null,
      labels,
      aliases: [...new Set([...renamed, ...country.aliases, ...(mine?.aliases ?? [])])],
      validFrom: null,
      validTo: null,
      status: 'active',
      successorId: null,
      attributes: {
        iso2: country.iso2,
        iso3: country.iso3,
        m49: country.m49,
        ...(country.sovereign ? { sovereign: country.sovereign } : {}),
        ...(SECESSIONS[country.iso2] ? { partOf: SECESSIONS[country.iso2] } : {}),
      },
    };
  });
  return new Taxonomy([vocabulary], terms, [], []);
}
