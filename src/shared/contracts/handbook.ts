import { z } from 'zod';
import { Id, IsoDateSchema, Paging } from './common.ts';

/** The party-member handbook: a member's home, tasks, documents, the compliance monitor and adoption. */

const Code = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/);
const Month = z
  .string()
  .regex(/^2\d{3}-(0[1-9]|1[0-2])$/)
  .meta({ description: 'A month, YYYY-MM', example: '2026-03' });
/** A query-string flag: `true`/`1` or `false`/`0`. */
const Flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
/** A share in [0, 1], null when there is nobody to count. */
const Share = z.number().min(0).max(1).nullable();

// ---------------------------------------------------------------------------------------------- tasks

export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export const TaskStatus = z.enum(TASK_STATUSES);

export const Task = z.object({
  id: z.number().int(),
  unitId: z.number().int(),
  unitName: z.string(),
  meetingId: z.number().int().nullable(),
  assigneePersonId: z.number().int(),
  assigneeName: z.string(),
  title: z.string(),
  details: z.string().nullable(),
  dueOn: z.string().nullable().meta({ format: 'date' }),
  status: TaskStatus,
  report: z.string().nullable(),
  reportedAt: z.string().nullable(),
  overdue: z.boolean().meta({ description: 'Open and due before today' }),
  createdAt: z.string(),
  updatedAt: z.string(),
  policies: z.object({
    /** The caller may change title, details, due date, or cancel (the unit's managers). */
    manage: z.boolean(),
    /** The caller may report progress or mark it done (the assignee). */
    report: z.boolean(),
  }),
});
export type Task = z.infer<typeof Task>;

export const TaskInput = z.strictObject({
  assigneePersonId: Id,
  title: z.string().trim().min(1).max(300),
  details: z.string().trim().max(4000).optional(),
  dueOn: IsoDateSchema.optional(),
  meetingId: Id.optional().meta({ description: 'The meeting that decided the task (of the same unit)' }),
});

export const TaskPatch = z
  .strictObject({
    status: TaskStatus.optional().meta({
      description: "Assignee: 'done' or back to 'open'; manager: also 'cancelled'",
    }),
    report: z.string().trim().max(4000).nullable().optional().meta({ description: 'Assignee only' }),
    title: z.string().trim().min(1).max(300).optional().meta({ description: 'Manager only' }),
    details: z.string().trim().max(4000).nullable().optional().meta({ description: 'Manager only' }),
    dueOn: IsoDateSchema.nullable().optional().meta({ description: 'Manager only' }),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), { message: 'nothing to change' });

export const MyTasksQuery = z.strictObject({ status: TaskStatus.optional(), ...Paging });
export const UnitTasksQuery = z.strictObject({
  status: TaskStatus.optional(),
  overdue: Flag.optional(),
  ...Paging,
});
export const TaskPage = z.object({ items: z.array(Task), total: z.number().int() });

// ------------------------------------------------------------------------------------------ documents

export const DOCUMENT_KINDS = [
  'resolution',
  'directive',
  'conclusion',
  'instruction',
  'notice',
  'other',
] as const;
export const DocumentKind = z.enum(DOCUMENT_KINDS);

export const DocumentInput = z.strictObject({
  kind: DocumentKind,
  number: z.string().trim().min(1).max(60).optional(),
  title: z.string().trim().min(1).max(300),
  summary: z.string().trim().max(4000).optional(),
  body: z.string().max(100_000).optional(),
  unitKinds: z.array(Code).min(1).max(30).optional().meta({
    description: 'Only members of units of these kinds receive it (default: every unit below)',
  }),
  fileId: Id.optional().meta({
    description: 'A PDF uploaded by the caller with POST /units/{unitId}/document-files and not yet attached',
  }),
  fileName: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'Default: the number or "document.pdf"' }),
});
export const IssuedDocumentsQuery = z.strictObject({ ...Paging });

export const DocumentFile = z.object({
  fileId: z.number().int(),
  fileName: z.string(),
  size: z.number().int(),
  mediaType: z.string(),
});

