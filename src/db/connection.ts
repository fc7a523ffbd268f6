/**
 * One Kysely instance per dialect, chosen by DATABASE_URL: `sqlite:<file>` (embedded, the default)
 * or `postgres://…`. Everything above this file is dialect-neutral.
 */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  type DatabaseIntrospector,
  type KyselyPlugin,
  OperationNodeTransformer,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type PrimitiveValueListNode,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  type ValueNode,
  type DatabaseMetadata,
  Kysely,
  PostgresDialect,
  type SchemaMetadata,
  SqliteDialect,
  sql,
  type TableMetadata,
} from 'kysely';
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
    plugins: [STRIP_NUL],
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
  const db = new Kysely<Database>({
    dialect: new CurrentSchemaPostgresDialect({ pool }),
    plugins: [STRIP_NUL],
  });
  parsed.password = '';
  return {
    db,
    dialect: 'postgres',
    location: parsed.toString(),
    ...(schema ? { schema } : {}),
    close: () => db.destroy(),
  };
}

/** Removes NUL characters from every string a query binds. */
class StripNulTransformer extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    return typeof node.value === 'string' && node.value.includes('\0')
      ? { ...node, value: node.value.replaceAll('\0', '') }
      : super.transformValue(node);
  }

  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    if (!node.values.some((v) => typeof v === 'string' && v.includes('\0')))
      return super.transformPrimitiveValueList(node);
    return {
      ...node,
      values: node.values.map((v) => (typeof v === 'string' ? v.replaceAll('\0', '') : v)),
    };
  }
}

/**
 * PostgreSQL refuses text holding a NUL character (a 500 for `/en/news/2025/a%00b` or a form
 * field with one), and SQLite keeps it but cuts strings at it in some functions. No text we store
 * means anything by one, so every bound string loses them, on both databases alike.
 */
const STRIP_NUL: KyselyPlugin = {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return new StripNulTransformer().transformNode(args.node);
  },
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  },
};

/**
 * Kysely's PostgreSQL introspector (which its migrator calls on every run) reads the columns of
 * every table in every schema and calls pg_get_serial_sequence on each; a table altered or dropped
 * in another schema meanwhile makes that call fail ("column … does not exist"). Several sites
 * (and test suites) share one server, so introspection here sees only the current schema.
 */
class CurrentSchemaPostgresDialect extends PostgresDialect {
  // biome-ignore lint/suspicious/noExplicitAny: the dialect interface is untyped in the database
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db);
  }
}

class CurrentSchemaIntrospector implements DatabaseIntrospector {
  // biome-ignore lint/suspicious/noExplicitAny: see CurrentSchemaPostgresDialect
  constructor(private readonly db: Kysely<any>) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<{ name: string }>`select current_schema() as name`.execute(this.db);
    return rows.map((r) => ({ name: r.name }));
  }

  async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<{
      table_schema: string;
      table_name: string;
      table_type: string;
      column_name: string | null;
      data_type: string | null;
      is_nullable: string | null;
      column_default: string | null;
    }>`
      select t.table_schema, t.table_name, t.table_type, c.column_name, c.data_type, c.is_nullable,
             c.column_default
        from information_schema.tables t
        left join information_schema.columns c
          on c.table_schema = t.table_schema and c.table_name = t.table_name
       where t.table_schema = current_schema()
       order by t.table_name, c.ordinal_position`.execute(this.db);
    const tables = new Map<string, TableMetadata & { columns: TableMetadata['columns'][number][] }>();
    for (const row of rows) {
      let table = tables.get(row.table_name);
      if (!table) {
        table = {
          name: row.table_name,
          schema: row.table_schema,
          isView: row.table_type === 'VIEW',
          columns: [],
        };
        tables.set(row.table_name, table);
      }
      if (row.column_name === null) continue;
      table.columns.push({
        name: row.column_name,
        dataType: row.data_type ?? '',
        isNullable: row.is_nullable === 'YES',
        isAutoIncrementing: row.column_default?.startsWith('nextval(') ?? false,
        hasDefaultValue: row.column_default !== null,
      });
    }
    return [...tables.values()];
  }

  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() };
  }
}
