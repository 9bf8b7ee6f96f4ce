import { z } from 'zod';
import { Id, IsoDateSchema } from './common.ts';
import { LIMITS } from '../limits.ts';

/** Meetings of a unit: scheduling, invitations and replies, materials, check-in, texts and votes. */

export const MEETING_KINDS = [
  'regular',
  'thematic',
  'committee',
  'party_committee',
  'extraordinary',
] as const;
export const MeetingKind = z.enum(MEETING_KINDS);
export type MeetingKind = z.infer<typeof MeetingKind>;

export const MeetingStatus = z.enum(['scheduled', 'held', 'cancelled']);
export type MeetingStatus = z.infer<typeof MeetingStatus>;

export const VoteMode = z.enum(['none', 'open', 'secret']);
export type VoteMode = z.infer<typeof VoteMode>;

export const VoteChoice = z.enum(['for', 'against', 'abstain']);
export type VoteChoice = z.infer<typeof VoteChoice>;

export const ReplyKind = z.enum(['attend', 'excused']);
export type ReplyKind = z.infer<typeof ReplyKind>;

export const ATTENDANCE_STATUSES = ['present', 'remote', 'late', 'excused', 'absent'] as const;
export const AttendanceStatus = z.enum(ATTENDANCE_STATUSES);
export type AttendanceStatus = z.infer<typeof AttendanceStatus>;
/** Statuses that count as having attended (the monitor's attendance rate, eligibility to vote). */
export const ATTENDED_STATUSES: readonly AttendanceStatus[] = ['present', 'remote', 'late'];

export const TEXT_KINDS = ['draft_resolution', 'resolution', 'minutes'] as const;
export const TextKind = z.enum(TEXT_KINDS);
export type TextKind = z.infer<typeof TextKind>;

const DateTime = z.iso.datetime({ offset: true }).meta({ example: '2026-12-05T08:00:00+07:00' });
const Month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'must be a month YYYY-MM' })
  .meta({ example: '2026-12' });
const Title = z.string().trim().min(1).max(300);
const Notes = z.string().trim().max(4000);
const OptionalText = (max: number) => z.string().trim().max(max);
const Url = z
  .string()
  .trim()
  .max(500)
  .regex(/^https?:\/\/\S+$/, { message: 'must be an http(s) address' });

export const AgendaItemInput = z.strictObject({
  /** Present when editing an existing item (PATCH); absent for a new one. */
  id: Id.optional(),
  title: Title,
  notes: Notes.optional(),
  vote: VoteMode.default('none'),
});

export const MeetingInput = z.strictObject({
  kind: MeetingKind,
  month: Month.optional().meta({
    description:
      'The month a regular meeting is for (default: the month of `startsAt` as written, i.e. in its own offset); other kinds always take the month they start in',
  }),
  startsAt: DateTime,
  endsAt: DateTime.optional(),
  place: OptionalText(300).optional(),
  onlineUrl: Url.optional(),
  topic: Title,
  chairPersonId: Id.optional(),
  secretaryPersonId: Id.optional(),
  agenda: z.array(AgendaItemInput).max(LIMITS.agendaItemsMax).default([]),
});
export type MeetingInput = z.infer<typeof MeetingInput>;

/** Fields left out are unchanged; `null` clears an optional field. `version` is the one the caller read. */
export const MeetingPatch = z.strictObject({
  version: z.number().int().min(1),
  startsAt: DateTime.optional(),
  endsAt: DateTime.nullable().optional(),
  place: OptionalText(300).nullable().optional(),
  onlineUrl: Url.nullable().optional(),
  topic: Title.optional(),
  chairPersonId: Id.nullable().optional(),
  secretaryPersonId: Id.nullable().optional(),
  agenda: z.array(AgendaItemInput).max(LIMITS.agendaItemsMax).optional().meta({
    description:
      'The whole agenda in order: items with an `id` are kept (edited), items without are added, missing ones removed. Refused once a vote has been opened.',
  }),
});
export type MeetingPatch = z.infer<typeof MeetingPatch>;

export const CancelInput = z.strictObject({ reason: z.string().trim().min(1).max(500) });