export const DocumentSummary = z.object({
  id: z.number().int(),
  issuerUnitId: z.number().int(),
  issuerUnitName: z.string(),
  kind: DocumentKind,
  number: z.string().nullable(),
  title: z.string(),
  summary: z.string().nullable(),
  publishedAt: z.string(),
  fileName: z
    .string()
    .nullable()
    .meta({ description: 'Set when a PDF is attached (GET /documents/{id}/file)' }),
  unitKinds: z.array(z.string()).nullable(),
  readAt: z.string().nullable().meta({ description: 'When the caller opened it (null: unread)' }),
  studiedAt: z.string().nullable(),
});
export type DocumentSummary = z.infer<typeof DocumentSummary>;

export const DocumentDetail = DocumentSummary.extend({
  body: z.string().nullable(),
  policies: z.object({
    /** The caller may see read and studied shares (holds handbook.monitor on the issuer). */
    viewReads: z.boolean(),
    /** The caller is in the audience and may mark it studied. */
    study: z.boolean(),
  }),
});

export const MyDocumentsQuery = z.strictObject({ unread: Flag.optional(), ...Paging });
export const DocumentPage = z.object({
  items: z.array(DocumentSummary),
  total: z.number().int(),
  unread: z.number().int(),
});

export const IssuedDocument = DocumentSummary.omit({ readAt: true, studiedAt: true }).extend({
  audience: z.number().int().meta({ description: 'Members notified when it was published' }),
  read: z.number().int(),
  studied: z.number().int(),
});
export const IssuedDocumentPage = z.object({ items: z.array(IssuedDocument), total: z.number().int() });

export const DocumentReadsQuery = z.strictObject({
  unitId: Id.optional().meta({
    description: 'The unit whose direct subordinates are listed (default: the issuer)',
  }),
});
const ReadFigures = z.object({
  audience: z.number().int(),
  read: z.number().int(),
  studied: z.number().int(),
  readShare: Share,
  studiedShare: Share,
});
export const DocumentReads = z.object({
  documentId: z.number().int(),
  unitId: z.number().int(),
  unitName: z.string(),
  total: ReadFigures,
  rows: z.array(ReadFigures.extend({ unitId: z.number().int(), unitName: z.string(), unitKind: z.string() })),
});

// --------------------------------------------------------------------------------------------- home

export const HomeMeeting = z.object({
  id: z.number().int(),
  kind: z.string(),
  unitId: z.number().int(),
  unitName: z.string(),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  place: z.string().nullable(),
  onlineUrl: z.string().nullable(),
  topic: z.string(),
  status: z.enum(['scheduled', 'held', 'cancelled']),
  away: z.boolean().meta({ description: 'The member is away from home and may attend remotely' }),
  myReply: z.enum(['attend', 'excused']).nullable(),
  myReplyRemote: z.boolean(),
  myAttendance: z.string().nullable(),
  checkInOpen: z.boolean().meta({
    description: 'Now lies between 30 minutes before the start and the end (start + 4 h when no end is set)',
  }),
});

export const InboxItem = z.object({
  id: z.number().int(),
  kind: z.string(),
  title: z.string().meta({ description: 'Rendered in the caller’s language, as in the inbox' }),
  url: z.string().meta({ description: 'App path to open' }),
  subjectType: z.string().nullable(),
  subjectId: z.number().int().nullable(),
  payload: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  read: z.boolean(),
});

export const Home = z.object({
  person: z.object({ id: z.number().int(), name: z.string() }).nullable().meta({
    description: 'null when the account is not linked to a person: the lists are then empty',
  }),
  meetings: z
    .array(HomeMeeting)
    .meta({ description: 'The next meetings the member is invited to (up to 5)' }),
  documents: z.object({ unread: z.number().int(), latest: z.array(DocumentSummary) }),
  tasks: z.object({ open: z.number().int(), overdue: z.number().int(), next: z.array(Task) }),
  inbox: z.object({ unread: z.number().int(), latest: z.array(InboxItem) }),
});
export type Home = z.infer<typeof Home>;

// ------------------------------------------------------------------------------------ compliance

/**
 * A cell-month's status: green (on time, held, minutes, attendance), amber (held with a shortfall, or
 * not scheduled in time), red (no regular meeting held in the month), pending (the month is not over
 * and nothing is wrong yet), none (a future month), not_applicable (the cell did not exist).
 */
