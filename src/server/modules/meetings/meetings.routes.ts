import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { auditContext, requireActor } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { LIMITS } from '../../../shared/limits.ts';
import {
  AgendaItem,
  AttendanceInput,
  BallotInput,
  CancelInput,
  CheckinCode,
  CheckInInput,
  CheckInResult,
  CommentInput,
  CommentPatch,
  DraftComment,
  InvitationList,
  ItemParams,
  Material,
  MaterialParams,
  MeetingDetail,
  MeetingIdParams,
  MeetingInput,
  MeetingList,
  MeetingListQuery,
  MeetingPatch,
  MeetingText,
  ReplyInput,
  TextInput,
  TextParams,
  UnitMeetingsParams,
  VoteActionInput,
} from '../../../shared/contracts/meetings.ts';
import { IdParams } from '../../../shared/contracts/common.ts';
import type { UploadedFile } from './materials.service.ts';

/** RFC 6266: an ASCII fallback name and the exact UTF-8 name. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.normalize('NFD').replace(/[^\w.-]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** Reads the multipart upload: the `file` part (up to the material limit) and the `sensitive` field. */
async function readUpload(req: FastifyRequest): Promise<{ file: UploadedFile | null; sensitive: boolean }> {
  let file: UploadedFile | null = null;
  let sensitive = false;
  try {
    for await (const part of req.parts({ limits: { fileSize: LIMITS.materialBytes, files: 1 } })) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        if (part.fieldname === 'file') file = { fileName: part.filename, mimeType: part.mimetype, data };
      } else if (part.fieldname === 'sensitive') {
        sensitive = String(part.value) === 'true' || String(part.value) === '1';
      }
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT')
      throw new AppError('file.too_large', 413, { maxMb: LIMITS.materialBytes / 1024 / 1024 });
    throw err;
  }
  return { file, sensitive };
}

