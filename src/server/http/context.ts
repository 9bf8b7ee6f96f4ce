import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../access/actor.ts';
import type { AuditContext } from '../audit/audit.ts';
import type { AuthService } from '../modules/auth/auth.service.ts';
import { safeEqual } from '../modules/auth/auth.service.ts';
import { AppError } from './errors.ts';
import { resolveLocale } from '../i18n.ts';
import type { Locale } from '../../shared/limits.ts';
import type { Caches } from '../cache/caches.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A read that writes the caller's own records (opening a document marks it read). */
    ownWrite?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
    locale: Locale;
    sessionToken: string | null;
    csrfToken: string | null;
  }
}

export interface CookieSettings {
  name: string;
  secure: boolean;
}

export function cookieSettings(publicUrl: string | undefined): CookieSettings {
  const secure = !!publicUrl && publicUrl.startsWith('https:');
  // The __Host- prefix requires Secure, Path=/ and no Domain: only possible over HTTPS.
  return { name: secure ? '__Host-grassroots_session' : 'grassroots_session', secure };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the session cookie to an actor on every request, and checks the CSRF token on writes. After
 * a signed-in caller's write (its transaction committed), the caller's kept home is dropped before the
 * answer leaves, so the next home this caller reads from this instance shows the write.
 */
export function installAuthHooks(
  app: FastifyInstance,
  auth: AuthService,
  cookie: CookieSettings,
  caches?: Caches,
) {
  app.decorateRequest('actor', null);
  app.decorateRequest('locale', 'vi');
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('csrfToken', null);

  app.addHook('onRequest', async (req) => {
    req.locale = resolveLocale(null, req.headers['accept-language']);
    if (!req.url.startsWith('/api/')) return;
    const token = req.cookies[cookie.name];
    if (token) {
      const s = await auth.resume(token);
      if (s) {
        req.actor = s.actor;
        req.sessionToken = token;
        req.csrfToken = s.csrfToken;
        req.locale = resolveLocale(s.actor.locale, req.headers['accept-language']);
      }
    }
    if (req.actor && !SAFE_METHODS.has(req.method)) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !safeEqual(sent, req.csrfToken!)) throw new AppError('auth.csrf', 403);
    }
  });

  if (caches)
    app.addHook('onSend', async (req) => {
      if (req.actor && (!SAFE_METHODS.has(req.method) || req.routeOptions.config.ownWrite))
        caches.ownWrite(req.actor);
    });
}

export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('auth.required', 401);
  return req.actor;
}

export function auditContext(req: FastifyRequest): AuditContext {
  return { actorAccountId: req.actor?.accountId ?? null, requestId: req.id, clientIp: req.ip ?? null };
}
