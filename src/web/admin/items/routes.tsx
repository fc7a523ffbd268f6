/**
 * The item editor's routes: list, new, create, edit, save (with conflict detection), preview,
 * autosave, attachments, revisions, diff and restore. Handlers read the form, ask the content
 * service, and re-render the form with everything typed whenever a save cannot happen.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CONTENT_TYPES, type ContentType, type ItemRow } from '../../../db/schema.js';
import { DatelineError, isDatelineError } from '../../../errors.js';
import {
  addAttachment,
  attachmentPolicy,
  removeAttachment,
} from '../../../modules/attachments/attachments.service.js';
import { identifyFile } from '../../../modules/attachments/file-kinds.js';
import { safeFileName } from '../../../modules/attachments/file-name.js';
import { findItemById } from '../../../modules/content/items.repo.js';
import type { NewItemInput } from '../../../modules/content/item.types.js';
import {
  createItem,
  translationKeyOf,
  updateItem,
  validateItem,
  type WriteContext,
} from '../../../modules/content/items.service.js';
import { renderBody } from '../../../modules/content/markdown.js';
import { discardAutosave, findAutosave, storeAutosave } from '../../../modules/revisions/autosave.js';
import { diffSnapshots } from '../../../modules/revisions/diff.js';
import { findRevision, listRevisions } from '../../../modules/revisions/revisions.repo.js';
import { readSnapshot } from '../../../modules/revisions/snapshot.js';
import type { Site } from '../../../site.js';
import { actorOf, requirePermission } from '../auth.js';
import { adminContext } from '../context.js';
import { parseId, readForm } from '../forms.js';
import { renderAdmin } from '../respond.js';
import { mayEdit } from './access.js';
import {
  blankForm,
  type EditorForm,
  editFromForm,
  formFromAutosave,
  formFromSnapshot,
  readEditorForm,
  readUploadedFile,
} from './editor-form.js';
import { EditorPage, type EditorPageProps } from './editor-page.js';
import { editorExtras, publicNow } from './editor-extras.js';
import { ItemListPage, itemListFilter, listNewsroomItems } from './list-page.js';
import { RevisionDiffPage, RevisionsPage } from './revisions-page.js';

/** Item forms carry whole bodies: far more than the newsroom's 16 KiB default, still bounded. */
export const EDITOR_BODY_LIMIT = 2 * 1024 * 1024;

const NOTICES = {
  created: 'items.createdNotice',
  saved: 'items.savedNotice',
  attached: 'items.attachedNotice',
  removed: 'items.removedNotice',
} as const;

/** Service field names → the form's field names, so errors sit beside the right input. */
function formErrors(fields: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [key, message] of Object.entries(fields ?? {})) {
    const name =
      key === 'bodyMarkdown'
        ? 'body'
        : key.startsWith('event.')
          ? `event${key.charAt(6).toUpperCase()}${key.slice(7)}`
          : /^(tags|sources)\.\d+/.test(key)
            ? key.split('.')[0]!
            : key;
    errors[name] = message;
  }
  return errors;
}

/** The content rules' objections to an input, as form errors (none when it is valid). */
function serviceProblems(input: NewItemInput, context: WriteContext): Record<string, string> {
  try {
    validateItem(input, context);
    return {};
  } catch (error) {
    if (!isDatelineError(error) || error.code !== 'DL_VALIDATION') throw error;
    return formErrors(error.fields);
  }
}

