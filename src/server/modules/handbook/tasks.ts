import type { z } from 'zod';
import type { Db, Queryable } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { Actor } from '../../access/actor.ts';
import { requireUnit, unitPermissions } from '../../access/scope.ts';
import { appendAudit, type AuditContext } from '../../audit/audit.ts';
import { AppError, forbidden, invalid, notFound } from '../../http/errors.ts';
import { notify } from '../notifications/notify.ts';
import type { Task, TaskInput, TaskPatch } from '../../../shared/contracts/handbook.ts';
import { isCurrentMember, unitNameSql } from './common.ts';

interface TaskRow extends Omit<Task, 'policies'> {
  createdBy: number | null;
}

/** Columns of a task; `$today` is the placeholder holding today's date (for `overdue`). */
export const taskSelect = (
  todayP: string,
) => `SELECT t.id, t.unit_id AS "unitId", ${unitNameSql('t.unit_id')} AS "unitName",
    t.meeting_id AS "meetingId", t.assignee_person_id AS "assigneePersonId", p.full_name AS "assigneeName",
    t.title, t.details, t.due_on AS "dueOn", t.status, t.report, t.reported_at AS "reportedAt",
    (t.status = 'open' AND t.due_on < ${todayP}::date) AS overdue, t.created_at AS "createdAt",
    t.updated_at AS "updatedAt", t.created_by AS "createdBy"
  FROM cell_task t JOIN person p ON p.id = t.assignee_person_id`;

