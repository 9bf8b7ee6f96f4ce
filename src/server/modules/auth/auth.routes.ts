import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuthService } from './auth.service.ts';
import { auditContext, requireActor, type CookieSettings } from '../../http/context.ts';
import { LoginRequest, LocaleRequest, SessionResponse } from '../../../shared/contracts/session.ts';
import { permissionsOf } from '../../../shared/access.ts';
import type { Actor } from '../../access/actor.ts';

function present(actor: Actor, csrfToken: string): z.infer<typeof SessionResponse> {
  return {
    account: {
      id: actor.accountId,
      username: actor.username,
      locale: actor.locale as 'vi',
      personId: actor.personId,
      displayName: actor.displayName,
    },
    csrfToken,
    roles: actor.assignments.map((a) => ({ role: a.role, unitId: a.unitId, unitName: a.unitName })),
    permissions: [...permissionsOf(actor.assignments.map((a) => a.role))],
  };
}

export async function authRoutes(
  app: FastifyInstance,
  opts: { auth: AuthService; cookie: CookieSettings; absoluteHours: number },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { auth, cookie } = opts;

  r.post(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign in',
        body: LoginRequest,
        response: { 200: SessionResponse },
      },
    },
    async (req, reply) => {
      const s = await auth.login(
        { ...req.body, previousToken: req.cookies[cookie.name] ?? null },
        { ...auditContext(req), userAgent: req.headers['user-agent'] ?? null },
      );
      reply.setCookie(cookie.name, s.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: cookie.secure,
        maxAge: opts.absoluteHours * 3600,
      });
      return present(s.actor, s.csrfToken);
    },
  );

  r.get(
    '/session',
    { schema: { tags: ['session'], summary: 'The current session', response: { 200: SessionResponse } } },
    async (req) => present(requireActor(req), req.csrfToken!),
  );

  r.delete('/session', { schema: { tags: ['session'], summary: 'Sign out' } }, async (req, reply) => {
    if (req.sessionToken) await auth.logout(req.sessionToken, auditContext(req));
    reply.clearCookie(cookie.name, { path: '/', secure: cookie.secure, httpOnly: true, sameSite: 'lax' });
    return reply.status(204).send();
  });

  r.patch(
    '/session/locale',
    { schema: { tags: ['session'], summary: 'Keep the chosen language', body: LocaleRequest } },
    async (req, reply) => {
      const actor = requireActor(req);
      await auth.setLocale(actor.accountId, req.body.locale, auditContext(req));
      return reply.status(204).send();
    },
  );
}