export const MeetingListQuery = z.strictObject({
  from: IsoDateSchema.optional().meta({ description: 'Meetings starting on or after this day' }),
  to: IsoDateSchema.optional().meta({ description: 'Meetings starting on or before this day' }),
  kind: MeetingKind.optional(),
});

export const ReplyInput = z
  .strictObject({
    reply: ReplyKind,
    reason: z.string().trim().max(500).optional(),
    remote: z.boolean().default(false),
  })
  .refine((r) => r.reply !== 'excused' || (r.reason ?? '').length > 0, {
    message: 'a reason is required to be excused',
    path: ['reason'],
  });
export type ReplyInput = z.infer<typeof ReplyInput>;

export const CheckInInput = z.strictObject({
  code: z.string().regex(/^\d{6}$/, { message: 'must be 6 digits' }),
  via: z.enum(['code', 'qr']).default('code'),
});

export const AttendanceInput = z.strictObject({
  entries: z
    .array(z.strictObject({ personId: Id, status: AttendanceStatus }))
    .min(1)
    .max(LIMITS.attendanceEntriesMax),
});

const ParagraphId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/);
export const Paragraph = z.object({ id: z.string(), text: z.string() });
export const TextInput = z.strictObject({
  kind: TextKind,
  title: Title,
  paragraphs: z
    .array(
      z.strictObject({
        id: ParagraphId.optional().meta({
          description: 'Keep the id of a paragraph of the previous version; a new paragraph has none',
        }),
        text: z.string().trim().min(1).max(LIMITS.paragraphMax),
      }),
    )
    .min(1)
    .max(LIMITS.paragraphsMax),
});
export type TextInput = z.infer<typeof TextInput>;

export const CommentInput = z.strictObject({
  paragraphId: ParagraphId.optional().meta({ description: 'Absent: a comment on the whole draft' }),
  body: z.string().trim().min(1).max(4000),
  clientId: z.uuid().optional().meta({
    description: 'Chosen by the client: a comment sent again with the same id lands once',
  }),
});
export const CommentPatch = z
  .strictObject({
    answer: z.string().trim().max(4000).nullable().optional(),
    adopted: z.boolean().optional(),
  })
  .refine((p) => p.answer !== undefined || p.adopted !== undefined, { message: 'nothing to change' });

export const VoteActionInput = z.strictObject({ action: z.enum(['open', 'close']) });
export const BallotInput = z.strictObject({ choice: VoteChoice });

export const MeetingIdParams = z.strictObject({ id: Id });
export const UnitMeetingsParams = z.strictObject({ unitId: Id });
export const MaterialParams = z.strictObject({ id: Id, materialId: Id });
export const TextParams = z.strictObject({ textId: Id });
export const ItemParams = z.strictObject({ itemId: Id });

// ---- answers ----

const PersonRef = z.object({ personId: z.number().int(), name: z.string() });

export const Counts = z.object({
  invited: z.number().int(),
  attend: z.number().int().meta({ description: 'Replied they will attend' }),
  excused: z.number().int().meta({ description: 'Asked to be excused' }),
  noReply: z.number().int(),
  attended: z.number().int().meta({ description: 'Recorded present, remote or late' }),
  absent: z.number().int(),
});

export const MyInvitation = z.object({
  role: z.enum(['home', 'temporary']),
  away: z.boolean().meta({ description: 'Active in another cell for now: may attend remotely' }),
  reply: ReplyKind.nullable(),
  reason: z.string().nullable(),
  remote: z.boolean(),
  repliedAt: z.string().nullable(),
  attendance: AttendanceStatus.nullable(),
  attendedAt: z.string().nullable(),
  mayReply: z.boolean().meta({ description: 'Replies close when the meeting starts' }),
});

export const MeetingSummary = z.object({
  id: z.number().int(),
  unitId: z.number().int(),
  unitName: z.string(),
  kind: MeetingKind,
  month: z.string().meta({ description: 'YYYY-MM' }),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  place: z.string().nullable(),
  onlineUrl: z.string().nullable(),
  topic: z.string(),
  status: MeetingStatus,
  scheduledAt: z.string(),
  heldAt: z.string().nullable(),
  version: z.number().int(),
  myReply: ReplyKind.nullable().meta({ description: 'The caller’s reply, when invited' }),
  invited: z.boolean().meta({ description: 'Whether the caller is invited' }),
  counts: Counts,
});
export type MeetingSummary = z.infer<typeof MeetingSummary>;

