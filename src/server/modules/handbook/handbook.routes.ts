import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { auditContext, requireActor } from '../../http/context.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../http/errors.ts';
import { IdParams } from '../../../shared/contracts/common.ts';
import {
  Adoption,
  AdoptionQuery,
  ComplianceExportQuery,
  ComplianceMeetings,
  ComplianceMeetingsQuery,
  ComplianceQuery,
  CompliancePage,
  DocumentDetail,
  DocumentFile,
  DocumentInput,
  DocumentPage,
  DocumentReads,
  DocumentReadsQuery,
  Home,
  IssuedDocument,
  IssuedDocumentPage,
  IssuedDocumentsQuery,
  MyDocumentsQuery,
  MyTasksQuery,
  Task,
  TaskInput,
  TaskPage,
  TaskPatch,
  UnitTasksQuery,
} from '../../../shared/contracts/handbook.ts';
import { DOCUMENT_FILE_BYTES } from './documents.ts';
import { complianceWorkbook } from './compliance.export.ts';

const UnitParams = z.strictObject({ unitId: IdParams.shape.id });

/** RFC 6266: an ASCII fallback name and the exact UTF-8 name. */
function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const ascii = fileName.normalize('NFD').replace(/[^\w.-]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export async function handbookRoutes(app: FastifyInstance, opts: { services: Services }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { handbook, db } = opts.services;
  const tags = ['handbook'];

  r.get(
    '/me/home',
    {
      schema: {
        tags,
        summary:
          'The member’s home: next meetings, unread documents, open tasks and the inbox, in one answer',
        response: { 200: Home },
      },
    },
    // The JSON is encoded with the response schema once per change and kept (decision 0020); the
    // encoded body is sent as it is, not serialized again.
    async (req, reply) => {
      const body = await handbook.homeJson(requireActor(req));
      return reply.type('application/json; charset=utf-8').send(body as never);
    },
  );

  // ------------------------------------------------------------------------------------------ tasks

  r.get(
    '/me/tasks',
    {
      schema: {
        tags,
        summary: 'Tasks assigned to me',
        querystring: MyTasksQuery,
        response: { 200: TaskPage },
      },
    },
    async (req) => handbook.tasks.mine(requireActor(req), req.query),
  );

  r.get(
    '/units/:unitId/tasks',
    {
      schema: {
        tags,
        summary: 'Tasks of a unit (its managers)',
        description: '`overdue=true`: open tasks due before today.',
        params: UnitParams,
        querystring: UnitTasksQuery,
        response: { 200: TaskPage },
      },
    },
    async (req) => handbook.tasks.ofUnit(requireActor(req), req.params.unitId, req.query),
  );

  r.post(
    '/units/:unitId/tasks',
    {
      schema: {
        tags,
        summary: 'Assign a task to a current member of the unit (notifies the assignee)',
        params: UnitParams,
        body: TaskInput,
        response: { 201: Task },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await handbook.tasks.create(requireActor(req), req.params.unitId, req.body, auditContext(req))),
  );

  r.patch(
    '/tasks/:id',
    {
      schema: {
        tags,
        summary: 'Report on a task (assignee) or change or cancel it (the unit’s managers)',
        params: IdParams,
        body: TaskPatch,
        response: { 200: Task },
      },
    },
    async (req) => handbook.tasks.patch(requireActor(req), req.params.id, req.body, auditContext(req)),
  );

  // -------------------------------------------------------------------------------------- documents

  r.get(
    '/me/documents',
    {
      schema: {
        tags,
        summary: 'Documents addressed to me, newest first',
        querystring: MyDocumentsQuery,
        response: { 200: DocumentPage },
      },
    },
    async (req) => handbook.documents.mine(requireActor(req), req.query),
  );

  r.get(
    '/documents/:id',
    {
      config: { ownWrite: true },
      schema: {
        tags,
        summary: 'A document (opening it marks it read for a member of its audience)',
        params: IdParams,
        response: { 200: DocumentDetail },
      },
    },
    async (req) => handbook.documents.open(requireActor(req), req.params.id, auditContext(req)),
  );

  r.post(
    '/documents/:id/studied',
    {
      schema: {
        tags,
        summary: 'Mark a document studied',
        params: IdParams,
        response: { 200: z.object({ readAt: z.string(), studiedAt: z.string() }) },
      },
    },
    async (req) => handbook.documents.studied(requireActor(req), req.params.id, auditContext(req)),
  );

  r.get(
    '/documents/:id/file',
    {
      schema: {
        tags,
        summary: 'The document’s attached PDF',
        params: IdParams,
        produces: ['application/pdf'],
      },
    },
    async (req, reply) => {
      const f = await handbook.documents.file(requireActor(req), req.params.id);
      return reply
        .header('content-type', f.mediaType)
        .header('content-disposition', contentDisposition('attachment', f.fileName))
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(f.content);
    },
  );

  r.post(
    '/units/:unitId/document-files',
    {
      schema: {
        tags,
        summary: 'Upload a PDF (multipart field `file`) to attach to a document published next',
        consumes: ['multipart/form-data'],
        params: UnitParams,
        response: { 201: DocumentFile },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      let file: { content: Buffer; fileName: string } | null = null;
      try {
        for await (const part of req.parts({ limits: { fileSize: DOCUMENT_FILE_BYTES, files: 1 } })) {
          if (part.type === 'file') {
            const content = await part.toBuffer();
            if (part.fieldname === 'file')
              file = { content, fileName: part.filename.slice(0, 200) || 'document.pdf' };
          }
        }
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT')
          throw new AppError('document.file_size', 413, { maxMb: DOCUMENT_FILE_BYTES / 1024 / 1024 });
        if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE')
          throw new AppError('body.unsupported_media_type', 415);
        throw err;
      }
      if (!file) throw new AppError('document.file_missing', 422);
      return reply
        .status(201)
        .send(await handbook.documents.upload(actor, req.params.unitId, file, auditContext(req)));
    },
  );

  r.post(
    '/units/:unitId/documents',
    {
      schema: {
        tags,
        summary: 'Publish a document to the unit’s subtree (optionally only to units of some kinds)',
        description:
          'The audience is every person with a current party membership (home or temporary) in a unit under the issuer, of the chosen kinds if any; each is notified in the same transaction.',
        params: UnitParams,
        body: DocumentInput,
        response: { 201: IssuedDocument },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          await handbook.documents.publish(requireActor(req), req.params.unitId, req.body, auditContext(req)),
        ),
  );

  r.get(
    '/units/:unitId/documents',
    {
      schema: {
        tags,
        summary: 'Documents the unit published',
        params: UnitParams,
        querystring: IssuedDocumentsQuery,
        response: { 200: IssuedDocumentPage },
      },
    },
    async (req) => handbook.documents.issued(requireActor(req), req.params.unitId, req.query),
  );

  r.get(
    '/documents/:id/reads',
    {
      schema: {
        tags,
        summary: 'Read and studied shares of a document per direct subordinate unit',
        params: IdParams,
        querystring: DocumentReadsQuery,
        response: { 200: DocumentReads },
      },
    },
    async (req) => handbook.documents.reads(requireActor(req), req.params.id, req.query.unitId),
  );

  // ------------------------------------------------------------------------------------- compliance

  r.get(
    '/units/:unitId/compliance',
    {
      schema: {
        tags,
        summary: 'The compliance monitor: every cell under the unit, month by month for a year',
        description:
          'Regular meeting scheduled by the schedule day of the month before, held within the month, minutes published, at least two thirds attending, a thematic meeting in the quarter.',
        params: UnitParams,
        querystring: ComplianceQuery,
        response: { 200: CompliancePage },
      },
    },
    async (req) => handbook.compliance.page(requireActor(req), req.params.unitId, req.query),
  );

  r.get(
    '/units/:unitId/compliance/meetings',
    {
      schema: {
        tags,
        summary: 'Drill-down: a cell’s meetings of a month',
        params: UnitParams,
        querystring: ComplianceMeetingsQuery,
        response: { 200: ComplianceMeetings },
      },
    },
    async (req) => handbook.compliance.meetings(requireActor(req), req.params.unitId, req.query.month),
  );

  r.get(
    '/units/:unitId/compliance/export',
    {
      schema: {
        tags,
        summary: 'The compliance monitor as an XLSX workbook',
        params: UnitParams,
        querystring: ComplianceExportQuery,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const page = await handbook.compliance.page(
        actor,
        req.params.unitId,
        { year: req.query.year, sort: 'name', page: 1, pageSize: 1 },
        { all: true },
      );
      const body = await complianceWorkbook(page, actor.locale);
      await db.tx((q) =>
        appendAudit(q, auditContext(req), {
          action: 'compliance.export',
          recordType: 'unit',
          recordId: page.unitId,
          details: { year: page.year, cells: page.total },
        }),
      );
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="compliance-${page.unitId}-${page.year}.xlsx"`)
        .header('cache-control', 'no-store')
        .send(body);
    },
  );

  // --------------------------------------------------------------------------------------- adoption

  r.get(
    '/units/:unitId/adoption',
    {
      schema: {
        tags,
        summary: 'Adoption of the handbook: members with an activated account and active in the last 30 days',
        params: UnitParams,
        querystring: AdoptionQuery,
        response: { 200: Adoption },
      },
    },
    async (req) => handbook.adoption(requireActor(req), req.params.unitId, req.query),
  );
}
