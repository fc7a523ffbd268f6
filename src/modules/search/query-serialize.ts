/**
 * The canonical string of a parsed query, for shareable URLs and "did you mean": parsing it gives
 * back an equal AST (notices aside — the dropped values they report are not written). Words are
 * written as typed, so stemming never has to be undone; filters by slug; dates in full.
 */
import type { ParsedQuery, QueryOptions, TextNode } from './query.js';

type SerializeOptions = Pick<QueryOptions, 'vocabularies'>;

const OPERATORS = new Set(['AND', 'OR', 'NOT']);
const BARE_VALUE = /^[\p{L}\p{N}._-]+$/u;

class Writer {
  private readonly queryKeys = new Map<string, string>();

  constructor(options: SerializeOptions) {
    for (const [key, vocabulary] of Object.entries(options.vocabularies)) {
      if (!this.queryKeys.has(vocabulary)) this.queryKeys.set(vocabulary, key.toLowerCase());
    }
  }

  query(ast: ParsedQuery): string {
    const parts: string[] = [];
    if (ast.text !== null) {
      // Alone, a top-level OR needs no parentheses; next to other clauses, AND would bind tighter.
      const alone =
        ast.mustNot.length + ast.filters.length + ast.types.length + ast.languages.length === 0 &&
        ast.dateRange.from === undefined &&
        ast.dateRange.to === undefined;
      parts.push(ast.text.kind === 'or' && !alone ? this.operand(ast.text) : this.node(ast.text));
    }
    for (const excluded of ast.mustNot) parts.push(`-${this.operand(excluded)}`);
    for (const f of ast.filters) {
      const key = f.source ? 'source' : this.keyOf(f.vocabulary);
      parts.push(`${f.negated ? '-' : ''}${key}:${value(f.slug)}`);
    }
    for (const t of ast.types) parts.push(`${t.negated ? '-' : ''}type:${value(t.type)}`);
    for (const l of ast.languages) parts.push(`${l.negated ? '-' : ''}lang:${value(l.language)}`);
    if (ast.dateRange.from !== undefined) parts.push(`from:${ast.dateRange.from}`);
    if (ast.dateRange.to !== undefined) parts.push(`to:${ast.dateRange.to}`);
    return parts.join(' ');
  }

  private keyOf(vocabulary: string): string {
    return this.queryKeys.get(vocabulary) ?? vocabulary;
  }

  /** A node where AND binds: groups in parentheses. */
  private operand(node: TextNode): string {
    return node.kind === 'and' || node.kind === 'or' ? `(${this.node(node)})` : this.node(node);
  }

  node(node: TextNode): string {
    const field = 'field' in node && node.field !== null ? `${node.field}:` : '';
    switch (node.kind) {
      case 'word':
        // A word spelled like an operator is quoted; a one-word phrase reads back as that word.
        return OPERATORS.has(node.text) ? `${field}"${node.text}"` : `${field}${node.text}`;
      case 'phrase':
        return `${field}"${node.text}"`;
      case 'prefix':
        return `${field}${node.text}*`;
      case 'filter':
        return `${node.source ? 'source' : this.keyOf(node.vocabulary)}:${value(node.slug)}`;
      case 'type':
        return `type:${value(node.type)}`;
      case 'language':
        return `lang:${value(node.language)}`;
      case 'date':
        return `${node.bound}:${node.date}`;
      case 'not':
        return `-${this.operand(node.child)}`;
      case 'and':
        return node.children.map((c) => (c.kind === 'or' ? this.operand(c) : this.node(c))).join(' ');
      case 'or':
        return node.children.map((c) => this.operand(c)).join(' OR ');
    }
  }
}

/** Slugs and codes are bare; anything else is quoted. */
function value(v: string): string {
  return BARE_VALUE.test(v) ? v : `"${v.replace(/"/g, '')}"`;
}

export function serializeQuery(ast: ParsedQuery, options: SerializeOptions): string {
  return new Writer(options).query(ast);
}
