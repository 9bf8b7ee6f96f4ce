import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { auditContext, requireActor } from '../../http/context.ts';
import { IdParams } from '../../../shared/contracts/common.ts';
import {
  MembershipEventInput,
  NewMembershipInput,
  PeopleQuery,
  PersonDetail,
  PersonInput,
  PersonPatch,
  PersonSummary,
} from '../../../shared/contracts/people.ts';

export async function peopleRoutes(app: FastifyInstance, opts: { services: Services }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { people } = opts.services;

  r.get(
    '/people',
    {
      schema: {
        tags: ['people'],
        summary: "People in the caller's scope: search without diacritics, filters, paging",
        querystring: PeopleQuery,
        response: {
          200: z.object({
            items: z.array(PersonSummary),
            total: z.number().int(),
            totalIsLowerBound: z.boolean(),
            page: z.number().int(),
            pageSize: z.number().int(),
          }),
        },
      },
    },
    async (req) => people.list(requireActor(req), req.query, auditContext(req)),
  );

  r.get(
    '/people/:id',
    {
      schema: {
        tags: ['people'],
        summary: "A person's record (the read is audited)",
        params: IdParams,
        response: { 200: PersonDetail },
      },
    },
    async (req) => people.detail(requireActor(req), req.params.id, auditContext(req)),
  );

  r.post(
    '/people',
    {
      schema: {
        tags: ['people'],
        summary: 'Register a person',
        body: PersonInput,
        response: { 201: PersonDetail },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await people.create(requireActor(req), req.body, auditContext(req))),
  );

  r.patch(
    '/people/:id',
    {
      schema: {
        tags: ['people'],
        summary: 'Update a person',
        params: IdParams,
        body: PersonPatch,
        response: { 200: PersonDetail },
      },
    },
    async (req) => people.update(requireActor(req), req.params.id, req.body, auditContext(req)),
  );

  r.post(
    '/people/:id/memberships',
    {
      schema: {
        tags: ['people'],
        summary: 'Open a membership with its first event',
        params: IdParams,
        body: NewMembershipInput,
        response: { 201: PersonDetail },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await people.openMembership(requireActor(req), req.params.id, req.body, auditContext(req))),
  );

  r.post(
    '/memberships/:id/events',
    {
      schema: {
        tags: ['people'],
        summary: 'Record a dated membership event (admit, recognize, transfer, temporary activity, leave)',
        params: IdParams,
        body: MembershipEventInput,
        response: { 201: PersonDetail },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await people.recordEvent(requireActor(req), req.params.id, req.body, auditContext(req))),
  );

  r.get(
    '/me',
    { schema: { tags: ['people'], summary: 'My profile, organizations and cells' } },
    async (req) => people.me(requireActor(req), auditContext(req)),
  );
}
