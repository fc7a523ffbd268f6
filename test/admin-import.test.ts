/** The newsroom import upload over real HTTP (multipart through Fastify), on both databases. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLI_ACTOR } from '../src/modules/accounts/audit.js';
import { createUser } from '../src/modules/accounts/users.service.js';
import { importExtension } from '../src/web/admin/imports/upload.js';
import { type Browser, get, remember, signedIn } from './admin-session.js';
import { TestClock } from './clock.js';
import { describeEachDialect } from './databases.js';
import { createTestSite, OSCE_PROFILE, type TestSite } from './site.js';

const PASSWORD = 'a-long-test-password';
const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const fixture = (...parts: string[]) => fs.readFileSync(path.join(FIXTURES, ...parts));
const PAGE = fixture('import', 'workshop-2019.txt');
const HTML = fixture('html', 'press-release.html');
const BROKEN = fixture('import', 'broken.txt');
const FEED = fixture('feeds', 'rss2-field-updates.xml');

interface Upload {
  readonly files: readonly { name: string; bytes: Buffer }[];
  readonly fields?: Record<string, string>;
}

/** Encodes a multipart form as a browser would (Node's FormData through a Request). */
async function multipart({ files, fields = {} }: Upload) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  for (const file of files) data.append('files', new Blob([new Uint8Array(file.bytes)]), file.name);
  const request = new Request('http://x', { method: 'POST', body: data });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    contentType: request.headers.get('content-type') ?? '',
  };
}

