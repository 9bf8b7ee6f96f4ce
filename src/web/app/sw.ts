/**
 * The service worker: the app shell precached; the member's schedule, meeting pages, agendas and
 * non-sensitive materials kept for offline use (network first, the kept copy when the network fails
 * or is too slow); the offline queue sent by Background Sync; Web Push shown as notifications.
 * What is kept and why it is safe: docs/decisions/0014-offline-cache-on-devices.md.
 */
import { clientsClaim } from 'workbox-core';
import { ExpirationPlugin } from 'workbox-expiration';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkFirst } from 'workbox-strategies';
import type { WorkboxPlugin } from 'workbox-core/types.js';
import {
  MATERIAL_PREFETCH_MAX,
  MATERIAL_PREFETCH_MAX_BYTES,
  keptMaterialIds,
  mayStore,
  offlineRoute,
  redactForDevice,
  type OfflineRoute,
} from './offline/cachePolicy.ts';
import { API_BASE, API_CACHE, SYNC_TAG } from './offline/names.ts';
import { flushOutbox } from './offline/outbox.ts';
import { pushDisplay, resolveAppUrl } from './offline/push.ts';

// The service-worker scope, typed here rather than with the WebWorker library, which would change the
// global types of the whole program (the page and the server share one compilation).
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}
interface PushEvent extends ExtendableEvent {
  readonly data: { json(): unknown; text(): string } | null;
}
interface NotificationEvent extends ExtendableEvent {
  readonly notification: Notification;
}
interface WindowClient {
  readonly url: string;
  focus(): Promise<WindowClient>;
  navigate(url: string): Promise<WindowClient | null>;
}
interface ServiceWorkerScope {
  readonly location: Location;
  readonly registration: ServiceWorkerRegistration;
  readonly clients: {
    matchAll(options: { type: 'window'; includeUncontrolled: boolean }): Promise<WindowClient[]>;
    openWindow(url: string): Promise<WindowClient | null>;
  };
  readonly __WB_MANIFEST: (string | { url: string; revision: string | null })[];
  skipWaiting(): Promise<void>;
  addEventListener(type: 'sync', listener: (event: SyncEvent) => void): void;
  addEventListener(type: 'push', listener: (event: PushEvent) => void): void;
  addEventListener(type: 'notificationclick', listener: (event: NotificationEvent) => void): void;
}
declare const self: ServiceWorkerScope;

void self.skipWaiting();
clientsClaim();

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//] }));

const expiration = new ExpirationPlugin({ maxEntries: 120, maxAgeSeconds: 30 * 24 * 60 * 60 });

async function keptMeeting(meetingId: number): Promise<unknown> {
  const cache = await caches.open(API_CACHE);
  const response = await cache.match(`${API_BASE}/meetings/${meetingId}`);
  if (!response) return null;
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/** Materials of a kept meeting are fetched ahead, so that they open offline after one visit. */
async function prefetchMaterials(meetingId: number, meeting: unknown): Promise<void> {
  const connection = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection;
  if (connection?.saveData) return;
  const cache = await caches.open(API_CACHE);
  for (const materialId of keptMaterialIds(meeting).slice(0, MATERIAL_PREFETCH_MAX)) {
    const url = `${API_BASE}/meetings/${meetingId}/materials/${materialId}`;
    if (await cache.match(url)) continue;
    try {
      const response = await fetch(url, { credentials: 'same-origin' });
      const length = Number(response.headers.get('content-length') ?? '0');
      if (response.status !== 200 || !mayStore(response.headers) || length > MATERIAL_PREFETCH_MAX_BYTES)
        continue;
      await cache.put(url, response);
    } catch {
      return;
    }
  }
}

function keepPlugin(route: OfflineRoute): WorkboxPlugin {
  return {
    cacheWillUpdate: async ({ response, event }) => {
      if (response.status !== 200) return null;
      if (route.kind === 'material') {
        if (!mayStore(response.headers)) return null;
        // Only what a kept meeting copy lists, and a kept copy lists no sensitive material.
        const meeting = await keptMeeting(route.meetingId);
        return keptMaterialIds(meeting).includes(route.materialId) ? response : null;
      }
      let body: unknown;
      try {
        body = await response.clone().json();
      } catch {
        return null;
      }
      const kept = redactForDevice(route, body);
      if (kept === null) return null;
      if (route.kind === 'meeting') event?.waitUntil(prefetchMaterials(route.meetingId, kept));
      const headers = new Headers(response.headers);
      headers.delete('content-length');
      return new Response(JSON.stringify(kept), { status: 200, headers });
    },
  };
}

function strategyFor(route: OfflineRoute): NetworkFirst | CacheFirst {
  const plugins = [keepPlugin(route), expiration];
  // A material's bytes never change under its id; everything else is asked for first.
  if (route.kind === 'material') return new CacheFirst({ cacheName: API_CACHE, plugins });
  return new NetworkFirst({ cacheName: API_CACHE, networkTimeoutSeconds: 8, plugins });
}

// The plugins hold the route's ids, so each request gets its own (cheap) strategy object.
registerRoute(
  ({ url, request, sameOrigin }) => sameOrigin && request.method === 'GET' && offlineRoute(url) !== null,
  (options) => strategyFor(offlineRoute(options.url)!).handle(options),
);

self.addEventListener('sync', (event) => {
  if (event.tag === SYNC_TAG) event.waitUntil(flushOutbox());
});

self.addEventListener('push', (event) => {
  let payload: unknown = null;
  try {
    payload = event.data?.json();
  } catch {
    payload = event.data?.text() ?? null;
  }
  const shown = pushDisplay(payload, self.location.origin);
  event.waitUntil(
    self.registration.showNotification(shown.title, {
      body: shown.body,
      tag: shown.tag,
      data: { url: shown.url },
      icon: '/icons/icon-192.png',
      badge: '/icons/icon-192.png',
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const data = event.notification.data as { url?: unknown } | null;
  const url = resolveAppUrl(data?.url, self.location.origin);
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const same = windows.find((w) => w.url === url);
      if (same) return void (await same.focus());
      const any = windows[0];
      if (any) {
        await any.focus();
        await any.navigate(url).catch(() => self.clients.openWindow(url));
        return;
      }
      await self.clients.openWindow(url);
    })(),
  );
});