export const COMPLIANCE_STATUSES = ['green', 'amber', 'red', 'pending', 'none', 'not_applicable'] as const;
export const ComplianceStatus = z.enum(COMPLIANCE_STATUSES);
export const COMPLIANCE_REASONS = [
  'not_scheduled',
  'scheduled_late',
  'not_held',
  'minutes_missing',
  'low_attendance',
  'no_thematic',
] as const;
export const ComplianceReason = z.enum(COMPLIANCE_REASONS);

export const ComplianceQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2999).optional().meta({ description: 'Default: this year' }),
  sort: z
    .enum(['name', '-name', 'status', '-status', 'attendance', '-attendance'])
    .default('name')
    .meta({ description: "'status': worst first; '-' reverses" }),
  status: z.enum(['green', 'amber', 'red']).optional().meta({
    description: 'Only cells whose worst month of the year so far has this status',
  }),
  ...Paging,
});

export const ComplianceMonth = z.object({
  month: Month,
  status: ComplianceStatus,
  reasons: z.array(ComplianceReason),
  regularMeetingId: z.number().int().nullable(),
  scheduledAt: z.string().nullable(),
  heldAt: z.string().nullable(),
  minutesAt: z.string().nullable(),
  invited: z.number().int(),
  attended: z.number().int(),
  attendanceRate: Share,
  thematicHeld: z.number().int(),
});

export const ComplianceRow = z.object({
  unitId: z.number().int(),
  unitName: z.string(),
  unitKind: z.string(),
  status: ComplianceStatus.meta({ description: 'The worst status of the months so far' }),
  attendanceRate: Share.meta({ description: 'Attended / invited over the regular meetings of the year' }),
  months: z.array(ComplianceMonth).length(12),
});

export const ComplianceMonthSummary = z.object({
  month: Month,
  cells: z.number().int(),
  green: z.number().int(),
  amber: z.number().int(),
  red: z.number().int(),
  pending: z.number().int(),
  averageAttendance: Share,
});

export const CompliancePage = z.object({
  unitId: z.number().int(),
  unitName: z.string(),
  year: z.number().int(),
  scheduleDay: z.number().int(),
  asOf: z.string().meta({ format: 'date' }),
  takenAt: z
    .string()
    .nullable()
    .meta({
      format: 'date-time',
      description:
        'For a large unit (thousands of cells): when the order, the totals and the summary were taken; they are ' +
        'taken again every few minutes. The listed cells themselves are judged on the request. Null when ' +
        'everything was judged on the request.',
    }),
  summary: z.array(ComplianceMonthSummary).length(12),
  items: z.array(ComplianceRow),
  total: z.number().int(),
});
export type CompliancePage = z.infer<typeof CompliancePage>;

export const ComplianceExportQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2999).optional(),
});

export const ComplianceMeetingsQuery = z.strictObject({ month: Month });
export const ComplianceMeeting = z.object({
  id: z.number().int(),
  kind: z.string(),
  status: z.string(),
  topic: z.string(),
  startsAt: z.string(),
  scheduledAt: z.string(),
  heldAt: z.string().nullable(),
  minutesPublishedAt: z.string().nullable(),
  invited: z.number().int(),
  attended: z.number().int(),
});
export const ComplianceMeetings = z.object({
  unitId: z.number().int(),
  unitName: z.string(),
  month: Month,
  status: ComplianceStatus,
  reasons: z.array(ComplianceReason),
  items: z.array(ComplianceMeeting),
});

// -------------------------------------------------------------------------------------- adoption

export const AdoptionQuery = z.strictObject({
  from: IsoDateSchema.optional().meta({ description: 'Default: 11 month ends before `to`' }),
  to: IsoDateSchema.optional().meta({ description: 'Default: today' }),
});
const AdoptionFigures = z.object({
  members: z.number().int().meta({ description: 'Persons with a current party membership in the subtree' }),
  activated: z.number().int(),
  active30: z.number().int().meta({ description: 'Used the app in the 30 days up to the date' }),
  activatedShare: Share,
  activeShare: Share,
});
export const Adoption = z.object({
  unitId: z.number().int(),
  unitName: z.string(),
  series: z.array(AdoptionFigures.extend({ date: z.string().meta({ format: 'date' }) })).meta({
    description: 'Month ends from `from` to `to`, then `to` itself',
  }),
  children: z.array(AdoptionFigures.extend({ unitId: z.number().int(), unitName: z.string() })).meta({
    description: 'Direct subordinate units on the last date',
  }),
});
