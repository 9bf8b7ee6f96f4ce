import { z } from 'zod';

/**
 * Kinds the server renders with their own wording; any other kind is shown with a generic title and
 * whatever topic/title its payload carries.
 *
 * Payloads (what a notification says unopened):
 * - meeting.*: { meetingId, unitName?, kind?, startsAt (ISO), place?, onlineUrl?, topic, reason? }
 * - document.published: { documentId, title, kind?, number?, issuerName? }
 * - task.assigned: { taskId, title, dueOn? (YYYY-MM-DD), unitName? }
 * - meeting.schedule_late: { unitId, unitName, month (YYYY-MM-01) }
 */
export const NOTIFICATION_KINDS = [
  'meeting.scheduled',
  'meeting.changed',
  'meeting.cancelled',
  'meeting.reminder',
  'meeting.draft_published',
  'meeting.resolution_published',
  'meeting.minutes_published',
  'document.published',
  'task.assigned',
  'meeting.schedule_late',
] as const;

export const NOTIFICATION_LIMITS = {
  pageDefault: 30,
  pageMax: 100,
  markReadMax: 500,
  leadTimesMax: 5,
  leadMinutesMin: 5,
  leadMinutesMax: 14 * 24 * 60,
  leadMinutesDefault: [4320, 1440, 120] as readonly number[],
} as const;

export const NotificationItem = z.object({
  id: z.number().int(),
  kind: z.string(),
  subjectType: z.string().nullable(),
  subjectId: z.number().int().nullable(),
  /** Rendered in the caller's language; dates and times in the deployment's time zone. */
  title: z.string(),
  body: z.string(),
  /** Where the app opens it (e.g. /meetings/12), or null. */
  url: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationItem = z.infer<typeof NotificationItem>;

export const NotificationListQuery = z.strictObject({
  /** Cursor: only notifications with a smaller id (the previous page's `nextBefore`). */
  before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(NOTIFICATION_LIMITS.pageMax)
    .default(NOTIFICATION_LIMITS.pageDefault),
});

export const NotificationPage = z.object({
  items: z.array(NotificationItem),
  unread: z.number().int(),
  /** Pass as `before` for the next (older) page; null at the end. */
  nextBefore: z.number().int().nullable(),
});
export type NotificationPage = z.infer<typeof NotificationPage>;

export const MarkReadInput = z
  .strictObject({
    ids: z
      .array(z.number().int().positive().max(Number.MAX_SAFE_INTEGER))
      .min(1)
      .max(NOTIFICATION_LIMITS.markReadMax)
      .optional(),
    all: z.literal(true).optional(),
  })
  .refine((v) => (v.ids === undefined) !== (v.all === undefined), {
    message: 'give either ids or all: true',
    path: ['ids'],
  });

export const MarkReadResult = z.object({ updated: z.number().int(), unread: z.number().int() });

const LeadMinutes = z
  .array(z.number().int().min(NOTIFICATION_LIMITS.leadMinutesMin).max(NOTIFICATION_LIMITS.leadMinutesMax))
  .max(NOTIFICATION_LIMITS.leadTimesMax)
  .refine((a) => new Set(a).size === a.length, { message: 'lead times must differ' });

export const NotificationSettings = z.object({
  email: z.string().nullable(),
  emailEnabled: z.boolean(),
  pushEnabled: z.boolean(),
  dailyDigest: z.boolean(),
  /** Minutes before a meeting at which reminders go out, largest first. */
  leadMinutes: z.array(z.number().int()),
  /** Live push subscriptions of this account (devices). */
  pushSubscriptions: z.number().int(),
  /** Whether the server can send e-mail at all (an SMTP server is configured). */
  emailAvailable: z.boolean(),
  /** The hour (0-23, deployment time zone) the daily digest goes out. */
  digestHour: z.number().int(),
});
export type NotificationSettings = z.infer<typeof NotificationSettings>;

export const NotificationSettingsInput = z.strictObject({
  /** Omit to keep the stored address; null clears it. */
  email: z.string().trim().max(254).pipe(z.email()).nullable().optional(),
  emailEnabled: z.boolean(),
  pushEnabled: z.boolean(),
  dailyDigest: z.boolean(),
  leadMinutes: LeadMinutes,
});

export const PushPublicKey = z.object({
  /** The VAPID application server key (base64url), for PushManager.subscribe({applicationServerKey}). */
  publicKey: z.string(),
});

const Base64Url = z.string().regex(/^[A-Za-z0-9_-]+={0,2}$/, { message: 'must be base64url' });

/** What PushSubscription.toJSON() gives in the browser. */
export const PushSubscriptionInput = z.strictObject({
  endpoint: z.string().trim().min(1).max(1000),
  expirationTime: z.number().nullable().optional(),
  keys: z.strictObject({
    /** The client's P-256 public key: 65 bytes, base64url (87 characters without padding). */
    p256dh: Base64Url.min(86).max(88),
    /** The authentication secret: 16 bytes, base64url (22 characters without padding). */
    auth: Base64Url.min(22).max(24),
  }),
});

export const PushUnsubscribeInput = z.strictObject({ endpoint: z.string().trim().min(1).max(1000) });

export const PushSubscriptionResult = z.object({ pushSubscriptions: z.number().int() });

/**
 * The Web Push message the service worker receives (JSON): show `title` with `body`, replace an
 * earlier notification with the same `tag`, open `url` (an app path) when clicked.
 */
export const PushMessage = z.object({
  title: z.string(),
  body: z.string(),
  url: z.string(),
  tag: z.string(),
});
export type PushMessage = z.infer<typeof PushMessage>;
