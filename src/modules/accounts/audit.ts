/**
 * The audit log: every sign-in, account change and newsroom state change, with who, what, which
 * subject, when and from where. Other modules (workflow, taxonomy, preview links) call
 * `recordAudit` inside their own transaction, so the entry commits or rolls back with the change.
 */
import { type Kysely, type Selectable, sql } from 'kysely';
import type { AuditLogTable, Database } from '../../db/schema.js';

/** Who did it: a signed-in user, or a label such as `cli` or `anonymous` for everyone else. */
export interface AuditActor {
  readonly userId: number | null;
  readonly label: string;
  readonly ip?: string | null;
}

export interface AuditEntry {
  readonly actor: AuditActor;
  /** Dotted verb, e.g. `login.success`, `user.role_change`, `item.publish`, `term.rename`. */
  readonly action: string;
  readonly subjectType?: string;
  readonly subjectId?: string | number;
  /** Anything that explains the change (old and new values); never secrets. */
  readonly detail?: Readonly<Record<string, unknown>>;
  readonly at: Date;
}

export const CLI_ACTOR: AuditActor = { userId: null, label: 'cli' };

/** Appends one entry to the audit log (use the caller's transaction when there is one). */
export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: entry.at.toISOString(),
      actor_user_id: entry.actor.userId,
      actor_label: entry.actor.label,
      action: entry.action,
      subject_type: entry.subjectType ?? null,
      subject_id: entry.subjectId === undefined ? null : String(entry.subjectId),
      detail: JSON.stringify(entry.detail ?? {}),
      ip: entry.actor.ip ?? null,
    })
    .execute();
}

export type AuditRow = Selectable<AuditLogTable>;

/** What the audit viewer filters by; every field optional. Dates are inclusive ISO instants. */
export interface AuditFilter {
  readonly actor?: string;
  /** An exact action (`login.failure`) or a family (`login.` matches every login action). */
  readonly action?: string;
  readonly subjectType?: string;
  readonly subjectId?: string;
  readonly from?: string;
  readonly to?: string;
}

/** One page of audit entries, newest first, and whether an older page exists. */
export async function listAudit(
  db: Kysely<Database>,
  filter: AuditFilter,
  page: number,
  pageSize: number,
): Promise<{ rows: AuditRow[]; hasMore: boolean }> {
  let query = db.selectFrom('audit_log').selectAll();
  if (filter.actor) query = query.where('actor_label', '=', filter.actor);
  // A family is a prefix; substr, unlike LIKE, has no wildcards and no collation surprises.
  if (filter.action?.endsWith('.'))
    query = query.where(sql`substr(action, 1, ${filter.action.length})`, '=', filter.action);
  else if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.subjectType) query = query.where('subject_type', '=', filter.subjectType);
  if (filter.subjectId) query = query.where('subject_id', '=', filter.subjectId);
  if (filter.from) query = query.where('at', '>=', filter.from);
  if (filter.to) query = query.where('at', '<=', filter.to);
  const rows = await query
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize)
    .execute();
  return { rows: rows.slice(0, pageSize), hasMore: rows.length > pageSize };
}

/** The distinct actions recorded so far (for the viewer's action filter). */
export async function auditActions(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
  return rows.map((r) => r.action);
}
