import { createHash } from 'node:crypto';
import type { Actor } from '../../access/actor.ts';
import { appendAudit, type AuditContext } from '../../audit/audit.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { LIMITS } from '../../../shared/limits.ts';
import type { Material } from '../../../shared/contracts/meetings.ts';
import { cleanFileName, judgeFile } from './file-types.ts';
import { loadMeeting, requireManage } from './meetings.queries.ts';
import type { MeetingShared } from './meetings.service.ts';

export interface UploadedFile {
  fileName: string;
  mimeType: string;
  data: Buffer;
}

export function createMaterials({ db, clock }: MeetingShared) {
  return {
    /** Checked before the upload is read, so a refused caller does not send 10 MB for nothing. */
    async assertMayUpload(actor: Actor, meetingId: number) {
      const a = await loadMeeting(db, actor, meetingId);
      requireManage(a);
      if (a.m.status === 'cancelled') throw new AppError('meeting.cancelled', 409);
    },

    async addMaterial(
      actor: Actor,
      meetingId: number,
      file: UploadedFile,
      sensitive: boolean,
      ctx: AuditContext,
    ): Promise<Material> {
      if (file.data.length > LIMITS.materialBytes)
        throw new AppError('file.too_large', 413, { maxMb: LIMITS.materialBytes / 1024 / 1024 });
      const fileName = cleanFileName(file.fileName);
      const verdict = judgeFile(file.data, fileName, file.mimeType);
      if (!verdict.ok) {
        if (verdict.reason === 'type_not_allowed') throw new AppError('file.type_not_allowed', 415);
        throw new AppError('file.type_mismatch', 422);
      }
      const now = clock.now();
      const sha256 = createHash('sha256').update(file.data).digest('hex');
      return db.tx(async (q) => {
        const a = await loadMeeting(q, actor, meetingId);
        requireManage(a);
        if (a.m.status === 'cancelled') throw new AppError('meeting.cancelled', 409);
        const [f] = await q.query<{ id: number }>(
          `INSERT INTO stored_file (sha256, media_type, size, content, created_by, created_at)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
          [sha256, verdict.mediaType, file.data.length, file.data, actor.accountId, now.toISOString()],
        );
        const [mat] = await q.query<Material>(
          `INSERT INTO meeting_material (meeting_id, file_id, file_name, sensitive, uploaded_by, uploaded_at)
           VALUES ($1, $2, $3, $4, $5, $6)
           RETURNING id, file_name AS "fileName", $7::text AS "mediaType", $8::int AS size, sensitive, uploaded_at AS "uploadedAt"`,
          [
            meetingId,
            f!.id,
            fileName,
            sensitive,
            actor.accountId,
            now.toISOString(),
            verdict.mediaType,
            file.data.length,
          ],
        );
        await appendAudit(
          q,
          ctx,
          {
            action: 'meeting.material.add',
            recordType: 'meeting',
            recordId: meetingId,
            details: {
              materialId: mat!.id,
              fileName,
              mediaType: verdict.mediaType,
              size: file.data.length,
              sha256,
              sensitive,
            },
          },
          now,
        );
        return mat!;
      });
    },

    /** A material's bytes, through the meeting's scope check; a sensitive one's download is audited. */
    async material(actor: Actor, meetingId: number, materialId: number, ctx: AuditContext) {
      return db.tx(async (q) => {
        await loadMeeting(q, actor, meetingId);
        const [row] = await q.query<{
          file_name: string;
          media_type: string;
          sensitive: boolean;
          content: Uint8Array;
        }>(
          `SELECT mm.file_name, f.media_type, mm.sensitive, f.content
           FROM meeting_material mm JOIN stored_file f ON f.id = mm.file_id
           WHERE mm.id = $1 AND mm.meeting_id = $2 AND mm.removed_at IS NULL`,
          [materialId, meetingId],
        );
        if (!row) throw notFound();
        if (row.sensitive) {
          await appendAudit(q, ctx, {
            action: 'meeting.material.download',
            recordType: 'meeting',
            recordId: meetingId,
            details: { materialId },
          });
        }
        return {
          fileName: row.file_name,
          mediaType: row.media_type,
          sensitive: row.sensitive,
          content: Buffer.from(row.content.buffer, row.content.byteOffset, row.content.byteLength),
        };
      });
    },

    async removeMaterial(actor: Actor, meetingId: number, materialId: number, ctx: AuditContext) {
      const now = clock.now();
      await db.tx(async (q) => {
        const a = await loadMeeting(q, actor, meetingId);
        requireManage(a);
        const gone = await q.query(
          `UPDATE meeting_material SET removed_at = $3 WHERE id = $1 AND meeting_id = $2 AND removed_at IS NULL
           RETURNING id`,
          [materialId, meetingId, now.toISOString()],
        );
        if (gone.length === 0) throw notFound();
        await appendAudit(
          q,
          ctx,
          {
            action: 'meeting.material.remove',
            recordType: 'meeting',
            recordId: meetingId,
            details: { materialId },
          },
          now,
        );
      });
    },
  };
}
