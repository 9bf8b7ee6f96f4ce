import webpush from 'web-push';
import nodemailer, { type Transporter } from 'nodemailer';
import type { PushMessage } from '../../../shared/contracts/notifications.ts';
import type { VapidKeys } from './vapid.ts';

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface PushOptions {
  ttlSeconds: number;
  urgency: 'low' | 'normal' | 'high';
  /** Coalesces undelivered messages about the same thing at the push service (base64url, <= 32). */
  topic?: string;
}

/** The push service's answer: 2xx delivered; 404/410 the subscription is gone; anything else retry. */
export type PushResult = { status: number };

/** Encrypts a push message for one subscription (RFC 8291, aes128gcm) and posts it with a VAPID header. */
export async function sendPush(
  keys: VapidKeys,
  subject: string,
  target: PushTarget,
  message: PushMessage,
  opts: PushOptions,
): Promise<PushResult> {
  const details = webpush.generateRequestDetails(
    { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
    JSON.stringify(message),
    {
      vapidDetails: { subject, publicKey: keys.publicKey, privateKey: keys.privateKey },
      TTL: opts.ttlSeconds,
      urgency: opts.urgency,
      contentEncoding: 'aes128gcm',
      ...(opts.topic ? { topic: opts.topic } : {}),
    },
  );
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(details.headers)) headers[k] = String(v);
  const res = await fetch(details.endpoint, {
    method: 'POST',
    headers,
    body: new Uint8Array(details.body),
    redirect: 'error',
    signal: AbortSignal.timeout(15_000),
  });
  await res.arrayBuffer().catch(() => undefined);
  return { status: res.status };
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  lang: string;
}

export interface Mailer {
  send(m: MailMessage): Promise<void>;
  close(): void;
}

/** SMTP through nodemailer; short timeouts so a server that does not answer delays nothing for long. */
export function smtpMailer(smtpUrl: string, from: string): Mailer {
  let transport: Transporter | null = null;
  const get = () =>
    (transport ??= nodemailer.createTransport(smtpUrl, {
      from,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    }));
  return {
    async send(m) {
      await get().sendMail({
        from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        headers: { 'Content-Language': m.lang, 'Auto-Submitted': 'auto-generated' },
      });
    },
    close() {
      transport?.close();
      transport = null;
    },
  };
}

/** An SMTP failure that says nothing about this message (server down, refused, timed out). */
export function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return (
    typeof code === 'string' &&
    ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ETLS', 'EAUTH', 'EPROTOCOL'].includes(
      code,
    )
  );
}

/** A definitive refusal of this message (5xx from the SMTP server): retrying will not help. */
export function isPermanentMailError(err: unknown): boolean {
  const rc = (err as { responseCode?: unknown }).responseCode;
  return typeof rc === 'number' && rc >= 500 && rc < 600 && !isConnectionError(err);
}
