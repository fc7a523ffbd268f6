/**
 * An in-memory snapshot of the whole taxonomy. Vocabularies hold hundreds of terms, not millions,
 * so pages resolve labels, hierarchy and validity from memory; the snapshot is rebuilt after any
 * taxonomy write.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Labels } from './profile.js';
import { listRelations, listSlugRedirects, listTermRows, listVocabularyRows } from './taxonomy.repo.js';

export interface Vocabulary {
  readonly id: number;
  readonly slug: string;
  readonly queryKey: string;
  readonly labels: Labels;
  readonly hierarchical: boolean;
  readonly isSource: boolean;
}

export interface Term {
  readonly id: number;
  readonly vocabularyId: number;
  readonly vocabularySlug: string;
  readonly slug: string;
  readonly parentId: number | null;
  readonly labels: Labels;
  readonly aliases: readonly string[];
  readonly validFrom: string | null;
  readonly validTo: string | null;
  readonly status: 'active' | 'closed';
  readonly successorId: number | null;
  readonly attributes: Readonly<Record<string, unknown>>;
}

export interface TermRelation {
  readonly kind: string;
  readonly termId: number;
  readonly validFrom: string;
  readonly validTo: string;
}

/** Picks the label in `language`, falling back to English, then to any label. */
export function labelIn(labels: Labels, language: string): string {
  return labels[language] ?? labels.en ?? Object.values(labels)[0] ?? '';
}

/** Whether a term was in force on a calendar date (YYYY-MM-DD). */
export function isTermValidOn(term: Pick<Term, 'validFrom' | 'validTo'>, date: string): boolean {
  return (
    (term.validFrom === null || term.validFrom <= date) && (term.validTo === null || date <= term.validTo)
  );
}

export class Taxonomy {
  readonly vocabularies: readonly Vocabulary[];
  private readonly termsById = new Map<number, Term>();
  private readonly termsBySlug = new Map<string, Term>();
  private readonly redirects = new Map<string, number>();
  private readonly childrenOf = new Map<number, Term[]>();
  private readonly vocabularyBySlug = new Map<string, Vocabulary>();
  private readonly vocabularyById = new Map<number, Vocabulary>();
  readonly relations: readonly TermRelation[];

  constructor(
    vocabularies: Vocabulary[],
    terms: Term[],
    redirects: { vocabularySlug: string; oldSlug: string; termId: number }[],
    relations: TermRelation[],
  ) {
    this.vocabularies = vocabularies;
    this.relations = relations;
    for (const v of vocabularies) {
      this.vocabularyBySlug.set(v.slug, v);
      this.vocabularyById.set(v.id, v);
    }
    for (const t of terms) {
      this.termsById.set(t.id, t);
      this.termsBySlug.set(`${t.vocabularySlug}/${t.slug}`, t);
      if (t.parentId !== null) {
        const siblings = this.childrenOf.get(t.parentId) ?? [];
        siblings.push(t);
        this.childrenOf.set(t.parentId, siblings);
      }
    }
    for (const r of redirects) this.redirects.set(`${r.vocabularySlug}/${r.oldSlug}`, r.termId);
  }

  /** Loads the snapshot from the database. */
  static async load(db: Kysely<Database>): Promise<Taxonomy> {
    const [vocabularyRows, termRows, redirectRows, relationRows] = await Promise.all([
      listVocabularyRows(db),
      listTermRows(db),
      listSlugRedirects(db),
      listRelations(db),
    ]);
    const vocabularies: Vocabulary[] = vocabularyRows.map((v) => ({
      id: v.id,
      slug: v.slug,
      queryKey: v.query_key,
      labels: JSON.parse(v.labels) as Labels,
      hierarchical: v.hierarchical === 1,
      isSource: v.is_source === 1,
    }));
    const slugOf = new Map(vocabularies.map((v) => [v.id, v.slug]));
    const terms: Term[] = termRows.map((t) => ({
      id: t.id,
      vocabularyId: t.vocabulary_id,
      vocabularySlug: slugOf.get(t.vocabulary_id) ?? '',
      slug: t.slug,
      parentId: t.parent_id,
      labels: JSON.parse(t.labels) as Labels,
      aliases: JSON.parse(t.aliases) as string[],
      validFrom: t.valid_from,
      validTo: t.valid_to,
      status: t.status,
      successorId: t.successor_id,
      attributes: JSON.parse(t.attributes) as Record<string, unknown>,
    }));
    return new Taxonomy(
      vocabularies,
      terms,
      redirectRows.map((r) => ({
        vocabularySlug: slugOf.get(r.vocabulary_id) ?? '',
        oldSlug: r.old_slug,
        termId: r.term_id,
      })),
      relationRows.map((r) => ({
        kind: r.kind,
        termId: r.term_id,
        validFrom: r.valid_from,
        validTo: r.valid_to,
      })),
    );
  }

  vocabulary(slug: string): Vocabulary | undefined {
    return this.vocabularyBySlug.get(slug);
  }

  vocabularyOf(term: Term): Vocabulary {
    return this.vocabularyById.get(term.vocabularyId)!;
  }

  term(id: number): Term | undefined {
    return this.termsById.get(id);
  }

  /** A term by vocabulary slug and term slug (current slugs only). */
  termBySlug(vocabularySlug: string, slug: string): Term | undefined {
    return this.termsBySlug.get(`${vocabularySlug}/${slug}`);
  }

  /** The term an old slug now points to after a rename or merge, if any. */
  redirectedTerm(vocabularySlug: string, oldSlug: string): Term | undefined {
    const id = this.redirects.get(`${vocabularySlug}/${oldSlug}`);
    return id === undefined ? undefined : this.termsById.get(id);
  }

  /** Terms of a vocabulary in profile order. */
  termsOf(vocabularyId: number): Term[] {
    return [...this.termsById.values()].filter((t) => t.vocabularyId === vocabularyId);
  }

  /** Top-level terms of a vocabulary. */
  rootsOf(vocabularyId: number): Term[] {
    return this.termsOf(vocabularyId).filter((t) => t.parentId === null);
  }

  children(termId: number): readonly Term[] {
    return this.childrenOf.get(termId) ?? [];
  }

  /** The term and every term below it (for roll-ups and "items under this group"). */
  descendantsAndSelf(termId: number): Term[] {
    const self = this.termsById.get(termId);
    if (!self) return [];
    return [self, ...this.children(termId).flatMap((c) => this.descendantsAndSelf(c.id))];
  }

  /** Parents from the root down to the term's parent. */
  ancestors(term: Term): Term[] {
    const chain: Term[] = [];
    let parentId = term.parentId;
    while (parentId !== null) {
      const parent = this.termsById.get(parentId);
      if (!parent || chain.includes(parent)) break;
      chain.unshift(parent);
      parentId = parent.parentId;
    }
    return chain;
  }

  /** The term that holds a relation on a date, e.g. the Chairpersonship on 2025-03-01. */
  relationHolder(kind: string, date: string): Term | undefined {
    const relation = this.relations.find((r) => r.kind === kind && r.validFrom <= date && date <= r.validTo);
    return relation ? this.termsById.get(relation.termId) : undefined;
  }

  /** Every period in which a term held a relation. */
  relationsOf(termId: number, kind: string): TermRelation[] {
    return this.relations.filter((r) => r.termId === termId && r.kind === kind);
  }
}
