import type { Db, Queryable } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { Actor } from '../../access/actor.ts';
import { requireUnit } from '../../access/scope.ts';
import { appendAudit, type AuditContext } from '../../audit/audit.ts';
import { AppError } from '../../http/errors.ts';
import type { RestructureRequest } from '../../../shared/contracts/units.ts';
import type { IsoDate } from '../../../shared/dates.ts';
import {
  changeVersion,
  closeUnit,
  currentVersion,
  insertUnit,
  isInSubtree,
  checkParentKinds,
  openChildren,
  moveUnits,
} from './tree.ts';
import { rebuildMemberships } from '../people/periods.ts';

type Change = {
  unitId: number;
  name: string;
  change: 'established' | 'renamed' | 'reclassified' | 'attached' | 'moved' | 'closed';
  from?: string | null;
  to?: string | null;
};

export interface RestructureOutcome {
  operationId: number | null;
  applied: boolean;
  changes: Change[];
  membershipsMoved: number;
}

const ACTIVE_STATUSES = ['applicant', 'probationary', 'official', 'member'];

class DryRunRollback extends Error {
  constructor(readonly outcome: RestructureOutcome) {
    super('dry run');
  }
}

async function kindInfo(q: Queryable, code: string) {
  const rows = await q.query<{ family: string; holds_members: boolean }>(
    'SELECT family, holds_members FROM unit_kind WHERE code = $1',
    [code],
  );
  if (!rows[0]) throw new AppError('unit.unknown_kind', 422, { kind: code });
  return rows[0];
}

async function checkEnterprise(q: Queryable, id: number | null | undefined) {
  if (id === null || id === undefined) return;
  const rows = await q.query('SELECT 1 FROM enterprise WHERE id = $1', [id]);
  if (!rows[0]) throw new AppError('validation.failed', 422, { field: 'enterpriseId' });
}

/**
 * Restructuring the tree: each operation is one transaction, one restructure_operation row, unit events
 * for the history pages and one audit entry. Members of a merged, split or dissolved unit move by dated
 * transfer events, so every figure "as of" an earlier date is unchanged.
 */
