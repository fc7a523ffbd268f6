/**
 * Events: public items of type event by their start, soonest first, from today (the site clock's
 * UTC date) unless `from` says otherwise; keyset cursor on (start, id).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Site } from '../site.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { dateRange, type FilterQuery, filterProperties, termFilters } from './filters.js';
import { parseFields, presentItem } from './item-view.js';
import { FieldsParam, Paging } from './items.routes.js';
import { pageLinks } from './links.js';
import { listEventsPage } from './listing.js';
import { ItemPage, SUMMARY_FIELDS, withProblems } from './schemas.js';

export function registerEventRoutes(api: FastifyInstance, site: Site): void {
  const { type: _type, ...filters } = filterProperties(site.taxonomy(), site.profile.languages);
  api.get(
    '/events',
    {
      schema: {
        tags: ['events'],
        summary: 'Public events by start, soonest first',
        description:
          '`from`/`to` bound the start date (UTC); without `from`, events starting today or later.',
        querystring: Type.Object({ ...filters, ...Paging, fields: FieldsParam }),
        response: withProblems({ 200: ItemPage }),
      },
    },
    async (request) => {
      const query = request.query as FilterQuery;
      const now = site.clock.now();
      const fields = parseFields(query.fields as string | undefined, SUMMARY_FIELDS);
      const after = typeof query.cursor === 'string' ? decodeCursor('events', query.cursor) : undefined;
      const limit = Number(query.limit ?? 20);
      const range = dateRange(query);
      const { termSets, sourceIds, languages } = termFilters(query, site.taxonomy());
      const { rows, hasMore, total } = await listEventsPage(
        site.database.db,
        {
          now,
          termSets,
          sourceIds,
          languages,
          from: range.from ?? `${now.toISOString().slice(0, 10)}T00:00:00.000Z`,
          ...(range.to ? { to: range.to } : {}),
        },
        after,
        limit,
        fields,
      );
      const last = rows.at(-1);
      const next =
        hasMore && last?.event_starts_at
          ? encodeCursor('events', { instant: last.event_starts_at, id: last.id })
          : null;
      return {
        data: await Promise.all(rows.map((row) => presentItem(site, row, fields, now))),
        totalCount: total,
        links: pageLinks(site, request, next === null ? null : { cursor: next }),
      };
    },
  );
}
