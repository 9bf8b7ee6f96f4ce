import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { auditContext, requireActor } from '../../http/context.ts';
import { Id, IdParams } from '../../../shared/contracts/common.ts';
import { ROLES } from '../../../shared/access.ts';
import { LIMITS } from '../../../shared/limits.ts';

const RoleGrant = z.strictObject({ role: z.enum(ROLES), unitId: Id });

export async function accountRoutes(app: FastifyInstance, opts: { services: Services }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { accounts } = opts.services;

  r.get(
    '/accounts',
    { schema: { tags: ['accounts'], summary: "Accounts holding roles in the caller's scope" } },
    async (req) => accounts.list(requireActor(req)),
  );

  r.post(
    '/accounts',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Create an account with a role on a unit',
        body: z.strictObject({
          username: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9._@-]{2,63}$/),
          password: z
            .string()
            .min(1)
            .max(LIMITS.passwordMax * 4),
          personId: Id.nullable().optional(),
          role: z.enum(ROLES),
          unitId: Id,
        }),
        response: { 201: z.object({ id: z.number().int() }) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await accounts.create(requireActor(req), req.body, auditContext(req))),
  );

  r.post(
    '/accounts/:id/roles',
    { schema: { tags: ['accounts'], summary: 'Grant a role on a unit', params: IdParams, body: RoleGrant } },
    async (req, reply) => {
      await accounts.grant(requireActor(req), req.params.id, req.body, auditContext(req));
      return reply.status(204).send();
    },
  );

  r.delete(
    '/accounts/:id/roles',
    { schema: { tags: ['accounts'], summary: 'Revoke a role', params: IdParams, body: RoleGrant } },
    async (req, reply) => {
      await accounts.revoke(requireActor(req), req.params.id, req.body, auditContext(req));
      return reply.status(204).send();
    },
  );

  r.patch(
    '/accounts/:id',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Disable or enable an account',
        params: IdParams,
        body: z.strictObject({ disabled: z.boolean() }),
      },
    },
    async (req, reply) => {
      await accounts.setDisabled(requireActor(req), req.params.id, req.body.disabled, auditContext(req));
      return reply.status(204).send();
    },
  );
}
