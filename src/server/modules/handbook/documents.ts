import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { Db, Queryable } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { Actor } from '../../access/actor.ts';
import { inScopeSql, requireUnit, unitPermissions } from '../../access/scope.ts';
import { appendAudit, type AuditContext } from '../../audit/audit.ts';
import { invalid, notFound } from '../../http/errors.ts';
import { notify } from '../notifications/notify.ts';
import type { DocumentInput, DocumentSummary } from '../../../shared/contracts/handbook.ts';
import { myUnitsSql, PARTY_STATUSES, unitNameSql } from './common.ts';

/** Largest PDF a document may carry. */
export const DOCUMENT_FILE_BYTES = 20 * 1024 * 1024;

const SUMMARY_COLS = `d.id, d.issuer_unit_id AS "issuerUnitId", ${unitNameSql('d.issuer_unit_id')} AS "issuerUnitName",
  d.kind, d.number, d.title, d.summary, d.published_at AS "publishedAt", d.file_name AS "fileName",
  d.unit_kinds AS "unitKinds"`;

const ISSUED_COLS = `${SUMMARY_COLS}, d.audience, d.read_count AS read, d.studied_count AS studied`;
type IssuedRow = Omit<DocumentSummary, 'readAt' | 'studiedAt'> & {
  audience: number;
  read: number;
  studied: number;
};

/**
 * The documents addressed to a person: published by a unit above (or at) one of the person's current
 * party units, to every kind of unit or to that unit's kind.
 */
export const myDocumentsSql = (personP: string, todayP: string, statusesP: string) => `SELECT DISTINCT d.id
  FROM (${myUnitsSql(personP, todayP, statusesP)}) mu
  JOIN unit_closure c ON c.descendant_id = mu.unit_id AND c.valid_to = 'infinity'
  JOIN published_document d ON d.issuer_unit_id = c.ancestor_id
    AND (d.unit_kinds IS NULL OR mu.kind_code = ANY(d.unit_kinds))`;

/**
 * The audience of a document under `$1` (a unit in the issuer's subtree): persons with a current party
 * membership (home or temporary) in a unit of the subtree, of the chosen kinds if any, with the child of
 * `$1` each one falls under (null: on `$1` itself). `$2` today, `$3` statuses, `$4` kinds or null.
 */
const AUDIENCE = `SELECT DISTINCT ON (m.person_id) m.person_id, ch.ancestor_id AS child
  FROM unit_closure c
  JOIN unit_version v ON v.unit_id = c.descendant_id AND v.valid_to = 'infinity'
  JOIN membership_period pp ON pp.unit_id = c.descendant_id AND pp.valid_to = 'infinity' AND pp.family = 'party'
    AND pp.status = ANY($3::text[]) AND pp.valid_from <= $2::date
  JOIN membership m ON m.id = pp.membership_id
  LEFT JOIN unit_closure ch ON ch.descendant_id = c.descendant_id AND ch.depth = c.depth - 1 AND ch.valid_to = 'infinity'
  WHERE c.ancestor_id = $1 AND c.valid_to = 'infinity' AND ($4::text[] IS NULL OR v.kind_code = ANY($4::text[]))
  ORDER BY m.person_id, pp.role`;

const share = (n: number, d: number) => (d === 0 ? null : n / d);