/** Registers the item editor and revision routes. */
export function registerItemEditorRoutes(admin: FastifyInstance, site: Site): void {
  const db = site.database.db;
  const read = { preHandler: requirePermission('newsroom.enter') };
  const write = { preHandler: requirePermission('items.write_own'), bodyLimit: EDITOR_BODY_LIMIT };
  const writeContext = (request: FastifyRequest) => ({
    taxonomy: site.taxonomy(),
    languages: site.profile.languages,
    now: site.clock.now(),
    actor: actorOf(request),
  });

  const loadItem = async (request: FastifyRequest): Promise<ItemRow> => {
    const id = parseId((request.params as Record<string, unknown>).id);
    const item = await findItemById(db, id);
    if (!item) throw new DatelineError('DL_NOT_FOUND', `There is no item ${id}.`);
    return item;
  };
  const editable = async (request: FastifyRequest): Promise<ItemRow> => {
    const item = await loadItem(request);
    if (!mayEdit(request.user, item))
      throw new DatelineError('DL_FORBIDDEN', 'You may not edit this item (authors edit their own drafts).');
    return item;
  };

  /** Renders the editor for an item (or a new one) with everything the side panels need. */
  const showEditor = async (
    request: FastifyRequest,
    reply: FastifyReply,
    props: Omit<EditorPageProps, 'ctx' | 'taxonomy' | 'languages'>,
    status = 200,
  ) => {
    const ctx = adminContext(site, request);
    const extras = await editorExtras(site, ctx, props.item, props.form);
    return renderAdmin(
      reply,
      <EditorPage
        ctx={ctx}
        taxonomy={site.taxonomy()}
        languages={site.profile.languages}
        {...extras}
        readOnly={props.item ? !mayEdit(request.user, props.item) : false}
        {...props}
      />,
      status,
    );
  };

  /** Points `translationOf` (`#12 …`) at that item's translation set; errors for unknown items. */
  const withTranslation = async (
    form: EditorForm,
    item?: ItemRow,
  ): Promise<{ form: EditorForm; problems: Record<string, string> }> => {
    const wanted = form.fields.translationOf.trim();
    if (!wanted) return { form, problems: {} };
    const match = /^#?([1-9]\d{0,8})\b/.exec(wanted);
    const other = match ? await findItemById(db, Number(match[1])) : undefined;
    if (!other || other.id === item?.id)
      return { form, problems: { translationOf: 'names no other item: choose one from the list' } };
    if (other.language === form.fields.language)
      return { form, problems: { translationOf: 'is in the same language: a translation is in another' } };
    const key = other.translation_key ?? translationKeyOf(other.id);
    return {
      form: { ...form, fields: { ...form.fields, translationKey: key, translationOf: '' } },
      problems: {},
    };
  };

  admin.get('/admin/items', read, async (request, reply) => {
    const ctx = adminContext(site, request);
    const query = request.query as Record<string, unknown>;
    const filter = itemListFilter(query, site.profile.languages);
    const { rows, more } = await listNewsroomItems(db, filter, request.user?.id ?? 0);
    const done =
      typeof query.done === 'string' && query.done in NOTICES
        ? NOTICES[query.done as keyof typeof NOTICES]
        : undefined;
    return renderAdmin(
      reply,
      <ItemListPage
        ctx={ctx}
        filter={filter}
        rows={rows}
        more={more}
        languages={site.profile.languages}
        notice={done ? ctx.t(done) : undefined}
      />,
    );
  });

  admin.get('/admin/items/new', write, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const type = typeof query.type === 'string' && query.type !== '' ? query.type : 'press-release';
    if (!(CONTENT_TYPES as readonly string[]).includes(type))
      throw new DatelineError('DL_NOT_FOUND', `There is no content type ${type}.`);
    const language =
      typeof query.language === 'string' && site.profile.languages.includes(query.language)
        ? query.language
        : site.profile.defaultLanguage;
    return showEditor(request, reply, { form: blankForm(type, language) });
  });

  admin.post('/admin/items', write, async (request, reply) => {
    const typed = readEditorForm(request.body);
    if (!(CONTENT_TYPES as readonly string[]).includes(typed.fields.type))
      throw new DatelineError('DL_BAD_REQUEST', 'Unknown content type.');
    const { form, problems: linkProblems } = await withTranslation(typed);
    const { edit, problems } = editFromForm(form, site.taxonomy());
    const input: NewItemInput = {
      ...edit,
      type: form.fields.type as ContentType,
      language: form.fields.language,
      status: 'draft',
      publishedAt: null,
    };
    // Every problem at once: the form's own and the content rules'.
    const formProblems = { ...linkProblems, ...problems, ...serviceProblems(input, writeContext(request)) };
    if (Object.keys(formProblems).length > 0)
      return showEditor(request, reply, { form, errors: formProblems }, 400);
    try {
      const id = await createItem(db, input, writeContext(request));
      site.contentChanged();
      return reply.redirect(`/admin/items/${id}/edit?done=created`, 303);
    } catch (error) {
      if (!isDatelineError(error) || error.code !== 'DL_VALIDATION') throw error;
      return showEditor(request, reply, { form, errors: formErrors(error.fields) }, 400);
    }
  });

  admin.get('/admin/items/:id/edit', read, async (request, reply) => {
    const item = await loadItem(request);
    const ctx = adminContext(site, request);
    const query = request.query as Record<string, unknown>;
    const user = request.user!;
    const autosave = mayEdit(user, item) ? await findAutosave(db, item.id, user.id) : undefined;
    const done =
      typeof query.done === 'string' && query.done in NOTICES
        ? NOTICES[query.done as keyof typeof NOTICES]
        : undefined;
    const fromAutosave = query.autosave === '1' && autosave ? formFromAutosave(autosave.form) : null;
    if (fromAutosave) {
      return showEditor(request, reply, {
        item,
        form: {
          ...fromAutosave,
          fields: { ...fromAutosave.fields, revision: String(autosave!.baseRevision) },
        },
        notice: ctx.t('items.autosaveRestored'),
      });
    }
    const snapshot = await readSnapshot(db, item, site.taxonomy());
    return showEditor(request, reply, {
      item,
      form: formFromSnapshot(snapshot, item.revision),
      notice: done ? ctx.t(done) : undefined,
      // Offered only when it is newer than the item: an older one was overtaken by a save.
      autosave: autosave && autosave.savedAt > item.updated_at ? { savedAt: autosave.savedAt } : undefined,
    });
  });

  admin.post('/admin/items/:id', write, async (request, reply) => {
    const item = await editable(request);
    const typed = readEditorForm(request.body);
    const upload = await readUploadedFile(request.body);
    const expectedRevision = Number(typed.fields.revision);
    if (!Number.isInteger(expectedRevision) || expectedRevision < 1)
      throw new DatelineError('DL_BAD_REQUEST', 'The form has no revision.');
    const { form, problems: linkProblems } = await withTranslation(
      { ...typed, fields: { ...typed.fields, type: item.type, language: item.language } },
      item,
    );
    const { edit, problems } = editFromForm(form, site.taxonomy());
    const formProblems: Record<string, string> = {
      ...linkProblems,
      ...problems,
      ...serviceProblems(
        {
          ...edit,
          type: item.type,
          language: item.language,
          status: item.status,
          publishedAt: item.published_at,
        },
        writeContext(request),
      ),
    };
    const policy = attachmentPolicy(site.config);
    // The file is judged before anything is saved, so a refused file leaves the item as it was.
    let uploadStatus = 400;
    if (upload) {
      try {
        if (upload.bytes.length === 0) throw new DatelineError('DL_ATTACHMENT_EMPTY');
        if (upload.bytes.length > policy.maxBytes)
          throw new DatelineError(
            'DL_ATTACHMENT_TOO_LARGE',
            `The file has ${upload.bytes.length} bytes; the site accepts at most ${policy.maxBytes}.`,
          );
        await identifyFile(upload.bytes, safeFileName(upload.fileName).extension, policy.allowedKinds);
      } catch (error) {
        if (!isDatelineError(error)) throw error;
        uploadStatus = error.status;
        formProblems.attachment = `${error.message} (${error.code}) Nothing was saved; choose the file again.`;
      }
    }
    const problemCount = Object.keys(formProblems).length;
    if (problemCount > 0) {
      const status = problemCount === 1 && formProblems.attachment ? uploadStatus : 400;
      return showEditor(request, reply, { item, form, errors: formProblems }, status);
    }
    const published = publicNow(item, site.clock.now());
    try {
      await updateItem(db, item.id, edit, {
        ...writeContext(request),
        expectedRevision,
        actor: actorOf(request),
        correctionNote: published ? form.fields.correctionNote : undefined,
      });
    } catch (error) {
      if (!isDatelineError(error)) throw error;
      if (error.code === 'DL_VALIDATION')
        return showEditor(request, reply, { item, form, errors: formErrors(error.fields) }, 400);
      if (error.code !== 'DL_CONFLICT') throw error;
      return showConflict(request, reply, form, expectedRevision, Boolean(upload));
    }
    site.contentChanged();
    if (upload) {
      await addAttachment(
        db,
        item.id,
        { title: form.fields.attachmentTitle, fileName: upload.fileName, bytes: upload.bytes },
        { now: site.clock.now(), maxBytes: policy.maxBytes, allowedKinds: policy.allowedKinds },
      );
      site.contentChanged();
    }
    return reply.redirect(`/admin/items/${item.id}/edit?done=${upload ? 'attached' : 'saved'}`, 303);
  });

  /** The form again with the typed input, a conflict notice and what the other person changed. */
  const showConflict = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: EditorForm,
    startedAt: number,
    hadUpload: boolean,
  ) => {
    const current = await loadItem(request);
    const ctx = adminContext(site, request);
    const base = await findRevision(db, current.id, startedAt);
    const now = await readSnapshot(db, current, site.taxonomy());
    const diffs = base ? diffSnapshots(base.snapshot, now) : [];
    const note = [
      base
        ? ctx.t('items.conflictDiffNote', { from: startedAt, to: current.revision })
        : ctx.t('items.conflictNoBase'),
      hadUpload ? ctx.t('items.conflictUpload') : '',
    ]
      .filter(Boolean)
      .join(' ');
    // Saving this form again now overwrites revision `current` on purpose: the editor has seen it.
    const kept = { ...form, fields: { ...form.fields, revision: String(current.revision) } };
    return showEditor(
      request,
      reply,
      { item: current, form: kept, conflict: { current: current.revision, diffs, note } },
      409,
    );
  };

  const preview = async (request: FastifyRequest, reply: FastifyReply, item?: ItemRow) => {
    const typed = readEditorForm(request.body);
    const html = renderBody(typed.fields.body);
    if ((request.headers.accept ?? '').includes('application/json'))
      return reply.header('cache-control', 'no-store').send({ html });
    const form = item
      ? { ...typed, fields: { ...typed.fields, type: item.type, language: item.language } }
      : typed;
    return showEditor(request, reply, { item, form, previewHtml: html });
  };
  admin.post('/admin/items/preview', write, async (request, reply) => preview(request, reply));
  admin.post('/admin/items/:id/preview', write, async (request, reply) =>
    preview(request, reply, await editable(request)),
  );

  admin.post('/admin/items/:id/autosave', write, async (request, reply) => {
    const item = await editable(request);
    const form = readEditorForm(request.body);
    const baseRevision = Number(form.fields.revision);
    if (!Number.isInteger(baseRevision) || baseRevision < 1)
      throw new DatelineError('DL_BAD_REQUEST', 'The form has no revision.');
    const savedAt = site.clock.now().toISOString();
    await storeAutosave(db, { itemId: item.id, userId: request.user!.id, savedAt, baseRevision, form });
    return reply.header('cache-control', 'no-store').send({ savedAt, stale: baseRevision !== item.revision });
  });

  admin.post('/admin/items/:id/autosave/discard', write, async (request, reply) => {
    const item = await editable(request);
    await discardAutosave(db, item.id, request.user!.id);
    return reply.redirect(`/admin/items/${item.id}/edit`, 303);
  });

  admin.post(
    '/admin/items/:id/attachments/remove',
    { preHandler: requirePermission('items.write_own') },
    async (request, reply) => {
      const item = await editable(request);
      const { fileName } = readForm(request.body, ['fileName']);
      const removed = await removeAttachment(db, item.id, fileName, { now: site.clock.now() });
      if (!removed) throw new DatelineError('DL_NOT_FOUND', `The item has no attachment ${fileName}.`);
      site.contentChanged();
      return reply.redirect(`/admin/items/${item.id}/edit?done=removed`, 303);
    },
  );

  admin.get('/admin/items/:id/revisions', read, async (request, reply) => {
    const item = await loadItem(request);
    return renderAdmin(
      reply,
      <RevisionsPage
        ctx={adminContext(site, request)}
        item={item}
        revisions={await listRevisions(db, item.id)}
        canRestore={mayEdit(request.user, item)}
      />,
    );
  });

  admin.get('/admin/items/:id/revisions/diff', read, async (request, reply) => {
    const item = await loadItem(request);
    const query = request.query as Record<string, unknown>;
    const [from, to] = await Promise.all(
      [query.from, query.to].map(async (raw) => {
        const revision = await findRevision(db, item.id, parseId(raw));
        if (!revision)
          throw new DatelineError('DL_NOT_FOUND', `Item ${item.id} has no revision ${String(raw)}.`);
        return revision;
      }),
    );
    return renderAdmin(
      reply,
      <RevisionDiffPage
        ctx={adminContext(site, request)}
        item={item}
        from={from!}
        to={to!}
        diffs={diffSnapshots(from!.snapshot, to!.snapshot)}
      />,
    );
  });

  // Restoring only fills the form: nothing is written until the editor saves, which is an ordinary
  // save (a new revision) that never changes status or publication.
  admin.get('/admin/items/:id/revisions/:rev/restore', write, async (request, reply) => {
    const item = await editable(request);
    const revision = await findRevision(
      db,
      item.id,
      parseId((request.params as Record<string, unknown>).rev),
    );
    if (!revision) throw new DatelineError('DL_NOT_FOUND', 'There is no such revision.');
    return showEditor(request, reply, {
      item,
      form: formFromSnapshot(revision.snapshot, item.revision),
      restoredFrom: revision.revision,
    });
  });
}
