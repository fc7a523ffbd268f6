/** Core schema: taxonomy, items and their relations. */
import { type Kysely, PostgresAdapter, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const serial = isPostgres ? 'serial' : 'integer';

  await db.schema
    .createTable('vocabularies')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('query_key', 'text', (c) => c.notNull().unique())
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('hierarchical', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_source', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('terms')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('vocabulary_id', 'integer', (c) =>
      c.notNull().references('vocabularies.id').onDelete('cascade'),
    )
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'integer', (c) => c.references('terms.id').onDelete('set null'))
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('aliases', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('valid_from', 'text')
    .addColumn('valid_to', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('active').check(sql`status in ('active','closed')`),
    )
    .addColumn('successor_id', 'integer', (c) => c.references('terms.id').onDelete('set null'))
    .addColumn('attributes', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('terms_vocabulary_slug', ['vocabulary_id', 'slug'])
    .execute();
  await db.schema.createIndex('terms_parent').on('terms').column('parent_id').execute();

  await db.schema
    .createTable('term_slug_redirects')
    .addColumn('vocabulary_id', 'integer', (c) =>
      c.notNull().references('vocabularies.id').onDelete('cascade'),
    )
    .addColumn('old_slug', 'text', (c) => c.notNull())
    .addColumn('term_id', 'integer', (c) => c.notNull().references('terms.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('term_slug_redirects_pk', ['vocabulary_id', 'old_slug'])
    .execute();

  await db.schema
    .createTable('term_relations')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('term_id', 'integer', (c) => c.notNull().references('terms.id').onDelete('cascade'))
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addUniqueConstraint('term_relations_kind_from', ['kind', 'valid_from'])
    .execute();

  await db.schema
    .createTable('items')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('url_year', 'integer', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body_md', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body_html', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('dateline_place', 'text')
    .addColumn('dateline_date', 'text')
    .addColumn('published_at', 'text')
    .addColumn('visible_from', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('draft','in_review','scheduled','published','archived','withdrawn')`),
    )
    .addColumn('translation_key', 'text')
    .addColumn('legacy_url', 'text', (c) => c.unique())
    .addColumn('event_starts_at', 'text')
    .addColumn('event_ends_at', 'text')
    .addColumn('event_venue', 'text')
    .addColumn('event_series_id', 'integer', (c) => c.references('terms.id').onDelete('set null'))
    .addColumn('correction_note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('items_url', ['language', 'type', 'url_year', 'slug'])
    .execute();
  // Listings are "visible items of a language, newest first", optionally of one type. visible_from is
  // derived from status and publication instant (content/visibility.ts), so one range scan answers.
  await db.schema
    .createIndex('items_language_visible')
    .on('items')
    .columns(['language', 'visible_from'])
    .execute();
  await db.schema
    .createIndex('items_language_type_visible')
    .on('items')
    .columns(['language', 'type', 'visible_from'])
    .execute();
  // The next embargo to lift: min(visible_from) above now.
  await db.schema.createIndex('items_visible').on('items').column('visible_from').execute();
  await db.schema.createIndex('items_translation').on('items').column('translation_key').execute();
  await db.schema.createIndex('items_event_start').on('items').column('event_starts_at').execute();

  await db.schema
    .createTable('item_sources')
    .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('term_id', 'integer', (c) => c.notNull().references('terms.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('item_sources_pk', ['item_id', 'term_id'])
    .execute();
  await db.schema
    .createIndex('item_sources_term')
    .on('item_sources')
    .columns(['term_id', 'item_id'])
    .execute();

  await db.schema
    .createTable('item_tags')
    .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('term_id', 'integer', (c) => c.notNull().references('terms.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('item_tags_pk', ['item_id', 'term_id'])
    .execute();
  await db.schema.createIndex('item_tags_term').on('item_tags').columns(['term_id', 'item_id']).execute();

  // Derived (rebuildable) listing index: one row per item and each term it is tagged with or issued
  // by, carrying what a term page filters and sorts on, so a term page is one index range scan.
  await db.schema
    .createTable('term_listing')
    .addColumn('term_id', 'integer', (c) => c.notNull().references('terms.id').onDelete('cascade'))
    .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('visible_from', 'text')
    .addPrimaryKeyConstraint('term_listing_pk', ['term_id', 'item_id'])
    .execute();
  await db.schema
    .createIndex('term_listing_term_visible')
    .on('term_listing')
    .columns(['term_id', 'language', 'visible_from'])
    .execute();
  await db.schema.createIndex('term_listing_item').on('term_listing').column('item_id').execute();

  await db.schema
    .createTable('people')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .execute();

  await db.schema
    .createTable('quotes')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('role', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('quotes_item').on('quotes').column('item_id').execute();
  await db.schema.createIndex('quotes_person').on('quotes').column('person_id').execute();

  await db.schema
    .createTable('attachments')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('byte_size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('language', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_item').on('attachments').column('item_id').execute();

  await db.schema
    .createTable('site_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'site_state',
    'attachments',
    'quotes',
    'people',
    'term_listing',
    'item_tags',
    'item_sources',
    'items',
    'term_relations',
    'term_slug_redirects',
    'terms',
    'vocabularies',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