export function createTaskService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function present(q: Queryable, actor: Actor, rows: TaskRow[]): Promise<Task[]> {
    const perms = await unitPermissions(q, actor, [...new Set(rows.map((r) => r.unitId))]);
    return rows.map(({ createdBy: _c, ...r }) => ({
      ...r,
      policies: {
        manage: perms.get(r.unitId)?.has('meeting.manage') ?? false,
        report: actor.personId !== null && actor.personId === r.assigneePersonId && r.status !== 'cancelled',
      },
    }));
  }

  async function load(q: Queryable, id: number, lock = false) {
    const rows = await q.query<TaskRow>(
      `${taskSelect('$2')} WHERE t.id = $1 ${lock ? 'FOR UPDATE OF t' : ''}`,
      [id, clock.today()],
    );
    return rows[0] ?? null;
  }

  return {
    async mine(actor: Actor, query: { status?: Task['status']; page: number; pageSize: number }) {
      if (actor.personId === null) return { items: [], total: 0 };
      const rows = await db.query<TaskRow>(
        `${taskSelect('$2')}
         WHERE t.assignee_person_id = $1 AND ($3::text IS NULL OR t.status = $3)
         ORDER BY (t.status = 'open') DESC, t.due_on ASC NULLS LAST, t.id DESC
         LIMIT $4 OFFSET $5`,
        [
          actor.personId,
          clock.today(),
          query.status ?? null,
          query.pageSize,
          (query.page - 1) * query.pageSize,
        ],
      );
      const total = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM cell_task WHERE assignee_person_id = $1 AND ($2::text IS NULL OR status = $2)`,
        [actor.personId, query.status ?? null],
      );
      return { items: await present(db, actor, rows), total: total[0]!.n };
    },

    async ofUnit(
      actor: Actor,
      unitId: number,
      query: { status?: Task['status']; overdue?: boolean; page: number; pageSize: number },
    ) {
      await requireUnit(db, actor, unitId, 'meeting.manage');
      const today = clock.today();
      const where = `t.unit_id = $1 AND ($3::text IS NULL OR t.status = $3)
        AND ($4::boolean IS NULL OR (t.status = 'open' AND t.due_on < $2::date) = $4)`;
      const params = [unitId, today, query.status ?? null, query.overdue ?? null];
      const rows = await db.query<TaskRow>(
        `${taskSelect('$2')} WHERE ${where}
         ORDER BY (t.status = 'open') DESC, t.due_on ASC NULLS LAST, t.id DESC LIMIT $5 OFFSET $6`,
        [...params, query.pageSize, (query.page - 1) * query.pageSize],
      );
      const total = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM cell_task t WHERE ${where}`,
        params,
      );
      return { items: await present(db, actor, rows), total: total[0]!.n };
    },

    async create(actor: Actor, unitId: number, input: z.infer<typeof TaskInput>, ctx: AuditContext) {
      const now = clock.now();
      const today = clock.today();
      return db.tx(async (q) => {
        await requireUnit(q, actor, unitId, 'meeting.manage');
        if (!(await isCurrentMember(q, input.assigneePersonId, unitId, today)))
          throw invalid('task.assignee_not_member', { personId: input.assigneePersonId });
        if (input.meetingId !== undefined) {
          const m = await q.query<{ unit_id: number }>(`SELECT unit_id FROM meeting WHERE id = $1`, [
            input.meetingId,
          ]);
          if (m[0]?.unit_id !== unitId) throw invalid('task.meeting_invalid', { meetingId: input.meetingId });
        }
        const [row] = await q.query<{ id: number }>(
          `INSERT INTO cell_task (unit_id, meeting_id, assignee_person_id, title, details, due_on, created_by, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
          [
            unitId,
            input.meetingId ?? null,
            input.assigneePersonId,
            input.title,
            input.details ?? null,
            input.dueOn ?? null,
            actor.accountId,
            now.toISOString(),
          ],
        );
        const task = (await load(q, row!.id))!;
        await notify(q, {
          personIds: [input.assigneePersonId],
          kind: 'task.assigned',
          subjectType: 'task',
          subjectId: task.id,
          payload: { taskId: task.id, title: task.title, dueOn: task.dueOn, unitName: task.unitName },
          dedupeKey: `task:${task.id}:assigned`,
          now,
        });
        await appendAudit(
          q,
          ctx,
          {
            action: 'task.create',
            recordType: 'cell_task',
            recordId: task.id,
            details: { unitId, assigneePersonId: input.assigneePersonId, dueOn: input.dueOn ?? null },
          },
          now,
        );
        return (await present(q, actor, [task]))[0]!;
      });
    },

    async patch(actor: Actor, id: number, patch: z.infer<typeof TaskPatch>, ctx: AuditContext) {
      const now = clock.now();
      return db.tx(async (q) => {
        const task = await load(q, id, true);
        if (!task) throw notFound();
        const perms = (await unitPermissions(q, actor, [task.unitId])).get(task.unitId)!;
        const manager = perms.has('meeting.manage');
        const assignee = actor.personId !== null && actor.personId === task.assigneePersonId;
        if (!manager && !assignee) {
          if (perms.size === 0) throw notFound();
          throw forbidden();
        }
        const managerFields =
          patch.title !== undefined || patch.details !== undefined || patch.dueOn !== undefined;
        if (managerFields && !manager) throw forbidden();
        if (patch.report !== undefined && !assignee) throw forbidden();
        if (patch.status === 'cancelled' && !manager) throw forbidden();
        if (task.status === 'cancelled' && !manager) throw new AppError('task.cancelled', 409);
        const reported = patch.report !== undefined || (assignee && patch.status === 'done');
        await q.query(
          `UPDATE cell_task SET
             status = coalesce($2, status),
             report = CASE WHEN $3::boolean THEN $4 ELSE report END,
             title = coalesce($5, title),
             details = CASE WHEN $6::boolean THEN $7 ELSE details END,
             due_on = CASE WHEN $8::boolean THEN $9::date ELSE due_on END,
             reported_at = CASE WHEN $10::boolean THEN $11::timestamptz ELSE reported_at END,
             updated_at = $11
           WHERE id = $1`,
          [
            id,
            patch.status ?? null,
            patch.report !== undefined,
            patch.report ?? null,
            patch.title ?? null,
            patch.details !== undefined,
            patch.details ?? null,
            patch.dueOn !== undefined,
            patch.dueOn ?? null,
            reported,
            now.toISOString(),
          ],
        );
        await appendAudit(
          q,
          ctx,
          {
            action: 'task.update',
            recordType: 'cell_task',
            recordId: id,
            details: {
              fields: Object.keys(patch).filter((k) => patch[k as keyof typeof patch] !== undefined),
              status: patch.status ?? task.status,
            },
          },
          now,
        );
        return (await present(q, actor, [(await load(q, id))!]))[0]!;
      });
    },
  };
}
