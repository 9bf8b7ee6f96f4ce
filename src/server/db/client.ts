import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

/** Anything that runs a parameterised statement: the database itself or an open transaction. */
export interface QueryOptions {
  /**
   * Keep the statement prepared on each connection under this name, so PostgreSQL plans it once per
   * connection instead of at every call: for the hot, fixed-text statements of the busiest requests
   * (the session check, the member's home). Never for SQL whose text varies.
   */
  prepare?: string;
}

export interface Queryable {
  query<T = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `fn` in one transaction: all of it commits or none of it does. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /**
   * Receives the notifications sent on `channel` (NOTIFY is delivered after its transaction commits).
   * `onState(true)` once listening, `onState(false)` when the listening connection is lost (PostgreSQL
   * then reconnects every second) and when closed: notifications sent meanwhile are missed.
   */
  listen(
    channel: string,
    onPayload: (payload: string) => void,
    onState: (listening: boolean) => void,
  ): Promise<Listener>;
  close(): Promise<void>;
}

export interface Listener {
  close(): Promise<void>;
}

// Dates stay 'YYYY-MM-DD' strings and timestamps ISO strings on both drivers, so rules never meet a
// time-zone-shifted Date and 'infinity' survives the round trip.
const DATE_OID = 1082;
const TIMESTAMPTZ_OID = 1184;
const TIMESTAMP_OID = 1114;
const INT8_OID = 20;
const toIso = (v: string) => (v === 'infinity' || v === '-infinity' ? v : new Date(v).toISOString());
const toInt = (v: string) => {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
};

pg.types.setTypeParser(DATE_OID, (v) => v);
pg.types.setTypeParser(TIMESTAMPTZ_OID, toIso);
pg.types.setTypeParser(TIMESTAMP_OID, (v) => v);
pg.types.setTypeParser(INT8_OID, toInt);

class PostgresDb implements Db {
  readonly kind = 'postgres' as const;
  constructor(private readonly pool: pg.Pool) {}

  async query<T>(text: string, params: readonly unknown[] = [], options?: QueryOptions): Promise<T[]> {
    const res = options?.prepare
      ? await this.pool.query({ name: options.prepare, text, values: params as unknown[] })
      : await this.pool.query(text, params as unknown[]);
    return res.rows as T[];
  }

  async exec(text: string): Promise<void> {
    await this.pool.query(text);
  }

  async tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const q: Queryable = {
      query: async <R>(text: string, params: readonly unknown[] = [], options?: QueryOptions) =>
        (options?.prepare
          ? await client.query({ name: options.prepare, text, values: params as unknown[] })
          : await client.query(text, params as unknown[])
        ).rows as R[],
      exec: async (text: string) => {
        await client.query(text);
      },
    };
    try {
      await client.query('BEGIN');
      const out = await fn(q);
      await client.query('COMMIT');
      return out;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async listen(
    channel: string,
    onPayload: (payload: string) => void,
    onState: (listening: boolean) => void,
  ): Promise<Listener> {
    const options = this.pool.options;
    let closed = false;
    let client: pg.Client | null = null;
    let retry: NodeJS.Timeout | null = null;
    const again = () => {
      if (!closed) retry = setTimeout(() => void connect().catch(() => undefined), 1000);
    };
    const connect = async (): Promise<void> => {
      const c = new pg.Client(options);
      const lost = () => {
        if (client !== c) return;
        client = null;
        onState(false);
        c.end().catch(() => undefined);
        again();
      };
      c.on('error', lost);
      c.on('end', lost);
      c.on('notification', (m) => {
        if (m.channel === channel) onPayload(m.payload ?? '');
      });
      try {
        await c.connect();
        await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      } catch (err) {
        c.end().catch(() => undefined);
        again();
        throw err;
      }
      if (closed) {
        await c.end();
        return;
      }
      client = c;
      onState(true);
    };
    await connect().catch(() => undefined); // not listening yet: retried every second
    return {
      close: async () => {
        closed = true;
        if (retry) clearTimeout(retry);
        const c = client;
        client = null;
        onState(false);
        if (c) await c.end().catch(() => undefined);
      },
    };
  }

  async close() {
    await this.pool.end();
  }
}

class PgliteDb implements Db {
  readonly kind = 'pglite' as const;
  constructor(private readonly pg: PGlite) {}

  async query<T>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    const res = await this.pg.query<T>(text, params as unknown[]);
    return res.rows;
  }

  async exec(text: string): Promise<void> {
    await this.pg.exec(text);
  }

  async tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
    return this.pg.transaction(async (tx) =>
      fn({
        query: async <R>(text: string, params: readonly unknown[] = []) =>
          (await tx.query<R>(text, params as unknown[])).rows,
        exec: async (text: string) => {
          await tx.exec(text);
        },
      }),
    );
  }

  async listen(
    channel: string,
    onPayload: (payload: string) => void,
    onState: (listening: boolean) => void,
  ): Promise<Listener> {
    const unlisten = await this.pg.listen(channel, onPayload);
    onState(true);
    return {
      close: async () => {
        onState(false);
        await unlisten();
      },
    };
  }

  async close() {
    await this.pg.close();
  }
}

export function connectPostgres(url: string, poolSize = 10): Db {
  // JIT compilation costs more than it saves on short OLTP queries whose estimated cost is high.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: '-c jit=off' });
  pool.on('error', () => undefined); // idle-client errors surface on the next query instead of crashing
  return new PostgresDb(pool);
}

/** Embedded PostgreSQL in a folder (created if missing), or in memory when `dataDir` is undefined. */
export async function openPglite(dataDir?: string): Promise<Db> {
  if (dataDir) fs.mkdirSync(path.resolve(dataDir), { recursive: true });
  const instance = await PGlite.create({
    dataDir: dataDir ? path.resolve(dataDir, 'pglite') : undefined,
    extensions: { pg_trgm },
    parsers: {
      [pgliteTypes.DATE]: (v: string) => v,
      [pgliteTypes.TIMESTAMPTZ]: toIso,
      [pgliteTypes.TIMESTAMP]: (v: string) => v,
      [pgliteTypes.INT8]: toInt,
    },
  });
  return new PgliteDb(instance);
}

export async function openDb(opts: {
  databaseUrl?: string;
  dataDir: string;
  poolSize?: number;
}): Promise<Db> {
  return opts.databaseUrl ? connectPostgres(opts.databaseUrl, opts.poolSize) : openPglite(opts.dataDir);
}