export async function meetingRoutes(
  app: FastifyInstance,
  opts: { services: Services; publicUrl?: string | undefined },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { meetings } = opts.services;
  const tags = ['meetings'];

  r.get(
    '/units/:unitId/meetings',
    {
      schema: {
        tags,
        summary: 'Meetings of a unit, newest first',
        description:
          'Holders of a permission on the unit see every meeting; invitees see those they are invited to; anyone else gets 404.',
        params: UnitMeetingsParams,
        querystring: MeetingListQuery,
        response: { 200: MeetingList },
      },
    },
    async (req) => meetings.list(requireActor(req), req.params.unitId, req.query),
  );

  r.post(
    '/units/:unitId/meetings',
    {
      schema: {
        tags,
        summary: 'Schedule a meeting with its agenda; invites the unit’s members and notifies them',
        description:
          'Needs meeting.manage on the unit. One regular meeting per unit and month (409 meeting.regular_exists).',
        params: UnitMeetingsParams,
        body: MeetingInput,
        response: { 201: MeetingDetail },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await meetings.create(requireActor(req), req.params.unitId, req.body, auditContext(req))),
  );

  r.get(
    '/meetings/:id',
    {
      schema: {
        tags,
        summary: 'A meeting: agenda with votes, materials, texts, the caller’s invitation and the counts',
        params: MeetingIdParams,
        response: { 200: MeetingDetail },
      },
    },
    async (req) => meetings.detail(requireActor(req), req.params.id),
  );

  r.patch(
    '/meetings/:id',
    {
      schema: {
        tags,
        summary: 'Change a scheduled meeting (409 meeting.version_conflict when `version` is stale)',
        params: MeetingIdParams,
        body: MeetingPatch,
        response: { 200: MeetingDetail },
      },
    },
    async (req) => meetings.update(requireActor(req), req.params.id, req.body, auditContext(req)),
  );

  r.post(
    '/meetings/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a scheduled meeting with a reason',
        params: MeetingIdParams,
        body: CancelInput,
        response: { 200: MeetingDetail },
      },
    },
    async (req) => meetings.cancel(requireActor(req), req.params.id, req.body, auditContext(req)),
  );

  r.get(
    '/meetings/:id/invitations',
    {
      schema: {
        tags,
        summary: 'The secretary’s list of invitees with their replies and attendance',
        params: MeetingIdParams,
        response: { 200: InvitationList },
      },
    },
    async (req) => meetings.invitations(requireActor(req), req.params.id, auditContext(req)),
  );

  r.put(
    '/meetings/:id/reply',
    {
      schema: {
        tags,
        summary: 'The invitee’s reply: attend (possibly remotely) or excused with a reason',
        description: 'Only before the meeting starts (409 meeting.reply_closed).',
        params: MeetingIdParams,
        body: ReplyInput,
        response: { 200: MeetingDetail },
      },
    },
    async (req) => meetings.reply(requireActor(req), req.params.id, req.body, auditContext(req)),
  );

  r.post(
    '/meetings/:id/materials',
    {
      schema: {
        tags,
        summary: 'Attach a material (multipart: `file`, optional `sensitive`=true)',
        description: `PDF, DOCX, XLSX, PNG, JPEG or WebP up to ${LIMITS.materialBytes / 1024 / 1024} MB; the type is judged from the bytes and must agree with the name and the declared type.`,
        consumes: ['multipart/form-data'],
        params: MeetingIdParams,
        response: { 201: Material },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      await meetings.assertMayUpload(actor, req.params.id);
      const { file, sensitive } = await readUpload(req);
      if (!file) throw new AppError('file.type_not_allowed', 415);
      const mat = await meetings.addMaterial(actor, req.params.id, file, sensitive, auditContext(req));
      return reply.status(201).send(mat);
    },
  );

  r.get(
    '/meetings/:id/materials/:materialId',
    {
      schema: {
        tags,
        summary: 'Download a material',
        params: MaterialParams,
        produces: ['application/octet-stream'],
      },
    },
    async (req, reply) => {
      const f = await meetings.material(
        requireActor(req),
        req.params.id,
        req.params.materialId,
        auditContext(req),
      );
      return reply
        .header('content-type', f.mediaType)
        .header('content-disposition', contentDisposition(f.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', f.sensitive ? 'no-store' : 'private, max-age=86400')
        .send(f.content);
    },
  );

  r.delete(
    '/meetings/:id/materials/:materialId',
    {
      schema: { tags, summary: 'Remove a material', params: MaterialParams, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await meetings.removeMaterial(
        requireActor(req),
        req.params.id,
        req.params.materialId,
        auditContext(req),
      );
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/meetings/:id/checkin-code',
    {
      schema: {
        tags,
        summary: 'The current check-in code (changes every 30 s) and the address for its QR code',
        params: MeetingIdParams,
        response: { 200: CheckinCode },
      },
    },
    async (req, reply) => {
      const c = await meetings.checkinCode(requireActor(req), req.params.id);
      const origin = (opts.publicUrl ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '');
      reply.header('cache-control', 'no-store');
      return { ...c, url: `${origin}/meetings/${req.params.id}/check-in?code=${c.code}` };
    },
  );

  r.post(
    '/meetings/:id/check-in',
    {
      schema: {
        tags,
        summary: 'Check in with the code shown at the meeting',
        description:
          'From an hour before the start until the meeting is recorded held (at most 6 h after the start). Errors: checkin.wrong_code, checkin.code_expired (422), checkin.already, checkin.closed (409), checkin.too_many (429).',
        params: MeetingIdParams,
        body: CheckInInput,
        response: { 200: CheckInResult },
      },
    },
    async (req) =>
      meetings.checkIn(requireActor(req), req.params.id, req.body.code, req.body.via, auditContext(req)),
  );

  r.put(
    '/meetings/:id/attendance',
    {
      schema: {
        tags,
        summary: 'The secretary records attendance of some invitees',
        params: MeetingIdParams,
        body: AttendanceInput,
        response: { 200: InvitationList },
      },
    },
    async (req) =>
      meetings.recordAttendance(requireActor(req), req.params.id, req.body.entries, auditContext(req)),
  );

  r.post(
    '/meetings/:id/held',
    {
      schema: {
        tags,
        summary: 'Record the meeting as held; invitees without attendance become excused or absent',
        params: MeetingIdParams,
        response: { 200: MeetingDetail },
      },
    },
    async (req) => meetings.markHeld(requireActor(req), req.params.id, auditContext(req)),
  );

  r.post(
    '/meetings/:id/texts',
    {
      schema: {
        tags,
        summary: 'Publish a new version of the draft resolution, the resolution or the minutes',
        description:
          'Paragraphs keep their ids across versions: send the id of a kept paragraph; an unchanged paragraph sent without id keeps its id too. Resolution and minutes need the meeting held.',
        params: MeetingIdParams,
        body: TextInput,
        response: { 201: MeetingText },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await meetings.publishText(requireActor(req), req.params.id, req.body, auditContext(req))),
  );

  r.get(
    '/meeting-texts/:textId',
    {
      schema: {
        tags,
        summary: 'A published text with its comments',
        params: TextParams,
        response: { 200: MeetingText },
      },
    },
    async (req) => meetings.text(requireActor(req), req.params.textId, auditContext(req)),
  );

  r.post(
    '/meeting-texts/:textId/sign-off',
    {
      schema: {
        tags,
        summary: 'Sign a text off (the chair, the secretary or a manager)',
        params: TextParams,
        response: { 200: MeetingText },
      },
    },
    async (req) => meetings.signOff(requireActor(req), req.params.textId, auditContext(req)),
  );

  r.post(
    '/meeting-texts/:textId/comments',
    {
      schema: {
        tags,
        summary: 'Comment on the latest draft, on one paragraph or on the whole',
        description: 'A retry with the same clientId answers 200 with the first comment.',
        params: TextParams,
        body: CommentInput,
        response: { 200: DraftComment, 201: DraftComment },
      },
    },
    async (req, reply) => {
      const r2 = await meetings.comment(requireActor(req), req.params.textId, req.body, auditContext(req));
      return reply.status(r2.created ? 201 : 200).send(r2.comment);
    },
  );

  r.patch(
    '/draft-comments/:id',
    {
      schema: {
        tags,
        summary: 'Answer a comment or mark it adopted',
        params: IdParams,
        body: CommentPatch,
        response: { 200: DraftComment },
      },
    },
    async (req) => meetings.answerComment(requireActor(req), req.params.id, req.body, auditContext(req)),
  );

  r.post(
    '/agenda-items/:itemId/vote',
    {
      schema: {
        tags,
        summary: 'Open or close the vote on an agenda item',
        params: ItemParams,
        body: VoteActionInput,
        response: { 200: AgendaItem },
      },
    },
    async (req) =>
      meetings.voteAction(requireActor(req), req.params.itemId, req.body.action, auditContext(req)),
  );

  r.post(
    '/agenda-items/:itemId/ballots',
    {
      schema: {
        tags,
        summary: 'Cast a ballot (invitees recorded present, remote or late; once; while open)',
        params: ItemParams,
        body: BallotInput,
        response: { 201: AgendaItem },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          await meetings.ballot(requireActor(req), req.params.itemId, req.body.choice, auditContext(req)),
        ),
  );
}
