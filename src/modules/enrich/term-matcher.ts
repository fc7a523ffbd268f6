/**
 * Matches names found in text ("OSCE Office for Democratic Institutions and Human Rights",
 * "ODIHR", "Roma and Sinti", "Türkiye"/"Turkey") to taxonomy terms through their labels in every
 * language, aliases, former names and acronyms. Our own code because matching across the
 * profile's time-aware names is the product's edge; normalization is deliberately simple and fast.
 */
import { isTermValidOn, type Taxonomy, type Term } from '../taxonomy/taxonomy.js';

export interface TermMatch {
  readonly term: Term;
  /** How it matched: a label, an alias (incl. former names) or an acronym in parentheses. */
  readonly via: 'label' | 'alias' | 'acronym';
}

/** Lower-case, accent-free, punctuation-free words joined by single spaces. */
export function normalizeName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’`]s\b/g, 's')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export class TermMatcher {
  private readonly index = new Map<string, { term: Term; via: TermMatch['via'] }[]>();
  private readonly prefixes: readonly string[];

  /** `organizationNames` are stripped as prefixes ("OSCE Secretariat" also matches "Secretariat"). */
  constructor(
    private readonly taxonomy: Taxonomy,
    organizationNames: readonly string[] = [],
  ) {
    this.prefixes = organizationNames.map((n) => `${normalizeName(n)} `).filter((p) => p.trim() !== '');
    for (const vocabulary of taxonomy.vocabularies) {
      for (const term of taxonomy.termsOf(vocabulary.id)) {
        for (const label of Object.values(term.labels)) this.add(label, term, 'label');
        for (const alias of term.aliases) this.add(alias, term, 'alias');
        const acronym = term.attributes.acronym;
        if (typeof acronym === 'string') this.add(acronym, term, 'acronym');
      }
    }
  }

  private add(name: string, term: Term, via: TermMatch['via']): void {
    for (const key of this.keys(name)) {
      const list = this.index.get(key) ?? [];
      if (!list.some((e) => e.term.id === term.id)) list.push({ term, via });
      this.index.set(key, list);
    }
  }

  /** The name, without the organization's prefix, without a trailing "(ACRONYM)", and that acronym. */
  private keys(name: string): string[] {
    const keys = new Set<string>();
    const base = normalizeName(name);
    if (base) keys.add(base);
    for (const prefix of this.prefixes) if (base.startsWith(prefix)) keys.add(base.slice(prefix.length));
    const parenthetical = /^(.*?)\s*\(([^)]+)\)\s*$/.exec(name);
    if (parenthetical?.[1]) for (const k of this.keys(parenthetical[1])) keys.add(k);
    return [...keys];
  }

  /**
   * The term a name denotes, among `vocabularies` (all when omitted). When several terms answer
   * to the name, the one valid on `onDate` wins, then the active one; still ambiguous → null.
   */
  match(name: string, options: { vocabularies?: readonly string[]; onDate?: string } = {}): TermMatch | null {
    const candidates = new Map<number, TermMatch>();
    const parenthetical = /\(([^)]+)\)\s*$/.exec(name)?.[1];
    for (const [key, via] of [
      ...this.keys(name).map((k) => [k, null] as const),
      ...(parenthetical ? [[normalizeName(parenthetical), 'acronym'] as const] : []),
    ]) {
      for (const entry of this.index.get(key) ?? []) {
        if (options.vocabularies && !options.vocabularies.includes(entry.term.vocabularySlug)) continue;
        if (!candidates.has(entry.term.id))
          candidates.set(entry.term.id, { term: entry.term, via: via ?? entry.via });
      }
    }
    let found = [...candidates.values()];
    if (found.length > 1 && options.onDate) {
      const valid = found.filter((m) => isTermValidOn(m.term, options.onDate!));
      if (valid.length > 0) found = valid;
    }
    if (found.length > 1) {
      const active = found.filter((m) => m.term.status === 'active');
      if (active.length > 0) found = active;
    }
    // A group and its member sharing a name ("Secretariat") resolve to the more specific: the parent.
    if (found.length > 1) {
      const ids = new Set(found.map((m) => m.term.id));
      const roots = found.filter((m) => m.term.parentId === null || !ids.has(m.term.parentId));
      if (roots.length === 1) found = roots;
    }
    return found.length === 1 ? found[0]! : null;
  }

  /** A label written as `vocabulary/slug` (as Dateline's own CSV export writes tags) names that term. */
  reference(label: string): Term | null {
    const m = /^([a-z0-9-]+)\/([a-z0-9-]+)$/.exec(label.trim());
    return (m && this.taxonomy.termBySlug(m[1]!, m[2]!)) ?? null;
  }

  /** Vocabulary slugs whose terms can be sources. */
  sourceVocabularies(): string[] {
    return this.taxonomy.vocabularies.filter((v) => v.isSource).map((v) => v.slug);
  }
}
