import type { Db } from '../../db/client.ts';
import { translate } from '../../i18n.ts';
import { LOCALES, type Locale } from '../../../shared/limits.ts';
import { renderNotification, type StoredNotification } from './render.ts';
import {
  isConnectionError,
  isPermanentMailError,
  sendPush,
  type Mailer,
  type MailMessage,
  type PushTarget,
} from './senders.ts';
import type { VapidKeys } from './vapid.ts';

/** Waits after the 1st, 2nd, ... failed attempt; the 8th failure is final. */
const BACKOFF_MINUTES = [1, 5, 30, 120, 360, 720, 1440];
export const MAX_ATTEMPTS = 8;
/** A claimed delivery belongs to its worker this long; a worker that died is replaced after it. */
const LEASE_MINUTES = 10;
const DIGEST_ITEMS_MAX = 50;

export interface DeliveryDeps {
  db: Db;
  timeZone: string;
  publicUrl: string;
  vapidSubject: string;
  vapidKeys: () => Promise<VapidKeys>;
  mailer: Mailer | null;
  batchSize: number;
}

export interface DeliveryCounts {
  sent: number;
  retried: number;
  failed: number;
  dropped: number;
}

interface Claimed {
  id: number;
  channel: 'push' | 'email';
  attempts: number;
  notification_id: number;
  account_id: number;
  kind: string;
  subject_type: string | null;
  subject_id: number | null;
  payload: Record<string, unknown>;
  locale: string;
  disabled: boolean;
  email: string | null;
  email_enabled: boolean;
  push_enabled: boolean;
}

type Outcome =
  | { status: 'sent' }
  | { status: 'retry'; error: string }
  | { status: 'failed'; error: string }
  | { status: 'dropped'; error: string };

const localeOf = (l: string): Locale => ((LOCALES as readonly string[]).includes(l) ? (l as Locale) : 'vi');
const plusMinutes = (d: Date, m: number) => new Date(d.getTime() + m * 60_000);

/**
 * Takes up to `limit` due deliveries of the given channels for this worker. One statement (its own
 * short transaction): rows another worker holds are skipped, and the lease (attempts + 1, next attempt
 * after the lease) is committed before anything is sent, so no other instance picks them up meanwhile.
 */
async function claim(db: Db, now: Date, channels: string[], limit: number): Promise<Claimed[]> {
  return db.query<Claimed>(
    `WITH due AS (
       SELECT d.id FROM notification_delivery d
       WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND d.channel = ANY($2::text[])
       ORDER BY d.next_attempt_at, d.id
       LIMIT $3
       FOR UPDATE SKIP LOCKED
     ), leased AS (
       UPDATE notification_delivery d
       SET attempts = d.attempts + 1, next_attempt_at = $4
       FROM due WHERE d.id = due.id
       RETURNING d.id, d.channel, d.attempts, d.notification_id
     )
     SELECT l.id::int AS id, l.channel, l.attempts, l.notification_id::int AS notification_id,
            n.account_id, n.kind, n.subject_type, n.subject_id, n.payload,
            a.locale, a.disabled_at IS NOT NULL AS disabled,
            s.email, coalesce(s.email_enabled, false) AS email_enabled,
            coalesce(s.push_enabled, true) AS push_enabled
     FROM leased l
     JOIN notification n ON n.id = l.notification_id
     JOIN account a ON a.id = n.account_id
     LEFT JOIN notification_setting s ON s.account_id = n.account_id
     ORDER BY l.id`,
    [now.toISOString(), channels, limit, plusMinutes(now, LEASE_MINUTES).toISOString()],
  );
}

