/** A list of items as cards: type, date, title link, dateline, summary. */
import type { ListedItem } from '../../modules/content/items.repo.js';
import { labelIn } from '../../modules/taxonomy/taxonomy.js';
import { formatDate, formatDateTime, formatNumber, itemPath } from '../format.js';
import type { PageContext } from '../page-context.js';

/** One listing entry. */
export function ItemCard({
  ctx,
  item,
  headingLevel = 3,
  titleHtml,
}: {
  ctx: PageContext;
  item: ListedItem;
  headingLevel?: 2 | 3;
  /** The title as escaped HTML with a search's words in <mark> (modules/search/snippet.ts). */
  titleHtml?: string;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const date = item.published_at ? formatDate(item.published_at, ctx.language, ctx.timeZone) : '';
  return (
    <article class="item-card">
      <p class="item-card__meta">
        <span class="item-card__type">
          {labelIn(ctx.profile.contentTypes[item.type].labels, ctx.language)}
        </span>
        {item.published_at ? <time dateTime={item.published_at}>{date}</time> : null}
      </p>
      <Heading class="item-card__title">
        {titleHtml ? (
          <a href={itemPath(item)} dangerouslySetInnerHTML={{ __html: titleHtml }} />
        ) : (
          <a href={itemPath(item)}>{item.title}</a>
        )}
      </Heading>
      {item.type === 'event' && item.event_starts_at ? (
        <p class="item-card__event">
          <time dateTime={item.event_starts_at}>
            {formatDateTime(item.event_starts_at, ctx.language, ctx.timeZone)}
          </time>
          {item.event_venue ? `, ${item.event_venue}` : ''}
        </p>
      ) : null}
      {item.summary ? <p class="item-card__summary">{item.summary}</p> : null}
    </article>
  );
}

/** Cards in an ordered list, or the "nothing here" message. */
export function ItemList({
  ctx,
  items,
  headingLevel = 3,
}: {
  ctx: PageContext;
  items: readonly ListedItem[];
  headingLevel?: 2 | 3;
}) {
  if (items.length === 0) return <p class="empty">{ctx.t('listing.empty')}</p>;
  return (
    <ol class="item-list">
      {items.map((item) => (
        <li key={item.id}>
          <ItemCard ctx={ctx} item={item} headingLevel={headingLevel} />
        </li>
      ))}
    </ol>
  );
}

/** "123 items" in the page's language. */
export function countLabel(ctx: PageContext, count: number): string {
  return count === 1
    ? ctx.t('listing.countOne')
    : ctx.t('listing.count', { count: formatNumber(count, ctx.language) });
}
