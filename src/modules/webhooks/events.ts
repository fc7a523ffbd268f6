/** The events a webhook can subscribe to, and the body every delivery carries. */
export const WEBHOOK_EVENTS = ['item.published', 'item.updated', 'item.withdrawn'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export function isWebhookEvent(name: string): name is WebhookEvent {
  return (WEBHOOK_EVENTS as readonly string[]).includes(name);
}

/** What a receiver learns about the item (its public facts only; never the body). */
export interface WebhookItem {
  readonly id: number;
  readonly url: string;
  readonly type: string;
  readonly language: string;
  readonly title: string;
  readonly publishedAt: string | null;
  readonly updatedAt: string;
}

/** The JSON body of a delivery; `id` is the delivery id (also in the Dateline-Delivery header). */
export interface WebhookBody {
  readonly id: number;
  readonly event: WebhookEvent;
  readonly occurredAt: string;
  readonly item: WebhookItem;
}
