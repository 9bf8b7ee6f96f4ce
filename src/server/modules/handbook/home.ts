import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { Actor } from '../../access/actor.ts';
import { unitPermissions } from '../../access/scope.ts';
import { renderNotification } from '../notifications/render.ts';
import { LOCALES, type Locale } from '../../../shared/limits.ts';
import {
  Home as HomeSchema,
  type DocumentSummary,
  type Home,
  type Task,
} from '../../../shared/contracts/handbook.ts';
import type { Caches } from '../../cache/caches.ts';
import { isoSql, PARTY_STATUSES, unitNameSql } from './common.ts';
import { myDocumentsSql } from './documents.ts';

/** How long before its start a meeting's check-in opens, and how long it stays open without an end. */
export const CHECKIN_OPENS_MINUTES = 30;
export const CHECKIN_DEFAULT_HOURS = 4;

const HOME_SQL = `SELECT
  (SELECT json_build_object('id', p.id, 'name', p.full_name) FROM person p WHERE p.id = $1) AS person,
  (SELECT coalesce(json_agg(x ORDER BY x."startsAt"), '[]') FROM (
     SELECT m.id, m.kind, m.unit_id AS "unitId", ${unitNameSql('m.unit_id')} AS "unitName",
            ${isoSql('m.starts_at')} AS "startsAt", ${isoSql('m.ends_at')} AS "endsAt", m.place, m.online_url AS "onlineUrl",
            m.topic, m.status, i.away, i.reply AS "myReply", i.reply_remote AS "myReplyRemote",
            i.attendance AS "myAttendance",
            (m.status = 'scheduled' AND $3::timestamptz >= m.starts_at - make_interval(mins => $6)
             AND $3::timestamptz <= coalesce(m.ends_at, m.starts_at + make_interval(hours => $7))) AS "checkInOpen"
     FROM invitation i JOIN meeting m ON m.id = i.meeting_id
     WHERE i.person_id = $1 AND m.status <> 'cancelled'
       AND coalesce(m.ends_at, m.starts_at + make_interval(hours => $7)) >= $3::timestamptz
     ORDER BY m.starts_at LIMIT 5) x) AS meetings,
  (SELECT count(*)::int FROM (${myDocumentsSql('$1', '$2', '$4')}) d
     WHERE NOT EXISTS (SELECT 1 FROM document_read r WHERE r.document_id = d.id AND r.person_id = $1)) AS "documentsUnread",
  (SELECT coalesce(json_agg(x ORDER BY x."publishedAt" DESC, x.id DESC), '[]') FROM (
     SELECT d.id, d.issuer_unit_id AS "issuerUnitId", ${unitNameSql('d.issuer_unit_id')} AS "issuerUnitName", d.kind,
            d.number, d.title, d.summary, ${isoSql('d.published_at')} AS "publishedAt", d.file_name AS "fileName",
            d.unit_kinds AS "unitKinds", ${isoSql('r.read_at')} AS "readAt", ${isoSql('r.studied_at')} AS "studiedAt"
     FROM (${myDocumentsSql('$1', '$2', '$4')}) x0 JOIN published_document d ON d.id = x0.id
     LEFT JOIN document_read r ON r.document_id = d.id AND r.person_id = $1
     ORDER BY d.published_at DESC, d.id DESC LIMIT 5) x) AS documents,
  (SELECT count(*)::int FROM cell_task t WHERE t.assignee_person_id = $1 AND t.status = 'open') AS "tasksOpen",
  (SELECT count(*)::int FROM cell_task t WHERE t.assignee_person_id = $1 AND t.status = 'open' AND t.due_on < $2::date) AS "tasksOverdue",
  (SELECT coalesce(json_agg(x ORDER BY x."dueOn" ASC NULLS LAST, x.id), '[]') FROM (
     SELECT t.id, t.unit_id AS "unitId", ${unitNameSql('t.unit_id')} AS "unitName", t.meeting_id AS "meetingId",
            t.assignee_person_id AS "assigneePersonId", p.full_name AS "assigneeName", t.title, t.details,
            t.due_on AS "dueOn", t.status, t.report, ${isoSql('t.reported_at')} AS "reportedAt",
            (t.due_on < $2::date) AS overdue, ${isoSql('t.created_at')} AS "createdAt", ${isoSql('t.updated_at')} AS "updatedAt"
     FROM cell_task t JOIN person p ON p.id = t.assignee_person_id
     WHERE t.assignee_person_id = $1 AND t.status = 'open'
     ORDER BY t.due_on ASC NULLS LAST, t.id LIMIT 5) x) AS tasks,
  (SELECT count(*)::int FROM notification n WHERE n.account_id = $5 AND n.read_at IS NULL) AS "inboxUnread",
  (SELECT coalesce(json_agg(x ORDER BY x.id DESC), '[]') FROM (
     SELECT n.id, n.kind, n.subject_type AS "subjectType", n.subject_id AS "subjectId", n.payload,
            ${isoSql('n.created_at')} AS "createdAt", n.read_at IS NOT NULL AS read
     FROM notification n WHERE n.account_id = $5 ORDER BY n.id DESC LIMIT 5) x) AS inbox`;

