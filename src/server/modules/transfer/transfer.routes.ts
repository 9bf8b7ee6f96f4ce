import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { auditContext, requireActor } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { IdParams } from '../../../shared/contracts/common.ts';
import { ExportQuery } from '../../../shared/contracts/people.ts';
import { StatisticsQuery } from '../../../shared/contracts/units.ts';
import { IMPORT_KINDS } from './import.common.ts';
import type { DownloadFile } from './export.ts';

const Kind = z.enum(IMPORT_KINDS);
const Format = z.enum(['xlsx', 'csv']).default('xlsx');
const Tally = z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });

export const ImportJob = z.object({
  id: z.number().int(),
  kind: z.string(),
  fileName: z.string().nullable(),
  status: z.enum(['running', 'failed', 'succeeded']),
  phase: z.enum(['validating', 'writing', 'done']),
  totalRows: z.number().int(),
  processedRows: z.number().int(),
  errorCount: z.number().int(),
  errors: z
    .array(
      z.object({
        row: z
          .number()
          .int()
          .nullable()
          .meta({ description: 'Spreadsheet row (the header is row 1); null for the whole file' }),
        column: z.string().nullable(),
        code: z.string(),
        message: z.string(),
      }),
    )
    .meta({
      description:
        'The first 1,000 errors; a failed job starts with the reason (e.g. import.row_errors with the count)',
    }),
  summary: z
    .record(z.string(), Tally)
    .meta({ description: 'Per record type, e.g. { people: {…}, memberships: {…} }' }),
});

const MembersExportQuery = StatisticsQuery.extend({
  family: z.string().max(40).optional(),
  status: z.string().max(40).optional(),
  format: Format,
});

function attachment(reply: FastifyReply, fileName: string, contentType: string) {
  return reply
    .header('content-type', contentType)
    .header('content-disposition', `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`)
    .header('cache-control', 'no-store');
}

/** Streams a download; a failure after the headers went out can only cut the stream short. */
function stream(req: FastifyRequest, reply: FastifyReply, file: DownloadFile) {
  const out = new PassThrough();
  file.write(out).catch((err: unknown) => {
    req.log.error({ err }, 'export failed while streaming');
    out.destroy(err as Error);
  });
  return attachment(reply, file.fileName, file.contentType).send(out);
}

export async function transferRoutes(app: FastifyInstance, opts: { services: Services }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { transfer } = opts.services;

  r.post(
    '/imports',
    {
      schema: {
        tags: ['import'],
        summary:
          'Upload a CSV or XLSX file (multipart field `file`) to import; checked whole, written all or nothing',
        description:
          'Answers 202 with the job id once the file is received; poll GET /imports/{id}. A file that cannot be read (encoding, damaged workbook, CSV headers) is refused at once with 422.',
        consumes: ['multipart/form-data'],
        querystring: z.strictObject({ kind: Kind }),
        response: { 202: z.object({ jobId: z.number().int() }) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      transfer.assertMayImport(actor, req.query.kind);
      const file = await req.file();
      if (!file || file.fieldname !== 'file') throw new AppError('import.unknown_format', 422);
      const data = await file.toBuffer();
      const { jobId } = await transfer.startImport(
        actor,
        { kind: req.query.kind, fileName: file.filename, mimeType: file.mimetype, data },
        auditContext(req),
        { log: (err) => req.log.error({ err }, 'import failed') },
      );
      return reply.status(202).send({ jobId });
    },
  );

  r.get(
    '/imports/templates/:kind',
    {
      schema: {
        tags: ['import'],
        summary:
          'An empty import file with the expected headers (XLSX: with a "Help" sheet describing each column)',
        params: z.strictObject({ kind: Kind }),
        querystring: z.strictObject({ format: Format }),
      },
    },
    async (req, reply) => {
      requireActor(req);
      const t = await transfer.template(req.params.kind, req.query.format, req.locale);
      return attachment(reply, t.fileName, t.contentType).send(t.body);
    },
  );

  r.get(
    '/imports/:id',
    {
      schema: {
        tags: ['import'],
        summary: 'Progress and outcome of an import (only for the account that started it)',
        params: IdParams,
        response: { 200: ImportJob },
      },
    },
    async (req) => transfer.job(requireActor(req), req.params.id, req.locale),
  );

  r.get(
    '/people/export',
    {
      schema: {
        tags: ['people'],
        summary: "The caller's people list (same filters and order, all pages) as XLSX or CSV; audited",
        querystring: ExportQuery,
      },
    },
    async (req, reply) =>
      stream(
        req,
        reply,
        await transfer.exportPeople(requireActor(req), req.query, auditContext(req), req.locale),
      ),
  );

  r.get(
    '/units/:id/statistics/members/export',
    {
      schema: {
        tags: ['statistics'],
        summary: 'The people behind a statistics count, as XLSX or CSV; audited',
        params: IdParams,
        querystring: MembersExportQuery,
      },
    },
    async (req, reply) =>
      stream(
        req,
        reply,
        await transfer.exportMembers(
          requireActor(req),
          req.params.id,
          req.query,
          auditContext(req),
          req.locale,
        ),
      ),
  );
}
