import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { auditContext, requireActor } from '../../http/context.ts';
import { appendAudit } from '../../audit/audit.ts';
import { IdParams } from '../../../shared/contracts/common.ts';
import {
  CascadeInput,
  Indicator,
  ProgramDashboard,
  ProgramInput,
  ProgramListQuery,
  ProgramQuery,
  ProgramSummary,
  RecordPage,
  RecordsQuery,
  ReportInput,
  TargetInput,
  TargetPatch,
} from '../../../shared/contracts/programs.ts';
import { dashboardWorkbook } from './programs.export.ts';

const Target = z.object({
  id: z.number().int(),
  programId: z.number().int(),
  indicator: z.string(),
  targetValue: z.string(),
  direction: z.string(),
  filters: z.record(z.string(), z.unknown()),
  label: z.string().nullable(),
  parentTargetId: z.number().int().nullable(),
});

export async function programRoutes(app: FastifyInstance, opts: { services: Services }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { programs, db } = opts.services;
  const tags = ['programs'];

  r.get(
    '/indicators',
    {
      schema: {
        tags,
        summary: 'The indicator catalogue',
        description:
          'Each indicator is defined over the records (admissions, establishments, members on a date, shares) or, where no records exist yet, "reported": entered with a source and always shown as such.',
        response: { 200: z.object({ items: z.array(Indicator) }) },
      },
    },
    async (req) => {
      requireActor(req);
      return { items: await programs.catalogue() };
    },
  );

  r.get(
    '/programs',
    {
      schema: {
        tags,
        summary: "Work programs of units in the caller's scope",
        querystring: ProgramListQuery,
        response: { 200: z.object({ items: z.array(ProgramSummary), total: z.number().int() }) },
      },
    },
    async (req) => programs.list(requireActor(req), req.query),
  );

  r.post(
    '/programs',
    {
      schema: {
        tags,
        summary: 'Create a work program with its key targets (all or nothing)',
        body: ProgramInput,
        response: { 201: ProgramSummary },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await programs.create(requireActor(req), req.body, auditContext(req))),
  );

  r.get(
    '/programs/:id',
    {
      schema: {
        tags,
        summary:
          'A program’s dashboard: every target’s achievement on a date, month by month, and by subordinate unit',
        description:
          'Achievements are computed from the records as they stood on each record’s date, so restructuring the tree leaves past figures unchanged. Percentages are exact and rounded once, half away from zero, to two decimals.',
        params: IdParams,
        querystring: ProgramQuery,
        response: { 200: ProgramDashboard },
      },
    },
    async (req) => programs.dashboard(requireActor(req), req.params.id, req.query.asOf),
  );

  r.get(
    '/programs/:id/export',
    {
      schema: {
        tags,
        summary: 'The dashboard as an XLSX workbook',
        params: IdParams,
        querystring: ProgramQuery,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const d = await programs.dashboard(actor, req.params.id, req.query.asOf);
      if (!d.policies.export) return reply.status(403).send();
      const body = await dashboardWorkbook(d, actor.locale);
      await db.tx((q) =>
        appendAudit(q, auditContext(req), {
          action: 'program.export',
          recordType: 'work_program',
          recordId: d.program.id,
          details: { asOf: d.evaluatedOn },
        }),
      );
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="program-${d.program.id}-${d.evaluatedOn}.xlsx"`)
        .header('cache-control', 'no-store')
        .send(body);
    },
  );

  r.post(
    '/programs/:id/targets',
    {
      schema: {
        tags,
        summary: 'Add a key target',
        params: IdParams,
        body: TargetInput,
        response: { 201: Target },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await programs.addTarget(requireActor(req), req.params.id, req.body, auditContext(req))),
  );

  r.patch(
    '/targets/:id',
    {
      schema: {
        tags,
        summary: 'Change a target’s value or wording',
        params: IdParams,
        body: TargetPatch,
        response: { 200: Target },
      },
    },
    async (req) => programs.patchTarget(requireActor(req), req.params.id, req.body, auditContext(req)),
  );

  r.delete(
    '/targets/:id',
    { schema: { tags, summary: 'Remove a target (not one that was cascaded)', params: IdParams } },
    async (req, reply) => {
      await programs.deleteTarget(requireActor(req), req.params.id, auditContext(req));
      return reply.status(204).send();
    },
  );

  r.post(
    '/targets/:id/cascade',
    {
      schema: {
        tags,
        summary: 'Cascade a target to subordinate units',
        description:
          'Each unit gets the same target (indicator, filters, direction) in its own program for the period, created if needed; cascading again to a unit changes its value. The answer gives the sum of the cascaded values against the target.',
        params: IdParams,
        body: CascadeInput,
      },
    },
    async (req) => programs.cascade(requireActor(req), req.params.id, req.body, auditContext(req)),
  );

  r.post(
    '/targets/:id/reports',
    {
      schema: {
        tags,
        summary: 'Report the value of an indicator that has no records behind it (with its source)',
        params: IdParams,
        body: ReportInput,
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await programs.report(requireActor(req), req.params.id, req.body, auditContext(req))),
  );

  r.get(
    '/targets/:id/records',
    {
      schema: {
        tags,
        summary: 'The records behind a target’s figure (the people admitted, the units established, …)',
        params: IdParams,
        querystring: RecordsQuery,
        response: { 200: RecordPage },
      },
    },
    async (req) => programs.records(requireActor(req), req.params.id, req.query, auditContext(req)),
  );
}
