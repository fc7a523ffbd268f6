/**
 * Items: the list (filters, keyset cursor, field selection), one item by id or by its public URL
 * path, and the write call for trusted partners, which creates drafts or items for review only —
 * scheduling and publication stay with editors.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ItemRow } from '../db/schema.js';
import { DatelineError } from '../errors.js';
import type { NewItemInput } from '../modules/content/item.types.js';
import { findItemById, findItemByUrl } from '../modules/content/items.repo.js';
import { createItem, type ItemEdit, updateItem } from '../modules/content/items.service.js';
import { findRevision } from '../modules/revisions/revisions.repo.js';
import { transitionItem } from '../modules/workflow/workflow.service.js';
import { canRead, PUBLIC_READER } from '../modules/content/visibility.js';
import type { Site } from '../site.js';
import { requireScope } from './auth.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { dateRange, type FilterQuery, filterProperties, termFilters } from './filters.js';
import { itemUrl, parseFields, presentItem } from './item-view.js';
import { pageLinks } from './links.js';
import { listItemsPage } from './listing.js';
import {
  CreatedItem,
  ITEM_FIELDS,
  Item,
  type ItemDraft,
  ItemDraftInput,
  ItemPage,
  type ItemUpdate,
  ItemUpdateInput,
  SUMMARY_FIELDS,
  withProblems,
} from './schemas.js';

/**
 * What every partner write shares: a bounded JSON body, and the key's write scope checked before
 * anything else, so callers without the right learn nothing from validation.
 */
const PARTNER_WRITE = {
  bodyLimit: 512 * 1024,
  onRequest: async (request: FastifyRequest) => {
    requireScope(request, 'write');
  },
  preValidation: async (request: FastifyRequest) => {
    if (!/^application\/json\b/i.test(request.headers['content-type'] ?? ''))
      throw new DatelineError('DL_BAD_REQUEST', 'The body must be JSON (Content-Type: application/json).');
  },
};

/** Statuses a partner may give; the rest of the workflow belongs to the newsroom. */
const PARTNER_STATUSES = ['draft', 'in_review'] as const;

export const Paging = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(
    Type.String({ maxLength: 300, description: 'From `links.next` of the previous page.' }),
  ),
};
export const FieldsParam = Type.Optional(
  Type.String({
    maxLength: 500,
    description: `Comma-separated top-level fields: ${ITEM_FIELDS.join(', ')}.`,
  }),
);

/** The item if the public may read it now; 410 for a withdrawn one that had been public, else 404. */
function readable(row: ItemRow | undefined, now: Date): ItemRow {
  if (row && canRead(PUBLIC_READER, row, now)) return row;
  if (row?.status === 'withdrawn' && row.published_at !== null && row.published_at <= now.toISOString())
    throw new DatelineError('DL_GONE');
  throw new DatelineError('DL_NOT_FOUND', 'No public item here.');
}

/** `/en/press-release/2010/slug`, or the same as an absolute URL of this site. */
function urlKey(site: Site, raw: string) {
  const path = raw.startsWith(site.config.publicUrl) ? raw.slice(site.config.publicUrl.length) : raw;
  const match = /^\/([a-z]{2})\/([a-z-]+)\/(\d{4})\/([a-z0-9-]+)\/?$/.exec(path);
  if (!match)
    throw new DatelineError('DL_VALIDATION', 'path is not an item URL.', {
      path: 'must look like /{lang}/{type}/{yyyy}/{slug}',
    });
  return { language: match[1]!, type: match[2]!, year: Number(match[3]), slug: match[4]! };
}

