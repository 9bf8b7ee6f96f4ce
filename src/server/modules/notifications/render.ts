import { translate } from '../../i18n.ts';
import type { Locale } from '../../../shared/limits.ts';

/** A notification as stored: what the inbox, the push message and the e-mail are rendered from. */
export interface StoredNotification {
  id: number;
  kind: string;
  subjectType: string | null;
  subjectId: number | null;
  payload: Record<string, unknown>;
}

export interface RenderedNotification {
  title: string;
  body: string;
  /** App path to open, e.g. /meetings/12. */
  url: string;
  /** Replaces an earlier notification about the same thing on a device. */
  tag: string;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) ? v : null);

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: Locale, timeZone: string, kind: 'when' | 'date' | 'month'): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${kind}`;
  let f = formatters.get(key);
  if (!f) {
    const opts: Intl.DateTimeFormatOptions =
      kind === 'when'
        ? {
            timeZone,
            weekday: 'short',
            day: '2-digit',
            month: '2-digit',
            year: 'numeric',
            hour: '2-digit',
            minute: '2-digit',
            hourCycle: 'h23',
          }
        : kind === 'date'
          ? { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' }
          : { timeZone: 'UTC', month: '2-digit', year: 'numeric' };
    f = new Intl.DateTimeFormat(locale, opts);
    formatters.set(key, f);
  }
  return f;
}

/** An instant as the members read it: weekday, date and time in the deployment's time zone. */
export function formatWhen(locale: Locale, timeZone: string, iso: unknown): string | null {
  const s = str(iso);
  if (!s) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : formatter(locale, timeZone, 'when').format(d);
}

function formatDay(locale: Locale, iso: unknown, kind: 'date' | 'month'): string | null {
  const s = str(iso);
  if (!s || !/^\d{4}-\d{2}-\d{2}/.test(s)) return null;
  const d = new Date(`${s.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? null : formatter(locale, 'UTC', kind).format(d);
}

const MEETING_TITLE_WITH_TIME = new Set([
  'meeting.scheduled',
  'meeting.changed',
  'meeting.cancelled',
  'meeting.reminder',
]);

/**
 * The title and body a notification shows unopened, in the reader's language, from its kind and
 * payload (see the payload formats in src/shared/contracts/notifications.ts). Unknown kinds get a
 * generic title with whatever topic or title the payload carries.
 */
export function renderNotification(
  locale: Locale,
  timeZone: string,
  n: StoredNotification,
): RenderedNotification {
  const p = n.payload;
  const t = (code: string, params: Record<string, unknown> = {}) => translate(locale, code, params);
  const join = (parts: (string | null)[]) => parts.filter((x): x is string => !!x).join(' · ');
  const fallbackTag = `notification-${n.id}`;

  if (n.kind.startsWith('meeting.') && n.kind !== 'meeting.schedule_late') {
    const meetingId = int(p.meetingId) ?? (n.subjectType === 'meeting' ? n.subjectId : null);
    const when = formatWhen(locale, timeZone, p.startsAt) ?? '';
    const topic = str(p.topic) ?? '';
    const known = `notification.${n.kind}.title`;
    const title =
      translate('en', known) !== known
        ? t(known, { when, topic })
        : join([t('notification.generic.title'), topic]);
    const place = str(p.place);
    const online = str(p.onlineUrl);
    const body = join([
      str(p.unitName),
      MEETING_TITLE_WITH_TIME.has(n.kind) || !when ? null : t('notification.meeting.when', { when }),
      place ? t('notification.meeting.place', { place }) : null,
      online ? t('notification.meeting.online', { url: online }) : null,
      n.kind === 'meeting.cancelled' && str(p.reason)
        ? t('notification.meeting.reason', { reason: str(p.reason) })
        : null,
    ]);
    return {
      title,
      body,
      url: meetingId ? `/meetings/${meetingId}` : '/me/notifications',
      tag: meetingId ? `meeting-${meetingId}` : fallbackTag,
    };
  }

  switch (n.kind) {
    case 'meeting.schedule_late': {
      const unitId = int(p.unitId) ?? (n.subjectType === 'unit' ? n.subjectId : null);
      return {
        title: t('notification.meeting.schedule_late.title', {
          unit: str(p.unitName) ?? '',
          month: formatDay(locale, p.month, 'month') ?? '',
        }),
        body: '',
        url: unitId ? `/units/${unitId}/meetings` : '/me/notifications',
        tag: unitId ? `schedule-late-${unitId}` : fallbackTag,
      };
    }
    case 'document.published': {
      const id = int(p.documentId) ?? (n.subjectType === 'document' ? n.subjectId : null);
      return {
        title: t('notification.document.published.title', { title: str(p.title) ?? '' }),
        body: join([str(p.number), str(p.issuerName), str(p.summary)]),
        url: id ? `/documents/${id}` : '/me/documents',
        tag: id ? `document-${id}` : fallbackTag,
      };
    }
    case 'task.assigned': {
      const id = int(p.taskId) ?? (n.subjectType === 'task' ? n.subjectId : null);
      const due = formatDay(locale, p.dueOn, 'date');
      return {
        title: t('notification.task.assigned.title', { title: str(p.title) ?? '' }),
        body: join([str(p.unitName), due ? t('notification.task.due', { date: due }) : null]),
        url: '/me/tasks',
        tag: id ? `task-${id}` : fallbackTag,
      };
    }
    case 'digest.daily':
      return {
        title: t('notification.digest.title', {
          count: int(p.count) ?? 0,
          date: formatDay(locale, p.date, 'date') ?? '',
        }),
        body: '',
        url: '/me/notifications',
        tag: fallbackTag,
      };
    default:
      return {
        title: join([t('notification.generic.title'), str(p.topic) ?? str(p.title)]),
        body: str(p.body) ?? '',
        url: '/me/notifications',
        tag: fallbackTag,
      };
  }
}
