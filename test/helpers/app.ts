import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/server/app.ts';
import { parseConfig } from '../../src/server/config.ts';
import { fixedClock, type Clock } from '../../src/server/clock.ts';
import type { Services } from '../../src/server/services.ts';
import { insertUnit } from '../../src/server/modules/units/tree.ts';
import type { Role } from '../../src/shared/access.ts';
import { makeVietnameseCitizenId } from '../../src/shared/rules/citizen-id.ts';
import { createTestDb, type TestDb } from './db.ts';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  tdb: TestDb;
  clock: Clock;
  close(): Promise<void>;
  /** Creates a root unit (province) for this test's own subtree. */
  root(name?: string, on?: string): Promise<number>;
  /** Creates an account holding `role` on `unitId` and signs it in. */
  login(role: Role, unitId: number, opts?: { username?: string; personId?: number | null }): Promise<Client>;
}

export interface Client {
  username: string;
  accountId: number;
  cookie: string;
  csrf: string;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  send(
    method: 'POST' | 'PATCH' | 'DELETE' | 'PUT',
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
}

let counter = 0;

/**
 * Registers a person through the API as `client`, with a valid citizen ID made from the birth year, sex
 * and `serial` (unique within the test's database); the new person's id.
 */
export async function createPerson(
  client: Client,
  p: {
    fullName: string;
    registeredUnitId: number;
    birthDate: string;
    sex: 'male' | 'female';
    serial: number;
  },
): Promise<number> {
  const res = await client.send('POST', '/api/v1/people', {
    fullName: p.fullName,
    birthDate: p.birthDate,
    sex: p.sex,
    citizenId: makeVietnameseCitizenId('052', Number(p.birthDate.slice(0, 4)), p.sex, p.serial),
    registeredUnitId: p.registeredUnitId,
  });
  if (res.statusCode !== 201) throw new Error(`create ${p.fullName}: ${res.statusCode} ${res.body}`);
  return (res.json() as { id: number }).id;
}

/** Establishes a unit through the API as `client` (who must hold the right on `parentId`); its id. */
export async function establishUnit(
  client: Client,
  unit: { parentId: number; name: string; unitKind: string; effectiveOn: string },
): Promise<number> {
  const res = await client.send('POST', '/api/v1/restructures', { kind: 'establish', ...unit });
  if (res.statusCode !== 200) throw new Error(`establish ${unit.name}: ${res.statusCode} ${res.body}`);
  return (res.json() as { changes: { unitId: number }[] }).changes[0]!.unitId;
}

export async function createTestApp(opts: { today?: string } = {}): Promise<TestApp> {
  const tdb = await createTestDb();
  const clock = fixedClock(`${opts.today ?? '2026-11-20'}T05:00:00Z`);
  const config = parseConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', DEMO: 'false' });
  const { app, services } = await buildApp({ config, db: tdb.db, clock });
  await app.ready();

  const login = async (
    role: Role,
    unitId: number,
    o: { username?: string; personId?: number | null } = {},
  ): Promise<Client> => {
    const username = o.username ?? `user${++counter}_${role}`;
    const { id } = await services.accounts.createSystemAccount({
      username,
      password: TEST_PASSWORD,
      personId: o.personId ?? null,
      roles: [{ role, unitId }],
    });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username, password: TEST_PASSWORD },
    });
    if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
    const cookie = String(res.headers['set-cookie']).split(';')[0]!;
    const csrf = (res.json() as { csrfToken: string }).csrfToken;
    return {
      username,
      accountId: id,
      cookie,
      csrf,
      get: (url, headers = {}) => app.inject({ method: 'GET', url, headers: { cookie, ...headers } }),
      send: (method, url, body, headers = {}) =>
        app.inject({
          method,
          url,
          headers: { cookie, 'x-csrf-token': csrf, ...headers },
          ...(body === undefined ? {} : { payload: body as object }),
        }),
    };
  };

  return {
    app,
    services,
    tdb,
    clock,
    login,
    root: (name = 'Đảng bộ tỉnh Thử Nghiệm', on = '2000-01-01') =>
      tdb.db.tx((q) => insertUnit(q, { parentId: null, name, kind: 'province_committee', on })),
    close: async () => {
      await app.close();
      await tdb.dispose();
    },
  };
}
