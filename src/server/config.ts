import { z } from 'zod';

/** The whole environment, parsed once. Defaults make `npm start` work on a fresh machine. */
const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** PostgreSQL connection string; when unset the embedded PGlite database in DATA_DIR is used. */
  DATABASE_URL: z.string().url().optional(),
  /** Optional owner connection used for migrations, so the application's role does not own the tables. */
  DATABASE_OWNER_URL: z.string().url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATA_DIR: z.string().default('./data'),
  /** Public origin, e.g. https://grassroots.example.org; https makes the session cookie __Host- and Secure. */
  PUBLIC_URL: z.string().url().optional(),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(120),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  /** The deployment's time zone: what "today" means for dated records. */
  TIMEZONE: z.string().default('Asia/Ho_Chi_Minh'),
  /**
   * Start the server's clock at this instant (ISO 8601 with an offset) and let it run from there: for a
   * demo or training installation set in a chosen month, and the end-to-end walkthroughs. Unset: real time.
   */
  CLOCK_START: z.string().datetime({ offset: true }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Seed the demo province when the database is empty. */
  DEMO: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  /** SMTP server for e-mail notifications (smtp://user:pass@host:587 or smtps://…); unset: e-mails wait. */
  SMTP_URL: z
    .string()
    .url()
    .refine((u) => /^smtps?:\/\//.test(u), { message: 'must be an smtp:// or smtps:// URL' })
    .optional(),
  /** Sender of notification e-mails. */
  MAIL_FROM: z.string().min(3).max(200).default('Grassroots <no-reply@localhost>'),
  /** Local hour (TIMEZONE) at which the daily digest e-mail goes out. */
  DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(7),
  /** Seconds between runs of the notification worker (reminders, digest, deliveries). */
  NOTIFICATIONS_INTERVAL: z.coerce.number().int().min(1).max(3600).default(15),
  /** Run the notification worker in this instance (any number of instances may run it). */
  NOTIFICATIONS_WORKER: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  /** VAPID contact for push services (https URL or mailto:); default: PUBLIC_URL if https, else MAIL_FROM. */
  VAPID_SUBJECT: z
    .string()
    .refine((u) => /^(https:\/\/|mailto:)\S+$/.test(u), {
      message: 'must be an https: URL or mailto: address',
    })
    .optional(),
});

export type Config = z.infer<typeof ConfigSchema>;

export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = ConfigSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
