import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { auditContext, requireActor } from '../../http/context.ts';
import { IdParams, Paging } from '../../../shared/contracts/common.ts';
import { StatisticsQuery } from '../../../shared/contracts/units.ts';

const Statistics = z.object({
  unitId: z.number().int(),
  asOf: z.string(),
  filters: z.object({ ownership: z.string().nullable(), kinds: z.array(z.string()) }),
  units: z
    .array(z.object({ kind: z.string(), count: z.number().int() }))
    .meta({ description: 'Units of the subtree (the unit itself excluded) passing the filters, by kind' }),
  members: z.array(z.object({ family: z.string(), status: z.string(), count: z.number().int() })).meta({
    description:
      'Members whose home unit is in the subtrees of the selected units, by organization and status',
  }),
  temporary: z
    .array(z.object({ family: z.string(), count: z.number().int() }))
    .meta({ description: 'Members temporarily active in those units' }),
  totals: z.object({
    units: z.number().int(),
    members: z.array(z.object({ family: z.string(), count: z.number().int() })),
  }),
  children: z.array(
    z.object({
      unitId: z.number().int(),
      name: z.string(),
      kind: z.string(),
      units: z.number().int(),
      members: z.number().int(),
    }),
  ),
});

export async function statisticsRoutes(app: FastifyInstance, opts: { services: Services }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { statistics } = opts.services;

  r.get(
    '/units/:id/statistics',
    {
      schema: {
        tags: ['statistics'],
        summary: "Counts in a unit's subtree on a date",
        description:
          'Filters: `kinds` selects units of those kinds (members are counted in their subtrees); `ownership` keeps units in, or under a unit attached to, an enterprise of that ownership. Every count drills down through /statistics/units and /statistics/members.',
        params: IdParams,
        querystring: StatisticsQuery,
        response: { 200: Statistics },
      },
    },
    async (req) => statistics.statistics(requireActor(req), req.params.id, req.query),
  );

  r.get(
    '/units/:id/statistics/units',
    {
      schema: {
        tags: ['statistics'],
        summary: 'The units behind a count',
        params: IdParams,
        querystring: StatisticsQuery.extend({ kind: z.string().max(40).optional(), ...Paging }),
      },
    },
    async (req) => statistics.units(requireActor(req), req.params.id, req.query),
  );

  r.get(
    '/units/:id/statistics/members',
    {
      schema: {
        tags: ['statistics'],
        summary: 'The people behind a count',
        params: IdParams,
        querystring: StatisticsQuery.extend({
          family: z.string().max(40).optional(),
          status: z.string().max(40).optional(),
          ...Paging,
        }),
      },
    },
    async (req) => statistics.members(requireActor(req), req.params.id, req.query, auditContext(req)),
  );
}
