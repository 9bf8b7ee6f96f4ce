import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { Actor } from '../../access/actor.ts';
import { appendAudit, type AuditContext } from '../../audit/audit.ts';
import { AppError } from '../../http/errors.ts';
import { LOCALES, type Locale } from '../../../shared/limits.ts';
import {
  NOTIFICATION_LIMITS,
  type NotificationItem,
  type NotificationPage,
  type NotificationSettings,
} from '../../../shared/contracts/notifications.ts';
import { parseConfig } from '../../config.ts';
import { notificationOptions, type NotificationOptions } from './options.ts';
import { renderNotification, type StoredNotification } from './render.ts';
import { loadVapidKeys, type VapidKeys } from './vapid.ts';
import { smtpMailer } from './senders.ts';
import { createDeliveryWorker, type DeliveryCounts } from './delivery.ts';
import { claimPeriodicRun, createDigests, createReminders } from './scheduler.ts';

export interface WorkerLog {
  error(obj: object, msg: string): void;
}

/** A periodic job another module hands to the worker loop (e.g. late-scheduling reminders). */
export interface WorkerStep {
  /** Lower-case letters, digits, '_' and '.'. */
  name: string;
  /**
   * Run at most this often across all instances (the last run is recorded in the database); every
   * worker run when absent.
   */
  everyMinutes?: number;
  run(now: Date): Promise<unknown>;
}

export interface RunSummary extends DeliveryCounts {
  reminders: number;
  digests: number;
  /** Steps that threw (logged); the others ran regardless. */
  errors: string[];
}

interface SettingsInput {
  email?: string | null;
  emailEnabled: boolean;
  pushEnabled: boolean;
  dailyDigest: boolean;
  leadMinutes: number[];
}

interface SubscriptionInput {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function decodeBase64Url(s: string): Buffer | null {
  const clean = s.replace(/=+$/, '');
  if (!/^[A-Za-z0-9_-]+$/.test(clean)) return null;
  return Buffer.from(clean, 'base64url');
}

const localeOf = (l: string): Locale => ((LOCALES as readonly string[]).includes(l) ? (l as Locale) : 'vi');

export function createNotificationService(deps: {
  db: Db;
  clock: Clock;
  options?: NotificationOptions;
  log?: WorkerLog;
  /** Deliveries taken per claim (several instances share the work batch by batch). */
  batchSize?: number;
}) {
  const { db, clock } = deps;
  const options = deps.options ?? notificationOptions(parseConfig({}));
  let log: WorkerLog = deps.log ?? { error: (obj, msg) => console.error(msg, obj) };
  const mailer = options.smtpUrl ? smtpMailer(options.smtpUrl, options.mailFrom) : null;
  const extraSteps: WorkerStep[] = [];

  let vapid: Promise<VapidKeys> | null = null;
  const vapidKeys = () => {
    vapid ??= loadVapidKeys(db).catch((err: unknown) => {
      vapid = null;
      throw err;
    });
    return vapid;
  };

  const deliveries = createDeliveryWorker({
    db,
    timeZone: options.timeZone,
    publicUrl: options.publicUrl,
    vapidSubject: options.vapidSubject,
    vapidKeys,
    mailer,
    batchSize: deps.batchSize ?? 50,
  });

  const render = (locale: Locale, n: StoredNotification) => renderNotification(locale, options.timeZone, n);

  async function settingsOf(accountId: number): Promise<NotificationSettings> {
    const rows = await db.query<{
      email: string | null;
      email_enabled: boolean;
      push_enabled: boolean;
      daily_digest: boolean;
      lead_minutes: number[];
      subs: number;
    }>(
      `SELECT s.email, coalesce(s.email_enabled, false) AS email_enabled,
              coalesce(s.push_enabled, true) AS push_enabled,
              coalesce(s.daily_digest, false) AS daily_digest,
              coalesce(s.lead_minutes, $2::int[]) AS lead_minutes,
              (SELECT count(*)::int FROM push_subscription ps
               WHERE ps.account_id = $1 AND ps.revoked_at IS NULL) AS subs
       FROM (SELECT $1::int AS account_id) x
       LEFT JOIN notification_setting s ON s.account_id = x.account_id`,
      [accountId, NOTIFICATION_LIMITS.leadMinutesDefault],
    );
    const r = rows[0]!;
    return {
      email: r.email,
      emailEnabled: r.email_enabled,
      pushEnabled: r.push_enabled,
      dailyDigest: r.daily_digest,
      leadMinutes: [...r.lead_minutes].sort((a, b) => b - a),
      pushSubscriptions: r.subs,
      emailAvailable: mailer !== null,
      digestHour: options.digestHour,
    };
  }

  async function liveSubscriptions(accountId: number): Promise<number> {
    const rows = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM push_subscription WHERE account_id = $1 AND revoked_at IS NULL',
      [accountId],
    );
    return rows[0]!.n;
  }

