/**
 * API keys, the partner write API and rate limits on both databases: 401 → 400 → 403 → 201 as in
 * Outline's route tests, nothing written by a refused request, drafts never public, limits
 * published in RateLimit-* headers, and `dateline api-key` as an admin runs it.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiKey, listApiKeys, revokeApiKey, verifyApiKey } from '../src/api/api-keys.js';
import { type ApiClient, apiClient } from './api-openapi.js';
import { describeEachDialect } from './databases.js';
import { pressRelease } from './factories.js';
import { createTestSite, MINI_PROFILE, type TestSite } from './site.js';

const exec = promisify(execFile);
const BIN = path.join(import.meta.dirname, '..', 'bin', 'dateline.js');

const draft = {
  type: 'press-release',
  language: 'en',
  title: 'Partner office opens in Strelsau',
  summary: 'A partner announces a new office.',
  bodyMarkdown: 'STRELSAU – The partner opened an office.<script>alert(1)</script>',
  tags: [{ vocabulary: 'topics', slug: 'water' }],
  sources: [{ vocabulary: 'offices', slug: 'headquarters' }],
  quotes: [{ speaker: 'Ana Ferro', role: 'Director', text: 'We are here to stay.' }],
};

describeEachDialect('open API v1: keys and writes', (dialect) => {
  let site: TestSite;
  let api: ApiClient;
  let readKey: string;
  let writeKey: string;
  const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
  const itemCount = async () =>
    Number(
      (
        await site.database.db
          .selectFrom('items')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    api.request({ method: 'POST', url: '/api/v1/items', payload: body as object, headers });

  beforeAll(async () => {
    site = await createTestSite(dialect, { config: { apiRateLimit: 1000, apiKeyRateLimit: 1000 } });
    readKey = (await createApiKey(site.database.db, { name: 'Reader', scope: 'read' }, site.clock.now()))
      .secret;
    writeKey = (
      await createApiKey(
        site.database.db,
        { name: 'Partner', scope: 'write', createdBy: 'admin' },
        site.clock.now(),
      )
    ).secret;
    api = await apiClient(site.app);
  });
  afterAll(() => site.close());

  it('keeps only a hash of each secret; verifies, notes use and revokes keys', async () => {
    const { key, secret } = await createApiKey(
      site.database.db,
      { name: 'Temp', scope: 'read' },
      site.clock.now(),
    );
    expect(secret).toMatch(/^dl_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(key.prefix)).toBe(true);
    const stored = await site.database.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', key.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(secret.slice(key.prefix.length));
    expect((await verifyApiKey(site.database.db, secret, site.clock.now()))?.lastUsedAt).toBe(
      site.clock.now().toISOString(),
    );
    expect(await verifyApiKey(site.database.db, `${secret}x`, site.clock.now())).toBeNull();
    await revokeApiKey(site.database.db, key.prefix, site.clock.now());
    expect(await verifyApiKey(site.database.db, secret, site.clock.now())).toBeNull();
    expect((await listApiKeys(site.database.db)).find((k) => k.id === key.id)?.revokedAt).not.toBeNull();
    await expect(
      createApiKey(site.database.db, { name: ' ', scope: 'admin' as 'read' }, site.clock.now()),
    ).rejects.toMatchObject({
      code: 'DL_VALIDATION',
    });
    await expect(revokeApiKey(site.database.db, 'dl_nothing', site.clock.now())).rejects.toMatchObject({
      code: 'DL_NOT_FOUND',
    });
  });

  it('refuses writes without a key (401), with a bad or revoked key (401), with a read key (403)', async () => {
    const before = await itemCount();
    const anonymous = await post(draft);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
    expect(anonymous.headers['www-authenticate']).toContain('Bearer');
    expect(anonymous.json().code).toBe('DL_UNAUTHORIZED');
    // 401 comes before validation: a caller without the right learns nothing about the body.
    expect((await post({ nonsense: true })).statusCode).toBe(401);
    expect((await post(draft, bearer('dl_unknown'))).statusCode).toBe(401);
    expect((await post(draft, { authorization: `Basic ${writeKey}` })).statusCode).toBe(401);
    const readOnly = await post(draft, bearer(readKey));
    expect(readOnly.statusCode).toBe(403);
    expect(readOnly.json().code).toBe('DL_FORBIDDEN');
    expect(anonymous.headers['access-control-allow-origin']).toBeUndefined();
    expect(await itemCount()).toBe(before);
  });

  it('never treats an unknown or revoked key as anonymous, even for reads', async () => {
    const { key, secret } = await createApiKey(
      site.database.db,
      { name: 'Gone', scope: 'read' },
      site.clock.now(),
    );
    expect((await api.get('/api/v1/vocabularies', { 'x-api-key': secret })).statusCode).toBe(200);
    await revokeApiKey(site.database.db, String(key.id), site.clock.now());
    const revoked = await api.get('/api/v1/vocabularies', { 'x-api-key': secret });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().code).toBe('DL_UNAUTHORIZED');
    expect((await api.get('/api/v1/items', bearer('dl_forged'))).statusCode).toBe(401);
  });

  it('creates a draft through the content service: sanitized, tagged, never public', async () => {
    const res = await post(draft, bearer(writeKey));
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({
      status: 'draft',
      type: 'press-release',
      slug: 'partner-office-opens-in-strelsau',
    });
    expect(res.headers.location).toBe(`http://localhost:3000/api/v1/items/${created.id}`);
    const row = await site.database.db
      .selectFrom('items')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row.visible_from).toBeNull();
    expect(row.body_html).not.toContain('<script');
    const tags = await site.database.db
      .selectFrom('item_tags')
      .selectAll()
      .where('item_id', '=', created.id)
      .execute();
    expect(tags).toHaveLength(1);
    expect((await api.get(`/api/v1/items/${created.id}`)).statusCode).toBe(404);
    expect((await api.get('/api/v1/items')).json().data.map((i: { id: number }) => i.id)).not.toContain(
      created.id,
    );
    const review = await post({ ...draft, status: 'in_review', title: 'For review' }, bearer(writeKey));
    expect(review.json().status).toBe('in_review');
  });

  it('updates its own drafts at the revision it read, submits them for review, and touches nothing else', async () => {
    const put = (id: number, body: unknown, secret = writeKey) =>
      api.request({
        method: 'PUT',
        url: `/api/v1/items/${id}`,
        payload: body as object,
        headers: bearer(secret),
      });
    const created = (await post({ ...draft, title: 'Partner note' }, bearer(writeKey))).json();
    expect(created.revision).toBe(1);
    const { publishedAt: _publishedAt, status: _status, ...content } = draft as Record<string, unknown>;
    const edited = await put(created.id, { ...content, title: 'Partner note, revised', revision: 1 });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({
      id: created.id,
      title: 'Partner note, revised',
      status: 'draft',
      revision: 2,
    });
    // A second writer at the old revision gets a conflict and overwrites nothing.
    const stale = await put(created.id, { ...content, title: 'Lost update', revision: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('DL_CONFLICT');
    // Submitting goes through the workflow: in review, audited, still not public.
    const submitted = await put(created.id, {
      ...content,
      title: 'Partner note, final',
      status: 'in_review',
      revision: 2,
    });
    expect(submitted.json()).toMatchObject({ status: 'in_review', title: 'Partner note, final' });
    expect((await api.get(`/api/v1/items/${created.id}`)).statusCode).toBe(404);
    const audit = await site.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_label'])
      .where('subject_id', '=', String(created.id))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['item.create', 'item.submit']));
    // Publication, type changes, other keys' items and newsroom items are refused.
    const current = submitted.json().revision;
    expect((await put(created.id, { ...content, status: 'published', revision: current })).statusCode).toBe(
      400,
    );
    expect((await put(created.id, { ...content, type: 'news', revision: current })).statusCode).toBe(400);
    const other = (await createApiKey(site.database.db, { name: 'Other', scope: 'write' }, site.clock.now()))
      .secret;
    expect((await put(created.id, { ...content, revision: current }, other)).statusCode).toBe(404);
    expect((await put(created.id, { ...content, revision: current }, readKey)).statusCode).toBe(403);
    const newsroomItem = await site.addItem(pressRelease({ status: 'draft', publishedAt: null }));
    expect((await put(newsroomItem, { ...content, revision: 1 })).statusCode).toBe(404);
    const row = await site.database.db
      .selectFrom('items')
      .select('title')
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row.title).toBe('Partner note, final');
  });

  it('refuses publication and invalid bodies with DL_VALIDATION naming the fields, writing nothing', async () => {
    const before = await itemCount();
    for (const status of ['published', 'scheduled', 'archived', 'withdrawn']) {
      const res = await post({ ...draft, status, publishedAt: '2020-01-01T00:00:00.000Z' }, bearer(writeKey));
      expect(res.statusCode, status).toBe(400);
      expect(res.json()).toMatchObject({ code: 'DL_VALIDATION', errors: { status: expect.any(String) } });
      expect(res.json().detail).toContain('editorial workflow');
    }
    const cases: [unknown, string][] = [
      [{ ...draft, title: undefined }, 'title'],
      [{ ...draft, title: '' }, 'title'],
      [{ ...draft, visibleFrom: '2020-01-01' }, 'visibleFrom'],
      [{ ...draft, type: 'memo' }, 'type'],
      [{ ...draft, tags: 'water' }, 'tags'],
      [{ ...draft, publishedAt: 'yesterday' }, 'publishedAt'],
      [{ ...draft, quotes: [{ speaker: 'A' }] }, 'quotes.0.text'],
      [{ ...draft, tags: [{ vocabulary: 'topics', slug: 'atlantis' }] }, 'tags'],
      [{ ...draft, language: 'xx' }, 'language'],
      [{ ...draft, sources: [{ vocabulary: 'topics', slug: 'water' }] }, 'sources'],
    ];
    for (const [body, field] of cases) {
      const res = await post(body, bearer(writeKey));
      expect(res.statusCode, field).toBe(400);
      expect(res.json().code, field).toBe('DL_VALIDATION');
      expect(
        Object.keys(res.json().errors ?? {}).some((f) => f === field || f.startsWith(`${field}.`)),
        `${field}: ${JSON.stringify(res.json().errors)}`,
      ).toBe(true);
    }
    const notJson = await api.request({
      method: 'POST',
      url: '/api/v1/items',
      payload: 'type=news&title=x',
      headers: { ...bearer(writeKey), 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(notJson.statusCode).toBe(400);
    const broken = await api.request({
      method: 'POST',
      url: '/api/v1/items',
      payload: '{"type": ',
      headers: { ...bearer(writeKey), 'content-type': 'application/json' },
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().code).toBe('DL_BAD_REQUEST');
    const huge = await post({ ...draft, bodyMarkdown: 'x'.repeat(600 * 1024) }, bearer(writeKey));
    expect(huge.statusCode).toBe(413);
    expect(huge.json().code).toBe('DL_PAYLOAD_TOO_LARGE');
    expect(await itemCount()).toBe(before);
  });

  it('manages keys from the command line: secret printed once, listed by prefix, revoked', async () => {
    const env = {
      ...process.env,
      DATABASE_URL: site.database.url,
      DATELINE_PROFILE: MINI_PROFILE,
      LOG_LEVEL: 'silent',
    };
    const run = (args: string[]) => exec(process.execPath, [BIN, 'api-key', ...args], { env });
    const created = await run(['create', '--name', 'Wire service', '--scope', 'write']);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^dl_/);
    const key = await verifyApiKey(site.database.db, secret, site.clock.now());
    expect(key).toMatchObject({ name: 'Wire service', scope: 'write' });
    const listed = (await run(['list'])).stdout;
    expect(listed).toContain(`${key!.prefix}…`);
    expect(listed).not.toContain(secret);
    await run(['revoke', key!.prefix]);
    expect(await verifyApiKey(site.database.db, secret, site.clock.now())).toBeNull();
    await expect(run(['create', '--name', 'x', '--scope', 'admin'])).rejects.toMatchObject({
      stderr: expect.stringContaining('DL_VALIDATION'),
    });
    // Five runs of the command, each a Node process of its own: seconds each on a busy machine.
  }, 120_000);
});

describeEachDialect('open API v1: rate limits', (dialect) => {
  let site: TestSite;
  let api: ApiClient;
  beforeAll(async () => {
    site = await createTestSite(dialect, { config: { apiRateLimit: 3, apiKeyRateLimit: 5 } });
    await site.addItem(pressRelease());
    api = await apiClient(site.app);
  });
  afterAll(() => site.close());

  it('publishes limits in RateLimit-* headers and answers 429 problems per IP, and per key apart', async () => {
    // apiClient's own read of openapi.json was the first request from this IP.
    const second = await api.get('/api/v1/items');
    expect(second.headers['ratelimit-limit']).toBe('3');
    expect(second.headers['ratelimit-remaining']).toBe('1');
    expect(Number(second.headers['ratelimit-reset'])).toBeGreaterThan(0);
    expect((await api.get('/api/v1/items')).statusCode).toBe(200);
    const limited = await api.get('/api/v1/items');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.json()).toMatchObject({ status: 429, code: 'DL_RATE_LIMITED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['ratelimit-remaining']).toBe('0');
    // A key has its own, larger budget, whatever the IP has used.
    const { secret } = await createApiKey(
      site.database.db,
      { name: 'Partner', scope: 'read' },
      site.clock.now(),
    );
    const withKey = await api.get('/api/v1/items', { authorization: `Bearer ${secret}` });
    expect(withKey.statusCode).toBe(200);
    expect(withKey.headers['ratelimit-limit']).toBe('5');
    expect(withKey.headers['ratelimit-remaining']).toBe('4');
  });
});