async function finish(db: Db, d: Claimed, outcome: Outcome, now: Date): Promise<keyof DeliveryCounts> {
  if (outcome.status === 'sent') {
    await db.query(
      `UPDATE notification_delivery SET status = 'sent', sent_at = $2, last_error = NULL
       WHERE id = $1 AND status = 'pending' AND attempts = $3`,
      [d.id, now.toISOString(), d.attempts],
    );
    return 'sent';
  }
  const error = outcome.error.slice(0, 500);
  if (outcome.status === 'retry' && d.attempts < MAX_ATTEMPTS) {
    const wait = BACKOFF_MINUTES[Math.min(d.attempts, BACKOFF_MINUTES.length) - 1]!;
    await db.query(
      `UPDATE notification_delivery SET next_attempt_at = $2, last_error = $3
       WHERE id = $1 AND status = 'pending' AND attempts = $4`,
      [d.id, plusMinutes(now, wait).toISOString(), error, d.attempts],
    );
    return 'retried';
  }
  const status = outcome.status === 'dropped' ? 'dropped' : 'failed';
  await db.query(
    `UPDATE notification_delivery SET status = $2, last_error = $3
     WHERE id = $1 AND status = 'pending' AND attempts = $4`,
    [d.id, status, error, d.attempts],
  );
  return status;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function mailBody(locale: Locale, lines: { title: string; body: string; link: string }[], intro?: string) {
  const t = (code: string, params: Record<string, unknown> = {}) => translate(locale, code, params);
  const text = [
    ...(intro ? [intro, ''] : []),
    ...lines.flatMap((l) => [
      l.title,
      ...(l.body ? [l.body] : []),
      t('notification.email.open', { url: l.link }),
      '',
    ]),
    '-- ',
    t('notification.email.footer'),
  ].join('\n');
  const dir = locale === 'ar' ? 'rtl' : 'ltr';
  const html =
    `<!doctype html><html lang="${locale}" dir="${dir}"><body style="font-family:sans-serif">` +
    (intro ? `<p>${escapeHtml(intro)}</p>` : '') +
    lines
      .map(
        (l) =>
          `<p><strong>${escapeHtml(l.title)}</strong>` +
          (l.body ? `<br>${escapeHtml(l.body)}` : '') +
          `<br><a href="${escapeHtml(l.link)}">${escapeHtml(l.link)}</a></p>`,
      )
      .join('') +
    `<hr><p style="color:#555;font-size:small">${escapeHtml(t('notification.email.footer'))}</p></body></html>`;
  return { text, html };
}

/** Sends claimed deliveries and records each outcome; one failure never stops the others. */
export function createDeliveryWorker(deps: DeliveryDeps) {
  const { db, timeZone, publicUrl } = deps;
  const link = (path: string) => publicUrl + path;
  const stored = (d: Claimed): StoredNotification => ({
    id: d.notification_id,
    kind: d.kind,
    subjectType: d.subject_type,
    subjectId: d.subject_id,
    payload: d.payload,
  });

  async function pushOne(d: Claimed, now: Date): Promise<Outcome> {
    if (d.disabled || !d.push_enabled) return { status: 'dropped', error: 'push turned off' };
    const targets = await db.query<PushTarget & { id: number }>(
      `SELECT id, endpoint, p256dh, auth FROM push_subscription
       WHERE account_id = $1 AND revoked_at IS NULL ORDER BY id`,
      [d.account_id],
    );
    if (targets.length === 0) return { status: 'dropped', error: 'no live subscription' };
    const r = renderNotification(localeOf(d.locale), timeZone, stored(d));
    const startsAt = typeof d.payload.startsAt === 'string' ? Date.parse(d.payload.startsAt) : NaN;
    const untilStart = Number.isNaN(startsAt) ? Infinity : Math.floor((startsAt - now.getTime()) / 1000);
    // A reminder is worthless once the meeting has started; anything else may wait a day for the device.
    const ttlSeconds = Math.max(60, Math.min(24 * 3600, untilStart));
    const keys = await deps.vapidKeys();
    let delivered = 0;
    let gone = 0;
    const errors: string[] = [];
    for (const target of targets) {
      try {
        const res = await sendPush(
          keys,
          deps.vapidSubject,
          target,
          { title: r.title, body: r.body, url: r.url, tag: r.tag },
          {
            ttlSeconds,
            urgency: d.kind === 'meeting.reminder' ? 'high' : 'normal',
            topic: r.tag.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 32),
          },
        );
        if (res.status >= 200 && res.status < 300) delivered++;
        else if (res.status === 404 || res.status === 410) {
          gone++;
          await db.query(
            `UPDATE push_subscription SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`,
            [target.id, now.toISOString()],
          );
        } else errors.push(`push service answered ${res.status}`);
      } catch (err) {
        errors.push(`push failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (delivered > 0) return { status: 'sent' };
    if (errors.length > 0) return { status: 'retry', error: errors.join('; ') };
    return { status: 'dropped', error: `subscription gone (${gone})` };
  }

  async function mailContent(d: Claimed, locale: Locale): Promise<Omit<MailMessage, 'to'> | null> {
    if (d.kind !== 'digest.daily') {
      const r = renderNotification(locale, timeZone, stored(d));
      return { subject: r.title, lang: locale, ...mailBody(locale, [{ ...r, link: link(r.url) }]) };
    }
    // The digest lists what is still unread of its day when it is sent.
    const items = await db.query<{
      id: number;
      kind: string;
      subject_type: string | null;
      subject_id: number | null;
      payload: Record<string, unknown>;
    }>(
      `SELECT id::int AS id, kind, subject_type, subject_id, payload FROM notification
       WHERE account_id = $1 AND read_at IS NULL AND kind <> 'digest.daily'
         AND created_at >= $2 AND created_at < $3
       ORDER BY id DESC LIMIT ${DIGEST_ITEMS_MAX}`,
      [d.account_id, d.payload.from, d.payload.to],
    );
    if (items.length === 0) return null;
    const head = renderNotification(locale, timeZone, {
      ...stored(d),
      payload: { ...d.payload, count: items.length },
    });
    const lines = items.map((n) => {
      const r = renderNotification(locale, timeZone, {
        id: n.id,
        kind: n.kind,
        subjectType: n.subject_type,
        subjectId: n.subject_id,
        payload: n.payload,
      });
      return { ...r, link: link(r.url) };
    });
    return {
      subject: head.title,
      lang: locale,
      ...mailBody(locale, lines, translate(locale, 'notification.digest.intro')),
    };
  }

  // Once the SMTP server is unreachable, the rest of the run's e-mails wait for their next attempt
  // instead of each timing out in turn; push deliveries go on.
  async function process(now: Date, state: { smtpDown: string | null }, counts: DeliveryCounts) {
    const channels = deps.mailer && !state.smtpDown ? ['push', 'email'] : ['push'];
    const claimed = await claim(db, now, channels, deps.batchSize);
    for (const d of claimed) {
      let outcome: Outcome;
      try {
        if (d.channel === 'push') outcome = await pushOne(d, now);
        else if (state.smtpDown) outcome = { status: 'retry', error: state.smtpDown };
        else if (d.disabled || !d.email_enabled || !d.email)
          outcome = { status: 'dropped', error: 'e-mail turned off' };
        else if (!deps.mailer) outcome = { status: 'retry', error: 'no SMTP server configured' };
        else {
          const locale = localeOf(d.locale);
          const content = await mailContent(d, locale);
          if (!content) outcome = { status: 'dropped', error: 'nothing unread' };
          else {
            try {
              await deps.mailer.send({ to: d.email, ...content });
              outcome = { status: 'sent' };
            } catch (err) {
              const message = `SMTP: ${err instanceof Error ? err.message : String(err)}`;
              if (isConnectionError(err)) state.smtpDown = message;
              outcome = isPermanentMailError(err)
                ? { status: 'failed', error: message }
                : { status: 'retry', error: message };
            }
          }
        }
      } catch (err) {
        outcome = { status: 'retry', error: err instanceof Error ? err.message : String(err) };
      }
      counts[await finish(db, d, outcome, now)]++;
    }
    return claimed.length;
  }

  return {
    /** Delivers what is due, batch after batch, up to `maxBatches` batches. */
    async run(now: Date, maxBatches = 20): Promise<DeliveryCounts> {
      const counts: DeliveryCounts = { sent: 0, retried: 0, failed: 0, dropped: 0 };
      const state = { smtpDown: null as string | null };
      for (let i = 0; i < maxBatches; i++) {
        const n = await process(now, state, counts);
        if (n < deps.batchSize) break;
      }
      return counts;
    },
  };
}
