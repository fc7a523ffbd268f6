/**
 * One Kysely instance per dialect, chosen by DATABASE_URL: `sqlite:<file>` (embedded, the default)
 * or `postgres://…`. Everything above this file is dialect-neutral.
 */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type DialectName = 'sqlite' | 'postgres';

/** A database handle: the typed query builder plus what a caller needs to know of the dialect. */
export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** SQLite file path, or the PostgreSQL URL without credentials (for logs). */
  readonly location: string;
  /** PostgreSQL schema this handle works in (`?schema=`), when not the default search_path. */
  readonly schema?: string;
  close(): Promise<void>;
}

// COUNT(*) and BIGINT arrive as strings from pg; every count we read fits a JS number.
pg.types.setTypeParser(20, (value: string) => Number.parseInt(value, 10));

/** Opens the database named by `url`. For PostgreSQL `?schema=name` sets the search_path. */
export function openDatabase(url: string): DatabaseHandle {
  if (url.startsWith('sqlite:')) return openSqlite(url.slice('sqlite:'.length));
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url);
  throw new Error(`Unsupported DATABASE_URL ${JSON.stringify(url)}: use sqlite:<file> or postgres://…`);
}

function openSqlite(file: string): DatabaseHandle {
  const inMemory = file === ':memory:' || file === '';
  if (!inMemory) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const connection = new SQLite(inMemory ? ':memory:' : file);
  connection.pragma('journal_mode = WAL');
  connection.pragma('foreign_keys = ON');
  // NORMAL is durable across application crashes in WAL mode; only a power loss may drop the last commit.
  connection.pragma('synchronous = NORMAL');
  connection.pragma('busy_timeout = 5000');
  connection.pragma('cache_size = -65536');
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(connection) }),
  });
  return {
    db,
    dialect: 'sqlite',
    location: inMemory ? ':memory:' : path.resolve(file),
    close: () => db.destroy(),
  };
}

/**
 * Kysely prepares every query anew; profiling a bulk load showed better-sqlite3's prepare() taking
 * ~15% of the time. Statements are reusable, so the connection hands out cached ones by SQL text
 * (bounded, oldest dropped first: queries with long IN lists are one-offs).
 */
function withStatementCache(connection: SQLite.Database, capacity = 500) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    prepare(sql: string): SQLite.Statement {
      let statement = statements.get(sql);
      // A statement still being iterated (a streamed query) cannot run twice at once: use a fresh one.
      if (statement?.busy) return connection.prepare(sql);
      if (!statement) {
        statement = connection.prepare(sql);
        if (statements.size >= capacity) statements.delete(statements.keys().next().value as string);
        statements.set(sql, statement);
      }
      return statement;
    },
    close(): void {
      statements.clear();
      connection.close();
    },
  };
}

function openPostgres(url: string): DatabaseHandle {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Invalid schema name ${schema}`);
  const pool = new pg.Pool({
    connectionString: parsed.toString(),
    max: 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  parsed.password = '';
  return {
    db,
    dialect: 'postgres',
    location: parsed.toString(),
    ...(schema ? { schema } : {}),
    close: () => db.destroy(),
  };
}
