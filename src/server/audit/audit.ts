import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../db/client.ts';

const AUDIT_CHAIN_LOCK = 7_234_002; // one appender at a time, held only to the end of the writer's transaction
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditContext {
  actorAccountId: number | null;
  requestId: string | null;
  clientIp: string | null;
}

export interface AuditEntry {
  action: string;
  recordType: string;
  recordId?: string | number | null;
  details?: Record<string, unknown>;
  /** Who and which request, when it differs from the call's context (several requests written at once). */
  context?: AuditContext;
}

interface AuditRow {
  id: number;
  at: string;
  actor_account_id: number | null;
  action: string;
  record_type: string;
  record_id: string | null;
  request_id: string | null;
  client_ip: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

/** JSON with keys sorted at every level, so the hash does not depend on how jsonb stores an object. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']';
  const obj = value as Record<string, unknown>;
  return (
    '{' +
    Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort()
      .map((k) => JSON.stringify(k) + ':' + canonicalJson(obj[k]))
      .join(',') +
    '}'
  );
}

function hashOf(prevHash: string, row: Omit<AuditRow, 'id' | 'prev_hash' | 'hash'>): string {
  const body = canonicalJson([
    row.at,
    row.actor_account_id,
    row.action,
    row.record_type,
    row.record_id,
    row.request_id,
    row.client_ip,
    row.details,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/**
 * Appends entries to the hash chain inside the caller's transaction, so an entry exists exactly when
 * the change it records committed. Call it as the last step of the transaction: the chain lock is
 * held until commit.
 */
export async function appendAudit(
  q: Queryable,
  ctx: AuditContext,
  entries: AuditEntry | AuditEntry[],
  now = new Date(),
) {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  await q.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
  const last = await q.query<{ hash: string }>('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1');
  let prev = last[0]?.hash ?? GENESIS_HASH;
  const at = now.toISOString();
  const cols: unknown[][] = [[], [], [], [], [], [], [], [], [], []];
  for (const e of list) {
    const c = e.context ?? ctx;
    const row = {
      at,
      actor_account_id: c.actorAccountId,
      action: e.action,
      record_type: e.recordType,
      record_id: e.recordId === undefined || e.recordId === null ? null : String(e.recordId),
      request_id: c.requestId,
      client_ip: c.clientIp,
      details: JSON.parse(canonicalJson(e.details ?? {})) as Record<string, unknown>,
    };
    const hash = hashOf(prev, row);
    const values = [
      row.at,
      row.actor_account_id,
      row.action,
      row.record_type,
      row.record_id,
      row.request_id,
      row.client_ip,
      JSON.stringify(row.details),
      prev,
      hash,
    ];
    values.forEach((v, i) => cols[i]!.push(v));
    prev = hash;
  }
  await q.query(
    `INSERT INTO audit_log (at, actor_account_id, action, record_type, record_id, request_id, client_ip, details, prev_hash, hash)
     SELECT * FROM unnest($1::timestamptz[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[], $9::text[], $10::text[])
     ORDER BY 1`,
    cols,
  );
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  brokenAt?: { id: number; reason: 'hash_mismatch' | 'prev_hash_mismatch' };
}

/** Walks the chain in order and names the first entry whose hash or link does not match. */
export async function verifyAudit(db: Db, onProgress?: (checked: number) => void): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let lastId = 0;
  let checked = 0;
  for (;;) {
    const rows = await db.query<AuditRow>(
      `SELECT id, at, actor_account_id, action, record_type, record_id, request_id, client_ip, details, prev_hash, hash
       FROM audit_log WHERE id > $1 ORDER BY id LIMIT 5000`,
      [lastId],
    );
    if (rows.length === 0) return { ok: true, checked };
    for (const r of rows) {
      if (r.prev_hash !== prev)
        return { ok: false, checked, brokenAt: { id: r.id, reason: 'prev_hash_mismatch' } };
      const expected = hashOf(prev, r);
      if (expected !== r.hash) return { ok: false, checked, brokenAt: { id: r.id, reason: 'hash_mismatch' } };
      prev = r.hash;
      lastId = r.id;
      checked++;
    }
    onProgress?.(checked);
  }
}
