/**
 * Reads and validates a site profile folder (see docs/PROFILE.md). A profile is data, not code:
 * every problem found is reported at once with the file and term it concerns.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CONTENT_TYPES, type ContentType } from '../../db/schema.js';
import { DatelineError } from '../../errors.js';
import { BUILT_IN_KEYS } from '../search/query.js';

/** Search qualifiers and URL parameters the search owns; no vocabulary may take them. */
const RESERVED_QUERY_KEYS = [...BUILT_IN_KEYS, 'q', 'page', 'sort'] as const;

export type Labels = Readonly<Record<string, string>>;

export interface TermDef {
  readonly slug: string;
  readonly labels: Labels;
  readonly aliases: readonly string[];
  readonly formerNames: readonly { label: string; until: string | null }[];
  readonly formerSlugs: readonly string[];
  readonly validFrom: string | null;
  readonly validTo: string | null;
  readonly status: 'active' | 'closed';
  readonly successor: string | null;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly children: readonly TermDef[];
}

export interface VocabularyDef {
  readonly slug: string;
  readonly queryKey: string;
  readonly labels: Labels;
  readonly hierarchical: boolean;
  readonly isSource: boolean;
  readonly terms: readonly TermDef[];
}

export interface RelationDef {
  readonly kind: string;
  /** `vocabulary/slug` */
  readonly term: string;
  readonly from: string;
  readonly to: string;
  readonly note: string | null;
}

export interface ContentTypeDef {
  readonly labels: Labels;
  readonly plural: Labels;
}

export interface Profile {
  readonly name: Labels;
  readonly shortName: Labels;
  readonly languages: readonly string[];
  readonly defaultLanguage: string;
  readonly timeZone: string;
  readonly contentTypes: Readonly<Record<ContentType, ContentTypeDef>>;
  readonly vocabularies: readonly VocabularyDef[];
  readonly relations: readonly RelationDef[];
}

/** URL segments a vocabulary slug may not take. */
export const RESERVED_SEGMENTS = ['search', 'assets', 'api', 'admin', 'feeds', 'static', 'health'] as const;

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]+)?$/;

type Json = Record<string, unknown>;

function readJson(file: string, problems: string[]): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`${file}: ${(error as Error).message}`);
    return undefined;
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function labelsOf(value: unknown, where: string, problems: string[]): Labels {
  if (!isObject(value) || typeof value.en !== 'string' || value.en.trim() === '') {
    problems.push(`${where}: labels must be an object with at least an "en" label`);
    return { en: '?' };
  }
  const labels: Record<string, string> = {};
  for (const [lang, label] of Object.entries(value)) {
    if (typeof label !== 'string' || !LANGUAGE.test(lang)) problems.push(`${where}: bad label ${lang}`);
    else labels[lang] = label;
  }
  return labels;
}

function dateOrNull(value: unknown, where: string, problems: string[]): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && DATE.test(value)) return value;
  problems.push(`${where}: ${JSON.stringify(value)} is not a YYYY-MM-DD date`);
  return null;
}

function stringList(value: unknown, where: string, problems: string[]): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  problems.push(`${where}: must be a list of strings`);
  return [];
}

