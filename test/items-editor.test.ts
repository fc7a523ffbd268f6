/** The item editor over real HTTP on both databases: create, edit, conflicts, revisions, diff, restore, roles. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLI_ACTOR } from '../src/modules/accounts/audit.js';
import { can, type Permission, ROLES } from '../src/modules/accounts/roles.js';
import { createUser } from '../src/modules/accounts/users.service.js';
import { type Browser, get, post, signedIn } from './admin-session.js';
import { TestClock } from './clock.js';
import { describeEachDialect } from './databases.js';
import { pressRelease } from './factories.js';
import { createTestSite, type TestSite } from './site.js';

const PASSWORD = 'a-long-test-password';

/** The fields of a minimal valid press release form. */
function releaseForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    type: 'press-release',
    language: 'en',
    title: 'Water engineers finish river course',
    summary: 'Engineers from four districts finished a course.',
    body: 'Engineers completed a **week-long** course.\n\nThey will share river data.',
    datelinePlace: 'FREDONIA CITY',
    datelineDate: '2026-01-14',
    ...overrides,
  };
}

describeEachDialect('item editor over HTTP', (dialect) => {
  let site: TestSite;
  const clock = new TestClock('2026-01-15T09:00:00.000Z');
  const users: Record<string, number> = {};
  const browsers: Record<string, Browser> = {};

  beforeAll(async () => {
    site = await createTestSite(dialect, { clock });
    for (const role of ROLES) {
      for (const n of [1, 2]) {
        const { user } = await createUser(
          site.database.db,
          { username: `${role}${n}`, role, password: PASSWORD },
          { actor: CLI_ACTOR, now: clock.now() },
        );
        users[`${role}${n}`] = user.id;
      }
    }
    for (const name of ['admin1', 'editor1', 'editor2', 'author1', 'author2', 'reviewer1'])
      browsers[name] = await signedIn(site.app, name, PASSWORD);
  });
  afterAll(() => site.close());

  const app = () => site.app;
  const db = () => site.database.db;
  const item = (id: number) =>
    db().selectFrom('items').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const revisions = (id: number) =>
    db().selectFrom('item_revisions').selectAll().where('item_id', '=', id).orderBy('revision').execute();

  /** Creates a draft through the form as `who`; returns its id. */
  async function createDraft(who: string, overrides: Record<string, string> = {}): Promise<number> {
    const res = await post(app(), browsers[who]!, '/admin/items', releaseForm(overrides));
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
    const match = /^\/admin\/items\/(\d+)\/edit\?done=created$/.exec(String(res.headers.location));
    expect(match).not.toBeNull();
    return Number(match![1]);
  }

  it('creates a draft with tags, sources and a quote, recording revision 1 and its author', async () => {
    const id = await createDraft('author1', {
      tag: 'topics/water',
      source: 'offices/field-office',
      'quote.0.speaker': 'Mara Quill',
      'quote.0.role': 'Head of Office',
      'quote.0.text': 'Rivers do not stop at borders.',
      'quote.1.speaker': '',
      'quote.1.text': '',
    });
    const row = await item(id);
    expect(row).toMatchObject({ status: 'draft', published_at: null, visible_from: null, revision: 1 });
    expect(row.created_by).toBe(users.author1);
    expect(row.body_html).toContain('<strong>week-long</strong>');
    const tags = await db().selectFrom('item_tags').selectAll().where('item_id', '=', id).execute();
    expect(tags.map((t) => t.origin)).toEqual(['editor']);
    const quotes = await db().selectFrom('quotes').selectAll().where('item_id', '=', id).execute();
    expect(quotes).toHaveLength(1);
    const revs = await revisions(id);
    expect(revs).toHaveLength(1);
    expect(revs[0]).toMatchObject({
      revision: 1,
      saved_by: users.author1,
      saved_by_label: 'author1',
      summary: 'created',
    });
    const list = await get(app(), browsers.author1!, '/admin/items?mine=1');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Water engineers finish river course');
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'item.create')
      .execute();
    expect(audit.some((a) => a.subject_id === String(id))).toBe(true);
  });

  it('edits, lists revisions, shows a readable diff, restores into the form and saves without publishing', async () => {
    const id = await createDraft('author1', { tag: 'topics/water' });
    const edit = await get(app(), browsers.author1!, `/admin/items/${id}/edit`);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('name="revision" value="1"');
    clock.advance(60_000);
    const saved = await post(app(), browsers.author1!, `/admin/items/${id}`, {
      ...releaseForm({ title: 'Water engineers finish <river> course', tag: 'topics/roads', revision: '1' }),
    });
    expect(saved.statusCode, saved.body.slice(0, 1500)).toBe(303);
    expect(saved.headers.location).toBe(`/admin/items/${id}/edit?done=saved`);
    const row = await item(id);
    expect(row).toMatchObject({
      revision: 2,
      status: 'draft',
      title: 'Water engineers finish <river> course',
    });
    expect(row.updated_at).toBe(clock.now().toISOString());
    const revs = await revisions(id);
    expect(revs.map((r) => r.revision)).toEqual([1, 2]);
    expect(revs[1]!.summary).toBe('title, tags');

    const history = await get(app(), browsers.author1!, `/admin/items/${id}/revisions`);
    expect(history.statusCode).toBe(200);
    expect(history.body).toContain('Revision 2');
    const diff = await get(app(), browsers.author1!, `/admin/items/${id}/revisions/diff?from=1&to=2`);
    expect(diff.statusCode).toBe(200);
    const table = diff.body.slice(diff.body.indexOf('editor-diff'), diff.body.indexOf('</table>'));
    // Word by word, escaped: the inserted angle brackets are marked, the unchanged word is not.
    expect(table).toContain('<span>Water engineers finish </span><ins>&lt;</ins><span>river</span>');
    expect(table).not.toContain('<river>');
    expect(diff.body).toMatch(/<ins>added: topics\/roads<\/ins>/);
    expect(diff.body).toMatch(/<del>removed: topics\/water<\/del>/);
    expect(
      (await get(app(), browsers.author1!, `/admin/items/${id}/revisions/diff?from=1&to=9`)).statusCode,
    ).toBe(404);

    const restore = await get(app(), browsers.author1!, `/admin/items/${id}/revisions/1/restore`);
    expect(restore.statusCode).toBe(200);
    expect(restore.body).toContain('value="Water engineers finish river course"');
    expect(restore.body).toContain('name="revision" value="2"');
    expect(restore.body).toContain('never changes its status or publishes it');
    expect((await item(id)).revision).toBe(2);
    const resaved = await post(
      app(),
      browsers.author1!,
      `/admin/items/${id}`,
      releaseForm({ tag: 'topics/water', revision: '2' }),
    );
    expect(resaved.statusCode).toBe(303);
    expect(await item(id)).toMatchObject({
      revision: 3,
      status: 'draft',
      visible_from: null,
      title: 'Water engineers finish river course',
    });
  });

  it('gives the second of two editors a conflict with their input kept and the other change shown', async () => {
    const id = await createDraft('editor1');
    const first = await post(
      app(),
      browsers.editor1!,
      `/admin/items/${id}`,
      releaseForm({ title: 'First editor title', revision: '1' }),
    );
    expect(first.statusCode).toBe(303);
    const before = await item(id);
    const second = await post(
      app(),
      browsers.editor2!,
      `/admin/items/${id}`,
      releaseForm({ title: 'Second editor title', summary: 'My own summary', revision: '1' }),
    );
    expect(second.statusCode).toBe(409);
    expect(second.body).toContain('Someone else saved this item');
    expect(second.body).toContain('value="Second editor title"');
    expect(second.body).toContain('My own summary');
    expect(second.body).toContain('<ins>First editor title</ins>');
    expect(second.body).toContain('name="revision" value="2"');
    expect(await item(id)).toEqual(before);
    const again = await post(
      app(),
      browsers.editor2!,
      `/admin/items/${id}`,
      releaseForm({ title: 'Second editor title', revision: '2' }),
    );
    expect(again.statusCode).toBe(303);
    expect((await item(id)).title).toBe('Second editor title');
  });

  it('re-renders an invalid form with every field kept and errors beside their fields, changing nothing', async () => {
    const id = await createDraft('author1');
    const before = await item(id);
    const res = await post(app(), browsers.author1!, `/admin/items/${id}`, {
      ...releaseForm({
        title: '   ',
        summary: 'Kept summary text',
        datelineDate: '14/01/2026',
        revision: '1',
      }),
      'tagtext.places': 'Atlantis',
      'quote.0.speaker': '',
      'quote.0.role': 'Spokesperson',
      'quote.0.text': 'A quote without a speaker.',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="field-title-error"');
    expect(res.body).toContain('Kept summary text');
    expect(res.body).toContain('A quote without a speaker.');
    expect(res.body).toContain('value="Spokesperson"');
    expect(res.body).toContain('value="Atlantis"');
    expect(res.body).toContain('is not a term of this vocabulary');
    expect(await item(id)).toEqual(before);
    expect(await revisions(id)).toHaveLength(1);
  });

  it('keeps machine-made tags with their confidence when an editor saves', async () => {
    const id = await site.addItem(
      pressRelease({
        tags: [
          { vocabulary: 'topics', slug: 'water', origin: 'machine', confidence: 0.87 },
          { vocabulary: 'places', slug: 'freedonia' },
        ],
      }),
    );
    const page = await get(app(), browsers.editor1!, `/admin/items/${id}/edit`);
    expect(page.body).toContain('machine-made, 87%');
    expect(page.body).toContain(`action="/admin/items/${id}/tags/`);
    const res = await post(app(), browsers.editor1!, `/admin/items/${id}`, {
      ...releaseForm({ revision: '1', tag: 'topics/water', source: 'offices/field-office' }),
      'tagtext.places': 'Ruritania',
    });
    expect(res.statusCode, res.body.slice(0, 1000)).toBe(303);
    const tags = await db()
      .selectFrom('item_tags')
      .selectAll()
      .where('item_id', '=', id)
      .orderBy('term_id')
      .execute();
    const byOrigin = tags.map((t) => [
      t.origin,
      t.confidence === null ? null : Math.round(Number(t.confidence) * 100),
    ]);
    expect(byOrigin).toContainEqual(['machine', 87]);
    expect(byOrigin).toContainEqual(['editor', null]);
    expect(tags).toHaveLength(2);
    // The imported state was recorded as revision 1 before the first edit.
    expect((await revisions(id)).map((r) => r.revision)).toEqual([1, 2]);
    // Status and publication are the workflow's: an edit leaves them alone.
    expect(await item(id)).toMatchObject({ status: 'published', published_at: '2025-03-03T10:00:00.000Z' });
  });

  it('shows a public correction note on the item page after an edit of a published item', async () => {
    const id = await site.addItem(pressRelease({ title: 'Office opens in Fredonia City' }));
    const page = await get(app(), browsers.editor1!, `/admin/items/${id}/edit`);
    expect(page.body).toContain('name="correctionNote"');
    const row = await item(id);
    const res = await post(app(), browsers.editor1!, `/admin/items/${id}`, {
      ...releaseForm({
        title: 'Office opens in Fredonia City',
        revision: '1',
        correctionNote: 'The opening date was corrected.',
      }),
    });
    expect(res.statusCode).toBe(303);
    expect((await item(id)).correction_note).toBe('The opening date was corrected.');
    const publicPage = await app().inject({ url: `/en/press-release/${row.url_year}/${row.slug}` });
    expect(publicPage.statusCode).toBe(200);
    expect(publicPage.body).toContain('The opening date was corrected.');
    // Dated with the edit, in the site's time zone and the page's language.
    const edited = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/Vienna' }).format(
      new Date((await item(id)).updated_at),
    );
    expect(publicPage.body).toContain(`Updated on ${edited}`);
    const draft = await createDraft('editor1');
    expect((await get(app(), browsers.editor1!, `/admin/items/${draft}/edit`)).body).not.toContain(
      'name="correctionNote"',
    );
  });

  it('links a new item to another item’s translation set, and refuses one in the same language', async () => {
    const english = await site.addItem(pressRelease({ title: 'Office opens in Strelsau' }));
    const sameLanguage = await post(
      app(),
      browsers.editor1!,
      '/admin/items',
      releaseForm({ title: 'Another English item', translationOf: `#${english}` }),
    );
    expect(sameLanguage.statusCode).toBe(400);
    expect(sameLanguage.body).toContain('Another English item');
    const french = await createDraft('editor1', {
      language: 'fr',
      title: 'Ouverture du bureau à Strelsau',
      translationOf: `#${english} Office opens in Strelsau`,
    });
    const [a, b] = [await item(english), await item(french)];
    expect(b.translation_key).not.toBeNull();
    expect(a.translation_key).toBe(b.translation_key);
  });

  it('autosaves without touching the item and offers the autosave back', async () => {
    const id = await createDraft('author1');
    const before = await item(id);
    clock.advance(5_000);
    const res = await app().inject({
      method: 'POST',
      url: `/admin/items/${id}/autosave`,
      cookies: browsers.author1!.cookies,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-csrf-token': browsers.author1!.csrf,
      },
      payload: new URLSearchParams(releaseForm({ title: 'Half-typed title', revision: '1' })).toString(),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ stale: false });
    expect(await item(id)).toEqual(before);
    expect(await revisions(id)).toHaveLength(1);
    const page = await get(app(), browsers.author1!, `/admin/items/${id}/edit`);
    expect(page.body).toContain('You have unsaved changes');
    const restored = await get(app(), browsers.author1!, `/admin/items/${id}/edit?autosave=1`);
    expect(restored.body).toContain('value="Half-typed title"');
    // Without the CSRF token nothing is stored.
    const forged = await app().inject({
      method: 'POST',
      url: `/admin/items/${id}/autosave`,
      cookies: browsers.author1!.cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(releaseForm({ title: 'Forged', revision: '1' })).toString(),
    });
    expect(forged.statusCode).toBe(403);
    const stored = await db().selectFrom('item_autosaves').selectAll().where('item_id', '=', id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.form).not.toContain('Forged');
  });

  it('refuses a save without the CSRF token (403) and changes nothing', async () => {
    const id = await createDraft('author1');
    const before = await item(id);
    const res = await post(
      app(),
      { ...browsers.author1!, csrf: 'forged' },
      `/admin/items/${id}`,
      releaseForm({ title: 'Forged', revision: '1' }),
    );
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('DL_CSRF');
    expect(await item(id)).toEqual(before);
  });

  it('renders a server-side preview without JavaScript, keeping the input', async () => {
    const id = await createDraft('author1');
    const res = await post(
      app(),
      browsers.author1!,
      `/admin/items/${id}/preview`,
      releaseForm({ body: 'Hello **world** <script>alert(1)</script>', revision: '1' }),
    );
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<strong>world</strong>');
    expect(res.body).not.toContain('<script>alert(1)</script>');
    expect(res.body).toContain('Hello **world**');
    expect((await item(id)).revision).toBe(1);
  });

  it('refuses a disguised upload with the form kept and nothing saved', async () => {
    const id = await createDraft('editor1');
    const before = await item(id);
    const boundary = '----dateline-test';
    const fields = {
      ...releaseForm({ title: 'Title typed before the upload', revision: '1' }),
      _csrf: browsers.editor1!.csrf,
    };
    const parts = Object.entries(fields).map(
      ([name, value]) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
    );
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="attachment"; filename="report.pdf"\r\nContent-Type: application/pdf\r\n\r\n<html><script>alert(1)</script></html>\r\n`,
    );
    const res = await app().inject({
      method: 'POST',
      url: `/admin/items/${id}`,
      cookies: browsers.editor1!.cookies,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `${parts.join('')}--${boundary}--\r\n`,
    });
    expect(res.statusCode).toBe(415);
    expect(res.body).toContain('DL_ATTACHMENT_TYPE');
    expect(res.body).toContain('value="Title typed before the upload"');
    expect(await item(id)).toEqual(before);
    expect(await db().selectFrom('attachments').selectAll().where('item_id', '=', id).execute()).toEqual([]);
  });

  it('allows or refuses each role on each action by the permissions and ownership rules', async () => {
    const own = await createDraft('author1');
    const other = await createDraft('author2');
    type Action = {
      name: string;
      method: 'GET' | 'POST';
      url: (id: number) => string;
      body?: Record<string, string>;
    };
    const actions: Action[] = [
      { name: 'list', method: 'GET', url: () => '/admin/items' },
      { name: 'new', method: 'GET', url: () => '/admin/items/new?type=news' },
      { name: 'edit', method: 'GET', url: (id) => `/admin/items/${id}/edit` },
      { name: 'revisions', method: 'GET', url: (id) => `/admin/items/${id}/revisions` },
      { name: 'diff', method: 'GET', url: (id) => `/admin/items/${id}/revisions/diff?from=1&to=1` },
      { name: 'restore', method: 'GET', url: (id) => `/admin/items/${id}/revisions/1/restore` },
      { name: 'create', method: 'POST', url: () => '/admin/items', body: releaseForm() },
      {
        name: 'save',
        method: 'POST',
        url: (id) => `/admin/items/${id}`,
        body: releaseForm({ title: 'Changed by a role test' }),
      },
    ];
    const expected = (role: string, action: string, ownItem: boolean): boolean => {
      const p = (x: Permission) => can(role as (typeof ROLES)[number], x);
      const edit = p('items.write_any') || (p('items.write_own') && ownItem);
      switch (action) {
        case 'list':
        case 'edit':
        case 'revisions':
        case 'diff':
          return p('newsroom.enter');
        case 'new':
        case 'create':
          return p('items.write_own');
        default:
          return edit;
      }
    };
    for (const who of ['admin1', 'editor1', 'author1', 'reviewer1']) {
      const role = who.replace(/\d$/, '');
      for (const action of actions) {
        for (const id of [own, other]) {
          const allowed = expected(role, action.name, id === own && who === 'author1');
          const before = await item(id);
          const count = (await db().selectFrom('items').select('id').execute()).length;
          const res =
            action.method === 'GET'
              ? await get(app(), browsers[who]!, action.url(id))
              : await post(app(), browsers[who]!, action.url(id), {
                  ...action.body,
                  revision: String(before.revision),
                });
          const label = `${who} ${action.name} ${id === own ? 'own' : 'other'}`;
          if (allowed) expect(res.statusCode, label).toBeLessThan(400);
          else {
            expect(res.statusCode, label).toBe(403);
            expect(res.body).toContain('DL_FORBIDDEN');
            expect(await item(id), label).toEqual(before);
            expect((await db().selectFrom('items').select('id').execute()).length).toBe(count);
          }
        }
      }
    }
    // Reviewers read an item with the form disabled and no save button.
    const read = await get(app(), browsers.reviewer1!, `/admin/items/${own}/edit`);
    expect(read.body).toContain('<fieldset class="editor-fieldset" disabled');
  });
});
