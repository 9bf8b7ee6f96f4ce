import type { Config } from '../../config.ts';

/** What the notification service needs from the configuration. */
export interface NotificationOptions {
  /** Dates and times in messages, and the digest hour, are in this time zone. */
  timeZone: string;
  /** Origin for links in e-mails. */
  publicUrl: string;
  /** SMTP server (smtp://user:pass@host:587, smtps://...); absent: e-mail deliveries wait. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Local hour (0-23) at which the daily digest goes out. */
  digestHour: number;
  /** The VAPID `sub` claim: an https URL or mailto: address push services can reach the operator at. */
  vapidSubject: string;
  /** Seconds between worker runs. */
  intervalSeconds: number;
  /** Accept http://localhost push endpoints (development and tests only). */
  allowLocalHttpPush: boolean;
}

function mailAddress(from: string): string {
  const m = /<([^>]+)>/.exec(from);
  return (m ? m[1]! : from).trim();
}

export function notificationOptions(config: Config): NotificationOptions {
  const publicUrl = (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '');
  return {
    timeZone: config.TIMEZONE,
    publicUrl,
    smtpUrl: config.SMTP_URL,
    mailFrom: config.MAIL_FROM,
    digestHour: config.DIGEST_HOUR,
    vapidSubject:
      config.VAPID_SUBJECT ??
      (publicUrl.startsWith('https://') ? publicUrl : `mailto:${mailAddress(config.MAIL_FROM)}`),
    intervalSeconds: config.NOTIFICATIONS_INTERVAL,
    allowLocalHttpPush: config.NODE_ENV !== 'production',
  };
}
