/**
 * /admin/import (imports.run): upload pages, feeds, JSONL/CSV files and Dateline exports; a dry run
 * shows what would be created, a real run imports and shows the per-file report.
 *
 * The run happens within the request and the page shows the finished report (it works without
 * JavaScript); each finished file is logged, so the progress of a long run can be followed in the
 * server log. Upload size: IMPORT_UPLOAD_MAX_BYTES for all files together (and so for each one).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DatelineError, isDatelineError } from '../../../errors.js';
import type { Site } from '../../../site.js';
import { actorOf, requirePermission } from '../auth.js';
import { adminContext } from '../context.js';
import { sendAdminError, renderAdmin } from '../respond.js';
import { importOptions, readImportForm } from './options.js';
import { BLANK_IMPORT_FORM, ImportPage } from './page.js';
import { runImport } from './run.js';
import { tooLarge, uploadedFiles, withStagedFiles } from './upload.js';

/** The most files one upload may hold (the newsroom's multipart limit). */
export const MAX_IMPORT_FILES = 20;
/** Room for the multipart envelope and the form's other fields around the files. */
const ENVELOPE_BYTES = 1024 * 1024;

function maxBytesOf(site: Site): number {
  return Math.max(1, site.config.importUploadMaxBytes);
}

/** Registers the import upload page. */
export function registerImportRoutes(admin: FastifyInstance, site: Site): void {
  const maxBytes = maxBytesOf(site);
  const guard = requirePermission('imports.run');

  admin.get('/admin/import', { preHandler: guard }, async (request, reply) =>
    renderAdmin(
      reply,
      <ImportPage
        ctx={adminContext(site, request)}
        values={BLANK_IMPORT_FORM}
        defaultThreshold={site.config.importTagThreshold}
        maxBytes={maxBytes}
      />,
    ),
  );

  admin.post(
    '/admin/import',
    {
      preHandler: guard,
      bodyLimit: maxBytes + ENVELOPE_BYTES,
      config: {
        // Read by @fastify/multipart for this route: one file may be as large as the whole upload.
        multipartOptions: { limits: { fileSize: maxBytes, files: MAX_IMPORT_FILES } },
      },
      // A file over the limit is stopped while the body is read, before any handler: answer with
      // the import's own code and the limit, instead of the generic "body too large".
      errorHandler: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
        if (isDatelineError(error)) return sendAdminError(site, request, reply, error.code, error.message);
        if (error.code === 'FST_FILES_LIMIT')
          return sendAdminError(
            site,
            request,
            reply,
            'DL_IMPORT_TOO_LARGE',
            `An import takes at most ${MAX_IMPORT_FILES} files at once.`,
          );
        if (error.statusCode === 413)
          return sendAdminError(site, request, reply, 'DL_IMPORT_TOO_LARGE', tooLarge(maxBytes).message);
        if ((error.statusCode ?? 500) < 500) return sendAdminError(site, request, reply, 'DL_BAD_REQUEST');
        request.log.error({ err: error }, 'import upload failed');
        return sendAdminError(site, request, reply, 'DL_INTERNAL');
      },
    },
    async (request, reply) => {
      if (!request.isMultipart())
        throw new DatelineError('DL_BAD_REQUEST', 'Send the import form (multipart/form-data).');
      const values = readImportForm(request.body);
      const files = uploadedFiles(request.body, 'files', maxBytes);
      const { options, errors } = importOptions(values, site.config.importTagThreshold);
      const ctx = adminContext(site, request);
      const page = (extra: {
        errors?: Record<string, string>;
        run?: Awaited<ReturnType<typeof runImport>>;
      }) => (
        <ImportPage
          ctx={ctx}
          values={values}
          defaultThreshold={site.config.importTagThreshold}
          maxBytes={maxBytes}
          {...extra}
        />
      );
      if (!options) return renderAdmin(reply, page({ errors }), 400);
      const run = await withStagedFiles(files, (staged) =>
        runImport(site, staged, options, actorOf(request), (file) =>
          request.log.info(
            { file: file.name, records: file.records.length, dryRun: options.dryRun },
            'import file done',
          ),
        ),
      );
      return renderAdmin(reply, page({ run }));
    },
  );
}