describeEachDialect('newsroom import upload', (dialect) => {
  let site: TestSite;
  const clock = new TestClock('2026-03-02T09:00:00.000Z');
  let editor: Browser;
  let author: Browser;

  beforeAll(async () => {
    site = await createTestSite(dialect, {
      clock,
      profile: OSCE_PROFILE,
      config: { importUploadMaxBytes: 200_000 },
    });
    for (const [username, role] of [
      ['editor1', 'editor'],
      ['author1', 'author'],
    ] as const)
      await createUser(
        site.database.db,
        { username, role, password: PASSWORD },
        { actor: CLI_ACTOR, now: clock.now() },
      );
    editor = await signedIn(site.app, 'editor1', PASSWORD);
    author = await signedIn(site.app, 'author1', PASSWORD);
  });
  afterAll(() => site.close());

  const db = () => site.database.db;
  const itemCount = async () => (await db().selectFrom('items').select('id').execute()).length;
  const importRuns = () =>
    db()
      .selectFrom('audit_log')
      .select(['actor_label', 'detail'])
      .where('action', '=', 'import.run')
      .orderBy('id')
      .execute();

  async function upload(
    browser: Browser,
    form: Upload,
    csrf = browser.csrf,
  ): Promise<LightMyRequestResponse> {
    const { payload, contentType } = await multipart({
      ...form,
      fields: { ...(csrf ? { _csrf: csrf } : {}), ...form.fields },
    });
    const response = await site.app.inject({
      method: 'POST',
      url: '/admin/import',
      cookies: browser.cookies,
      headers: { 'content-type': contentType },
      payload,
    });
    remember(browser, response);
    return response;
  }

  it('shows the form to holders of imports.run only', async () => {
    const page = await get(site.app, editor, '/admin/import');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('enctype="multipart/form-data"');
    expect(page.body).toContain('name="_csrf"');
    expect((await get(site.app, author, '/admin/import')).statusCode).toBe(403);
    const anonymous = await get(site.app, { cookies: {}, csrf: '' }, '/admin/import');
    expect(anonymous.statusCode).toBe(302);
    expect(anonymous.headers.location).toBe('/login?next=%2Fadmin%2Fimport');
  });

  it('a dry run shows the extracted fields and writes nothing but its audit entry', async () => {
    const before = await itemCount();
    const response = await upload(editor, {
      files: [{ name: 'workshop-2019.txt', bytes: PAGE }],
      fields: { dry_run: '1', threshold: '0.9' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Dry run: nothing was written');
    expect(response.body).toContain('Would create');
    expect(response.body).toContain(
      'Border police from three countries train together on document fraud in Belgrade',
    );
    expect(response.body).toContain('BELGRADE');
    expect(response.body).toMatch(/countries\/serbia<span class="import-machine"> \(machine, 0\.9\d\)/);
    expect(await itemCount()).toBe(before);
    const runs = await importRuns();
    expect(JSON.parse(runs.at(-1)!.detail)).toMatchObject({ dryRun: true, wouldCreate: 1, created: 0 });
  });

  it('imports for real, links the items, skips them on a rerun, and a broken file fails alone', async () => {
    const before = await itemCount();
    const files = [
      { name: 'workshop-2019.txt', bytes: PAGE },
      { name: 'broken.txt', bytes: BROKEN },
      { name: 'press release (2019).html', bytes: HTML },
    ];
    const first = await upload(editor, { files });
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('3 file(s): 2 created, 0 would be created, 0 skipped, 1 failed.');
    expect(first.body).toMatch(/Failed<\/span> <strong>broken\.txt<\/strong>/);
    expect(first.body).toContain('binary content');
    expect(await itemCount()).toBe(before + 2);
    const created = await db()
      .selectFrom('items')
      .select(['id', 'title', 'type', 'url_year', 'slug', 'language'])
      .orderBy('id', 'desc')
      .limit(2)
      .execute();
    for (const item of created) {
      expect(first.body).toContain(`/admin/items/${item.id}/edit`);
      expect(first.body).toContain(`href="/${item.language}/${item.type}/${item.url_year}/${item.slug}"`);
    }
    expect(JSON.parse((await importRuns()).at(-1)!.detail)).toMatchObject({
      dryRun: false,
      created: 2,
      failed: 1,
      files: files.map((f) => f.name),
    });

    const again = await upload(editor, { files });
    expect(again.body).toContain('3 file(s): 0 created, 0 would be created, 2 skipped, 1 failed.');
    expect(again.body).toContain('Already imported (same content).');
    expect(await itemCount()).toBe(before + 2);
  });

  it('reads a feed named without a known extension by its content', async () => {
    expect(importExtension('updates', FEED)).toBe('.xml');
    expect(importExtension('export.json', Buffer.from('{"title":"x"}\n'))).toBe('.jsonl');
    expect(importExtension('page', HTML)).toBe('.html');
    const response = await upload(editor, {
      files: [{ name: 'field-updates', bytes: FEED }],
      fields: { dry_run: '1', no_tagging: '1' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('field-updates #1');
    expect(response.body).not.toContain('Unsupported file type');
  });

  it('refuses oversized uploads, bad options, missing files, authors and forged CSRF, importing nothing', async () => {
    const before = await itemCount();
    const runs = (await importRuns()).length;
    const big = await upload(editor, { files: [{ name: 'big.txt', bytes: Buffer.alloc(300_000, 'a') }] });
    expect(big.statusCode).toBe(413);
    expect(big.body).toContain('DL_IMPORT_TOO_LARGE');
    const together = await upload(editor, {
      files: [
        { name: 'a.txt', bytes: Buffer.alloc(150_000, 'a') },
        { name: 'b.txt', bytes: Buffer.alloc(150_000, 'b') },
      ],
    });
    expect(together.statusCode).toBe(413);
    expect(together.body).toContain('DL_IMPORT_TOO_LARGE');

    const badOptions = await upload(editor, {
      files: [{ name: 'workshop-2019.txt', bytes: PAGE }],
      fields: { threshold: '7', columns: 'nonsense=x', mapping: 'no equals sign here' },
    });
    expect(badOptions.statusCode).toBe(400);
    expect(badOptions.body).toContain('The tag threshold must be a number from 0 to 1.');
    expect(badOptions.body).toContain('Bad column mapping');
    expect(badOptions.body).toContain('Mapping line 1');

    const none = await upload(editor, { files: [] });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('DL_IMPORT_NO_FILES');

    const files = [{ name: 'fresh.html', bytes: Buffer.from(HTML.toString('utf8').replace('five', 'six')) }];
    const byAuthor = await upload(author, { files });
    expect(byAuthor.statusCode).toBe(403);
    const forged = await upload(editor, { files }, 'forged-token');
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('DL_CSRF');
    const missing = await upload(editor, { files }, '');
    expect(missing.statusCode).toBe(403);
    const anonymous = await upload({ cookies: {}, csrf: '' }, { files }, '');
    expect(anonymous.statusCode).toBe(401);

    expect(await itemCount()).toBe(before);
    expect((await importRuns()).length).toBe(runs);
  });

  it('leaves no temporary files behind', async () => {
    const leftovers = () => fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('dateline-import-'));
    const before = new Set(leftovers());
    await upload(editor, { files: [{ name: 'workshop-2019.txt', bytes: PAGE }], fields: { dry_run: '1' } });
    expect(leftovers().filter((name) => !before.has(name))).toEqual([]);
  });
});
