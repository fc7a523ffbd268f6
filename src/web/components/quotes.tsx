/** An item's quotes, each with its speaker and the speaker's role on the day. */
import type { PageContext } from '../page-context.js';

export interface QuoteView {
  readonly id: number;
  readonly text: string;
  readonly speaker: string;
  readonly role: string | null;
}

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
