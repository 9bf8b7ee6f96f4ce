import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { auditContext, requireActor } from '../../http/context.ts';
import { IdParams, Ownership, Paging } from '../../../shared/contracts/common.ts';

const EnterpriseInput = z.strictObject({
  code: z.string().trim().min(1).max(64).nullable().optional(),
  name: z.string().trim().min(1).max(300),
  ownership: Ownership,
  sector: z.string().trim().max(120).nullable().optional(),
  address: z.string().trim().max(500).nullable().optional(),
  workforce: z.number().int().min(0).max(10_000_000).nullable().optional(),
});
const Enterprise = z.object({
  id: z.number().int(),
  code: z.string().nullable(),
  name: z.string(),
  ownership: Ownership,
  sector: z.string().nullable(),
  address: z.string().nullable(),
  workforce: z.number().int().nullable(),
  unitCount: z.number().int(),
});

export async function enterpriseRoutes(app: FastifyInstance, opts: { services: Services }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { enterprises } = opts.services;

  r.get(
    '/enterprises',
    {
      schema: {
        tags: ['enterprises'],
        summary: 'Search the register of agencies and enterprises',
        querystring: z.strictObject({
          q: z.string().trim().min(1).max(100).optional(),
          ownership: Ownership.optional(),
          ...Paging,
        }),
        response: {
          200: z.object({
            items: z.array(Enterprise),
            total: z.number().int(),
            policies: z.object({ create: z.boolean() }),
          }),
        },
      },
    },
    async (req) => enterprises.list(requireActor(req), req.query),
  );
  r.get(
    '/enterprises/:id',
    {
      schema: {
        tags: ['enterprises'],
        summary: 'An enterprise',
        params: IdParams,
        response: { 200: Enterprise.extend({ policies: z.object({ update: z.boolean() }) }) },
      },
    },
    async (req) => enterprises.get(requireActor(req), req.params.id),
  );
  r.post(
    '/enterprises',
    {
      schema: {
        tags: ['enterprises'],
        summary: 'Register an enterprise',
        body: EnterpriseInput,
        response: { 201: z.object({ id: z.number().int() }) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await enterprises.create(requireActor(req), req.body, auditContext(req))),
  );
  r.patch(
    '/enterprises/:id',
    {
      schema: {
        tags: ['enterprises'],
        summary: 'Update an enterprise',
        params: IdParams,
        body: EnterpriseInput.partial(),
      },
    },
    async (req, reply) => {
      await enterprises.update(requireActor(req), req.params.id, req.body, auditContext(req));
      return reply.status(204).send();
    },
  );
}