export const Tally = z.object({
  for: z.number().int(),
  against: z.number().int(),
  abstain: z.number().int(),
});

export const AgendaItem = z.object({
  id: z.number().int(),
  position: z.number().int(),
  title: z.string(),
  notes: z.string().nullable(),
  vote: VoteMode,
  voteState: z.enum(['none', 'pending', 'open', 'closed']),
  voteOpenedAt: z.string().nullable(),
  voteClosedAt: z.string().nullable(),
  ballots: z.number().int().meta({ description: 'How many have voted' }),
  tally: Tally.nullable().meta({ description: 'Shown to everyone once closed, live to managers' }),
  myVote: z
    .object({ voted: z.boolean(), choice: VoteChoice.nullable() })
    .nullable()
    .meta({ description: 'null when the caller is not invited; the choice is never shown on a secret vote' }),
  mayVote: z.boolean(),
});
export type AgendaItem = z.infer<typeof AgendaItem>;

export const Material = z.object({
  id: z.number().int(),
  fileName: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  sensitive: z.boolean(),
  uploadedAt: z.string(),
});
export type Material = z.infer<typeof Material>;

export const TextVersion = z.object({
  id: z.number().int(),
  kind: TextKind,
  version: z.number().int(),
  title: z.string(),
  publishedAt: z.string(),
  signedOffAt: z.string().nullable(),
  latest: z.boolean(),
});

export const MeetingDetail = MeetingSummary.extend({
  chair: PersonRef.nullable(),
  secretary: PersonRef.nullable(),
  cancelledReason: z.string().nullable(),
  minutesPublishedAt: z.string().nullable(),
  resolutionPublishedAt: z.string().nullable(),
  agenda: z.array(AgendaItem),
  materials: z.array(Material),
  texts: z.array(TextVersion).meta({ description: 'Every published version, newest first per kind' }),
  myInvitation: MyInvitation.nullable(),
  canManage: z.boolean(),
  checkInOpen: z
    .boolean()
    .meta({ description: 'From an hour before the start until held (at most 6 h after)' }),
});
export type MeetingDetail = z.infer<typeof MeetingDetail>;

export const MeetingList = z.object({ items: z.array(MeetingSummary) });

export const Invitee = z.object({
  personId: z.number().int(),
  name: z.string(),
  role: z.enum(['home', 'temporary']),
  away: z.boolean(),
  reply: ReplyKind.nullable(),
  reason: z.string().nullable(),
  remote: z.boolean(),
  repliedAt: z.string().nullable(),
  attendance: AttendanceStatus.nullable(),
  attendanceMethod: z.enum(['code', 'qr', 'secretary']).nullable(),
  attendedAt: z.string().nullable(),
});
export type Invitee = z.infer<typeof Invitee>;
export const InvitationList = z.object({ items: z.array(Invitee), counts: Counts });

export const CheckinCode = z.object({
  code: z.string(),
  expiresAt: z.string(),
  url: z.string().meta({ description: 'The address to show as a QR code' }),
});
export const CheckInResult = z.object({ status: AttendanceStatus, attendedAt: z.string() });

export const DraftComment = z.object({
  id: z.number().int(),
  paragraphId: z.string().nullable(),
  personId: z.number().int(),
  authorName: z.string(),
  body: z.string(),
  createdAt: z.string(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  adopted: z.boolean(),
  mine: z.boolean(),
});
export type DraftComment = z.infer<typeof DraftComment>;

export const MeetingText = z.object({
  id: z.number().int(),
  meetingId: z.number().int(),
  kind: TextKind,
  version: z.number().int(),
  title: z.string(),
  paragraphs: z.array(Paragraph),
  publishedAt: z.string(),
  signedOffAt: z.string().nullable(),
  latest: z.boolean(),
  comments: z.array(DraftComment),
  canManage: z.boolean(),
  mayComment: z.boolean().meta({ description: 'An invitee, on the latest draft' }),
  maySignOff: z.boolean(),
});
export type MeetingText = z.infer<typeof MeetingText>;
