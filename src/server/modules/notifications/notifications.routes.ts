import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../services.ts';
import { auditContext, requireActor } from '../../http/context.ts';
import {
  MarkReadInput,
  MarkReadResult,
  NotificationListQuery,
  NotificationPage,
  NotificationSettings,
  NotificationSettingsInput,
  PushPublicKey,
  PushSubscriptionInput,
  PushSubscriptionResult,
  PushUnsubscribeInput,
} from '../../../shared/contracts/notifications.ts';

export async function notificationRoutes(app: FastifyInstance, opts: { services: Services }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { notifications } = opts.services;
  const tags = ['notifications'];

  r.get(
    '/me/notifications',
    {
      schema: {
        tags,
        summary: "The caller's inbox, newest first, with the unread count",
        description:
          'Titles and bodies are rendered in the caller’s language, dates and times in the deployment’s time zone. Page with `before` = the previous page’s `nextBefore`.',
        querystring: NotificationListQuery,
        response: { 200: NotificationPage },
      },
    },
    async (req) => notifications.list(requireActor(req), req.query),
  );

  r.post(
    '/me/notifications/read',
    {
      schema: {
        tags,
        summary: 'Mark notifications read: the given ids, or all',
        body: MarkReadInput,
        response: { 200: MarkReadResult },
      },
    },
    async (req) => notifications.markRead(requireActor(req), req.body, auditContext(req)),
  );

  r.get(
    '/me/notification-settings',
    {
      schema: {
        tags,
        summary: 'How the caller receives notifications',
        response: { 200: NotificationSettings },
      },
    },
    async (req) => notifications.settings(requireActor(req)),
  );

  r.put(
    '/me/notification-settings',
    {
      schema: {
        tags,
        summary: 'Change how the caller receives notifications',
        description:
          'E-mail (each notification, or with `dailyDigest` one e-mail a day listing the unread ones) needs an address. Lead times: at most 5, each 5 minutes to 14 days before a meeting.',
        body: NotificationSettingsInput,
        response: { 200: NotificationSettings },
      },
    },
    async (req) => notifications.updateSettings(requireActor(req), req.body, auditContext(req)),
  );

  r.get(
    '/push/public-key',
    {
      schema: {
        tags,
        summary: 'The Web Push application server key (VAPID), for PushManager.subscribe',
        response: { 200: PushPublicKey },
      },
    },
    async (req) => {
      requireActor(req);
      return notifications.publicKey();
    },
  );

  r.post(
    '/me/push-subscriptions',
    {
      schema: {
        tags,
        summary: "Register this browser's push subscription for the caller",
        description:
          'The body is PushSubscription.toJSON(). Messages arrive as JSON {title, body, url, tag}: show title and body, replace an earlier notification with the same tag, open url when clicked.',
        body: PushSubscriptionInput,
        response: { 200: PushSubscriptionResult },
      },
    },
    async (req) => notifications.subscribe(requireActor(req), req.body, auditContext(req)),
  );

  r.delete(
    '/me/push-subscriptions',
    {
      schema: {
        tags,
        summary: "Stop push messages to this browser's subscription",
        body: PushUnsubscribeInput,
        response: { 200: PushSubscriptionResult },
      },
    },
    async (req) => notifications.unsubscribe(requireActor(req), req.body, auditContext(req)),
  );
}