export function createRestructureService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function moveMembers(
    q: Queryable,
    fromUnit: number,
    toUnit: number,
    on: IsoDate,
    operationId: number,
    only?: Set<number>,
  ): Promise<number> {
    const rows = await q.query<{
      membership_id: number;
      family: string;
      role: string;
      home_unit: number | null;
    }>(
      `SELECT p.membership_id, p.family, p.role,
              (SELECT h.unit_id FROM membership_period h WHERE h.membership_id = p.membership_id AND h.role = 'home' AND h.valid_to = 'infinity') AS home_unit
       FROM membership_period p
       WHERE p.unit_id = $1 AND p.valid_to = 'infinity' AND p.status = ANY($2::text[])`,
      [fromUnit, ACTIVE_STATUSES],
    );
    const moving = only ? rows.filter((r) => only.has(r.membership_id)) : rows;
    if (moving.length === 0) return 0;
    const target = await currentVersion(q, toUnit);
    const info = await kindInfo(q, target.kind_code);
    if (!info.holds_members || moving.some((r) => r.family !== info.family)) {
      throw new AppError('membership.unit_wrong_family', 422);
    }
    const ev: unknown[][] = [[], [], [], []];
    const push = (m: number, kind: string, unit: number | null) => {
      ev[0]!.push(m);
      ev[1]!.push(kind);
      ev[2]!.push(unit);
      ev[3]!.push(kind === 'transfer' ? 'restructure' : null);
    };
    for (const r of moving) {
      if (r.role === 'home') push(r.membership_id, 'transfer', toUnit);
      else {
        push(r.membership_id, 'temporary_end', null);
        if (r.home_unit !== toUnit) push(r.membership_id, 'temporary_start', toUnit);
      }
    }
    await q.query(
      `INSERT INTO membership_event (membership_id, kind, occurred_on, unit_id, reason, operation_id)
       SELECT m, k, $5::date, u, r, $6 FROM unnest($1::int[], $2::text[], $3::int[], $4::text[]) AS t(m, k, u, r)`,
      [...ev, on, operationId],
    );
    await rebuildMemberships(
      q,
      moving.map((r) => r.membership_id),
      clock.today(),
    );
    return moving.length;
  }

  async function apply(
    q: Queryable,
    actor: Actor,
    req: RestructureRequest,
    operationId: number,
  ): Promise<RestructureOutcome> {
    const on = req.effectiveOn;
    const changes: Change[] = [];
    let membershipsMoved = 0;
    const events: { unitId: number; kind: string; details: Record<string, unknown> }[] = [];
    const need = (unitId: number) => requireUnit(q, actor, unitId, 'unit.restructure');

    const moveUnder = async (unitIds: number[], newParentId: number) => {
      const moved = await moveUnits(q, unitIds, newParentId, on);
      if (moved.length === 0) return;
      const names = await q.query<{ unit_id: number; name: string }>(
        `SELECT unit_id, name FROM unit_version WHERE unit_id = ANY($1::int[]) AND valid_to = 'infinity'`,
        [[newParentId, ...moved.map((m) => m.fromParentId ?? 0)]],
      );
      const nameOf = (id: number | null) => names.find((p) => p.unit_id === id)?.name ?? null;
      for (const m of moved) {
        changes.push({
          unitId: m.unitId,
          name: m.name,
          change: 'moved',
          from: nameOf(m.fromParentId),
          to: nameOf(newParentId),
        });
        events.push({
          unitId: m.unitId,
          kind: 'moved',
          details: { fromParentId: m.fromParentId, toParentId: newParentId },
        });
      }
    };
    const close = async (unitId: number, details: Record<string, unknown>) => {
      const cur = await currentVersion(q, unitId);
      await closeUnit(q, unitId, on);
      changes.push({ unitId, name: cur.name, change: 'closed' });
      events.push({ unitId, kind: 'closed', details });
    };
    const establish = async (n: {
      parentId: number;
      name: string;
      unitKind: string;
      code?: string;
      enterpriseId?: number | null;
    }) => {
      await kindInfo(q, n.unitKind);
      await checkEnterprise(q, n.enterpriseId);
      if (n.code) {
        const taken = await q.query('SELECT 1 FROM unit WHERE code = $1', [n.code]);
        if (taken[0]) throw new AppError('unit.code_taken', 409, { code: n.code });
      }
      const parent = await q.query<{ closed_on: string | null; established_on: string }>(
        'SELECT closed_on, established_on FROM unit WHERE id = $1',
        [n.parentId],
      );
      if (parent[0]?.closed_on) throw new AppError('unit.closed', 422, { name: String(n.parentId) });
      if (parent[0] && on < parent[0].established_on)
        throw new AppError('unit.date_before_history', 422, { date: parent[0].established_on });
      await checkParentKinds(q, [], n.parentId, n.unitKind);
      const id = await insertUnit(q, {
        code: n.code,
        parentId: n.parentId,
        name: n.name,
        kind: n.unitKind,
        enterpriseId: n.enterpriseId,
        on,
      });
      changes.push({ unitId: id, name: n.name, change: 'established' });
      events.push({ unitId: id, kind: 'established', details: { parentId: n.parentId } });
      return id;
    };

    switch (req.kind) {
      case 'establish':
        await need(req.parentId);
        await establish(req);
        break;
      case 'rename': {
        await need(req.unitId);
        const cur = await currentVersion(q, req.unitId);
        await changeVersion(q, req.unitId, on, { name: req.name });
        changes.push({ unitId: req.unitId, name: req.name, change: 'renamed', from: cur.name, to: req.name });
        events.push({ unitId: req.unitId, kind: 'renamed', details: { from: cur.name, to: req.name } });
        break;
      }
      case 'reclassify': {
        await need(req.unitId);
        await kindInfo(q, req.unitKind);
        const cur = await currentVersion(q, req.unitId);
        await changeVersion(q, req.unitId, on, { kind_code: req.unitKind });
        changes.push({
          unitId: req.unitId,
          name: cur.name,
          change: 'reclassified',
          from: cur.kind_code,
          to: req.unitKind,
        });
        events.push({
          unitId: req.unitId,
          kind: 'reclassified',
          details: { from: cur.kind_code, to: req.unitKind },
        });
        break;
      }
      case 'attach': {
        await need(req.unitId);
        await checkEnterprise(q, req.enterpriseId);
        const cur = await currentVersion(q, req.unitId);
        await changeVersion(q, req.unitId, on, { enterprise_id: req.enterpriseId });
        changes.push({
          unitId: req.unitId,
          name: cur.name,
          change: 'attached',
          from: String(cur.enterprise_id ?? ''),
          to: String(req.enterpriseId ?? ''),
        });
        events.push({
          unitId: req.unitId,
          kind: 'attached',
          details: { from: cur.enterprise_id, to: req.enterpriseId },
        });
        break;
      }
      case 'move':
        await need(req.unitId);
        await need(req.newParentId);
        await moveUnder([req.unitId], req.newParentId);
        break;
      case 'merge': {
        if ((req.targetId === undefined) === (req.newTarget === undefined)) {
          throw new AppError('validation.failed', 422);
        }
        for (const s of req.sourceIds) await need(s);
        let target: number;
        if (req.targetId !== undefined) {
          await need(req.targetId);
          target = req.targetId;
          if (req.sourceIds.includes(target)) throw new AppError('unit.merge_into_descendant', 422);
          for (const s of req.sourceIds) {
            if (await isInSubtree(q, s, target)) throw new AppError('unit.merge_into_descendant', 422);
          }
        } else {
          await need(req.newTarget!.parentId);
          for (const s of req.sourceIds) {
            if (await isInSubtree(q, s, req.newTarget!.parentId))
              throw new AppError('unit.merge_into_descendant', 422);
          }
          target = await establish(req.newTarget!);
        }
        for (const s of [...new Set(req.sourceIds)]) {
          await moveUnder(await openChildren(q, s), target);
          membershipsMoved += await moveMembers(q, s, target, on, operationId);
          await close(s, { mergedInto: target });
          events.push({ unitId: target, kind: 'merged_in', details: { sourceId: s } });
        }
        break;
      }
      case 'split': {
        await need(req.unitId);
        const cur = await currentVersion(q, req.unitId);
        if (cur.parent_id === null) throw new AppError('unit.no_parent', 422);
        const children = new Set(await openChildren(q, req.unitId));
        const members = await q.query<{ membership_id: number }>(
          `SELECT membership_id FROM membership_period WHERE unit_id = $1 AND valid_to = 'infinity' AND status = ANY($2::text[])`,
          [req.unitId, ACTIVE_STATUSES],
        );
        const memberSet = new Set(members.map((m) => m.membership_id));
        const assignedChildren = req.parts.flatMap((p) => p.childIds);
        const assignedMembers = req.parts.flatMap((p) => p.membershipIds);
        const complete =
          assignedChildren.length === children.size &&
          assignedChildren.every((c) => children.has(c)) &&
          new Set(assignedChildren).size === children.size &&
          assignedMembers.length === memberSet.size &&
          assignedMembers.every((m) => memberSet.has(m)) &&
          new Set(assignedMembers).size === memberSet.size;
        if (!complete) throw new AppError('unit.split_incomplete', 422);
        for (const part of req.parts) {
          const id = await establish({
            parentId: cur.parent_id,
            name: part.name,
            unitKind: part.unitKind,
            code: part.code,
            enterpriseId: cur.enterprise_id,
          });
          await moveUnder(part.childIds, id);
          if (part.membershipIds.length > 0) {
            membershipsMoved += await moveMembers(
              q,
              req.unitId,
              id,
              on,
              operationId,
              new Set(part.membershipIds),
            );
          }
          events.push({ unitId: id, kind: 'split_from', details: { sourceId: req.unitId } });
        }
        await close(req.unitId, {
          splitInto: changes.filter((c) => c.change === 'established').map((c) => c.unitId),
        });
        break;
      }
      case 'dissolve_level': {
        await need(req.unitId);
        const cur = await currentVersion(q, req.unitId);
        if (cur.parent_id === null) throw new AppError('unit.no_parent', 422);
        await need(cur.parent_id);
        await moveUnder(await openChildren(q, req.unitId), cur.parent_id);
        membershipsMoved += await moveMembers(q, req.unitId, cur.parent_id, on, operationId);
        await close(req.unitId, { dissolvedInto: cur.parent_id });
        break;
      }
      case 'close': {
        await need(req.unitId);
        if ((await openChildren(q, req.unitId)).length > 0) throw new AppError('unit.split_incomplete', 422);
        const members = await q.query(
          `SELECT 1 FROM membership_period WHERE unit_id = $1 AND valid_to = 'infinity' AND status = ANY($2::text[]) LIMIT 1`,
          [req.unitId, ACTIVE_STATUSES],
        );
        if (members[0]) throw new AppError('unit.split_incomplete', 422);
        await close(req.unitId, {});
        break;
      }
    }

    if (events.length > 0) {
      await q.query(
        `INSERT INTO unit_event (unit_id, operation_id, kind, occurred_on, details)
         SELECT u, $4, k, $5, d FROM unnest($1::int[], $2::text[], $3::jsonb[]) AS t(u, k, d)`,
        [
          events.map((e) => e.unitId),
          events.map((e) => e.kind),
          events.map((e) => JSON.stringify(e.details)),
          operationId,
          on,
        ],
      );
    }
    return { operationId, applied: true, changes, membershipsMoved };
  }

  return {
    async restructure(
      actor: Actor,
      req: RestructureRequest,
      opts: { dryRun: boolean },
      ctx: AuditContext,
    ): Promise<RestructureOutcome> {
      if (req.effectiveOn > clock.today())
        throw new AppError('unit.future_date', 422, { date: req.effectiveOn });
      try {
        return await db.tx(async (q) => {
          const op = await q.query<{ id: number }>(
            `INSERT INTO restructure_operation (kind, effective_on, payload, decision_ref, actor_account_id)
             VALUES ($1, $2, $3, $4, $5) RETURNING id`,
            [req.kind, req.effectiveOn, JSON.stringify(req), req.decisionRef ?? null, actor.accountId],
          );
          const outcome = await apply(q, actor, req, op[0]!.id);
          if (opts.dryRun) throw new DryRunRollback({ ...outcome, operationId: null, applied: false });
          await appendAudit(
            q,
            ctx,
            {
              action: `unit.${req.kind}`,
              recordType: 'restructure_operation',
              recordId: outcome.operationId,
              details: {
                request: req,
                changes: outcome.changes.length,
                membershipsMoved: outcome.membershipsMoved,
              },
            },
            clock.now(),
          );
          return outcome;
        });
      } catch (err) {
        if (err instanceof DryRunRollback) return err.outcome;
        throw err;
      }
    },
  };
}

export type RestructureService = ReturnType<typeof createRestructureService>;