function parseTerm(raw: unknown, where: string, hierarchical: boolean, problems: string[]): TermDef | null {
  if (!isObject(raw)) {
    problems.push(`${where}: a term must be an object`);
    return null;
  }
  const slug = typeof raw.slug === 'string' ? raw.slug : '';
  const here = `${where}/${slug || '?'}`;
  if (!SLUG.test(slug)) problems.push(`${here}: slug must match ${SLUG}`);
  const status = raw.status ?? 'active';
  if (status !== 'active' && status !== 'closed') problems.push(`${here}: status must be active or closed`);
  const childrenRaw = raw.children ?? [];
  if (!Array.isArray(childrenRaw)) problems.push(`${here}: children must be a list`);
  const children = (Array.isArray(childrenRaw) ? childrenRaw : [])
    .map((c, i) => parseTerm(c, `${here}[${i}]`, hierarchical, problems))
    .filter((t): t is TermDef => t !== null);
  if (children.length > 0 && !hierarchical) problems.push(`${here}: children in a flat vocabulary`);
  const formerNamesRaw = raw.formerNames ?? [];
  const formerNames: { label: string; until: string | null }[] = [];
  if (Array.isArray(formerNamesRaw)) {
    for (const f of formerNamesRaw) {
      if (isObject(f) && typeof f.label === 'string') {
        formerNames.push({ label: f.label, until: dateOrNull(f.until, `${here} formerNames`, problems) });
      } else problems.push(`${here}: formerNames entries need a label`);
    }
  } else problems.push(`${here}: formerNames must be a list`);
  const formerSlugs = stringList(raw.formerSlugs, `${here} formerSlugs`, problems);
  for (const s of formerSlugs) if (!SLUG.test(s)) problems.push(`${here}: former slug ${s} is not a slug`);
  if (raw.attributes !== undefined && !isObject(raw.attributes)) {
    problems.push(`${here}: attributes must be an object`);
  }
  return {
    slug,
    labels: labelsOf(raw.labels, here, problems),
    aliases: stringList(raw.aliases, `${here} aliases`, problems),
    formerNames,
    formerSlugs,
    validFrom: dateOrNull(raw.validFrom, `${here} validFrom`, problems),
    validTo: dateOrNull(raw.validTo, `${here} validTo`, problems),
    status: status === 'closed' ? 'closed' : 'active',
    successor: typeof raw.successor === 'string' ? raw.successor : null,
    attributes: isObject(raw.attributes) ? raw.attributes : {},
    children,
  };
}

function parseVocabulary(raw: unknown, file: string, problems: string[]): VocabularyDef | null {
  if (!isObject(raw)) {
    problems.push(`${file}: must be an object`);
    return null;
  }
  const slug = typeof raw.slug === 'string' ? raw.slug : '';
  if (!SLUG.test(slug)) problems.push(`${file}: vocabulary slug must match ${SLUG}`);
  if (
    (CONTENT_TYPES as readonly string[]).includes(slug) ||
    (RESERVED_SEGMENTS as readonly string[]).includes(slug)
  ) {
    problems.push(`${file}: vocabulary slug "${slug}" is reserved for another URL`);
  }
  const queryKey = typeof raw.queryKey === 'string' ? raw.queryKey : '';
  if (!/^[a-z][a-z0-9_]*$/.test(queryKey)) problems.push(`${file}: queryKey must be a lower-case word`);
  // The key is a search qualifier (`country:serbia`) and a URL parameter (`?country=serbia`).
  if ((RESERVED_QUERY_KEYS as readonly string[]).includes(queryKey))
    problems.push(`${file}: queryKey "${queryKey}" is reserved by the search language or its URLs`);
  const hierarchical = raw.hierarchical === true;
  if (!Array.isArray(raw.terms)) problems.push(`${file}: terms must be a list`);
  const terms = (Array.isArray(raw.terms) ? raw.terms : [])
    .map((t, n) => parseTerm(t, `${file}#${n}`, hierarchical, problems))
    .filter((t): t is TermDef => t !== null);
  return {
    slug,
    queryKey,
    labels: labelsOf(raw.labels, file, problems),
    hierarchical,
    isSource: raw.isSource === true,
    terms,
  };
}

/** Every term of a vocabulary, depth first, with its parent's slug. */
export function flattenTerms(
  terms: readonly TermDef[],
  parent: string | null = null,
): { term: TermDef; parent: string | null }[] {
  return terms.flatMap((term) => [{ term, parent }, ...flattenTerms(term.children, term.slug)]);
}

function checkReferences(profile: Profile, problems: string[]): void {
  const slugs = new Map<string, Set<string>>();
  for (const vocabulary of profile.vocabularies) {
    const seen = new Set<string>();
    for (const { term } of flattenTerms(vocabulary.terms)) {
      for (const s of [term.slug, ...term.formerSlugs]) {
        if (seen.has(s)) problems.push(`${vocabulary.slug}: slug "${s}" is used twice`);
        seen.add(s);
      }
    }
    slugs.set(vocabulary.slug, seen);
  }
  const resolves = (ref: string, defaultVocabulary: string) => {
    const [vocabulary, slug] = ref.includes('/') ? ref.split('/', 2) : [defaultVocabulary, ref];
    return slugs.get(vocabulary ?? '')?.has(slug ?? '') === true;
  };
  for (const vocabulary of profile.vocabularies) {
    for (const { term } of flattenTerms(vocabulary.terms)) {
      if (term.successor && !resolves(term.successor, vocabulary.slug)) {
        problems.push(`${vocabulary.slug}/${term.slug}: successor "${term.successor}" does not exist`);
      }
    }
  }
  for (const relation of profile.relations) {
    if (!resolves(relation.term, '')) problems.push(`relations.json: term "${relation.term}" does not exist`);
  }
}