interface HomeRow {
  person: { id: number; name: string } | null;
  meetings: Home['meetings'];
  documentsUnread: number;
  documents: DocumentSummary[];
  tasksOpen: number;
  tasksOverdue: number;
  tasks: Omit<Task, 'policies'>[];
  inboxUnread: number;
  inbox: {
    id: number;
    kind: string;
    subjectType: string | null;
    subjectId: number | null;
    payload: Record<string, unknown>;
    createdAt: string;
    read: boolean;
  }[];
}

/**
 * The member's phone home in one statement: every part is an indexed lookup on the person (invitations,
 * documents through the person's units, tasks) or on the account (inbox). Only the caller's own data.
 */
export function createHomeService(deps: { db: Db; clock: Clock; timeZone: string }) {
  const { db, clock, timeZone } = deps;
  return async function home(actor: Actor): Promise<Home> {
    const [row] = await db.query<HomeRow>(
      HOME_SQL,
      [
        actor.personId ?? 0,
        clock.today(),
        clock.now().toISOString(),
        PARTY_STATUSES,
        actor.accountId,
        CHECKIN_OPENS_MINUTES,
        CHECKIN_DEFAULT_HOURS,
      ],
      { prepare: 'member_home' },
    );
    const r = row!;
    const locale = ((LOCALES as readonly string[]).includes(actor.locale) ? actor.locale : 'vi') as Locale;
    const unitIds = [...new Set(r.tasks.map((t) => t.unitId))];
    const perms = await unitPermissions(db, actor, unitIds);
    return {
      person: r.person,
      meetings: r.meetings,
      documents: { unread: r.documentsUnread, latest: r.documents },
      tasks: {
        open: r.tasksOpen,
        overdue: r.tasksOverdue,
        next: r.tasks.map((t) => ({
          ...t,
          policies: { manage: perms.get(t.unitId)?.has('meeting.manage') ?? false, report: true },
        })),
      },
      inbox: {
        unread: r.inboxUnread,
        latest: r.inbox.map((n) => {
          const rendered = renderNotification(locale, timeZone, n);
          return { ...n, title: rendered.title, url: rendered.url };
        }),
      },
    };
  };
}

/** A kept home is computed again after this long even if nothing reported a change (a safety net). */
export const HOME_MAX_AGE_MS = 15 * 60_000;

/**
 * The next instant the home's time-dependent parts change on their own: a meeting's check-in opening
 * (30 minutes before its start), its end (check-in closes, the meeting leaves the list and the next one
 * may enter it). The date changes too ("overdue", documents in force): checked on every use.
 */
export function homeValidUntil(h: Home, now: Date): number {
  const t = now.getTime();
  let until = t + HOME_MAX_AGE_MS;
  for (const m of h.meetings) {
    const start = new Date(m.startsAt).getTime();
    const end = m.endsAt ? new Date(m.endsAt).getTime() : start + CHECKIN_DEFAULT_HOURS * 3_600_000;
    for (const at of [start - CHECKIN_OPENS_MINUTES * 60_000, end + 1]) if (at > t && at < until) until = at;
  }
  return until;
}

/**
 * The member's home as the UTF-8 JSON the route answers (what the response schema's serializer writes),
 * kept per account until a record in it changes (decision 0020): a kept home answers without the
 * database. The caller's own writes on this instance drop it before their answer is sent.
 */
export function createHomeJson(deps: {
  home: (actor: Actor) => Promise<Home>;
  clock: Clock;
  caches?: Caches;
}) {
  const { home, clock, caches } = deps;
  return async function homeJson(actor: Actor): Promise<Buffer> {
    const now = clock.now();
    const today = clock.today();
    const kept = caches?.homes.get(actor.accountId);
    if (
      kept &&
      kept.today === today &&
      now.getTime() < kept.validUntilMs &&
      kept.locale === actor.locale &&
      kept.personId === actor.personId
    )
      return kept.body;
    const start = caches?.bus.begin() ?? null;
    const h = await home(actor);
    const encoded = z.safeEncode(HomeSchema, h);
    if (encoded.error) throw encoded.error;
    const body = Buffer.from(JSON.stringify(encoded.data));
    caches?.storeHome(start, {
      accountId: actor.accountId,
      personId: actor.personId,
      locale: actor.locale,
      today,
      validUntilMs: homeValidUntil(h, now),
      body,
    });
    return body;
  };
}