  function checkEndpoint(endpoint: string): URL {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new AppError('push.endpoint_invalid', 422);
    }
    const ok =
      (url.protocol === 'https:' && !url.username && !url.password) ||
      (options.allowLocalHttpPush && url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname));
    if (!ok) throw new AppError('push.endpoint_invalid', 422);
    return url;
  }

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = true;

  async function step<T>(name: string, fn: () => Promise<T>, errors: string[], fallback: T): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      errors.push(name);
      log.error({ err, step: name }, `notification worker: ${name} failed`);
      return fallback;
    }
  }

  const service = {
    /** The caller's inbox, newest first; `before` pages to older notifications. */
    async list(actor: Actor, query: { before?: number; limit: number }): Promise<NotificationPage> {
      const rows = await db.query<{
        id: number;
        kind: string;
        subject_type: string | null;
        subject_id: number | null;
        payload: Record<string, unknown>;
        created_at: string;
        read_at: string | null;
        unread: number;
      }>(
        `SELECT n.id::int AS id, n.kind, n.subject_type, n.subject_id, n.payload, n.created_at, n.read_at,
                (SELECT count(*)::int FROM notification u WHERE u.account_id = $1 AND u.read_at IS NULL) AS unread
         FROM (SELECT 1) one
         LEFT JOIN LATERAL (
           SELECT * FROM notification
           WHERE account_id = $1 AND kind <> 'digest.daily' AND ($2::bigint IS NULL OR id < $2)
           ORDER BY id DESC LIMIT $3
         ) n ON true`,
        [actor.accountId, query.before ?? null, query.limit + 1],
      );
      const unread = rows[0]?.unread ?? 0;
      const found = rows.filter((r) => r.id !== null);
      const page = found.slice(0, query.limit);
      const locale = localeOf(actor.locale);
      const items: NotificationItem[] = page.map((r) => {
        const n = {
          id: r.id,
          kind: r.kind,
          subjectType: r.subject_type,
          subjectId: r.subject_id,
          payload: r.payload,
        };
        const { title, body, url } = render(locale, n);
        return { ...n, title, body, url, createdAt: r.created_at, readAt: r.read_at };
      });
      return {
        items,
        unread,
        nextBefore: found.length > query.limit ? page[page.length - 1]!.id : null,
      };
    },

    async markRead(actor: Actor, input: { ids?: number[]; all?: true }, ctx: AuditContext) {
      const now = clock.now();
      return db.tx(async (q) => {
        const updated = await q.query<{ id: number }>(
          `UPDATE notification SET read_at = $3
           WHERE account_id = $1 AND read_at IS NULL AND ($2::bigint[] IS NULL OR id = ANY ($2::bigint[]))
           RETURNING id::int AS id`,
          [actor.accountId, input.all ? null : (input.ids ?? []), now.toISOString()],
        );
        const left = await q.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM notification WHERE account_id = $1 AND read_at IS NULL',
          [actor.accountId],
        );
        if (updated.length > 0)
          await appendAudit(
            q,
            ctx,
            {
              action: 'notification.read',
              recordType: 'account',
              recordId: actor.accountId,
              details: { count: updated.length, all: input.all === true },
            },
            now,
          );
        return { updated: updated.length, unread: left[0]!.n };
      });
    },

    settings: (actor: Actor) => settingsOf(actor.accountId),

    async updateSettings(actor: Actor, input: SettingsInput, ctx: AuditContext) {
      const now = clock.now();
      const leads = [...new Set(input.leadMinutes)].sort((a, b) => b - a);
      await db.tx(async (q) => {
        const current = await q.query<{ email: string | null }>(
          'SELECT email FROM notification_setting WHERE account_id = $1 FOR UPDATE',
          [actor.accountId],
        );
        const email = input.email === undefined ? (current[0]?.email ?? null) : input.email;
        if ((input.emailEnabled || input.dailyDigest) && !email)
          throw new AppError('notifications.email_required', 422);
        await q.query(
          `INSERT INTO notification_setting
             (account_id, email, email_enabled, push_enabled, daily_digest, lead_minutes, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6::int[], $7)
           ON CONFLICT (account_id) DO UPDATE SET email = excluded.email,
             email_enabled = excluded.email_enabled, push_enabled = excluded.push_enabled,
             daily_digest = excluded.daily_digest, lead_minutes = excluded.lead_minutes,
             updated_at = excluded.updated_at`,
          [
            actor.accountId,
            email,
            input.emailEnabled,
            input.pushEnabled,
            input.dailyDigest,
            leads,
            now.toISOString(),
          ],
        );
        if (leads.length > 0)
          await q.query(
            `INSERT INTO reminder_lead (lead_minutes) SELECT unnest($1::int[]) ON CONFLICT DO NOTHING`,
            [leads],
          );
        await appendAudit(
          q,
          ctx,
          {
            action: 'notification.settings',
            recordType: 'account',
            recordId: actor.accountId,
            details: {
              emailGiven: email !== null,
              emailChanged: email !== (current[0]?.email ?? null),
              emailEnabled: input.emailEnabled,
              pushEnabled: input.pushEnabled,
              dailyDigest: input.dailyDigest,
              leadMinutes: leads,
            },
          },
          now,
        );
      });
      return settingsOf(actor.accountId);
    },

    async publicKey() {
      return { publicKey: (await vapidKeys()).publicKey };
    },

    async subscribe(actor: Actor, input: SubscriptionInput, ctx: AuditContext) {
      const url = checkEndpoint(input.endpoint);
      const p256dh = decodeBase64Url(input.keys.p256dh);
      const auth = decodeBase64Url(input.keys.auth);
      if (!p256dh || p256dh.length !== 65 || p256dh[0] !== 0x04 || !auth || auth.length !== 16)
        throw new AppError('push.keys_invalid', 422);
      const now = clock.now();
      await db.tx(async (q) => {
        // The endpoint belongs to the browser: whoever signs in on it last receives its messages.
        await q.query(
          `INSERT INTO push_subscription (account_id, endpoint, p256dh, auth, created_at)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (endpoint) DO UPDATE SET account_id = excluded.account_id, p256dh = excluded.p256dh,
             auth = excluded.auth, created_at = excluded.created_at, revoked_at = NULL`,
          [
            actor.accountId,
            input.endpoint,
            p256dh.toString('base64url'),
            auth.toString('base64url'),
            now.toISOString(),
          ],
        );
        await appendAudit(
          q,
          ctx,
          {
            action: 'push.subscribe',
            recordType: 'account',
            recordId: actor.accountId,
            details: { pushService: url.host },
          },
          now,
        );
      });
      return { pushSubscriptions: await liveSubscriptions(actor.accountId) };
    },

    async unsubscribe(actor: Actor, input: { endpoint: string }, ctx: AuditContext) {
      const now = clock.now();
      await db.tx(async (q) => {
        const rows = await q.query<{ endpoint: string }>(
          `UPDATE push_subscription SET revoked_at = $3
           WHERE account_id = $1 AND endpoint = $2 AND revoked_at IS NULL RETURNING endpoint`,
          [actor.accountId, input.endpoint, now.toISOString()],
        );
        if (rows.length === 0) return;
        let host = '';
        try {
          host = new URL(input.endpoint).host;
        } catch {
          host = '';
        }
        await appendAudit(
          q,
          ctx,
          {
            action: 'push.unsubscribe',
            recordType: 'account',
            recordId: actor.accountId,
            details: { pushService: host },
          },
          now,
        );
      });
      return { pushSubscriptions: await liveSubscriptions(actor.accountId) };
    },

    /** Title, body and link of a stored notification in a language (for other modules' summaries). */
    render,

    /** Adds a periodic job to the worker loop (runs after reminders and digests, errors logged). */
    addStep(s: WorkerStep) {
      extraSteps.push(s);
    },

    /**
     * One pass of the worker: reminders that came due, the daily digest, other modules' periodic steps,
     * then every due delivery. A step that fails is logged and the others still run.
     */
    async runOnce(now: Date = clock.now()): Promise<RunSummary> {
      const errors: string[] = [];
      const reminders = await step('reminders', () => createReminders(db, now), errors, 0);
      const digests = await step(
        'digest',
        () => createDigests(db, now, { timeZone: options.timeZone, hour: options.digestHour }),
        errors,
        0,
      );
      for (const s of extraSteps)
        await step(
          s.name,
          async () => {
            if (s.everyMinutes && !(await claimPeriodicRun(db, `step.${s.name}`, now, s.everyMinutes)))
              return;
            await s.run(now);
          },
          errors,
          undefined,
        );
      const counts = await step('deliveries', () => deliveries.run(now), errors, {
        sent: 0,
        retried: 0,
        failed: 0,
        dropped: 0,
      });
      return { reminders, digests, ...counts, errors };
    },

    /** Runs the worker every `intervalSeconds` until stop(); runs never overlap. */
    start(opts: { log?: WorkerLog } = {}) {
      if (opts.log) log = opts.log;
      if (!stopped) return;
      stopped = false;
      const tick = () => {
        if (stopped) return;
        running = service
          .runOnce(clock.now())
          .catch((err: unknown) => log.error({ err }, 'notification worker run failed'))
          .finally(() => {
            running = null;
            if (!stopped) timer = setTimeout(tick, options.intervalSeconds * 1000);
          });
      };
      timer = setTimeout(tick, 1000);
    },

    /** Stops the loop and waits for a run in progress to finish. */
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      if (running) await running;
      mailer?.close();
    },
  };
  return service;
}

export type NotificationService = ReturnType<typeof createNotificationService>;