export function createDocumentService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  /**
   * The document if the caller may see it: in its audience, holding a scope over the issuer, or holding a
   * scope below the issuer that covers units the document is addressed to.
   */
  async function visible(q: Queryable, actor: Actor, id: number) {
    const rows = await q.query<
      DocumentSummary & {
        body: string | null;
        fileId: number | null;
        audienceMember: boolean;
        inScope: boolean;
      }
    >(
      `SELECT ${SUMMARY_COLS}, d.body, d.file_id AS "fileId",
              ($2::int IS NOT NULL AND d.id IN (${myDocumentsSql('$2', '$3', '$4')})) AS "audienceMember",
              (${inScopeSql('d.issuer_unit_id', '$5')} OR (
                 EXISTS (SELECT 1 FROM unit_closure sc WHERE sc.ancestor_id = d.issuer_unit_id
                         AND sc.descendant_id = ANY($5::int[]) AND sc.valid_to = 'infinity')
                 AND (d.unit_kinds IS NULL OR EXISTS (
                   SELECT 1 FROM unit_closure k JOIN unit_version kv ON kv.unit_id = k.descendant_id AND kv.valid_to = 'infinity'
                   WHERE k.ancestor_id = ANY($5::int[]) AND k.valid_to = 'infinity' AND kv.kind_code = ANY(d.unit_kinds))))) AS "inScope",
              r.read_at AS "readAt", r.studied_at AS "studiedAt"
       FROM published_document d LEFT JOIN document_read r ON r.document_id = d.id AND r.person_id = $2
       WHERE d.id = $1`,
      [id, actor.personId, clock.today(), PARTY_STATUSES, actor.scopeRoots],
    );
    const d = rows[0];
    if (!d || (!d.audienceMember && !d.inScope)) throw notFound();
    return d;
  }

  return {
    async mine(actor: Actor, query: { unread?: boolean; page: number; pageSize: number }) {
      if (actor.personId === null) return { items: [], total: 0, unread: 0 };
      const params = [actor.personId, clock.today(), PARTY_STATUSES];
      const rows = await db.query<DocumentSummary>(
        `SELECT ${SUMMARY_COLS}, r.read_at AS "readAt", r.studied_at AS "studiedAt"
         FROM (${myDocumentsSql('$1', '$2', '$3')}) x JOIN published_document d ON d.id = x.id
         LEFT JOIN document_read r ON r.document_id = d.id AND r.person_id = $1
         WHERE NOT $4::boolean OR r.read_at IS NULL
         ORDER BY d.published_at DESC, d.id DESC LIMIT $5 OFFSET $6`,
        [...params, query.unread ?? false, query.pageSize, (query.page - 1) * query.pageSize],
      );
      const counts = await db.query<{ total: number; unread: number }>(
        `SELECT count(*)::int AS total,
                (count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM document_read r WHERE r.document_id = x.id AND r.person_id = $1)))::int AS unread
         FROM (${myDocumentsSql('$1', '$2', '$3')}) x`,
        params,
      );
      const c = counts[0]!;
      return { items: rows, total: query.unread ? c.unread : c.total, unread: c.unread };
    },

    /** Opens a document: the first opening by a member of its audience marks it read. */
    async open(actor: Actor, id: number, ctx: AuditContext) {
      const now = clock.now();
      return db.tx(async (q) => {
        const d = await visible(q, actor, id);
        if (d.audienceMember && d.readAt === null) {
          const inserted = await q.query(
            `INSERT INTO document_read (document_id, person_id, read_at) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING RETURNING person_id`,
            [id, actor.personId, now.toISOString()],
          );
          if (inserted.length > 0) {
            await q.query(`UPDATE published_document SET read_count = read_count + 1 WHERE id = $1`, [id]);
            d.readAt = now.toISOString();
            await appendAudit(
              q,
              ctx,
              { action: 'document.read', recordType: 'published_document', recordId: id },
              now,
            );
          }
        }
        const perms = (await unitPermissions(q, actor, [d.issuerUnitId])).get(d.issuerUnitId)!;
        const { body, fileId: _f, audienceMember, inScope: _s, ...summary } = d;
        return {
          ...summary,
          body,
          policies: { viewReads: perms.has('handbook.monitor'), study: audienceMember },
        };
      });
    },

    async studied(actor: Actor, id: number, ctx: AuditContext) {
      const now = clock.now();
      return db.tx(async (q) => {
        const d = await visible(q, actor, id);
        if (!d.audienceMember) throw invalid('document.not_addressed', {}, 403);
        const before = await q.query<{ read_at: string; studied_at: string | null }>(
          `SELECT read_at, studied_at FROM document_read WHERE document_id = $1 AND person_id = $2 FOR UPDATE`,
          [id, actor.personId],
        );
        const prior = before[0];
        if (prior?.studied_at) return { readAt: prior.read_at, studiedAt: prior.studied_at };
        const rows = await q.query<{ read_at: string; studied_at: string }>(
          `INSERT INTO document_read (document_id, person_id, read_at, studied_at) VALUES ($1, $2, $3, $3)
           ON CONFLICT (document_id, person_id) DO UPDATE SET studied_at = EXCLUDED.studied_at
           RETURNING read_at, studied_at`,
          [id, actor.personId, now.toISOString()],
        );
        await q.query(
          `UPDATE published_document SET studied_count = studied_count + 1, read_count = read_count + $2 WHERE id = $1`,
          [id, prior ? 0 : 1],
        );
        await appendAudit(
          q,
          ctx,
          { action: 'document.studied', recordType: 'published_document', recordId: id },
          now,
        );
        return { readAt: rows[0]!.read_at, studiedAt: rows[0]!.studied_at };
      });
    },

    async file(actor: Actor, id: number) {
      const d = await visible(db, actor, id);
      if (d.fileId === null) throw notFound();
      const rows = await db.query<{ content: Uint8Array; media_type: string }>(
        `SELECT content, media_type FROM stored_file WHERE id = $1`,
        [d.fileId],
      );
      return {
        content: Buffer.from(rows[0]!.content),
        mediaType: rows[0]!.media_type,
        fileName: d.fileName ?? 'document.pdf',
      };
    },

    async upload(
      actor: Actor,
      unitId: number,
      file: { content: Buffer; fileName: string },
      ctx: AuditContext,
    ) {
      const now = clock.now();
      if (file.content.length === 0 || file.content.length > DOCUMENT_FILE_BYTES)
        throw invalid('document.file_size', { maxMb: DOCUMENT_FILE_BYTES / 1024 / 1024 }, 413);
      if (file.content.subarray(0, 5).toString('latin1') !== '%PDF-')
        throw invalid('document.file_not_pdf', {}, 415);
      return db.tx(async (q) => {
        await requireUnit(q, actor, unitId, 'document.publish');
        const [row] = await q.query<{ id: number }>(
          `INSERT INTO stored_file (sha256, media_type, size, content, created_by, created_at)
           VALUES ($1, 'application/pdf', $2, $3, $4, $5) RETURNING id`,
          [
            createHash('sha256').update(file.content).digest('hex'),
            file.content.length,
            file.content,
            actor.accountId,
            now.toISOString(),
          ],
        );
        await appendAudit(
          q,
          ctx,
          {
            action: 'document.file_upload',
            recordType: 'stored_file',
            recordId: row!.id,
            details: { unitId, size: file.content.length },
          },
          now,
        );
        return {
          fileId: row!.id,
          fileName: file.fileName,
          size: file.content.length,
          mediaType: 'application/pdf',
        };
      });
    },

    async publish(actor: Actor, unitId: number, input: z.infer<typeof DocumentInput>, ctx: AuditContext) {
      const now = clock.now();
      const today = clock.today();
      return db.tx(async (q) => {
        await requireUnit(q, actor, unitId, 'document.publish');
        if (input.unitKinds) {
          const known = await q.query<{ code: string }>(
            `SELECT code FROM unit_kind WHERE code = ANY($1::text[])`,
            [input.unitKinds],
          );
          const missing = input.unitKinds.find((k) => !known.some((r) => r.code === k));
          if (missing) throw invalid('document.unit_kind_unknown', { kind: missing });
        }
        if (input.fileId !== undefined) {
          const f = await q.query<{ ok: boolean }>(
            `SELECT (created_by = $2 AND media_type = 'application/pdf'
                     AND NOT EXISTS (SELECT 1 FROM published_document WHERE file_id = $1)) AS ok
             FROM stored_file WHERE id = $1 FOR UPDATE`,
            [input.fileId, actor.accountId],
          );
          if (!f[0]?.ok) throw invalid('document.file_invalid', { fileId: input.fileId });
        }
        const kinds = input.unitKinds ? [...new Set(input.unitKinds)] : null;
        const audience = await q.query<{ ids: number[] | null }>(
          `SELECT array_agg(person_id) AS ids FROM (${AUDIENCE}) a`,
          [unitId, today, PARTY_STATUSES, kinds],
        );
        const personIds = audience[0]?.ids ?? [];
        const [doc] = await q.query<{ id: number }>(
          `INSERT INTO published_document (issuer_unit_id, kind, number, title, summary, body, file_id, file_name,
             unit_kinds, published_at, published_by, audience)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
          [
            unitId,
            input.kind,
            input.number ?? null,
            input.title,
            input.summary ?? null,
            input.body ?? null,
            input.fileId ?? null,
            input.fileId === undefined
              ? null
              : (input.fileName ?? `${input.number ?? 'document'}.pdf`.replace(/[\\/]/g, '-')),
            kinds,
            now.toISOString(),
            actor.accountId,
            personIds.length,
          ],
        );
        const issuer = await q.query<{ name: string }>(`SELECT ${unitNameSql('$1::int')} AS name`, [unitId]);
        await notify(q, {
          personIds,
          kind: 'document.published',
          subjectType: 'document',
          subjectId: doc!.id,
          payload: {
            documentId: doc!.id,
            title: input.title,
            kind: input.kind,
            number: input.number ?? null,
            issuerName: issuer[0]?.name ?? null,
          },
          dedupeKey: `document:${doc!.id}:published`,
          now,
        });
        await appendAudit(
          q,
          ctx,
          {
            action: 'document.publish',
            recordType: 'published_document',
            recordId: doc!.id,
            details: { unitId, kind: input.kind, unitKinds: kinds, audience: personIds.length },
          },
          now,
        );
        return issuedSummary(q, doc!.id);
      });
    },

    async issued(actor: Actor, unitId: number, query: { page: number; pageSize: number }) {
      await requireUnit(db, actor, unitId, 'unit.read');
      const rows = await db.query<IssuedRow>(
        `SELECT ${ISSUED_COLS} FROM published_document d WHERE d.issuer_unit_id = $1
         ORDER BY d.published_at DESC, d.id DESC LIMIT $2 OFFSET $3`,
        [unitId, query.pageSize, (query.page - 1) * query.pageSize],
      );
      const total = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM published_document WHERE issuer_unit_id = $1`,
        [unitId],
      );
      return { items: rows, total: total[0]!.n };
    },

    /** Read and studied shares of a document per direct subordinate of `unitId` (default: the issuer). */
    async reads(actor: Actor, id: number, unitIdInput: number | undefined) {
      const d = await visible(db, actor, id);
      const unitId = unitIdInput ?? d.issuerUnitId;
      await requireUnit(db, actor, unitId, 'handbook.monitor');
      const under = await db.query<{ ok: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM unit_closure WHERE ancestor_id = $1 AND descendant_id = $2 AND valid_to = 'infinity') AS ok`,
        [d.issuerUnitId, unitId],
      );
      if (!under[0]!.ok) throw notFound();
      const rows = await db.query<{ child: number | null; audience: number; read: number; studied: number }>(
        `SELECT a.child, count(*)::int AS audience, count(r.read_at)::int AS read, count(r.studied_at)::int AS studied
         FROM (${AUDIENCE}) a LEFT JOIN document_read r ON r.document_id = $5 AND r.person_id = a.person_id
         GROUP BY a.child`,
        [unitId, clock.today(), PARTY_STATUSES, d.unitKinds, id],
      );
      const children = await db.query<{ unitId: number; unitName: string; unitKind: string }>(
        `SELECT v.unit_id AS "unitId", v.name AS "unitName", v.kind_code AS "unitKind" FROM unit_version v
         WHERE v.parent_id = $1 AND v.valid_to = 'infinity' ORDER BY v.name, v.unit_id`,
        [unitId],
      );
      const name = await db.query<{ name: string }>(`SELECT ${unitNameSql('$1::int')} AS name`, [unitId]);
      const figures = (a: number, r: number, s: number) => ({
        audience: a,
        read: r,
        studied: s,
        readShare: share(r, a),
        studiedShare: share(s, a),
      });
      const byChild = new Map(rows.map((r) => [r.child, r]));
      const sum = (k: 'audience' | 'read' | 'studied') => rows.reduce((s, r) => s + r[k], 0);
      return {
        documentId: id,
        unitId,
        unitName: name[0]!.name,
        total: figures(sum('audience'), sum('read'), sum('studied')),
        rows: children.map((c) => {
          const r = byChild.get(c.unitId);
          return { ...c, ...figures(r?.audience ?? 0, r?.read ?? 0, r?.studied ?? 0) };
        }),
      };
    },
  };

  async function issuedSummary(q: Queryable, id: number) {
    const rows = await q.query<IssuedRow>(`SELECT ${ISSUED_COLS} FROM published_document d WHERE d.id = $1`, [
      id,
    ]);
    return rows[0]!;
  }
}
