/**
 * Webhooks against a real local receiver (node:http on 127.0.0.1), on both databases: change
 * detection with the exact embargo, signed deliveries, retries with backoff on the injected clock,
 * the durable queue across a restart, two servers sharing one queue, hostile URLs.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connection.js';
import { DatelineError } from '../src/errors.js';
import { WebhookDispatcher } from '../src/modules/webhooks/dispatcher.js';
import { verifySignature } from '../src/modules/webhooks/signature.js';
import {
  addSubscription,
  listAttempts,
  listDeliveries,
  listSubscriptions,
  redeliver,
} from '../src/modules/webhooks/webhooks.service.js';
import { TestClock } from './clock.js';
import { describeEachDialect } from './databases.js';
import { pressRelease } from './factories.js';
import { createTestSite, type TestSite } from './site.js';

const SECRET = 'test-secret-0123456789';

interface Received {
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** A receiver that records every request and answers with queued status codes (then `fallback`). */
async function startReceiver() {
  const requests: Received[] = [];
  const answers: number[] = [];
  const state = { fallback: 200 };
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      requests.push({ headers: req.headers, body });
      const status = answers.shift() ?? state.fallback;
      if (status >= 300 && status < 400) res.setHeader('location', 'file:///etc/passwd');
      res.writeHead(status).end('thanks');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/dateline`,
    requests,
    answers,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describeEachDialect('webhooks', (dialect) => {
  let site: TestSite;
  let clock: TestClock;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let dispatcher: WebhookDispatcher;

  beforeEach(async () => {
    clock = new TestClock('2026-01-15T09:00:00.000Z');
    site = await createTestSite(dialect, { clock, config: { publicUrl: 'https://news.example.org' } });
    receiver = await startReceiver();
    // Jitter pinned to its middle: a retry comes exactly 30 s × 2^(n−1) later.
    dispatcher = new WebhookDispatcher({
      db: site.database.db,
      clock,
      publicUrl: site.config.publicUrl,
      random: () => 0.5,
    });
    await dispatcher.tick(); // the first look at this (empty) database
  });
  afterEach(async () => {
    await receiver.close();
    await site.close();
  });

  const subscribe = (events?: string[]) =>
    addSubscription(site.database.db, { url: receiver.url, events, secret: SECRET }, clock.now());
  const bodies = () => receiver.requests.map((r) => JSON.parse(r.body));

  /** An edit as the newsroom writes it: a new revision and write instant. */
  async function edit(id: number, changes: { title?: string; status?: 'withdrawn' }) {
    clock.advance(60_000);
    await site.database.db
      .updateTable('items')
      .set((eb) => ({
        ...(changes.title ? { title: changes.title } : {}),
        ...(changes.status ? { status: changes.status, visible_from: null } : {}),
        revision: eb('revision', '+', 1),
        updated_at: clock.now().toISOString(),
      }))
      .where('id', '=', id)
      .execute();
  }

  it('rejects hostile URLs, unknown events and weak secrets with coded errors, storing nothing', async () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/plain,hi',
      'ftp://example.org/x',
      'http://user:secret@example.org/hook',
      'not a url',
      '',
      'http://exa mple.org/',
      'http://example.org/\u0000',
    ]) {
      const attempt = addSubscription(site.database.db, { url }, clock.now());
      await expect(attempt, url).rejects.toBeInstanceOf(DatelineError);
      await expect(attempt, url).rejects.toMatchObject({ code: 'DL_WEBHOOK_URL', status: 400 });
    }
    await expect(
      addSubscription(site.database.db, { url: receiver.url, events: ['item.deleted'] }, clock.now()),
    ).rejects.toMatchObject({ code: 'DL_VALIDATION' });
    await expect(
      addSubscription(site.database.db, { url: receiver.url, secret: 'short' }, clock.now()),
    ).rejects.toMatchObject({ code: 'DL_VALIDATION' });
    expect(await listSubscriptions(site.database.db)).toEqual([]);
    const { secret } = await addSubscription(site.database.db, { url: receiver.url }, clock.now());
    expect(secret).toMatch(/^whsec_[\w-]{32}$/);
  });

  it('announces nothing of the archive that existed before the first look', async () => {
    const archive = await createTestSite(dialect, { clock });
    try {
      await archive.addItem(pressRelease({ publishedAt: '2020-01-01T00:00:00.000Z' }));
      await addSubscription(archive.database.db, { url: receiver.url }, clock.now());
      const fresh = new WebhookDispatcher({ db: archive.database.db, clock, publicUrl: 'https://x.example' });
      expect(await fresh.tick()).toEqual({ queued: 0, delivered: 0 });
      expect(await fresh.tick()).toEqual({ queued: 0, delivered: 0 });
      await archive.addItem(pressRelease({ publishedAt: '2026-01-15T08:00:00.000Z' }));
      expect(await fresh.tick()).toEqual({ queued: 1, delivered: 1 });
      expect(receiver.requests).toHaveLength(1);
    } finally {
      await archive.close();
    }
  });

  it('announces a scheduled item at its exact instant, signed, once', async () => {
    await subscribe();
    const id = await site.addItem(
      pressRelease({
        title: 'Embargoed release',
        slug: 'embargoed',
        status: 'scheduled',
        publishedAt: '2026-01-15T10:00:00.000Z',
      }),
    );
    clock.set('2026-01-15T09:59:59.999Z');
    expect(await dispatcher.tick()).toEqual({ queued: 0, delivered: 0 });
    expect(receiver.requests).toHaveLength(0);

    clock.set('2026-01-15T10:00:00.000Z');
    expect(await dispatcher.tick()).toEqual({ queued: 1, delivered: 1 });
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    const body = JSON.parse(request!.body);
    expect(body).toEqual({
      id: expect.any(Number),
      event: 'item.published',
      occurredAt: '2026-01-15T10:00:00.000Z',
      item: {
        id,
        url: 'https://news.example.org/en/press-release/2026/embargoed',
        type: 'press-release',
        language: 'en',
        title: 'Embargoed release',
        publishedAt: '2026-01-15T10:00:00.000Z',
        updatedAt: '2026-01-15T09:00:00.000Z',
      },
    });
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['dateline-event']).toBe('item.published');
    expect(request!.headers['dateline-delivery']).toBe(String(body.id));
    const signature = request!.headers['dateline-signature'] as string;
    expect(signature).toMatch(/^t=1768471200,v1=[0-9a-f]{64}$/);
    const nowSeconds = clock.now().getTime() / 1000;
    expect(verifySignature(SECRET, signature, request!.body, nowSeconds)).toBe(true);
    expect(verifySignature('another-secret-xxxxxxxx', signature, request!.body, nowSeconds)).toBe(false);
    expect(verifySignature(SECRET, signature, request!.body.replace('Embargoed', 'Edited'), nowSeconds)).toBe(
      false,
    );
    // A replay outside the window is refused.
    expect(verifySignature(SECRET, signature, request!.body, nowSeconds + 301)).toBe(false);

    clock.advance(5_000);
    expect(await dispatcher.tick()).toEqual({ queued: 0, delivered: 0 });
    expect(receiver.requests).toHaveLength(1);
  });

  it('announces updates and withdrawals to the subscriptions that asked for them', async () => {
    const all = await subscribe();
    const withdrawals = await subscribe(['item.withdrawn']);
    const id = await site.addItem(pressRelease({ slug: 'to-edit', publishedAt: '2026-01-15T08:00:00.000Z' }));
    await site.addItem(pressRelease({ slug: 'draft', status: 'draft', publishedAt: null }));
    await dispatcher.tick();
    await edit(id, { title: 'Corrected title' });
    await dispatcher.tick();
    await edit(id, { status: 'withdrawn' });
    await dispatcher.tick();
    const events = bodies().map((b) => [b.event, b.item.id, b.item.title]);
    expect(events).toEqual([
      ['item.published', id, expect.any(String)],
      ['item.updated', id, 'Corrected title'],
      ['item.withdrawn', id, 'Corrected title'],
      ['item.withdrawn', id, 'Corrected title'],
    ]);
    const perSubscription = (subscriptionId: number) =>
      listDeliveries(site.database.db, { subscriptionId }).then((rows) => rows.map((d) => d.event).sort());
    expect(await perSubscription(all.subscription.id)).toEqual([
      'item.published',
      'item.updated',
      'item.withdrawn',
    ]);
    expect(await perSubscription(withdrawals.subscription.id)).toEqual(['item.withdrawn']);
  });

  it('retries a failed delivery with backoff on the clock, logging every attempt', async () => {
    await subscribe();
    receiver.answers.push(500, 503);
    await site.addItem(pressRelease({ publishedAt: '2026-01-15T08:00:00.000Z' }));
    await dispatcher.tick();
    expect(receiver.requests).toHaveLength(1);
    let [delivery] = await listDeliveries(site.database.db);
    expect(delivery).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_status_code: 500,
      last_error: 'HTTP 500',
    });
    expect(delivery!.next_attempt_at).toBe('2026-01-15T09:00:30.000Z');

    clock.advance(29_999);
    await dispatcher.tick();
    expect(receiver.requests).toHaveLength(1);
    clock.advance(1);
    await dispatcher.tick();
    expect(receiver.requests).toHaveLength(2);
    [delivery] = await listDeliveries(site.database.db);
    // The second retry waits twice as long.
    expect(delivery!.next_attempt_at).toBe('2026-01-15T09:01:30.000Z');
    clock.set('2026-01-15T09:01:30.000Z');
    await dispatcher.tick();
    [delivery] = await listDeliveries(site.database.db);
    expect(delivery).toMatchObject({
      status: 'delivered',
      attempts: 3,
      last_status_code: 200,
      last_error: null,
    });
    const attempts = await listAttempts(site.database.db, delivery!.id);
    expect(attempts.map((a) => a.status_code)).toEqual([500, 503, 200]);
    expect(new Set(receiver.requests.map((r) => r.headers['dateline-delivery'])).size).toBe(1);
  });

  it('gives up after eight attempts, and redelivers on request', async () => {
    await subscribe();
    receiver.state.fallback = 500;
    await site.addItem(pressRelease({ publishedAt: '2026-01-15T08:00:00.000Z' }));
    for (let i = 0; i < 12; i += 1) {
      await dispatcher.tick();
      clock.advance(7 * 3600_000);
    }
    expect(receiver.requests).toHaveLength(8);
    const [delivery] = await listDeliveries(site.database.db, { status: 'failed' });
    expect(delivery).toMatchObject({ status: 'failed', attempts: 8, last_status_code: 500 });
    receiver.state.fallback = 200;
    await redeliver(site.database.db, delivery!.id, clock.now());
    await dispatcher.tick();
    expect(receiver.requests).toHaveLength(9);
    expect((await listDeliveries(site.database.db))[0]).toMatchObject({ status: 'delivered' });
    await expect(redeliver(site.database.db, 'x; drop table items', clock.now())).rejects.toMatchObject({
      code: 'DL_VALIDATION',
    });
    await expect(listDeliveries(site.database.db, { status: 'lost' })).rejects.toMatchObject({
      code: 'DL_VALIDATION',
    });
  });

  it('never follows a redirect', async () => {
    await subscribe();
    receiver.answers.push(302);
    await site.addItem(pressRelease({ publishedAt: '2026-01-15T08:00:00.000Z' }));
    await dispatcher.tick();
    expect(receiver.requests).toHaveLength(1);
    expect((await listDeliveries(site.database.db))[0]).toMatchObject({
      status: 'pending',
      last_status_code: 302,
      last_error: 'redirect not followed',
    });
  });

  it('keeps the queue across a restart, and two servers never send one delivery twice', async () => {
    await subscribe();
    await subscribe(['item.published']);
    await site.addItem(pressRelease({ publishedAt: '2026-01-15T08:00:00.000Z' }));
    expect(await dispatcher.announce()).toBe(2);
    expect(receiver.requests).toHaveLength(0);
    // "Restart": the first server is gone; two new ones open the same database.
    const handles = [openDatabase(site.database.url), openDatabase(site.database.url)];
    try {
      const servers = handles.map(
        (h) => new WebhookDispatcher({ db: h.db, clock, publicUrl: site.config.publicUrl }),
      );
      const delivered = await Promise.all(servers.map((s) => s.tick()));
      expect(delivered.reduce((n, d) => n + d.delivered, 0)).toBe(2);
      expect(receiver.requests).toHaveLength(2);
      expect(new Set(receiver.requests.map((r) => r.headers['dateline-delivery'])).size).toBe(2);
      expect((await listDeliveries(site.database.db)).map((d) => d.status)).toEqual([
        'delivered',
        'delivered',
      ]);
    } finally {
      for (const h of handles) await h.close();
    }
  });
});