export function registerItemRoutes(api: FastifyInstance, site: Site): void {
  const languages = site.profile.languages;
  const listQuery = Type.Object({
    ...filterProperties(site.taxonomy(), languages),
    ...Paging,
    fields: FieldsParam,
  });

  api.get(
    '/items',
    {
      schema: {
        tags: ['items'],
        summary: 'List public items, newest first',
        description:
          'Keyset pagination: follow `links.next` (an opaque cursor) until it is null; pages stay ' +
          'consistent while items are added. `totalCount` counts every match.',
        querystring: listQuery,
        response: withProblems({ 200: ItemPage }),
      },
    },
    async (request) => {
      const query = request.query as FilterQuery;
      const now = site.clock.now();
      const fields = parseFields(query.fields as string | undefined, SUMMARY_FIELDS);
      const after = typeof query.cursor === 'string' ? decodeCursor('items', query.cursor) : undefined;
      const limit = Number(query.limit ?? 20);
      const filters = termFilters(query, site.taxonomy());
      const { rows, hasMore, total } = await listItemsPage(
        site.database.db,
        { now, ...filters, ...dateRange(query) },
        after,
        limit,
        fields,
      );
      const last = rows.at(-1);
      const next =
        hasMore && last?.visible_from
          ? encodeCursor('items', { instant: last.visible_from, id: last.id })
          : null;
      return {
        data: await Promise.all(rows.map((row) => presentItem(site, row, fields, now))),
        totalCount: total,
        links: pageLinks(site, request, next === null ? null : { cursor: next }),
      };
    },
  );

  api.get(
    '/items/by-path',
    {
      schema: {
        tags: ['items'],
        summary: 'One public item by the path (or absolute URL) of its page',
        querystring: Type.Object({
          path: Type.String({ maxLength: 500, description: 'e.g. /en/press-release/2010/some-slug' }),
          fields: FieldsParam,
        }),
        response: withProblems({ 200: Item }),
      },
    },
    async (request) => {
      const query = request.query as { path: string; fields?: string };
      const now = site.clock.now();
      const fields = parseFields(query.fields, ITEM_FIELDS);
      const row = readable(await findItemByUrl(site.database.db, urlKey(site, query.path)), now);
      return presentItem(site, row, fields, now);
    },
  );

  api.get(
    '/items/:id',
    {
      schema: {
        tags: ['items'],
        summary: 'One public item',
        params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) }),
        querystring: Type.Object({ fields: FieldsParam }),
        response: withProblems({ 200: Item }),
      },
    },
    async (request) => {
      const { id } = request.params as { id: number };
      const now = site.clock.now();
      const fields = parseFields((request.query as { fields?: string }).fields, ITEM_FIELDS);
      const row = readable(await findItemById(site.database.db, id), now);
      return presentItem(site, row, fields, now);
    },
  );

  api.post(
    '/items',
    {
      ...PARTNER_WRITE,
      schema: {
        tags: ['items'],
        summary: 'Create an item as a draft or for review (API key with the write scope)',
        description:
          'The item enters the editorial workflow: `status` may be `draft` (default) or `in_review`. ' +
          'Scheduling and publishing are done by editors; any other status is refused. Terms are ' +
          'validated against the taxonomy and the Markdown body is sanitized as in the newsroom.',
        security: [{ apiKey: [] }],
        body: ItemDraftInput,
        response: withProblems({ 201: CreatedItem }),
      },
    },
    async (request, reply) => {
      const key = requireScope(request, 'write');
      const draft = request.body as ItemDraft;
      const status = draft.status ?? 'draft';
      if (!(PARTNER_STATUSES as readonly string[]).includes(status))
        throw new DatelineError(
          'DL_VALIDATION',
          'Items sent through the API enter the editorial workflow as draft or in_review; editors schedule and publish them.',
          { status: `must be one of ${PARTNER_STATUSES.join(', ')}` },
        );
      const input: NewItemInput = {
        ...draft,
        type: draft.type as NewItemInput['type'],
        status: status as (typeof PARTNER_STATUSES)[number],
      };
      // The key is the actor: revision 1 and the audit log name it, and later updates check it.
      const id = await createItem(site.database.db, input, {
        taxonomy: site.taxonomy(),
        languages,
        now: site.clock.now(),
        actor: keyActor(key.prefix, request.ip),
      });
      site.contentChanged();
      request.log.info({ itemId: id, apiKey: key.prefix }, 'item created through the API');
      const row = await findItemById(site.database.db, id);
      if (!row) throw new DatelineError('DL_INTERNAL');
      return reply
        .code(201)
        .header('location', `${site.config.publicUrl}/api/v1/items/${id}`)
        .send({
          id,
          status: row.status,
          type: row.type,
          language: row.language,
          title: row.title,
          slug: row.slug,
          url: itemUrl(site, row),
          revision: row.revision,
        });
    },
  );

  api.put(
    '/items/:id',
    {
      ...PARTNER_WRITE,
      schema: {
        tags: ['items'],
        summary: 'Replace the content of a draft or an item in review that this API key created',
        description:
          'Send the whole item with the `revision` it was made from; a newer revision there answers ' +
          '409 (someone edited it meanwhile), nothing is overwritten. `type` and `language` cannot ' +
          'change. `status: in_review` submits a draft for review; nothing else changes the status. ' +
          'Items being reviewed, scheduled or published by editors are theirs: only draft and ' +
          'in_review items are accepted.',
        security: [{ apiKey: [] }],
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        body: ItemUpdateInput,
        response: withProblems({ 200: CreatedItem }),
      },
    },
    async (request) => {
      const key = requireScope(request, 'write');
      const { id } = request.params as { id: number };
      const body = request.body as ItemUpdate;
      const db = site.database.db;
      const item = await findItemById(db, id);
      const actor = keyActor(key.prefix, request.ip);
      // Only what this key created: its revision 1 names the key (and nothing is told of others).
      const first = item ? await findRevision(db, id, 1) : undefined;
      if (!item || first?.savedByLabel !== actor.label)
        throw new DatelineError('DL_NOT_FOUND', 'This API key created no item with this id.');
      if (!(PARTNER_STATUSES as readonly string[]).includes(item.status))
        throw new DatelineError(
          'DL_CONFLICT',
          `The item is ${item.status} in the newsroom now; only draft and in_review items can be changed here.`,
        );
      if (body.type !== item.type || body.language !== item.language)
        throw new DatelineError('DL_VALIDATION', 'The type and language of an item cannot change.', {
          ...(body.type !== item.type ? { type: `must stay ${item.type}` } : {}),
          ...(body.language !== item.language ? { language: `must stay ${item.language}` } : {}),
        });
      const status = body.status ?? item.status;
      if (
        !(PARTNER_STATUSES as readonly string[]).includes(status) ||
        (status === 'draft' && item.status !== 'draft')
      )
        throw new DatelineError('DL_VALIDATION', 'Only a draft can be submitted (status in_review).', {
          status: item.status === 'draft' ? 'must be draft or in_review' : 'must stay in_review',
        });
      const { revision, status: _status, type: _type, language: _language, ...fields } = body;
      const edit: ItemEdit = { ...fields };
      const now = site.clock.now();
      const saved = await updateItem(db, id, edit, {
        taxonomy: site.taxonomy(),
        languages,
        now,
        expectedRevision: revision,
        actor,
      });
      // Submitting goes through the workflow like an author's submission (the key acts as one).
      if (status === 'in_review' && item.status === 'draft')
        await transitionItem(db, id, {
          action: 'submit',
          expectedRevision: saved.revision,
          actor: { ...actor, role: 'author' },
          now,
        });
      site.contentChanged();
      const row = await findItemById(db, id);
      if (!row) throw new DatelineError('DL_INTERNAL');
      return {
        id,
        status: row.status,
        type: row.type,
        language: row.language,
        title: row.title,
        slug: row.slug,
        url: itemUrl(site, row),
        revision: row.revision,
      };
    },
  );
}

/** An API key as the author of a change, in revisions and the audit log. */
function keyActor(prefix: string, ip: string) {
  return { userId: null, label: `api key ${prefix}`, ip };
}
