import webpush from 'web-push';
import type { Queryable } from '../../db/client.ts';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/**
 * The Web Push key pair, generated once for the whole deployment: the first instance to ask stores one,
 * every other instance (and every later start) reads the same pair, so subscriptions made through any
 * instance keep working.
 */
export async function loadVapidKeys(q: Queryable): Promise<VapidKeys> {
  const fresh = webpush.generateVAPIDKeys();
  await q.query(
    `INSERT INTO server_key (name, value) VALUES ('vapid', $1::jsonb) ON CONFLICT (name) DO NOTHING`,
    [JSON.stringify({ publicKey: fresh.publicKey, privateKey: fresh.privateKey })],
  );
  const rows = await q.query<{ value: VapidKeys }>(`SELECT value FROM server_key WHERE name = 'vapid'`);
  return rows[0]!.value;
}
