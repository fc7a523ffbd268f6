/** Parts of an item page shared with its embargoed preview: the body and the quotes. */
import { withDateline } from '../dateline.js';
import type { PageContext } from '../page-context.js';

export interface QuoteView {
  readonly id: number;
  readonly text: string;
  readonly speaker: string;
  readonly role: string | null;
}

/** An item's quotes, each with its speaker and the speaker's role on the day. */
export function Quotes({ ctx, quotes }: { ctx: PageContext; quotes: readonly QuoteView[] }) {
  if (quotes.length === 0) return null;
  return (
    <section class="item__quotes" aria-labelledby="quotes-heading">
      <h2 id="quotes-heading">{ctx.t('item.quotes')}</h2>
      {quotes.map((q) => (
        <figure class="quote" key={q.id}>
          <blockquote>
            <p>{q.text}</p>
          </blockquote>
          <figcaption>
            <span class="quote__speaker">{q.speaker}</span>
            {q.role ? <span class="quote__role">, {q.role}</span> : null}
          </figcaption>
        </figure>
      ))}
    </section>
  );
}

/** An item's body: sanitized HTML (allow-listed when saved, content/markdown.ts), led by its dateline. */
export function ItemBody({
  item,
  datelineDate,
}: {
  item: { readonly body_html: string; readonly dateline_place: string | null };
  datelineDate: string;
}) {
  return (
    <div class="item__body">
      <div
        class="prose"
        dangerouslySetInnerHTML={{
          __html: item.dateline_place
            ? withDateline(item.body_html, item.dateline_place, datelineDate)
            : item.body_html,
        }}
      />
    </div>
  );
}
