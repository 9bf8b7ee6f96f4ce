import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../services.ts';
import { auditContext, requireActor } from '../../http/context.ts';
import { IdParams } from '../../../shared/contracts/common.ts';
import {
  Catalogue,
  ChildrenQuery,
  RestructureQuery,
  RestructureRequest,
  RestructureResult,
  UnitDetail,
  UnitHistory,
  UnitList,
  UnitQuery,
  UnitSearchQuery,
  UnitSearchResult,
} from '../../../shared/contracts/units.ts';

export async function unitRoutes(app: FastifyInstance, opts: { services: Services }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { units, restructure } = opts.services;

  r.get(
    '/catalogue',
    {
      schema: {
        tags: ['units'],
        summary: 'Organization families and unit kinds',
        response: { 200: Catalogue },
      },
    },
    async (req) => {
      requireActor(req);
      return units.catalogue();
    },
  );

  r.get(
    '/units/roots',
    { schema: { tags: ['units'], summary: "The top of the caller's scope", response: { 200: UnitList } } },
    async (req) => units.roots(requireActor(req)),
  );

  r.get(
    '/units',
    {
      schema: {
        tags: ['units'],
        summary: 'Search units in scope (name without diacritics, or code)',
        querystring: UnitSearchQuery,
        response: { 200: UnitSearchResult },
      },
    },
    async (req) => units.search(requireActor(req), req.query),
  );

  r.get(
    '/units/:id',
    {
      schema: {
        tags: ['units'],
        summary: "A unit as of a date, with the caller's policies",
        params: IdParams,
        querystring: UnitQuery,
        response: { 200: UnitDetail },
      },
    },
    async (req) => units.get(requireActor(req), req.params.id, req.query.asOf),
  );

  r.get(
    '/units/:id/children',
    {
      schema: {
        tags: ['units'],
        summary: 'Children of a unit as of a date',
        params: IdParams,
        querystring: ChildrenQuery,
        response: { 200: UnitList },
      },
    },
    async (req) => units.children(requireActor(req), req.params.id, req.query),
  );

  r.get(
    '/units/:id/history',
    {
      schema: {
        tags: ['units'],
        summary: 'Renames, moves, merges, splits and closures of a unit',
        params: IdParams,
        response: { 200: UnitHistory },
      },
    },
    async (req) => units.history(requireActor(req), req.params.id),
  );

  r.post(
    '/restructures',
    {
      schema: {
        tags: ['units'],
        summary:
          'Restructure the tree (establish, rename, reclassify, attach, move, merge, split, dissolve a level, close)',
        description:
          'One transaction and one audit entry. With dryRun=true nothing is written and the changes are returned as a preview.',
        querystring: RestructureQuery,
        body: RestructureRequest,
        response: { 200: RestructureResult },
      },
    },
    async (req) =>
      restructure.restructure(requireActor(req), req.body, { dryRun: req.query.dryRun }, auditContext(req)),
  );
}
