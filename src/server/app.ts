import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { Db } from './db/client.ts';
import type { Clock } from './clock.ts';
import { installErrorHandlers } from './http/problem.ts';
import { cookieSettings, installAuthHooks } from './http/context.ts';
import { createAuthService } from './modules/auth/auth.service.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { createServices, type Services } from './services.ts';
import { unitRoutes } from './modules/units/units.routes.ts';
import { peopleRoutes } from './modules/people/people.routes.ts';
import { statisticsRoutes } from './modules/statistics/statistics.routes.ts';
import { transferRoutes } from './modules/transfer/transfer.routes.ts';
import { accountRoutes } from './modules/accounts/accounts.routes.ts';
import { enterpriseRoutes } from './modules/enterprises/enterprises.routes.ts';
import { programRoutes } from './modules/programs/programs.routes.ts';
import { meetingRoutes } from './modules/meetings/meetings.routes.ts';
import { notificationRoutes } from './modules/notifications/notifications.routes.ts';
import { handbookRoutes } from './modules/handbook/handbook.routes.ts';
import { notificationOptions } from './modules/notifications/options.ts';
import { LIMITS } from '../shared/limits.ts';
import { Caches } from './cache/caches.ts';
import { listen } from './cache/bus.ts';

export interface AppDeps {
  config: Config;
  db: Db;
  clock: Clock;
  /** Built web app to serve, if any. */
  webDistDir?: string;
}

/** The composition root: database -> services -> routes. */
export async function buildApp(deps: AppDeps): Promise<{ app: FastifyInstance; services: Services }> {
  const { config, db, clock } = deps;
  const app = Fastify({
    logger:
      config.LOG_LEVEL === 'silent'
        ? false
        : { level: config.LOG_LEVEL, redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]'] },
    bodyLimit: LIMITS.bodyBytes,
    trustProxy: config.TRUST_PROXY,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Grassroots API',
        version: '1',
        description:
          'Organization tree, members, statistics, import and export. Errors are application/problem+json with a stable `code`.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: cookieSettings(config.PUBLIC_URL).name },
        },
      },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: LIMITS.importFileBytes, files: 1, fields: 10 } });

  const cookieCfg = cookieSettings(config.PUBLIC_URL);
  // Sessions, actors and members' homes kept in this instance, dropped on the database's notifications
  // of changes (decision 0020); nothing is kept until this instance listens.
  const caches = new Caches();
  const listener = await listen(db, caches.bus);
  const auth = createAuthService({
    db,
    clock,
    policy: { idleMinutes: config.SESSION_IDLE_MINUTES, absoluteHours: config.SESSION_ABSOLUTE_HOURS },
    caches,
  });
  const services = createServices({ db, clock, notifications: notificationOptions(config), caches });
  installAuthHooks(app, auth, cookieCfg, caches);
  app.addHook('onClose', async () => {
    await auth.flush();
    await listener.close();
  });
  installErrorHandlers(app);

  let ready = false;
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await db.query('SELECT 1');
      if (!ready) return reply.status(503).send({ status: 'starting' });
      return { status: 'ready', database: db.kind };
    } catch {
      return reply.status(503).send({ status: 'database unavailable' });
    }
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(
    async (api) => {
      await api.register(authRoutes, {
        auth,
        cookie: cookieCfg,
        absoluteHours: config.SESSION_ABSOLUTE_HOURS,
      });
      await api.register(unitRoutes, { services });
      await api.register(statisticsRoutes, { services });
      await api.register(peopleRoutes, { services });
      await api.register(transferRoutes, { services });
      await api.register(accountRoutes, { services });
      await api.register(enterpriseRoutes, { services });
      await api.register(programRoutes, { services });
      await api.register(meetingRoutes, { services, publicUrl: config.PUBLIC_URL });
      await api.register(notificationRoutes, { services });
      await api.register(handbookRoutes, { services });
    },
    { prefix: '/api/v1' },
  );

  const dist = deps.webDistDir;
  if (dist && fs.existsSync(path.join(dist, 'index.html'))) {
    const { registerWebApp } = await import('./http/web.ts');
    await registerWebApp(app, { distDir: dist });
  }

  app.addHook('onReady', async () => {
    ready = true;
  });
  return { app, services };
}