/** Loads the profile folder `dir`; throws DL_PROFILE_INVALID listing every problem. */
export function loadProfile(dir: string): Profile {
  const problems: string[] = [];
  const main = readJson(path.join(dir, 'profile.json'), problems);
  if (!isObject(main))
    throw new DatelineError(
      'DL_PROFILE_INVALID',
      `${dir}: ${problems.join('; ') || 'profile.json must be an object'}`,
    );
  const languages = stringList(main.languages, 'profile.json languages', problems);
  if (languages.length === 0) problems.push('profile.json: languages must list at least one language');
  const defaultLanguage =
    typeof main.defaultLanguage === 'string' ? main.defaultLanguage : (languages[0] ?? 'en');
  if (!languages.includes(defaultLanguage))
    problems.push('profile.json: defaultLanguage must be one of languages');
  const contentTypes = {} as Record<ContentType, ContentTypeDef>;
  const typesRaw = isObject(main.contentTypes) ? main.contentTypes : {};
  for (const type of CONTENT_TYPES) {
    const def = typesRaw[type];
    if (!isObject(def)) problems.push(`profile.json: contentTypes.${type} is missing`);
    contentTypes[type] = isObject(def)
      ? {
          labels: labelsOf(def.labels, `contentTypes.${type}`, problems),
          plural: labelsOf(def.plural, `contentTypes.${type}.plural`, problems),
        }
      : { labels: { en: type }, plural: { en: type } };
  }
  const order = stringList(main.vocabularies, 'profile.json vocabularies', problems);
  const vocabularies = order
    .map((slug) => {
      const file = path.join(dir, 'vocabularies', `${slug}.json`);
      const vocabulary = parseVocabulary(readJson(file, problems), file, problems);
      if (vocabulary && vocabulary.slug !== slug)
        problems.push(`${file}: slug "${vocabulary.slug}" differs from its file name`);
      return vocabulary;
    })
    .filter((v): v is VocabularyDef => v !== null);
  const queryKeys = new Set<string>();
  for (const v of vocabularies) {
    if (queryKeys.has(v.queryKey))
      problems.push(`vocabulary ${v.slug}: queryKey "${v.queryKey}" is used twice`);
    queryKeys.add(v.queryKey);
  }
  const relationsFile = path.join(dir, 'relations.json');
  const relationsRaw = fs.existsSync(relationsFile) ? readJson(relationsFile, problems) : [];
  const relations: RelationDef[] = [];
  if (Array.isArray(relationsRaw)) {
    for (const [i, r] of relationsRaw.entries()) {
      if (!isObject(r) || typeof r.kind !== 'string' || typeof r.term !== 'string') {
        problems.push(`relations.json[${i}]: needs kind and term`);
        continue;
      }
      const from = dateOrNull(r.from, `relations.json[${i}].from`, problems);
      const to = dateOrNull(r.to, `relations.json[${i}].to`, problems);
      if (!from || !to) problems.push(`relations.json[${i}]: from and to are required`);
      else
        relations.push({
          kind: r.kind,
          term: r.term,
          from,
          to,
          note: typeof r.note === 'string' ? r.note : null,
        });
    }
  } else problems.push('relations.json: must be a list');
  let timeZone = typeof main.timeZone === 'string' ? main.timeZone : 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    problems.push(`profile.json: timeZone ${timeZone} is not an IANA time zone`);
    timeZone = 'UTC';
  }
  const profile: Profile = {
    name: labelsOf(main.name, 'profile.json name', problems),
    shortName: labelsOf(main.shortName ?? main.name, 'profile.json shortName', problems),
    languages,
    defaultLanguage,
    timeZone,
    contentTypes,
    vocabularies,
    relations,
  };
  checkReferences(profile, problems);
  if (problems.length > 0) {
    throw new DatelineError(
      'DL_PROFILE_INVALID',
      `Profile ${dir} is invalid:\n  - ${problems.join('\n  - ')}`,
    );
  }
  return profile;
}
